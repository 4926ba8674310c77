package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules sit below the NumPy layer: no compiled class of {@code io.graft.trace.prim} names a type of
 * {@code io.graft.trace.ops} (an import, a static call, a descriptor), so the JVP, transpose and batching rules
 * bind primitives through {@link LaxOps} only and {@code ops -> prim} is a one-way dependency.
 */
class LayeringTest {
  private static final String OPS = "io/graft/trace/ops/", PRIM = "io/graft/trace/prim/";

  @Test void primitivesAndTheirRulesNeverReachTheNumpyLevelOps() throws Exception {
    List<String> refs = references(PRIM, OPS);
    assertTrue(refs.isEmpty(), "io.graft.trace.prim must not depend on io.graft.trace.ops (write rules with LaxOps, "
        + "move shared helpers into prim); found: " + refs);
  }

  /** The scan sees references when there are some: ops is built on prim. */
  @Test void theScanFindsTheReferencesOfOpsToPrim() throws Exception {
    List<String> refs = references(OPS, PRIM);
    assertFalse(refs.isEmpty(), "expected io.graft.trace.ops to reference io.graft.trace.prim");
    assertTrue(refs.stream().anyMatch(r -> r.startsWith("Arith.class -> " + PRIM + "LaxOps")), refs.toString());
  }

  /** {@code "File.class -> name"}, once each, for every constant-pool string of a class in {@code pkg} that names {@code target}. */
  private static List<String> references(String pkg, String target) throws IOException, URISyntaxException {
    Path root = Path.of(Primitive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = root.resolve(pkg);
    List<String> out = new ArrayList<>();
    int classes = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        classes++;
        for (PoolEntry e : ClassFile.of().parse(p).constantPool()) {
          if (!(e instanceof Utf8Entry u)) continue;
          String s = u.stringValue();
          int at = s.indexOf(target);
          String ref = at < 0 ? null : p.getFileName() + " -> " + s.substring(at).replaceAll("[;<>$].*", "");
          if (ref != null && !out.contains(ref)) out.add(ref);
        }
      }
    }
    assertTrue(classes > 5, "found only " + classes + " classes under " + dir);
    return out;
  }
}
