package io.graft.jit.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.graft.jit.GraphCompiler;
import io.graft.jit.OpenClExecutable;
import io.graft.jit.opencl.OpenCl;
import io.graft.jit.spi.Backend;
import io.graft.jit.spi.BackendDevice;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
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
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Graphs run through TornadoVM (prebuilt tasks of Graft's OpenCL C) against the CPU jit on the same arguments. These
 * run only in the {@code tornado} profile, i.e. with an SDK at {@code TORNADOVM_HOME}, so a TornadoVM that does not
 * start is a failure here, not a skip.
 */
class TornadoBackendTest {
  private static TornadoBackend backend;

  private static synchronized BackendDevice device() {
    if (backend == null) {
      Backend b = Backend.find("tornado").getOrElseThrow(() -> new AssertionError(
          "ServiceLoader found no `tornado` backend; registered: " + Backend.available()));
      backend = (TornadoBackend) b;
    }
    if (backend.devices().isEmpty())
      fail("TornadoVM lists no OpenCL device: " + backend.unavailable().getOrElse("its OpenCL backend found none"));
    return backend.devices().get(0);
  }

  private static Graph graph(Vector<ShapedType> in, Function<Vector<Value>, Vector<Value>> f) {
    return Graphs.check(GraphBuilder.trace("test", "test", in, f::apply).graph());
  }

  private static NdArray sample(ShapedType t, int salt) {
    double[] v = new double[t.shape().size()];
    for (int i = 0; i < v.length; i++) v[i] = Math.sin(0.37 * i + salt) * 1.3;
    return NdArray.wrap(t.shape(), v).astype(t.dtype());
  }

  private static Vector<NdArray> args(Graph g, int salt) {
    return Vector.range(0, g.in().size()).map(i -> sample(g.in().get(i).type(), salt + i));
  }

  /** {@code got} equals {@code want} elementwise within {@code tol} relative to 1 + |want|, same dtypes and shapes. */
  private static void close(Vector<NdArray> want, Vector<NdArray> got, double tol, String what) {
    assertEquals(want.size(), got.size());
    for (int k = 0; k < want.size(); k++) {
      assertEquals(want.get(k).shape(), got.get(k).shape(), what);
      assertEquals(want.get(k).dtype(), got.get(k).dtype(), what);
      double[] w = want.get(k).astype(DType.F64).f64(), o = got.get(k).astype(DType.F64).f64();
      for (int i = 0; i < w.length; i++)
        assertTrue(Math.abs(w[i] - o[i]) <= tol * (1 + Math.abs(w[i])),
            what + ": result " + k + " element " + i + ": cpu " + w[i] + ", tornado " + o[i]);
    }
  }

  /** Compiles {@code g} for TornadoVM and checks two calls (different arguments) against the CPU jit. */
  private static TornadoExecutable agrees(Graph g, double tol) {
    TornadoExecutable t = backend().compile(device(), g);
    var cpu = new GraphCompiler().compile(g);
    for (int call = 0; call < 2; call++) close(cpu.run(args(g, 10 * call)), t.run(args(g, 10 * call)), tol, t.describe());
    return t;
  }

  @Test void elementwiseKernelsWithConstantsEqualTheCpuJit() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 37, 19), ShapedType.of(DType.F32, 19), ShapedType.of(DType.F32, 6, 6)),
        v -> Vector.of(
            Arith.tanh(Arith.add(Arith.mul(v.get(0), v.get(1)), Const.of(NdArray.scalar(DType.F32, 0.5f)))),
            Arith.div(Arith.exp(v.get(1)), Arith.add(Arith.abs(v.get(1)), Const.of(NdArray.scalar(DType.F32, 1)))),
            Arith.sub(Arith.sin(v.get(2)), Shapes.transpose(v.get(2), 1, 0))));   // one buffer read twice by a kernel
    agrees(g, 1e-5);
    // f64 where the device has cl_khr_fp64 (PoCL has): the backend must report it for these kernels to build
    assertTrue(device().fp64(), device() + " should report fp64");
    Graph g64 = graph(Vector.of(ShapedType.of(DType.F64, 5, 40)), v -> Vector.of(
        Arith.mul(Arith.exp(v.get(0)), v.get(0)), Reduce.sum(v.get(0), new int[] {1}, false)));
    agrees(g64, 1e-12);
  }

  @Test void reductionsIncludingASplitSumEqualTheCpuJit() {
    Graph rows = graph(Vector.of(ShapedType.of(DType.F32, 70, 33)), v -> Vector.of(
        Reduce.sum(v.get(0), new int[] {1}, false), Reduce.max(Arith.sin(v.get(0)), new int[] {0}, false)));
    agrees(rows, 1e-5);
    // one result over 2^20 elements: too few work-groups alone, so partial folds and a second (finish) kernel
    Graph all = graph(Vector.of(ShapedType.of(DType.F32, 1024, 1024)), v -> Vector.of(Reduce.sum(Arith.mul(v.get(0), v.get(0)), new int[] {0, 1}, false)));
    TornadoExecutable t = agrees(all, 1e-5);
    assertTrue(t.plan().launches().exists(l -> l.kernel().equals("finish")), t.describe());
  }

  @Test void matmulsBatchedAndTransposedWithAReshapeEqualTheCpuJit() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 33, 20), ShapedType.of(DType.F32, 20, 17),
        ShapedType.of(DType.F32, 2, 7, 4), ShapedType.of(DType.F32, 2, 7, 5)), v -> {
      Value p = Linalg.dotGeneral(v.get(2), v.get(3), Ints.of(1), Ints.of(1), Ints.of(0), Ints.of(0));   // [2,4,5]
      return Vector.of(Linalg.matmul(v.get(0), v.get(1)), Shapes.reshape(p, 40));
    });
    TornadoExecutable t = agrees(g, 1e-5);
    assertTrue(t.describe().contains("prebuilt kernel matmul"), t.describe());
  }

  @Test void anMlpStepKeepsItsIntermediatesOnTheDeviceAcrossCalls() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 8, 5), ShapedType.of(DType.F32, 5, 6), ShapedType.of(DType.F32, 6),
        ShapedType.of(DType.F32, 6, 3)), v -> {
      Value h = Arith.tanh(Arith.add(Linalg.matmul(v.get(0), v.get(1)), v.get(2)));
      Value y = Linalg.matmul(h, v.get(3));
      return Vector.of(y, Reduce.sum(Arith.mul(y, y), new int[] {0, 1}, false));
    });
    TornadoExecutable t = agrees(g, 1e-5);
    // h is an intermediate: a buffer some launch writes and a later one reads, never a result read back
    assertTrue(t.plan().buffers().size() > t.plan().params().size() + t.plan().results().size(), t.describe());
  }

  /**
   * Per-call time through TornadoVM and through the FFM runtime, measured back to back in this JVM (indicative: the
   * machine may be busy), of one small elementwise kernel (f32[1024]) and of a five-kernel MLP step; both runtimes
   * give the CPU jit's answer.
   */
  @Test void perCallOverheadAgainstTheFfmRuntime() {
    overhead("x*2+1 on f32[1024], 1 kernel", graph(Vector.of(ShapedType.of(DType.F32, 1024)), v -> Vector.of(
        Arith.add(Arith.mul(v.get(0), Const.of(NdArray.scalar(DType.F32, 2))), Const.of(NdArray.scalar(DType.F32, 1))))));
    overhead("MLP step 8x5 -> 6 -> 3 with a loss", graph(Vector.of(ShapedType.of(DType.F32, 8, 5), ShapedType.of(DType.F32, 5, 6),
        ShapedType.of(DType.F32, 6), ShapedType.of(DType.F32, 6, 3)), v -> {
      Value y = Linalg.matmul(Arith.tanh(Arith.add(Linalg.matmul(v.get(0), v.get(1)), v.get(2))), v.get(3));
      return Vector.of(y, Reduce.sum(Arith.mul(y, y), new int[] {0, 1}, false));
    }));
  }

  private static void overhead(String what, Graph g) {
    TornadoExecutable t = backend().compile(device(), g);
    OpenClExecutable f = new GraphCompiler().compileFor(OpenCl.devices().get(0), g);
    Vector<NdArray> x = args(g, 3), want = new GraphCompiler().compile(g).run(x);
    close(want, t.run(x), 1e-5, "tornado");
    close(want, f.run(x), 1e-5, "ffm");
    int n = Integer.getInteger("graft.tornado.overheadCalls", 300);
    long[] tt = new long[n], ff = new long[n];
    for (int i = 0; i < 50; i++) { t.run(x); f.run(x); }
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      t.run(x);
      long t1 = System.nanoTime();
      f.run(x);
      long t2 = System.nanoTime();
      tt[i] = t1 - t0;
      ff[i] = t2 - t1;
    }
    Arrays.sort(tt);
    Arrays.sort(ff);
    System.out.printf("TornadoVM vs FFM per call, %s (%d kernel launch(es); upload, kernels, download, %d calls): "
        + "median %.1f us vs %.1f us, p90 %.1f us vs %.1f us, on %s%n", what, t.plan().launches().size(), n,
        tt[n / 2] / 1e3, ff[n / 2] / 1e3, tt[n * 9 / 10] / 1e3, ff[n * 9 / 10] / 1e3, device());
  }

  private static TornadoBackend backend() {
    device();
    return backend;
  }
}
