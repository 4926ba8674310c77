package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.kernels.Blas;
import io.graft.numerics.kernels.Gemm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without Graft's flags says so once, in Graft's words: {@link Simd#NOTICE} without
 * {@code --add-modules jdk.incubator.vector}, and the Blas warning (rather than the JDK's restricted-method
 * warning) without {@code --enable-native-access}. Each case runs {@link #main} in a fresh JVM (the test's own
 * class path, the same JDK) and reads its stderr.
 */
class FallbackNoticeTest {
  /** Child entry point: runs a GEMM on every path Graft may take, twice, then prints the availability flags. */
  public static void main(String[] args) {
    for (int round = 0; round < 2; round++) {
      float[] a = new float[64 * 64], c = new float[64 * 64];
      Gemm.multiply(64, 64, 64, Gemm.Operand.rowMajor(a, 64), Gemm.Operand.rowMajor(a, 64), c, 0, 64);
      NdArray.zeros(DType.F32, Shape.of(1000)).toString();
    }
    System.out.println("simd=" + Simd.AVAILABLE + " blas=" + Blas.AVAILABLE);
  }

  private static List<String> run(String... jvmFlags) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(jvmFlags));
    cmd.addAll(List.of("-Dgraft.gemm=auto", "-cp", ChildJvm.classPath(), FallbackNoticeTest.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    return out.lines().toList();
  }

  private static long count(List<String> lines, String fragment) {
    return lines.stream().filter(l -> l.contains(fragment)).count();
  }

  @Test void withoutTheVectorModuleOneLineNamesTheFlag() throws Exception {
    List<String> out = run("--enable-native-access=ALL-UNNAMED");
    assertEquals(1, count(out, Simd.NOTICE), String.join("\n", out));
    assertTrue(out.getLast().startsWith("simd=false"), String.join("\n", out));
    assertEquals(0, count(run("--enable-native-access=ALL-UNNAMED", "-Dgraft.simd=false"), "Vector API"),
        "-Dgraft.simd=false chooses the scalar loops and should not warn");
  }

  @Test void withoutNativeAccessGraftSaysSoAndKeepsItsOwnGemm() throws Exception {
    List<String> out = run("--add-modules", "jdk.incubator.vector");
    String all = String.join("\n", out);
    assertEquals(1, count(out, "--enable-native-access=ALL-UNNAMED"), all);
    assertEquals(1, count(out, "native access is not enabled"), all);
    assertFalse(all.contains("restricted method"), "the JDK's own warning should not be needed:\n" + all);
    assertTrue(out.getLast().endsWith("blas=false"), all);
  }

  @Test void withBothFlagsNothingIsLogged() throws Exception {
    List<String> out = run("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");
    List<String> rest = out.stream().filter(l -> !l.contains("Using incubator modules")).toList();
    assertEquals(List.of("simd=true blas=" + Blas.AVAILABLE), rest);
  }
}
