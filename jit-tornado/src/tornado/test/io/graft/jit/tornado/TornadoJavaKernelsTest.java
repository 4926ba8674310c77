package io.graft.jit.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.graft.jit.spi.Backend;
import io.graft.jit.spi.BackendDevice;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.Graphs;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Linalg;
import io.vavr.collection.Vector;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.annotations.Reduce;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * Measures, on TornadoVM's first OpenCL device, Java kernels compiled by TornadoVM's own JIT ({@code @Parallel} loops,
 * {@code @Reduce}) against the OpenCL C Graft generates for the same computation run as TornadoVM prebuilt tasks
 * ({@link TornadoExecutable}): the W2 body {@code tanh(x)*y + exp(-x*x)} over 2^22 f32 (a map), its sum (a reduction)
 * and a 256×1024 by 1024×1024 f32 matmul. Both must equal a double-precision host reference within the tolerance each
 * test states; timings are printed, never asserted (issue 13: "measure both and choose").
 * <p>One call of either variant is what a user's call costs: copy the host {@code float[]} inputs into the TornadoVM
 * arrays (Graft: its {@code ByteArray}s; Java: {@link FloatArray}s), send them to the device, run the kernel(s), bring
 * the result back and copy it into a new {@code float[]} (Graft: an {@link NdArray}); nothing stays on the device
 * between calls. Calls alternate in this JVM after warm-ups ({@code -Dgraft.tornado.javaKernels.calls=W,T}, default
 * 5 warm-up and 15 timed calls each).
 */
class TornadoJavaKernelsTest {
  private static final int N = 1 << 22, M = 256, K = 1024, P = 1024;
  private static final StringBuilder TABLE = new StringBuilder();
  private static TornadoBackend backend;
  private static BackendDevice device;

  // ---- the Java kernels, as a TornadoVM user writes them ----

  static void w2Map(FloatArray x, FloatArray y, FloatArray out) {
    for (@Parallel int i = 0; i < x.getSize(); i++) {
      float a = x.get(i);
      out.set(i, TornadoMath.tanh(a) * y.get(i) + TornadoMath.exp(-a * a));
    }
  }

  static void w2Sum(FloatArray x, FloatArray y, @Reduce FloatArray sum) {
    for (@Parallel int i = 0; i < x.getSize(); i++) {
      float a = x.get(i);
      float v = TornadoMath.tanh(a) * y.get(i) + TornadoMath.exp(-a * a);
      sum.set(0, sum.get(0) + v);
    }
  }

  static void matmul(FloatArray a, FloatArray b, FloatArray c, int m, int k, int n) {
    for (@Parallel int i = 0; i < m; i++) {
      for (@Parallel int j = 0; j < n; j++) {
        float acc = 0f;
        for (int p = 0; p < k; p++) acc += a.get(i * k + p) * b.get(p * n + j);
        c.set(i * n + j, acc);
      }
    }
  }

  // ---- the measurements ----

