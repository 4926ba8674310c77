package io.graft.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClDevice;
import io.graft.jit.opencl.ClRuntime;
import io.graft.jit.opencl.OpenCl;
import io.graft.jit.opencl.OpenClBackend;
import io.graft.jit.spi.Backend;
import io.graft.jit.spi.BackendDevice;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.trace.Const;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.Graphs;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Linalg;
import io.graft.trace.ops.Reduce;
import io.graft.trace.ops.Shapes;
import io.vavr.collection.Vector;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link DevicePlan}, the launch list optional backends (TornadoVM) run: its structure for a described device (no
 * OpenCL needed), and its kernels run launch by launch through the FFM runtime against the CPU jit.
 */
class DevicePlanTest {
  private static final BackendDevice DESCRIBED = new BackendDevice("test:0:0", "test", "a described device", true, 256, 65536, false);

  private static Graph graph(Vector<ShapedType> in, Function<Vector<Value>, Vector<Value>> f) {
    return Graphs.check(GraphBuilder.trace("test", "test", in, f::apply).graph());
  }

  private static NdArray sample(ShapedType t, int salt) {
    double[] v = new double[t.shape().size()];
    for (int i = 0; i < v.length; i++) v[i] = Math.sin(0.37 * i + salt) * 1.3;
    return NdArray.wrap(t.shape(), v).astype(t.dtype());
  }

  /** A small MLP step: two products, a fused tanh, a reshape of a result and a full sum. */
  private static Graph mlp() {
    return graph(Vector.of(ShapedType.of(DType.F32, 8, 5), ShapedType.of(DType.F32, 5, 6), ShapedType.of(DType.F32, 6)), v -> {
      Value h = Arith.tanh(Arith.add(Linalg.matmul(v.get(0), v.get(1)), v.get(2)));
      Value s = Reduce.sum(Arith.mul(h, Const.of(NdArray.scalar(DType.F32, 3))), new int[] {0, 1}, false);
      return Vector.of(Shapes.reshape(h, 48), s);
    });
  }

  @Test void launchesWriteTheirFirstArgumentAndAReshapeAliasesItsOperand() {
    DevicePlan p = new GraphCompiler().planFor(DESCRIBED, mlp());
    assertEquals(3, p.params().size());
    p.params().forEach(b -> assertEquals(DevicePlan.Role.PARAM, p.buffers().get(b).role()));
    assertTrue(p.launches().exists(l -> l.kernel().equals("matmul")), p.launches().toString());
    for (DevicePlan.Launch l : p.launches()) {
      DevicePlan.Buffer out = p.buffers().get(l.args().get(0));
      assertEquals(DevicePlan.Role.TEMP, out.role(), l.what() + " writes " + out);
      assertTrue(out.aliasOf().isEmpty(), l.what() + " writes an alias");
      assertTrue(l.source().contains("void " + l.kernel() + "("), l.source());
    }
    DevicePlan.Result flat = p.results().get(0);
    DevicePlan.Buffer b = p.buffers().get(flat.buffer());
    assertEquals(ShapedType.of(DType.F32, 48), flat.type());
    assertTrue(b.aliasOf().isDefined(), "the reshape's result aliases the tanh's buffer: " + b);
    assertEquals(8 * 6 * 4, b.bytes());
    // no launch writes the alias itself: the reshape costs nothing on the device
    assertTrue(p.launches().forAll(l -> l.args().get(0) != flat.buffer()));
  }

