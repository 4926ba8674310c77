package io.graft.jit.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.graft.jit.GraphCompiler;
import io.graft.jit.OpenClExecutable;
import io.graft.jit.opencl.ClDevice;
import io.graft.jit.opencl.OpenCl;
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
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.annotations.Parallel;
import uk.ac.manchester.tornado.api.annotations.Reduce;
import uk.ac.manchester.tornado.api.common.TornadoFunctions.Task6;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.math.TornadoMath;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * Measures, on TornadoVM's first OpenCL device, Java kernels compiled by TornadoVM's own JIT ({@code @Parallel} loops)
 * against the OpenCL C Graft generates for the same computation run as TornadoVM prebuilt tasks
 * ({@link TornadoExecutable}), with the same C through Graft's FFM OpenCL runtime as a reference: the W2 body
 * {@code tanh(x)*y + exp(-x*x)} over 2^22 f32 (a map), its sum (a reduction) and a 256×1024 by 1024×1024 f32 matmul.
 * Every variant must equal a double-precision host reference within the tolerance each test states; timings are
 * printed, never asserted (issue 13: "measure both and choose").
 * <p>One call of any variant is what a user's call costs: copy the host {@code float[]} inputs into the runtime's
 * arrays (TornadoVM: {@link FloatArray}s or Graft's {@code ByteArray}s; FFM: new device buffers), send them to the
 * device, run the kernel(s), bring the result back into a new {@code float[]}; nothing stays on the device between
 * calls. Calls alternate in this JVM after warm-ups ({@code -Dgraft.tornado.javaKernels.calls=W,T}, default 5 warm-up
 * and 15 timed calls each).
 * <p>TornadoVM 5.2's {@code @Reduce} is probed in a child JVM ({@link ReduceProbe}), because on PoCL it writes past
 * its partial-result array and can abort the JVM; the sum's Java variant is a {@code @Parallel} kernel of partial sums
 * added up on the host, as a user writes it without {@code @Reduce}.
 */
class TornadoJavaKernelsTest {
  private static final int N = 1 << 22, M = 256, K = 1024, P = 1024, PARTIALS = 4096;
  private static final List<String> TABLE = new ArrayList<>();
  private static TornadoBackend backend;
  private static BackendDevice device;

  // ---- the Java kernels, as a TornadoVM user writes them ----

  static void w2Map(FloatArray x, FloatArray y, FloatArray out) {
    for (@Parallel int i = 0; i < x.getSize(); i++) {
      float a = x.get(i);
      out.set(i, TornadoMath.tanh(a) * y.get(i) + TornadoMath.exp(-a * a));
    }
  }

  /**
   * Partial sums of W2's terms over contiguous chunks, one per work-item; the host adds them up. 4096 partials: with
   * 1024, TornadoVM launches one work-group of 1024 (one core of PoCL's two) and a call takes about 1.6 times as long.
   */
  static void w2Partials(FloatArray x, FloatArray y, FloatArray partial) {
    int chunk = x.getSize() / partial.getSize();
    for (@Parallel int c = 0; c < partial.getSize(); c++) {
      float acc = 0f;
      for (int i = c * chunk; i < (c + 1) * chunk; i++) {
        float a = x.get(i);
        acc += TornadoMath.tanh(a) * y.get(i) + TornadoMath.exp(-a * a);
      }
      partial.set(c, acc);
    }
  }

  static void w2Reduce(FloatArray x, FloatArray y, @Reduce FloatArray sum) {
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

  /** {@link #matmul} with the j loop outermost: TornadoVM maps the first {@code @Parallel} loop to dimension 0. */
  static void matmulColumnsFirst(FloatArray a, FloatArray b, FloatArray c, int m, int k, int n) {
    for (@Parallel int j = 0; j < n; j++) {
      for (@Parallel int i = 0; i < m; i++) {
        float acc = 0f;
        for (int p = 0; p < k; p++) acc += a.get(i * k + p) * b.get(p * n + j);
        c.set(i * n + j, acc);
      }
    }
  }

  // ---- the measurements ----

  /** W2's body as a map: per element within 1e-5 of the f64 value, relative to 1 + |value|. */
  @Test void w2Map() {
    float[] x = uniform(1, N), y = uniform(2, N);
    double[] want = new double[N];
    for (int i = 0; i < N; i++) want[i] = Math.tanh(x[i]) * y[i] + Math.exp(-(double) x[i] * x[i]);
    FloatArray fx = new FloatArray(N), fy = new FloatArray(N), out = new FloatArray(N);
    TornadoExecutionPlan java = plan(new TaskGraph("w2map")
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, fx, fy)
        .task("t", TornadoJavaKernelsTest::w2Map, fx, fy, out)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, out));
    compare("W2 map, f32[2^22]", Vector.of(ShapedType.of(DType.F32, N), ShapedType.of(DType.F32, N)),
        TornadoJavaKernelsTest::w2, Vector.of(nd(x), nd(y)), java, () -> {
          put(x, fx);
          put(y, fy);
          java.execute();
          return get(out);
        }, got -> near(want, got, 1e-5));
  }

  /**
   * W2's sum: within 1e-5 of the f64 sum, relative to the sum of |terms|. Also reports what TornadoVM's
   * {@code @Reduce} gives (a child JVM; not asserted: on PoCL it is wrong or aborts, see {@link ReduceProbe}).
   */
  @Test void w2Sum() throws IOException, InterruptedException {
    float[] x = uniform(1, N), y = uniform(2, N);
    double want = 0, scale = 0;
    for (int i = 0; i < N; i++) {
      double t = Math.tanh(x[i]) * y[i] + Math.exp(-(double) x[i] * x[i]);
      want += t;
      scale += Math.abs(t);
    }
    FloatArray fx = new FloatArray(N), fy = new FloatArray(N), partial = new FloatArray(PARTIALS);
    TornadoExecutionPlan java = plan(new TaskGraph("w2partials")
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, fx, fy)
        .task("t", TornadoJavaKernelsTest::w2Partials, fx, fy, partial)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, partial));
    double f64 = want, tol = 1e-5 * scale;
    compare("W2 sum, f32[2^22]", Vector.of(ShapedType.of(DType.F32, N), ShapedType.of(DType.F32, N)),
        v -> io.graft.trace.ops.Reduce.sum(w2(v), new int[] {0}, false), Vector.of(nd(x), nd(y)), java, () -> {
          put(x, fx);
          put(y, fy);
          java.execute();
          float s = 0;
          for (float p : get(partial)) s += p;
          return new float[] {s};
        }, got -> assertTrue(Math.abs(got[0] - f64) <= tol, "sum " + got[0] + ", f64 " + f64));
    String probe = ReduceProbe.inChildJvm();
    System.out.println("TornadoVM @Reduce on " + device + " (child JVM): " + probe);
    TABLE.add("  TornadoVM @Reduce (child JVM): " + probe.replace("\n", "\n    "));
  }

  /** The product: per element within 1e-4 of the f64 product, relative to 1 + |value|. */
  @Test void matmul() { product("matmul f32 256x1024 by 1024x1024", "matmul", TornadoJavaKernelsTest::matmul); }

  /** The same with the Java kernel's loops swapped (j outermost). */
  @Test void matmulColumnsFirst() {
    product("matmul, Java loop over j outermost", "matmulColumnsFirst", TornadoJavaKernelsTest::matmulColumnsFirst);
  }

  private static void product(String what, String graph, Task6<FloatArray, FloatArray, FloatArray, Integer, Integer, Integer> kernel) {
    float[] a = uniform(3, M * K), b = uniform(4, K * P);
    double[] want = new double[M * P];
    for (int i = 0; i < M; i++)
      for (int p = 0; p < K; p++) {
        double aip = a[i * K + p];
        for (int j = 0; j < P; j++) want[i * P + j] += aip * b[p * P + j];
      }
    FloatArray fa = new FloatArray(M * K), fb = new FloatArray(K * P), fc = new FloatArray(M * P);
    TornadoExecutionPlan java = plan(new TaskGraph(graph)
        .transferToDevice(DataTransferMode.EVERY_EXECUTION, fa, fb)
        .task("t", kernel, fa, fb, fc, M, K, P)
        .transferToHost(DataTransferMode.EVERY_EXECUTION, fc));
    compare(what, Vector.of(ShapedType.of(DType.F32, M, K), ShapedType.of(DType.F32, K, P)),
        v -> Linalg.matmul(v.get(0), v.get(1)),
        Vector.of(NdArray.wrap(Shape.of(M, K), a), NdArray.wrap(Shape.of(K, P), b)), java, () -> {
          put(a, fa);
          put(b, fb);
          java.execute();
          return get(fc);
        }, got -> near(want, got, 1e-4));
  }

  /** W2's body in Graft's ops: {@code tanh(x)*y + exp(-x*x)}. */
  private static Value w2(Vector<Value> v) {
    Value x = v.get(0);
    return Arith.add(Arith.mul(Arith.tanh(x), v.get(1)), Arith.exp(Arith.neg(Arith.mul(x, x))));
  }

  @AfterAll static void table() {
    if (TABLE.isEmpty()) return;
    System.out.printf("%nTornadoVM Java kernels vs Graft's OpenCL C, on %s; ms per call (host float[] in, transfers,"
        + " kernels, result back in a new float[]), median / min%n%-34s %-22s %-22s %-22s%n", device, "kernel",
        "TornadoVM Java", "Graft C via TornadoVM", "Graft C via FFM (ref)");
    TABLE.forEach(System.out::println);
  }

  // ---- plumbing ----

  /**
   * Checks the Java kernel ({@code java} runs {@code plan}), Graft's C as prebuilt tasks and the same C through the
   * FFM runtime, all computing the one-result graph {@code f} of {@code args}, with {@code check}, then times them.
   */
  private static void compare(String what, Vector<ShapedType> in, Function<Vector<Value>, Value> f, Vector<NdArray> args,
                              TornadoExecutionPlan plan, Supplier<float[]> java, Consumer<float[]> check) {
    Graph g = Graphs.check(GraphBuilder.trace("bench", "bench", in, v -> Vector.of(f.apply(v))).graph());
    BackendDevice d = device();
    TornadoExecutable graft = backend.compile(d, g);
    ClDevice cl = OpenCl.devices().get(0);
    assertTrue(d.name().startsWith(cl.name().strip()), "the FFM runtime's first device " + cl + " is not " + d);
    OpenClExecutable ffm = new GraphCompiler().compileFor(cl, g);
    List<Supplier<float[]>> variants = List.of(java, () -> graft.run(args).get(0).f32(), () -> ffm.run(args).get(0).f32());
    String[] names = {"TornadoVM Java kernel", "Graft OpenCL C via TornadoVM", "Graft OpenCL C via FFM"};
    for (int v = 0; v < variants.size(); v++) {
      String name = names[v];
      try {
        check.accept(variants.get(v).get());
      } catch (AssertionError e) {
        throw new AssertionError(what + ", " + name + ": " + e.getMessage(), e);
      }
    }
    long[][] t = time(variants);
    StringBuilder row = new StringBuilder(String.format("%-34s", what));
    for (long[] ns : t) row.append(String.format(" %9.2f / %-10.2f", ns[ns.length / 2] / 1e6, ns[0] / 1e6));
    System.out.println("timing: " + row);
    TABLE.add(row.toString());
    graft.close();
    try {
      plan.close();
    } catch (Exception e) {
      throw new IllegalStateException("freeing TornadoVM's device memory failed", e);
    }
  }

  /** Warm-ups, then timed calls alternating between the variants: each one's times in ns, sorted. */
  private static long[][] time(List<Supplier<float[]>> variants) {
    String[] calls = System.getProperty("graft.tornado.javaKernels.calls", "5,15").split(",");
    int warm = Integer.parseInt(calls[0]), n = Integer.parseInt(calls[1]);
    for (int i = 0; i < warm; i++) variants.forEach(Supplier::get);
    long[][] t = new long[variants.size()][n];
    for (int i = 0; i < n; i++)
      for (int v = 0; v < variants.size(); v++) {
        long t0 = System.nanoTime();
        variants.get(v).get();
        t[v][i] = System.nanoTime() - t0;
      }
    for (long[] ns : t) Arrays.sort(ns);
    return t;
  }

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

  /** TornadoVM's path: the graph JIT-compiled for the device now, so no call pays for the build. */
  private static TornadoExecutionPlan plan(TaskGraph g) {
    BackendDevice d = device();
    return new TornadoExecutionPlan(g.snapshot()).withDevice(backend.tornado(d)).withPreCompilation();
  }

  static float[] uniform(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble(-1, 1);
    return v;
  }

  private static NdArray nd(float[] v) { return NdArray.wrap(Shape.of(v.length), v); }

  static void put(float[] from, FloatArray to) {
    MemorySegment.copy(from, 0, to.getSegment(), ValueLayout.JAVA_FLOAT, 0, from.length);
  }

  static float[] get(FloatArray from) {
    float[] v = new float[from.getSize()];
    MemorySegment.copy(from.getSegment(), ValueLayout.JAVA_FLOAT, 0, v, 0, v.length);
    return v;
  }

  private static void near(double[] want, float[] got, double tol) {
    assertEquals(want.length, got.length);
    for (int i = 0; i < want.length; i++)
      if (!(Math.abs(got[i] - want[i]) <= tol * (1 + Math.abs(want[i]))))
        fail("element " + i + " is " + got[i] + ", f64 reference " + want[i]);
  }

  /**
   * TornadoVM's {@code @Reduce} ({@link #w2Reduce}) on its first device, run by {@link #inChildJvm} in a JVM of its
   * own: the sum of 2^14 ones, then W2's sum over 2^22, each printed with its expected value. On a CPU device
   * TornadoVM 5.2 sizes the partial-result array as its processor count + 1 ({@code ReduceTaskGraph}) but launches
   * N / 4096 work-groups of 4096 that each write one partial: with 2 cores the host adds only the first two partials
   * (2^14 ones sum to 8192), and the writes past the array corrupt the native heap, which aborts the JVM sooner or
   * later (glibc's malloc checks, PoCL's {@code POclReleaseMemObject}, or a SIGSEGV).
   */
  static final class ReduceProbe {
    public static void main(String[] args) throws Exception {
      FloatArray ones = new FloatArray(1 << 14), s = new FloatArray(1);
      ones.init(1f);
      try (TornadoExecutionPlan p = new TornadoExecutionPlan(new TaskGraph("ones")
          .transferToDevice(DataTransferMode.EVERY_EXECUTION, ones)
          .task("t", ReduceProbe::sumOnes, ones, s)
          .transferToHost(DataTransferMode.EVERY_EXECUTION, s).snapshot())) {
        p.execute();
        System.out.println("sum of 2^14 ones: " + s.get(0) + " (want 16384)");
      }
      float[] x = uniform(1, N), y = uniform(2, N);
      double want = 0;
      for (int i = 0; i < N; i++) want += Math.tanh(x[i]) * y[i] + Math.exp(-(double) x[i] * x[i]);
      FloatArray fx = new FloatArray(N), fy = new FloatArray(N), sum = new FloatArray(1);
      put(x, fx);
      put(y, fy);
      System.out.flush();
      try (TornadoExecutionPlan p = new TornadoExecutionPlan(new TaskGraph("w2reduce")
          .transferToDevice(DataTransferMode.EVERY_EXECUTION, fx, fy)
          .task("t", TornadoJavaKernelsTest::w2Reduce, fx, fy, sum)
          .transferToHost(DataTransferMode.EVERY_EXECUTION, sum).snapshot())) {
        p.execute();
        System.out.println("W2 sum over 2^22: " + sum.get(0) + " (f64 " + want + ")");
      }
    }

    static void sumOnes(FloatArray a, @Reduce FloatArray sum) {
      for (@Parallel int i = 0; i < a.getSize(); i++) sum.set(0, sum.get(0) + a.get(i));
    }

    /**
     * Runs {@link #main} in a JVM started as this one was (TornadoVM's argfile, this class path): its output (of a
     * JVM crash report, the signal and the native frame; the report itself goes to the temporary directory) and exit.
     */
    static String inChildJvm() throws IOException, InterruptedException {
      String home = System.getenv("TORNADOVM_HOME");
      if (home == null) return "not run: TORNADOVM_HOME is unset";
      Path crashReport = Path.of(System.getProperty("java.io.tmpdir"), "graft-reduce-probe-hs_err_%p.log");
      Path log = Files.createTempFile("graft-reduce-probe", ".log");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "@" + Path.of(home, "tornado-argfile"), "--enable-native-access=ALL-UNNAMED", "-Dtornado.recover.bailout=False",
          "-XX:ErrorFile=" + crashReport, "-cp", System.getProperty("java.class.path"), ReduceProbe.class.getName())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      boolean done = p.waitFor(60, TimeUnit.SECONDS);
      if (!done) p.destroyForcibly().waitFor();
      String text = Files.readString(log, StandardCharsets.ISO_8859_1).lines()
          .filter(l -> !l.startsWith("WARNING: Using incubator") && !l.startsWith("[")
              && (!l.startsWith("#") || l.startsWith("#  SIG") || l.startsWith("# C  [")))
          .reduce((a, b) -> a + "\n" + b).orElse("");
      Files.delete(log);
      return text + "\n[child JVM " + (done ? "exit code " + p.exitValue() : "killed after 60 s") + "]";
    }
  }
}
