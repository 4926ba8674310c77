package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.graft.numerics.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Products on oneDNN while Java Flight Recorder samples every thread each millisecond: oneDNN's GEMM corrupts the C heap
 * when a signal lands in some of its kernels (see {@link Dnnl}), and JFR's sampler signals the threads it samples.
 * Before {@link NativeSignals} guarded those calls, the child JVM below aborted within a second
 * ({@code corrupted size vs. prev_size}); a crash would take the test JVM down with it, so the products run in a child
 * and the test reads its exit status.
 */
class DnnlSignalsTest {
  @Test void productsOnOneDnnSurviveFlightRecorderSampling(@TempDir Path dir) throws IOException, InterruptedException {
    Path settings = dir.resolve("sampling.jfc");
    Files.writeString(settings, """
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration version="2.0">
          <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
          <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
        </configuration>
        """);
    String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-XX:StartFlightRecording=settings=" + settings + ",filename=" + dir.resolve("run.jfr"), "-cp", ChildJvm.classPath(),
        DnnlSignalsTest.class.getName())).directory(dir.toFile()).redirectErrorStream(true).start();   // a crash report lands in dir
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish: " + out);
    assumeFalse(out.contains("skipped:"), () -> out.substring(out.indexOf("skipped:")).strip());
    assertEquals(0, p.exitValue(), "the child JVM died under JFR sampling:\n" + out);
    assertTrue(out.contains("products under sampling: "), out);
  }

  /** The child: W10's first-layer product and a classifier's, each result bitwise equal to the first, for 2.5 s. */
  public static void main(String[] args) {
    if (!"oneDNN".equals(Blas.F32_LIBRARY)) {
      System.out.println("skipped: f32 products do not run on oneDNN here (" + Dnnl.STATUS + "; OpenBLAS " + Blas.STATUS + ")");
      return;
    }
    int[][] shapes = {{128, 256, 784}, {128, 10, 256}};
    float[][] a = new float[2][], b = new float[2][], want = new float[2][];
    SplittableRandom r = new SplittableRandom(7);
    for (int s = 0; s < 2; s++) {
      int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
      a[s] = new float[m * k];
      b[s] = new float[k * n];
      for (int i = 0; i < a[s].length; i++) a[s][i] = (float) r.nextDouble(-1, 1);
      for (int i = 0; i < b[s].length; i++) b[s][i] = (float) r.nextDouble(-1, 1);
      want[s] = new float[m * n];
      Gemm.multiply(Gemm.Path.BLAS, m, n, k, Gemm.Operand.rowMajor(a[s], k), Gemm.Operand.rowMajor(b[s], n), want[s], 0, n);
    }
    long calls = 0, end = System.nanoTime() + 2_500_000_000L;
    while (System.nanoTime() < end) {
      for (int s = 0; s < 2; s++) {
        int m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
        float[] c = new float[m * n];
        Gemm.multiply(Gemm.Path.BLAS, m, n, k, Gemm.Operand.rowMajor(a[s], k), Gemm.Operand.rowMajor(b[s], n), c, 0, n);
        if (!Arrays.equals(c, want[s])) throw new AssertionError("a " + m + "x" + n + "x" + k + " product changed under sampling"
            + " after " + calls + " products: " + differences(c, want[s], n));
        calls++;
      }
    }
    System.out.println("products under sampling: " + calls);
  }

  /** How {@code got} differs from {@code want} (row-major, {@code n} columns): the count, and the first few elements. */
  private static String differences(float[] got, float[] want, int n) {
    StringBuilder sb = new StringBuilder();
    int count = 0;
    for (int i = 0; i < got.length; i++) {
      if (Float.floatToRawIntBits(got[i]) == Float.floatToRawIntBits(want[i])) continue;
      if (count++ < 5) sb.append(String.format(" [%d,%d] %s (first %s)", i / n, i % n, got[i], want[i]));
    }
    return count + " of " + got.length + " elements differ:" + sb;
  }
}
