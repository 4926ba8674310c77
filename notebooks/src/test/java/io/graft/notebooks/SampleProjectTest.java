package io.graft.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notebooks/sample-project} is the README's "Use Graft in your project": its pom and Main appear there
 * verbatim, it depends on this version of Graft, and a copy in a fresh directory builds, passes its test and runs
 * with a nested Maven on this JDK and this build's local repository ({@code ./graft test} installs Graft there
 * before this module's tests run; {@code -nsu} keeps it from looking for newer snapshots of Graft, and a plugin the
 * outer build never used, such as exec-maven-plugin on a fresh machine, comes from Maven Central as in any user's
 * build). The jshell recipe is run too.
 */
class SampleProjectTest {
  private static final Path SAMPLE = Path.of("sample-project");
  private static final String MAIN = "src/main/java/com/example/Main.java";
  /** The README's jshell line after {@code jshell }, as run here. */
  private static final String JSHELL_ARGS =
      "--class-path \"target/classes:$(cat target/cp.txt)\" -R--add-modules=jdk.incubator.vector -R--enable-native-access=ALL-UNNAMED";

  private static String readme() throws IOException { return Files.readString(Path.of("..", "README.md")); }

  @Test void readmeShowsTheSamplePomMainAndCommands() throws IOException {
    String readme = readme();
    assertTrue(readme.contains("```xml\n" + Files.readString(SAMPLE.resolve("pom.xml")) + "```"),
        "README's pom block differs from notebooks/sample-project/pom.xml");
    assertTrue(readme.contains("```java\n" + Files.readString(SAMPLE.resolve(MAIN)) + "```"),
        "README's Main block differs from notebooks/sample-project/" + MAIN);
    for (String command : List.of("mvn -q package exec:exec", "mvn -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt",
        "jshell " + JSHELL_ARGS, "./graft mvn -q install -DskipTests"))
      assertTrue(readme.contains(command), "README lacks: " + command);
  }

  @Test void theSampleAndTheReadmeNameThisVersionOfGraft() throws IOException {
    String version = System.getProperty("graft.version");
    assumeTrue(version != null, "run outside Maven: -Dgraft.version not set");
    Matcher m = Pattern.compile("<graft.version>([^<]+)</graft.version>").matcher(Files.readString(SAMPLE.resolve("pom.xml")));
    assertTrue(m.find(), "sample pom has no <graft.version>");
    assertEquals(version, m.group(1), "sample-project/pom.xml's graft.version");
    assertTrue(readme().contains("Graft " + version), "README does not name version " + version);
  }

  /** The sample names every plugin at the version Graft's own build uses, so the two builds stay in step. */
  @Test void theSampleUsesTheParentsPluginVersions() throws IOException {
    Map<String, String> sample = pluginVersions(SAMPLE.resolve("pom.xml")), parent = pluginVersions(Path.of("..", "pom.xml"));
    assertEquals(7, sample.size(), "plugins of the sample: " + sample);
    sample.forEach((plugin, version) -> assertEquals(parent.get(plugin), version, plugin + " in sample-project/pom.xml"));
  }

  private static Map<String, String> pluginVersions(Path pom) throws IOException {
    Matcher m = Pattern.compile("<artifactId>([a-z-]+-plugin)</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(pom));
    Map<String, String> versions = new java.util.TreeMap<>();
    while (m.find()) versions.put(m.group(1), m.group(2));
    return versions;
  }

  @Test void theSampleBuildsTestsAndRunsFromAFreshDirectory(@TempDir Path dir) throws Exception {
    String version = System.getProperty("graft.version"), repo = System.getProperty("graft.localRepository"),
        mavenHome = System.getProperty("graft.mavenHome");
    assumeTrue(version != null && repo != null && mavenHome != null, "run outside Maven: graft.* properties not set");
    Path installed = Path.of(repo, "io", "graft", "graft-api", version, "graft-api-" + version + ".jar");
    Path built = Path.of("..", "api", "target", "graft-api-" + version + ".jar");
    assumeTrue(Files.exists(built) && Files.exists(installed) && Files.mismatch(built, installed) == -1,
        "graft-api from this tree is not installed in " + repo + " (./graft test installs it; mvn test does not)");
    copy(SAMPLE, dir);

    Result build = run(dir, mvn(mavenHome, repo, "package"));
    assertEquals(0, build.code, build.out);
    assertTrue(Files.exists(dir.resolve("target/surefire-reports/TEST-com.example.MainTest.xml")), "MainTest did not run");

    Result main = run(dir, mvn(mavenHome, repo, "exec:exec"));
    assertEquals(0, main.code, main.out);
    assertEquals("f(x)      = 14.0\ngrad f(x) = [2. 4. 6.]\njit f(x)  = 14.0\n", main.out);

    Result cp = run(dir, mvn(mavenHome, repo, "dependency:build-classpath", "-Dmdep.outputFile=target/cp.txt"));
    assertEquals(0, cp.code, cp.out);
    Files.writeString(dir.resolve("check.jsh"), """
        import io.graft.*;
        ArrayFn f = x -> x.mul(x).sum();
        System.out.println("jshell grad " + Graft.grad(f).apply(Array.of(new float[] {1, 2, 3})));
        /exit
        """);
    String jshell = Path.of(System.getProperty("java.home"), "bin", "jshell") + " " + JSHELL_ARGS + " check.jsh";
    Result shell = run(dir, List.of("bash", "-c", jshell));
    assertEquals(0, shell.code, shell.out);
    assertTrue(shell.out.contains("jshell grad [2. 4. 6.]"), shell.out);
  }

  private static List<String> mvn(String mavenHome, String repo, String... goals) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(mavenHome, "bin", "mvn").toString(), "-B", "-ntp", "-nsu", "-q",
        "-Dmaven.repo.local=" + repo));
    cmd.addAll(List.of(goals));
    return cmd;
  }

  private record Result(int code, String out) {}

  private static Result run(Path dir, List<String> cmd) throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "run", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    String javaHome = System.getProperty("java.home");
    env.put("JAVA_HOME", javaHome);
    env.put("PATH", Path.of(javaHome, "bin") + java.io.File.pathSeparator + env.getOrDefault("PATH", ""));
    env.put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow -Djansi.noreset=true");
    env.remove("MAVEN_ARGS");
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("timed out after 300 s: " + cmd + "\n" + Files.readString(log));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out.replace("WARNING: Using incubator modules: jdk.incubator.vector\n", ""));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (from.relativize(f).startsWith("target")) continue;
        Path dest = to.resolve(from.relativize(f).toString());
        Files.createDirectories(dest.getParent());
        Files.copy(f, dest);
      }
    }
  }
}