  @Test void anUnsupportedEquationIsAPlanTimeErrorNamingIt() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 4, 3)), v -> Vector.of(Arith.add(v.get(0), v.get(0))));
    BackendDevice noFp64 = new BackendDevice("test:0:1", "test", "f32 only", false, 256, 65536, false);
    Graph g64 = graph(Vector.of(ShapedType.of(DType.F64, 4)), v -> Vector.of(Arith.exp(v.get(0))));
    assertEquals(1, new GraphCompiler().planFor(noFp64, g).launches().size());
    var e = assertThrows(io.graft.numerics.DTypeError.class, () -> new GraphCompiler().planFor(noFp64, g64));
    assertTrue(e.getMessage().contains("f64") && e.getMessage().contains("test:0:1"), e.getMessage());
  }

  @Test void theOpenClRuntimeIsABackendFoundThroughServiceLoader() {
    assertTrue(Backend.find("opencl").isDefined(), "registered backends: " + Backend.available());
    assertTrue(Backend.find("opencl").get() instanceof OpenClBackend);
  }

  /** Runs {@code p} on {@code rt} as a TornadoVM task graph would: every buffer allocated once, launches in order. */
  private static Vector<NdArray> run(ClRuntime rt, DevicePlan p, Vector<NdArray> args) {
    ClBuffer[] bufs = new ClBuffer[p.buffers().size()];   // buffer id -> device buffer, local to this run
    for (DevicePlan.Buffer b : p.buffers()) {
      if (b.aliasOf().isDefined()) bufs[b.id()] = bufs[b.aliasOf().get()];
      else if (b.role() == DevicePlan.Role.CONST) bufs[b.id()] = rt.upload(b.value().get());
      else if (b.role() == DevicePlan.Role.TEMP) bufs[b.id()] = rt.allocate(b.dtype(), b.shape());
    }
    for (int i = 0; i < args.size(); i++) bufs[p.params().get(i)] = rt.upload(args.get(i));
    for (DevicePlan.Launch l : p.launches()) {
      long[] local = l.local().toJavaStream().mapToLong(Long::longValue).toArray();
      rt.run(rt.program(l.source()), l.kernel(), l.global().toJavaStream().mapToLong(Long::longValue).toArray(),
          local.length == 0 ? null : local, l.args().map(a -> (Object) bufs[a]).toJavaArray());
    }
    return p.results().map(r -> r.value().getOrElse(() -> rt.download(rt.copyAs(bufs[r.buffer()], r.type().shape()))));
  }

  @Test void thePlanRunLaunchByLaunchEqualsTheCpuJit() {
    if (OpenCl.availability() instanceof OpenCl.Availability.Missing(var reason)) {
      System.err.println("SKIPPED (no OpenCL platform): " + reason);
      assumeTrue(false, "no OpenCL platform: " + reason);
    }
    planAgrees(mlp());
  }

  @Test void convolutionsWindowsAndGathersArePlanLaunchesToo() {
    if (OpenCl.availability() instanceof OpenCl.Availability.Missing(var reason)) {
      System.err.println("SKIPPED (no OpenCL platform): " + reason);
      assumeTrue(false, "no OpenCL platform: " + reason);
    }
    planAgrees(graph(Vector.of(ShapedType.of(DType.F32, 2, 6, 6, 3), ShapedType.of(DType.F32, 3, 3, 3, 4),
        ShapedType.of(DType.I32, 5, 1)), v -> {
      Value y = io.graft.trace.ops.Linalg.convGeneralDilated(v.get(0), v.get(1), io.graft.numerics.Ints.of(1, 1),
          io.graft.trace.prim.Padding.of(new int[] {1, 1}, new int[] {1, 1}), io.graft.numerics.Ints.of(1, 1),
          io.graft.numerics.Ints.of(1, 1), io.graft.trace.prim.ConvDims.of("NHWC", "HWIO", "NHWC"), 1, 1);
      Value pooled = io.graft.trace.ops.Reduce.reduceWindow(y, io.graft.trace.prim.WindowOp.MAX, new int[] {1, 2, 2, 1},
          new int[] {1, 2, 2, 1}, new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}}, null, null);
      Value rows = io.graft.trace.ops.Indexing.take(io.graft.trace.ops.Shapes.reshape(pooled, 18, 4), v.get(2), 0);
      return Vector.of(pooled, rows);
    }));
  }

  /**
   * On a CPU device (PoCL, which TornadoVM reports as one too) a plan gets the CPU kernels: a product large enough packs
   * its second operand in a launch of its own, a narrow one and a column sum run without tiles; all equal the CPU jit.
   */
  @Test void cpuDevicePlansPackLargeProducts() {
    if (OpenCl.availability() instanceof OpenCl.Availability.Missing(var reason)) {
      System.err.println("SKIPPED (no OpenCL platform): " + reason);
      assumeTrue(false, "no OpenCL platform: " + reason);
    }
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 40, 1100), ShapedType.of(DType.F32, 1100, 70), ShapedType.of(DType.F32, 70, 10)), v -> {
      Value h = Linalg.matmul(v.get(0), v.get(1));
      return Vector.of(Linalg.matmul(h, v.get(2)), Reduce.sum(h, new int[] {0}, false));
    });
    ClDevice cl = OpenCl.devices().get(0);
    assumeTrue(cl.cpu(), "the first OpenCL device is not a CPU device: " + cl);
    DevicePlan p = new GraphCompiler().planFor(OpenClBackend.of(cl), g);
    assertTrue(p.launches().exists(l -> l.kernel().equals("pack")), p.launches().map(DevicePlan.Launch::what).toString());
    planAgrees(g, 1e-4);   // f32 sums of 1,100 products then 70, in another order than OpenBLAS's
  }

  /** {@code g}'s plan run launch by launch on the first OpenCL device equals the CPU jit within 1e-5. */
  private static void planAgrees(Graph g) { planAgrees(g, 1e-5); }

  /** {@code g}'s plan run launch by launch on the first OpenCL device equals the CPU jit within {@code tol} (relative). */
  private static void planAgrees(Graph g, double tol) {
    ClDevice cl = OpenCl.devices().get(0);
    DevicePlan p = new GraphCompiler().planFor(OpenClBackend.of(cl), g);
    Vector<NdArray> args = Vector.range(0, g.in().size()).map(i -> sample(g.in().get(i).type(), i));
    Vector<NdArray> want = new GraphCompiler().compile(g).run(args), got = run(OpenCl.runtime(cl), p, args);
    for (int k = 0; k < want.size(); k++) {
      assertEquals(want.get(k).shape(), got.get(k).shape());
      double[] w = want.get(k).astype(DType.F64).f64(), o = got.get(k).astype(DType.F64).f64();
      for (int i = 0; i < w.length; i++)
        assertTrue(Math.abs(w[i] - o[i]) <= tol * (1 + Math.abs(w[i])), "result " + k + "[" + i + "]: cpu " + w[i] + ", plan " + o[i]);
    }
  }
}
