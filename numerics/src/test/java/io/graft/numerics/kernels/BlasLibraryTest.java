package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dgraft.blas.library=PATH} ({@link Blas#LIBRARY_PROPERTY}): a JVM constant, so each case runs {@link #main}
 * in a child JVM. A missing file leaves OpenBLAS off with a status naming the property, the path and the fix; the
 * system OpenBLAS (Debian's {@code libopenblas0-pthread}, where installed) loads and multiplies f32 and f64 correctly
 * through {@link Gemm.Path#BLAS}.
 */
class BlasLibraryTest {
  private static final Path SYSTEM = Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0");

  @Test void aMissingLibraryLeavesOpenBlasOffAndSaysWhy() throws IOException, InterruptedException {
    String out = child("/nonexistent/libopenblas.so.0", "off");
    assertTrue(out.contains("graft.blas.library=/nonexistent/libopenblas.so.0 is not a file"), out);
    assertTrue(out.contains("leave the property unset for the bundled OpenBLAS"), out);
  }

  @Test void theSystemOpenBlasLoadsAndMultiplies() throws IOException, InterruptedException {
    assumeTrue(Files.isRegularFile(SYSTEM), SYSTEM + " is not installed (apt-get install libopenblas0-pthread)");
    String out = child(SYSTEM.toString(), "on");
    assertTrue(out.contains("blas library: " + SYSTEM), out);
  }

  private static String child(String library, String expect) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-D" + Blas.LIBRARY_PROPERTY + "=" + library, "-cp", ChildJvm.classPath(), BlasLibraryTest.class.getName(), expect))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** The child: {@code off} expects OpenBLAS unavailable and prints its status; {@code on} checks products through it. */
  public static void main(String[] args) {
    if (args[0].equals("off")) {
      if (!Blas.openBlasLibrary().isEmpty()) throw new AssertionError("OpenBLAS loaded from " + Blas.openBlasLibrary());
      System.out.println("blas status: " + Blas.openBlasStatus());
      return;
    }
    if (!Blas.AVAILABLE || Blas.openBlasLibrary().isEmpty()) throw new AssertionError("OpenBLAS did not load: " + Blas.openBlasStatus());
    Random r = new Random(5);
    int m = 33, n = 47, k = 61;
    double[] a = new double[m * k], b = new double[k * n], c = new double[m * n];
    float[] af = new float[a.length], bf = new float[b.length], cf = new float[c.length];
    for (int i = 0; i < a.length; i++) af[i] = (float) (a[i] = r.nextGaussian());
    for (int i = 0; i < b.length; i++) bf[i] = (float) (b[i] = r.nextGaussian());
    Gemm.multiply(Gemm.Path.BLAS, m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(b, n), c, 0, n);
    Gemm.multiply(Gemm.Path.BLAS, m, n, k, Gemm.Operand.rowMajor(af, k), Gemm.Operand.rowMajor(bf, n), cf, 0, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double ref = 0;
        for (int q = 0; q < k; q++) ref += a[i * k + q] * b[q * n + j];
        if (Math.abs(c[i * n + j] - ref) > 1e-12 * k || Math.abs(cf[i * n + j] - ref) > 1e-4 * k)
          throw new AssertionError("C[" + i + "," + j + "] = " + c[i * n + j] + " / " + cf[i * n + j] + ", want " + ref);
      }
    }
    System.out.println("blas library: " + Blas.openBlasLibrary());
  }
}
