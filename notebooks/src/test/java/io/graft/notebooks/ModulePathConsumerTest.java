package io.graft.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's module on the module path: {@code com.example.consumer} {@code requires io.graft.api} and nothing else of
 * Graft, compiles against this build's modules (the JDK's javac, warnings as errors) and runs in a fresh JVM with the
 * flags of the {@code io.graft} Javadoc. It reads {@code DType} and {@code NotATreeError} through
 * {@code requires transitive}, takes a gradient over a record of a package it opens to {@code io.graft.trace}, runs
 * an OpenBLAS product ({@code -Dgraft.gemm=blas}: a failed load or a missing native-access grant would print a
 * warning) and gets the typed error, naming the {@code opens} line, for a record of a package it does not open.
 */
class ModulePathConsumerTest {
  private static final Map<String, String> SOURCES = Map.of(
      "module-info.java", """
          module com.example.consumer {
            requires io.graft.api;
            opens com.example.consumer.model to io.graft.trace;
          }
          """,
      "com/example/consumer/model/Params.java", """
          package com.example.consumer.model;

          import io.graft.Array;

          public record Params(Array w, Array b) {}
          """,
      "com/example/consumer/hidden/Point.java", """
          package com.example.consumer.hidden;

          import io.graft.Array;

          public record Point(Array x, Array y) {}
          """,
      "com/example/consumer/Main.java", """
          package com.example.consumer;

          import com.example.consumer.hidden.Point;
          import com.example.consumer.model.Params;
          import io.graft.Array;
          import io.graft.ArrayFn;
          import io.graft.Graft;
          import io.graft.Np;
          import io.graft.Tree;
          import io.graft.TreeFn;
          import io.graft.numerics.DType;
          import io.graft.trace.tree.NotATreeError;

          public class Main {
            public static void main(String[] args) {
              ArrayFn f = x -> x.mul(x).sum();
              Array x = Array.of(new float[] {1, 2, 3});
              System.out.println("grad " + Graft.grad(f).apply(x) + " jit " + Graft.jit(f).apply(x));
              TreeFn<Params> loss = p -> p.w().mul(x).add(p.b()).sum();
              Params g = Graft.grad(loss).apply(new Params(Np.ones(3), Np.zeros(3)));
              System.out.println("dw " + g.w() + " db " + g.b());
              DType dtype = x.dtype();
              System.out.println("matmul " + Np.ones(64, 64).matmul(Np.ones(64, 64)).sum() + " " + dtype);
              try {
                Tree.flatten(new Point(x, x));
                System.out.println("hidden record flattened");
              } catch (NotATreeError e) {
                System.out.println(e.getMessage());
              }
            }
          }
          """);

  @Test void aModuleRequiringIoGraftApiCompilesAndRuns(@TempDir Path dir) throws IOException, InterruptedException {
    String modulePath = System.getProperty("jdk.module.path");
    assertNotNull(modulePath, "surefire runs this module's tests on the module path, which holds Graft's modules");
    Path src = dir.resolve("src"), classes = dir.resolve("classes");
    List<String> files = new ArrayList<>();
    for (var e : SOURCES.entrySet()) {
      Path file = src.resolve(e.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, e.getValue());
      files.add(file.toString());
    }

    Path bin = Path.of(System.getProperty("java.home"), "bin");
    List<String> javac = new ArrayList<>(List.of(bin.resolve("javac").toString(), "--release", "25",
        "--module-path", modulePath, "--add-modules", "jdk.incubator.vector", "-Xlint:all,-incubating", "-Werror",
        "-d", classes.toString()));
    javac.addAll(files);
    Process c = new ProcessBuilder(javac).redirectErrorStream(true).start();
    String diagnostics = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(c.waitFor(120, TimeUnit.SECONDS), "javac did not finish: " + diagnostics);
    assertEquals(0, c.exitValue(), "javac of the consumer module failed:\n" + diagnostics);

    Process p = new ProcessBuilder(bin.resolve("java").toString(),
        "--module-path", classes + File.pathSeparator + modulePath,
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=io.graft.numerics,org.bytedeco.javacpp",
        "-Dgraft.gemm=blas", "-m", "com.example.consumer/com.example.consumer.Main")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the consumer did not finish: " + out);
    assertEquals(0, p.exitValue(), out);
    assertEquals("""
        grad [2. 4. 6.] jit 14.0
        dw [1. 2. 3.] db [1. 1. 1.]
        matmul 262144.0 f32
        record com.example.consumer.hidden.Point cannot be used as a pytree: module com.example.consumer does not \
        open package com.example.consumer.hidden to io.graft.trace, which reads a record's components and calls its \
        canonical constructor by reflection; add 'opens com.example.consumer.hidden to io.graft.trace;' to the \
        module-info.java of module com.example.consumer
        """, out.replace("WARNING: Using incubator modules: jdk.incubator.vector\n", ""));
  }
}
