package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link io.graft.numerics.kernels.NativeLibraries}: the first {@link Array} starts loading the products' native
 * library in the background, before any product; {@code -Dgraft.preload=false} leaves it to the first product. Which
 * libraries a process has mapped is read from {@code /proc/self/maps} in a child JVM.
 */
class NativePreloadTest {
  @Test void theFirstArrayLoadsTheProductLibraryBeforeAnyProduct() throws IOException, InterruptedException {
    String out = child("true");
    assumeFalse(out.contains("skipped:"), () -> out.substring(out.indexOf("skipped:")).strip());
    assertTrue(out.contains("mapped before any product: true"), out);
  }

  @Test void preloadFalseLeavesItToTheFirstProduct() throws IOException, InterruptedException {
    String out = child("false");
    assumeFalse(out.contains("skipped:"), () -> out.substring(out.indexOf("skipped:")).strip());
    assertTrue(out.contains("mapped before any product: false"), out);
  }

  private static String child(String preload) throws IOException, InterruptedException {
    assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "no /proc/self/maps on this system");
    String javaCmd = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    Process p = new ProcessBuilder(List.of(javaCmd, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Dgraft.preload=" + preload, "-cp",
        System.getProperty("java.class.path") + java.io.File.pathSeparator + System.getProperty("jdk.module.path", ""),
        Child.class.getName())).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** The child: one array and an elementwise op, then up to 20 s (preload on) or 2 s (off) for a product library to map. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      String arch = System.getProperty("os.arch");
      if (!arch.equals("amd64") && !arch.equals("x86_64")) {
        System.out.println("skipped: Graft bundles its product libraries for linux-x86_64 only, this is " + arch);
        return;
      }
      Array x = Array.of(new float[] {1f, 2f}).mul(2.0);
      long until = System.nanoTime() + (Boolean.getBoolean("graft.preload") ? 20_000 : 2_000) * 1_000_000L;
      boolean mapped = false;
      while (!mapped && System.nanoTime() < until) {
        mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream().anyMatch(l -> l.contains("libdnnl") || l.contains("libopenblas"));
        if (!mapped) Thread.sleep(50);
      }
      System.out.println("mapped before any product: " + mapped + " (" + x.toFloatArray()[1] + ")");
    }
  }
}
