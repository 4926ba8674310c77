package io.graft.benchmarks;

import io.graft.Array;
import io.graft.numerics.kernels.Blas;
import org.openjdk.jmh.annotations.*;

/**
 * W1: matmul {@code C = A·B} of square f32 matrices, n in {256, 1024, 2048}. Figure: GFLOP/s = 2n^3 / t, with t the
 * time per call that JMH reports ({@code run.sh} does the conversion). {@link #matmul} runs the default kernels
 * (OpenBLAS where it loads, see {@code io.graft.numerics.kernels.Blas}); {@link #matmulOwnKernels} forks a JVM with
 * {@code -Dgraft.gemm=own}, so one run compares them with Graft's own Vector API GEMM.
 *
 * <p><b>Where the time goes</b> (2-core AVX-512 Xeon, 2026-12-05, OpenBLAS variables unset, both OpenBLAS builds on
 * their SkylakeX kernel with 2 threads; n = 1024 / 2048, ms per product). {@code cblas_sgemm} called from C into a
 * reused result: Debian's 0.3.21 (NumPy's) 7.2 / 57-58, the bundled 0.3.31 7.6 / 58-59 (single-threaded: 15.6 vs 15.8
 * and 114 vs 116), so the library build costs ~5 % at 1024 and ~1-2 % at 2048. The same call from Java into a reused
 * {@code float[]} (critical downcall, no copy): 7.8 / 60. {@link #matmul} adds the fresh result: zeroing 4 / 16 MB
 * (0.13 / 0.6 ms warm) and the G1 pauses it causes (with the default 4 MB regions arrays of 2 MB and more are
 * humongous, and a 1024x1024 result, 4 MB plus its header, takes two regions; a humongous allocation past the occupancy
 * threshold starts a 6-12 ms young pause, every 15-30 products at 1024), 1-1.5 ms per product at 1024 and 2-4 ms at
 * 2048 in JMH's averages. {@code -XX:G1HeapRegionSize=32m} took n = 1024 from 9.35 to 8.79 ms;
 * {@code -XX:+UseTransparentHugePages} and {@code -XX:+AlwaysPreTouch} did not help. The fork keeps the JVM's
 * defaults, as a user's JVM would.
 *
 * <p>Split again on 2026-12-05 18:00 under a load average of 20-27 (other builds), so by the caller thread's CPU
 * time with OpenBLAS on one thread ({@code -Dgraft.threads=1}), the variants alternating in one JVM, median of 7-21
 * rounds (ms per product, n = 1024 / 2048): the bundled 0.3.31 into a reused {@code float[]} 16.9-18.6 / 136, into
 * a fresh one 17.5-19.3 / 144, {@code a.matmul(b)} 18.3-19.6 / 143; Debian's 0.3.21 reused 16.2-17.4 / 127, fresh
 * 16.8-18.2 / 135; {@code new float[n*n]} alone 0.45-0.6 / 1.9. So the library build costs 4-7 %, the fresh zeroed
 * result 3-5 % on the caller (plus the G1 pauses above, on other threads), and Graft's dispatch around the call
 * nothing measurable. {@link #matmulSystemBlas} runs Graft on Debian's build ({@code -Dgraft.blas.library}).
 * OpenBLAS called with {@code beta = 0} zeroes C before the product, a second pass over an array the JVM has just
 * zeroed; {@code DotGeneral} now multiplies into its fresh result with {@code beta = 1} ({@code Gemm.multiplyIntoZeros},
 * the same bits): 17.6 to 17.2 ms at n = 1024 and 149 to 138 ms at 2048 in the same kind of run.
 */
public class W1MatMul extends AverageTimeWorkload {
  @Param({"256", "1024", "2048"})
  public int n;

  private Array a, b;

  @Setup public void setup() {
    String library = System.getProperty(Blas.LIBRARY_PROPERTY, "");
    if (!library.isBlank() && !Blas.openBlasLibrary().equals(library))   // a fork for matmulSystemBlas must not time the fallback
      throw new IllegalStateException("W1: -D" + Blas.LIBRARY_PROPERTY + "=" + library + " did not load (" + Blas.STATUS
          + "); install libopenblas0-pthread or leave matmulSystemBlas out (JMH -e SystemBlas)");
    a = Inputs.uniform(1, -1, 1, n, n);
    b = Inputs.uniform(2, -1, 1, n, n);
  }

  @Benchmark public Array matmul() { return a.matmul(b); }

  /** {@link #matmul} on Graft's own GEMM ({@code -Dgraft.gemm=own}). */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
      "-Dgraft.gemm=own"})
  public Array matmulOwnKernels() { return a.matmul(b); }

  /**
   * {@link #matmul} through the system's OpenBLAS ({@code -Dgraft.blas.library=}{@link #SYSTEM_BLAS}, Debian's
   * {@code libopenblas0-pthread}: the build NumPy and PyTorch use here), so the gap to NumPy can be split into the
   * library build and what the JVM adds. Fails at setup when that library does not load.
   */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
      "-Dgraft.blas.library=" + W1MatMul.SYSTEM_BLAS})
  public Array matmulSystemBlas() { return a.matmul(b); }

  /** Debian's OpenBLAS (package {@code libopenblas0-pthread}), for {@link #matmulSystemBlas}. */
  static final String SYSTEM_BLAS = "/usr/lib/x86_64-linux-gnu/libopenblas.so.0";

  /** Graft's product at n = 64 against naive loops in double. */
  public static void check() {
    W1MatMul w = new W1MatMul();
    w.n = 64;
    w.setup();
    float[] c = w.matmul().toFloatArray(), av = w.a.toFloatArray(), bv = w.b.toFloatArray();
    for (int i = 0; i < w.n; i++)
      for (int j = 0; j < w.n; j++) {
        double s = 0;
        for (int k = 0; k < w.n; k++) s += (double) av[i * w.n + k] * bv[k * w.n + j];
        Inputs.near("W1 C[" + i + "][" + j + "]", s, c[i * w.n + j], 1e-5);
      }
  }
}
