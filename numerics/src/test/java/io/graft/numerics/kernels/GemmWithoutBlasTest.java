package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm} with OpenBLAS switched off by {@code -Dgraft.blas=false}: {@link Blas#AVAILABLE} is a constant of
 * the JVM, so {@link #main} runs the checks in a child JVM and the test reads its exit status and output.
 */
class GemmWithoutBlasTest {
  @Test void autoRunsGraftsKernelsWhenBlasIsOff() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    String cp = ChildJvm.classPath();
    Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector",
        "--enable-native-access=ALL-UNNAMED", "-Dgraft.blas=false", "-cp", cp, GemmWithoutBlasTest.class.getName()))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("blas off: disabled by -Dgraft.blas=false"), out);
  }

  /** The child: Blas reports itself off, Path.BLAS refuses, AUTO still multiplies f32 and f64 correctly. */
  public static void main(String[] args) {
    if (Blas.AVAILABLE) throw new AssertionError("Blas.AVAILABLE under -Dgraft.blas=false");
    if (Blas.multiply(1, 1, 1, Gemm.Operand.rowMajor(new float[1], 1), Gemm.Operand.rowMajor(new float[1], 1), new float[1], 0, 1))
      throw new AssertionError("Blas.multiply ran with OpenBLAS off");
    try {
      Gemm.multiply(Gemm.Path.BLAS, 1, 1, 1, Gemm.Operand.rowMajor(new float[1], 1), Gemm.Operand.rowMajor(new float[1], 1), new float[1], 0, 1);
      throw new AssertionError("Path.BLAS ran with OpenBLAS off");
    } catch (IllegalStateException expected) {
      if (!expected.getMessage().contains("graft.blas=false")) throw new AssertionError(expected.getMessage());
    }
    Random r = new Random(21);
    int m = 70, n = 90, k = 110;
    double[] a = new double[m * k], b = new double[n * k], c = new double[m * n];
    float[] af = new float[a.length], bf = new float[b.length], cf = new float[c.length];
    for (int i = 0; i < a.length; i++) af[i] = (float) (a[i] = r.nextGaussian());
    for (int i = 0; i < b.length; i++) bf[i] = (float) (b[i] = r.nextGaussian());
    Gemm.multiply(m, n, k, Gemm.Operand.rowMajor(a, k), new Gemm.Operand(b, 0, 1, k), c, 0, n);     // B stored n×k
    Gemm.multiply(m, n, k, Gemm.Operand.rowMajor(af, k), new Gemm.Operand(bf, 0, 1, k), cf, 0, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double ref = 0;
        for (int p = 0; p < k; p++) ref += a[i * k + p] * b[j * k + p];
        if (Math.abs(c[i * n + j] - ref) > 1e-12 * k || Math.abs(cf[i * n + j] - ref) > 1e-4 * k)
          throw new AssertionError("C[" + i + "," + j + "] = " + c[i * n + j] + " / " + cf[i * n + j] + ", want " + ref);
      }
    }
    System.out.println("blas off: " + Blas.STATUS);
  }
}