  /** W2's body as a map: per element within 1e-5 of the f64 value, relative to 1 + |value|. */
  @Test void w2MapJavaKernelAgainstGraftsOpenClC() {
    float[] x = uniform(1, N), y = uniform(2, N);
    double[] want = new double[N];
    for (int i = 0; i < N; i++) want[i] = Math.tanh(x[i]) * y[i] + Math.exp(-(double) x[i] * x[i]);
    TornadoExecutable graft = graft(Vector.of(ShapedType.of(DType.F32, N), ShapedType.of(DType.F32, N)),
        v -> Arith.add(Arith.mul(Arith.tanh(v.get(0)), v.get(1)), Arith.exp(Arith.neg(Arith.mul(v.get(0), v.get(0))))));
    FloatArray fx = new FloatArray(N), fy = new FloatArray(N), out = new FloatArray(N);
    TornadoExecutionPlan java = plan(new TaskGraph("w2map")
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, fx, fy)
        .task("t", TornadoJavaKernelsTest::w2Map, fx, fy, out)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, out));
    Vector<NdArray> args = Vector.of(nd(x), nd(y));
    Supplier<float[]> viaGraft = () -> graft.run(args).get(0).f32();
    Supplier<float[]> viaJava = () -> {
      put(x, fx);
      put(y, fy);
      java.execute();
      return get(out);
    };
    near(want, viaGraft.get(), 1e-5, "Graft OpenCL C");
    near(want, viaJava.get(), 1e-5, "TornadoVM Java kernel");
    time("W2 map tanh(x)*y+exp(-x*x), f32[2^22]", viaJava, viaGraft);
    close(graft, java);
  }

  /** W2's sum: within 1e-5 of the f64 sum, relative to the sum of |terms|; the same on a second call. */
  @Test void w2SumJavaReduceKernelAgainstGraftsOpenClC() {
    float[] x = uniform(1, N), y = uniform(2, N);
    double want = 0, scale = 0;
    for (int i = 0; i < N; i++) {
      double t = Math.tanh(x[i]) * y[i] + Math.exp(-(double) x[i] * x[i]);
      want += t;
      scale += Math.abs(t);
    }
    TornadoExecutable graft = graft(Vector.of(ShapedType.of(DType.F32, N), ShapedType.of(DType.F32, N)),
        v -> io.graft.trace.ops.Reduce.sum(Arith.add(Arith.mul(Arith.tanh(v.get(0)), v.get(1)), Arith.exp(Arith.neg(Arith.mul(v.get(0), v.get(0))))),
            new int[] {0}, false));
    FloatArray fx = new FloatArray(N), fy = new FloatArray(N), sum = new FloatArray(1);
    Vector<NdArray> args = Vector.of(nd(x), nd(y));
    Supplier<float[]> viaGraft = () -> graft.run(args).get(0).f32();
    double g = viaGraft.get()[0];
    assertTrue(Math.abs(g - want) <= 1e-5 * scale, "Graft OpenCL C: sum " + g + ", f64 " + want);
    TornadoExecutionPlan java;
    try {
      java = plan(new TaskGraph("w2sum")
          .transferToDevice(DataTransferMode.EVERY_EXECUTION, fx, fy)
          .task("t", TornadoJavaKernelsTest::w2Sum, fx, fy, sum)
          .transferToHost(DataTransferMode.EVERY_EXECUTION, sum));
    } catch (RuntimeException e) {
      fail("TornadoVM's @Reduce kernel did not build on " + device + ": " + e, e);
      return;
    }
    Supplier<float[]> viaJava = () -> {
      put(x, fx);
      put(y, fy);
      java.execute();
      return get(sum);
    };
    for (int call = 0; call < 2; call++) {
      double j = viaJava.get()[0];
      assertTrue(Math.abs(j - want) <= 1e-5 * scale, "TornadoVM @Reduce, call " + call + ": sum " + j + ", f64 " + want);
    }
    time("W2 sum(tanh(x)*y+exp(-x*x)), f32[2^22]", viaJava, viaGraft);
    close(graft, java);
  }

  /** The product: per element within 1e-4 of the f64 product, relative to 1 + |value|. */
  @Test void matmulJavaLoopNestAgainstGraftsOpenClC() {
    float[] a = uniform(3, M * K), b = uniform(4, K * P);
    TornadoExecutable graft = graft(Vector.of(ShapedType.of(DType.F32, M, K), ShapedType.of(DType.F32, K, P)),
        v -> Linalg.matmul(v.get(0), v.get(1)));
    FloatArray fa = new FloatArray(M * K), fb = new FloatArray(K * P), fc = new FloatArray(M * P);
    TornadoExecutionPlan java = plan(new TaskGraph("matmul")
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, fa, fb)
        .task("t", TornadoJavaKernelsTest::matmul, fa, fb, fc, M, K, P)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, fc));
    Vector<NdArray> args = Vector.of(NdArray.wrap(Shape.of(M, K), a), NdArray.wrap(Shape.of(K, P), b));
    Supplier<float[]> viaGraft = () -> graft.run(args).get(0).f32();
    Supplier<float[]> viaJava = () -> {
      put(a, fa);
      put(b, fb);
      java.execute();
      return get(fc);
    };
    double[] want = new double[M * P];
    for (int i = 0; i < M; i++)
      for (int p = 0; p < K; p++) {
        double aip = a[i * K + p];
        for (int j = 0; j < P; j++) want[i * P + j] += aip * b[p * P + j];
      }
    near(want, viaGraft.get(), 1e-4, "Graft OpenCL C");
    near(want, viaJava.get(), 1e-4, "TornadoVM Java kernel");
    time("matmul f32 256x1024 by 1024x1024", viaJava, viaGraft);
    close(graft, java);
  }

  @AfterAll static void table() {
    if (!TABLE.isEmpty())
      System.out.printf("%nTornadoVM Java kernels vs Graft's OpenCL C as prebuilt tasks on %s (ms per call: host float[] in,"
          + " transfers, kernels, result back in a new float[])%n%-42s %-28s %-28s%n%s", device, "kernel",
          "TornadoVM Java median/min", "Graft OpenCL C median/min", TABLE);
  }

  // ---- plumbing ----

  private static synchronized BackendDevice device() {
    if (backend == null) {
      backend = (TornadoBackend) Backend.find("tornado").getOrElseThrow(() -> new AssertionError(
          "ServiceLoader found no `tornado` backend; registered: " + Backend.available()));
      if (backend.devices().isEmpty())
        fail("TornadoVM lists no OpenCL device: " + backend.unavailable().getOrElse("its OpenCL backend found none"));
      device = backend.devices().get(0);
    }
    return device;
  }

  /** Graft's path: the one-result graph {@code f} traced, planned and built for the device as prebuilt tasks. */
  private static TornadoExecutable graft(Vector<ShapedType> in, Function<Vector<Value>, Value> f) {
    Graph g = Graphs.check(GraphBuilder.trace("bench", "bench", in, v -> Vector.of(f.apply(v))).graph());
    BackendDevice d = device();
    return backend.compile(d, g);
  }

  /** TornadoVM's path: the graph JIT-compiled for the same device now, so no call pays for the build. */
  private static TornadoExecutionPlan plan(TaskGraph g) {
    BackendDevice d0 = device();
    TornadoDevice d = backend.tornado(d0);
    return new TornadoExecutionPlan(g.snapshot()).withDevice(d).withPreCompilation();
  }

  private static float[] uniform(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-1, 1);
    return v;
  }

  private static NdArray nd(float[] v) { return NdArray.wrap(Shape.of(v.length), v); }

  private static void put(float[] from, FloatArray to) {
    MemorySegment.copy(from, 0, to.getSegment(), ValueLayout.JAVA_FLOAT, 0, from.length);
  }

  private static float[] get(FloatArray from) {
    float[] v = new float[from.getSize()];
    MemorySegment.copy(from.getSegment(), ValueLayout.JAVA_FLOAT, 0, v, 0, v.length);
    return v;
  }

  private static void near(double[] want, float[] got, double tol, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++)
      if (!(Math.abs(got[i] - want[i]) <= tol * (1 + Math.abs(want[i]))))
        fail(what + ": element " + i + " is " + got[i] + ", f64 reference " + want[i]);
  }

  /** Warm-ups, then timed calls alternating between the two; one table row of medians and minima. */
  private static void time(String what, Supplier<float[]> java, Supplier<float[]> graft) {
    String[] calls = System.getProperty("graft.tornado.javaKernels.calls", "5,15").split(",");
    int warm = Integer.parseInt(calls[0]), n = Integer.parseInt(calls[1]);
    for (int i = 0; i < warm; i++) { java.get(); graft.get(); }
    long[] tj = new long[n], tg = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      java.get();
      long t1 = System.nanoTime();
      graft.get();
      tg[i] = System.nanoTime() - t1;
      tj[i] = t1 - t0;
    }
    Arrays.sort(tj);
    Arrays.sort(tg);
    String row = String.format("%-42s %9.2f / %-16.2f %9.2f / %-16.2f%n", what, tj[n / 2] / 1e6, tj[0] / 1e6,
        tg[n / 2] / 1e6, tg[0] / 1e6);
    System.out.print("timing: " + row);
    synchronized (TABLE) { TABLE.append(row); }
  }

  private static void close(TornadoExecutable graft, TornadoExecutionPlan java) {
    graft.close();
    try {
      java.close();
    } catch (Exception e) {
      throw new IllegalStateException("freeing TornadoVM's device memory failed", e);
    }
  }
}
