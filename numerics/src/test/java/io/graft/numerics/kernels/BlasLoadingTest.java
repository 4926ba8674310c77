package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.graft.numerics.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a fresh JVM loads for its products: where oneDNN runs the f32 products, f32 products load oneDNN and not
 * OpenBLAS ({@link OpenBlas}), and the first f64 product then loads OpenBLAS. Which shared libraries a process has mapped is read from {@code /proc/self/maps}, so the check runs in a
 * child JVM that has multiplied nothing before.
 */
class BlasLoadingTest {
  @Test void f32ProductsLoadOneDnnAloneAndF64LoadsOpenBlas() throws IOException, InterruptedException {
    assumeFalse(!Files.isReadable(Path.of("/proc/self/maps")), "no /proc/self/maps on this system");
    String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-cp", ChildJvm.classPath(), BlasLoadingTest.class.getName())).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish: " + out);
    assumeFalse(out.contains("skipped:"), () -> out.substring(out.indexOf("skipped:")).strip());
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("after f32: dnnl=true openblas=false"), out);
    assertTrue(out.contains("after f64: openblas=true"), out);
  }

  /** The child: an f32 product through {@link Blas}, the mapped libraries, an f64 product, the mapped libraries. */
  public static void main(String[] args) throws IOException {
    if (!"oneDNN".equals(Blas.F32_LIBRARY)) {
      System.out.println("skipped: f32 products do not run on oneDNN here (" + Dnnl.STATUS + ", " + Blas.STATUS + ")");
      return;
    }
    int n = 128;
    float[] a = new float[n * n], b = new float[n * n], c = new float[n * n];
    java.util.Arrays.fill(a, 1f);
    java.util.Arrays.fill(b, 2f);
    if (!Blas.multiply(n, n, n, Gemm.Operand.rowMajor(a, n), Gemm.Operand.rowMajor(b, n), c, 0, n) || c[0] != 2f * n)
      throw new AssertionError("f32 product: " + c[0]);
    System.out.println("after f32: dnnl=" + mapped("libdnnl") + " openblas=" + mapped("libopenblas"));
    double[] x = new double[n * n], y = new double[n * n], z = new double[n * n];
    java.util.Arrays.fill(x, 1d);
    java.util.Arrays.fill(y, 3d);
    if (!Blas.multiply(n, n, n, Gemm.Operand.rowMajor(x, n), Gemm.Operand.rowMajor(y, n), z, 0, n) || z[0] != 3d * n)
      throw new AssertionError("f64 product: " + z[0]);
    System.out.println("after f64: openblas=" + mapped("libopenblas"));
  }

  private static boolean mapped(String library) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.contains(library));
  }
}
