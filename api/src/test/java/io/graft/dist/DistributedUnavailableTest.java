package io.graft.dist;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without Open MPI ({@code -Dgraft.mpi.library} naming no library, in a child JVM so this JVM's probe stays
 * untouched), {@link Distributed#init()} fails with {@code MpiUnavailableError} naming the library and the install
 * command — on every machine, Open MPI installed or not.
 */
class DistributedUnavailableTest {
  @Test
  void initWithoutOpenMpiSaysWhatToInstall() throws Exception {
    List<String> cp = new ArrayList<>();
    cp.add(Path.of(DataParallelWorker.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
    for (String p : List.of("jdk.module.path", "java.class.path")) {
      String v = System.getProperty(p);
      if (v != null && !v.isBlank()) cp.add(v);
    }
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Dgraft.mpi.library=/nonexistent/libmpi.so.40", "-cp",
        String.join(File.pathSeparator, cp), DataParallelWorker.class.getName(), "collectives").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
    assertNotEquals(0, p.exitValue(), out);
    assertTrue(out.contains("io.graft.jit.mpi.MpiUnavailableError: MPI is not available: Open MPI's library cannot be loaded"), out);
    assertTrue(out.contains("/nonexistent/libmpi.so.40") && out.contains("apt-get install -y openmpi-bin libopenmpi-dev"), out);
  }
}
