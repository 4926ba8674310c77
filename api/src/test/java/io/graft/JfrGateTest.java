package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link io.graft.jit.JfrGate}: a program that never starts Flight Recorder never loads Graft's JFR event classes (the
 * first one costs a fresh JVM ~0.26 s of JDK set-up), and one that starts a recording gets its compile and execute
 * events from then on. Class loading is per process, so the check runs in a child JVM with {@code -Xlog:class+load}.
 */
class JfrGateTest {
  @Test void eventClassesLoadOnlyOnceFlightRecorderIsInitialised() throws IOException, InterruptedException {
    String javaCmd = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    Process p = new ProcessBuilder(List.of(javaCmd, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Xlog:class+load=info:stdout:none", "-cp",
        System.getProperty("java.class.path") + java.io.File.pathSeparator + System.getProperty("jdk.module.path", ""),
        Child.class.getName())).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    int mark = out.indexOf("== recording");
    assertTrue(mark > 0 && out.contains("== done 2.0 4.0"), out);
    String before = out.substring(0, mark), after = out.substring(mark);
    assertFalse(before.contains("io.graft.jit.CompileEvent") || before.contains("io.graft.jit.ExecuteEvent"),
        "an event class loaded before any recording");
    assertTrue(after.contains("io.graft.jit.CompileEvent") && after.contains("io.graft.jit.ExecuteEvent"),
        "no event class loaded once recording");
  }

  /** The child: a jitted call with no recording, then one under a {@link jdk.jfr.Recording}. */
  public static final class Child {
    public static void main(String[] args) {
      var twice = Graft.jit((Array x) -> x.mul(2.0));
      float first = twice.apply(Array.of(new float[] {1f})).item().floatValue();
      System.out.println("== recording");
      try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
        r.enable("io.graft.jit.Compile");
        r.enable("io.graft.jit.Execute");
        r.start();
        float second = twice.apply(Array.of(new float[] {2f, 3f})).toFloatArray()[0];
        System.out.println("== done " + first + " " + second);
      }
    }
  }
}
