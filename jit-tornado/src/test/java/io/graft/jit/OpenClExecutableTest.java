package io.graft.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.jit.opencl.ClBuffer;
import io.graft.jit.opencl.ClDevice;
import io.graft.jit.opencl.ClRuntime;
import io.graft.jit.opencl.OpenCl;
import io.graft.jit.opencl.OpenClUnsupportedError;
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
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Whole graphs compiled for an OpenCL device against the CPU jit on the same arguments (fixed small shapes). */
class OpenClExecutableTest {
  static ClDevice device() {
    if (OpenCl.availability() instanceof OpenCl.Availability.Missing(var reason)) {
      System.err.println("SKIPPED (no OpenCL platform): " + reason);
      assumeTrue(false, "no OpenCL platform: " + reason);
    }
    return OpenCl.devices().get(0);
  }

  static Graph graph(Vector<ShapedType> in, Function<Vector<Value>, Vector<Value>> f) {
    return Graphs.check(GraphBuilder.trace("test", "test", in, f::apply).graph());
  }

  static NdArray sample(ShapedType t, int salt) {
    double[] v = new double[t.shape().size()];
    for (int i = 0; i < v.length; i++) v[i] = Math.sin(0.37 * i + salt) * 1.3;
    return NdArray.wrap(t.shape(), v).astype(t.dtype());
  }

  /** Runs {@code g} on the CPU and on OpenCL; results agree within {@code tol} relative to 1 + |cpu|. */
  static OpenClExecutable agrees(Graph g, double tol) {
    return agrees(g, Vector.range(0, g.in().size()).map(i -> sample(g.in().get(i).type(), i)), tol);
  }

  /** {@link #agrees(Graph, double)} on the arguments {@code args}. */
  static OpenClExecutable agrees(Graph g, Vector<NdArray> args, double tol) {
    OpenClExecutable cl = new GraphCompiler().compileFor(device(), g);
    Vector<NdArray> want = new GraphCompiler().compile(g).run(args), got = cl.run(args);
    assertEquals(want.size(), got.size());
    for (int k = 0; k < want.size(); k++) {
      assertEquals(want.get(k).shape(), got.get(k).shape());
      assertEquals(want.get(k).dtype(), got.get(k).dtype());
      double[] w = want.get(k).astype(DType.F64).f64(), o = got.get(k).astype(DType.F64).f64();
      for (int i = 0; i < w.length; i++)
        assertTrue(Math.abs(w[i] - o[i]) <= tol * (1 + Math.abs(w[i])) || Double.isNaN(w[i]) && Double.isNaN(o[i]),
            "result " + k + " element " + i + ": cpu " + w[i] + ", opencl " + o[i] + "\n" + cl.describe());
    }
    return cl;
  }

  @Test void mlpForwardWithLossRunsAsKernelsAndMatmuls() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 8, 5), ShapedType.of(DType.F32, 5, 6), ShapedType.of(DType.F32, 6),
        ShapedType.of(DType.F32, 6, 3), ShapedType.of(DType.F32, 8, 3)), v -> {
      Value h = Arith.tanh(Arith.add(Linalg.matmul(v.get(0), v.get(1)), v.get(2)));
      Value y = Linalg.matmul(h, v.get(3));
      Value d = Arith.sub(y, v.get(4));
      return Vector.of(y, Reduce.sum(Arith.mul(d, d), new int[] {0, 1}, false));
    });
    OpenClExecutable cl = agrees(g, 1e-5);
    String text = cl.describe();
    assertTrue(text.contains("void matmul(") && text.contains("__kernel void fused") && text.contains("tanh("), text);
  }

  @Test void transposedBatchedProductsLoneOpsAndReshapesRun() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 2, 7, 4), ShapedType.of(DType.F32, 2, 7, 5)), v -> {
      Value p = Linalg.dotGeneral(v.get(0), v.get(1), Ints.of(1), Ints.of(1), Ints.of(0), Ints.of(0));   // [2,4,5]
      Value t = Shapes.transpose(p, 0, 2, 1);                                                        // a lone transpose
      return Vector.of(Shapes.reshape(t, 10, 4), Reduce.max(Arith.exp(v.get(0)), new int[] {1}, false));
    });
    agrees(g, 1e-5);
  }

  @Test void deviceResultsStayOnTheDeviceBetweenCalls() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 16)), v -> Vector.of(Arith.mul(Arith.sin(v.get(0)), Const.of(NdArray.scalar(DType.F32, 2)))));
    OpenClExecutable cl = new GraphCompiler().compileFor(device(), g);
    ClRuntime rt = OpenCl.runtime(cl.device());
    NdArray x = sample(g.in().get(0).type(), 0);
    ClBuffer once = cl.runOnDevice(Vector.of(rt.upload(x))).get(0);
    ClBuffer twice = cl.runOnDevice(Vector.of(once)).get(0);   // no host round trip in between
    NdArray want = new GraphCompiler().compile(g).run(new GraphCompiler().compile(g).run(Vector.of(x))).get(0);
    float[] w = want.f32(), o = rt.download(twice).f32();
    for (int i = 0; i < w.length; i++) assertEquals(w[i], o[i], 1e-5f * (1 + Math.abs(w[i])), "element " + i);
  }

  @Test void aPrimitiveWithoutAnOpenClLoweringIsACompileTimeErrorNamingIt() {
    ClDevice dev = device();   // outside assertThrows: a skip must not read as the wrong exception
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 6)),
        v -> Vector.of(io.graft.trace.Bind.bind1(new io.graft.trace.prim.BitcastConvertType(DType.I32), v.get(0))));
    var e = assertThrows(OpenClUnsupportedError.class, () -> new GraphCompiler().compileFor(dev, g));
    assertTrue(e.getMessage().contains("`bitcast_convert_type") && e.getMessage().contains("CPU"), e.getMessage());
  }
}
