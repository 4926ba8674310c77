package io.graft.notebooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Np;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class NotebooksTest {
  private static String run(Runnable main) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    try { main.run(); } finally { System.setOut(old); }
    return buf.toString();
  }

  @Test void readmeExampleRuns() {
    String out = run(() -> Example.main(new String[0]));
    assertTrue(out.contains("{ lambda"), out);
    assertTrue(out.contains("cos a"), out);
  }

  /** The README's first code block is Example.java, verbatim. */
  @Test void readmeShowsTheExample() throws java.io.IOException {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
    String code = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/java/io/graft/notebooks/Example.java"));
    String body = code.substring(code.indexOf("import io.graft.*;"));
    body = body.replace("/** The README's example, verbatim (NotebooksTest runs it, so the README cannot drift from working code). */\n", "");
    assertTrue(readme.contains(body.strip()), "README's example differs from Example.java");
  }

  @Test void controlFlowExampleRunsAndTheReadmeShowsIt() throws java.io.IOException {
    String out = run(() -> ControlFlowExample.main(new String[0]));
    assertTrue(out.contains("192."), out);
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
    String code = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/java/io/graft/notebooks/ControlFlowExample.java"));
    String body = code.substring(code.indexOf("  record Rnn"), code.lastIndexOf("}")).stripTrailing();
    assertTrue(readme.contains(body), "README's control-flow example differs from ControlFlowExample.java");
  }

  @Test void deviceExampleRunsOnAnOpenClDeviceAndTheReadmeShowsIt() throws java.io.IOException {
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
    String code = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/java/io/graft/notebooks/DeviceExample.java"));
    String body = code.substring(code.indexOf("    Device gpu"), code.indexOf("  }\n}")).stripTrailing();
    assertTrue(readme.contains(body), "README's device example differs from DeviceExample.java");
    boolean openCl = Graft.devices().stream().anyMatch(d -> d.kind() == io.graft.Device.Kind.OPENCL);
    if (!openCl) System.out.println("SKIPPED DeviceExample run: no OpenCL device (install pocl-opencl-icd)");
    org.junit.jupiter.api.Assumptions.assumeTrue(openCl, "no OpenCL device");
    String out = run(() -> DeviceExample.main(new String[0]));
    assertTrue(out.startsWith("opencl:") && out.contains(" on opencl:"), out);
  }

  @Test void demoRuns() {
    String out = run(() -> Demo.main(new String[0]));
    assertTrue(out.contains("== Its graph"), out);
    assertTrue(out.contains("cross-entropy"), out);
  }

  /** docs/architecture.md shows the demo's MLP graph: it must be the graph the code prints today. */
  @Test void architectureDocShowsTheCurrentMlpGraph() throws java.io.IOException {
    String out = run(() -> Demo.main(new String[0]));
    int from = out.indexOf("{ lambda"), to = out.indexOf("in (v) }", from) + "in (v) }".length();
    String graph = out.substring(from, to);
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "architecture.md"));
    assertTrue(doc.contains(graph), "docs/architecture.md does not show the current MLP graph:\n" + graph);
  }

  @Test void evaluatedGraphEqualsEagerForward() {
    Demo.Mlp p = Demo.params(4, 8, 3);
    Array x = Np.linspace(-1, 1, 8).reshape(2, 4);
    Array eager = Demo.forward(p, x);
    Array viaGraph = Graft.evalGraph(Graft.makeGraph((Array in) -> Demo.forward(p, in)).apply(x), x).head();
    assertArrayEquals(eager.toFloatArray(), viaGraph.toFloatArray(), 0f);
  }
}
