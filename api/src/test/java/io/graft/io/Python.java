package io.graft.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code python3 -c script} for the NumPy interop tests; skips the test (with the reason) without python3+numpy.
 * The environment variable {@code GRAFT_PYTHON} names another interpreter.
 */
final class Python {
  private Python() {}

  private static final String PYTHON = System.getenv().getOrDefault("GRAFT_PYTHON", "python3");

  private static volatile String missing; // null: not probed yet; "": available

  /** Skips the calling test, saying why, unless {@code python3 -c 'import numpy'} works. */
  static void assumeNumpy() {
    if (missing == null) missing = probe();
    assumeTrue(missing.isEmpty(), () -> "NumPy interop test skipped: " + missing
        + " (install python3 and python3-numpy, e.g. apt-get install python3-numpy, to run it)");
  }

  private static String probe() {
    try {
      Result r = run("import numpy");
      return r.exit == 0 ? "" : PYTHON + " -c 'import numpy' failed: " + r.output.strip();
    } catch (IOException e) {
      return PYTHON + " was not found: " + e.getMessage();
    }
  }

  record Result(int exit, String output) {}

  /** Runs {@code script} with python3 and returns its exit status and output (stdout and stderr together). */
  static Result run(String script, String... args) throws IOException {
    String[] cmd = new String[args.length + 3];
    cmd[0] = PYTHON;
    cmd[1] = "-c";
    cmd[2] = script;
    System.arraycopy(args, 0, cmd, 3, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); return new Result(-1, out + "\n(timed out)"); }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
    return new Result(p.exitValue(), out);
  }

  /** Runs {@code script}, failing the test with its output unless it exits with 0; returns the output. */
  static String check(String script, String... args) throws IOException {
    Result r = run(script, args);
    if (r.exit != 0) throw new AssertionError("python3 failed (exit " + r.exit + "):\n" + r.output);
    return r.output;
  }
}
