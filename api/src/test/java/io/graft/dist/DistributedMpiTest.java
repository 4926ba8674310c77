package io.graft.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes under {@code mpirun -np 2} ({@link DataParallelWorker} on the built classes): the collectives'
 * answers, equal parameter hashes on both ranks after data-parallel steps, and a job whose rank is killed resuming
 * from rank 0's last checkpoint to the same parameters as a run never killed. Skipped, saying so, without
 * {@code mpirun} (install it with {@code apt-get install -y openmpi-bin libopenmpi-dev}; {@code .ci/run} does).
 */
class DistributedMpiTest {
  private static Path mpirun;

  @BeforeAll
  static void findMpirun() {
    mpirun = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(d -> Path.of(d, "mpirun")).filter(Files::isExecutable).findFirst().orElse(null);
    Assumptions.assumeTrue(mpirun != null,
        "SKIPPED: mpirun is not on PATH, so the 2-process MPI tests cannot run; install Open MPI with apt-get install -y openmpi-bin libopenmpi-dev");
  }

  @Test
  void collectivesAcrossTwoProcessesGiveTheKnownAnswers() throws Exception {
    Run r = launch(List.of("collectives"), l -> false);
    assertEquals(0, r.exit, r.out);
    assertEquals(2, count(r.out, "allreduce.ok=true"), r.out);
    assertEquals(2, count(r.out, "allreduce.sum0=3.0 allreduce.sum999=2001.0"), r.out);   // (1 + 2) + 2 * 999
    assertEquals(2, count(r.out, "broadcast=1,10000000000,true"), r.out);                  // rank 1's leaves everywhere
    assertEquals(2, count(r.out, "mismatch=detected"), r.out);
    assertEquals(2, count(r.out, "binding.ok=true"), r.out);   // Iallreduce max/min, i32 sum, Reduce_scatter_block
    assertEquals(2, count(r.out, "inflight=refused"), r.out);   // a second all-reduce before await would reuse the buckets
    assertEquals(2, count(r.out, "awaited.ok=true"), r.out);
    assertEquals(2, count(r.out, "stream.ok=true"), r.out);
    List<String> hashes = values(r.out, "hash.same");
    assertEquals(2, hashes.size(), r.out);
    assertEquals(hashes.get(0), hashes.get(1));
  }

  @Test
  void pmapSpansTheProcessesWithCollectivesOverMpi() throws Exception {
    Run r = launch(List.of("pmap"), l -> false);
    assertEquals(0, r.exit, r.out);
    // rank 0: [0 1 2 3], rank 1: [1 2 3 4]
    for (int rank = 0; rank < 2; rank++)
      assertEquals(1, count(r.out, "pmap rank=" + rank + " psum=[1.0, 3.0, 5.0, 7.0] pmax=[1.0, 2.0, 3.0, 4.0] index=" + rank + ".0"
          + " gathered=[0.0, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 4.0] scattered=[1.0, 3.0, 5.0, 7.0]"), r.out);
    assertEquals(2, count(r.out, "maxerr=true"), r.out);
    List<String> hashes = values(r.out, "pmap.grad rank=\\d+ maxerr=true hash");
    assertEquals(2, hashes.size(), r.out);
    assertEquals(hashes.get(0), hashes.get(1), "the pmean-ed gradient differs between ranks");
  }

  @Test
  void trainingKeepsReplicasEqualAndResumesAfterAKilledRank(@TempDir Path dir) throws Exception {
    Run whole = launch(List.of("train", dir.resolve("whole.npz").toString(), "3"), l -> false);
    assertEquals(0, whole.exit, whole.out);
    for (int e = 1; e <= 3; e++) {
      List<String> h = values(whole.out, "epoch=" + e + " rank=\\d+ loss=\\S+ hash");
      assertEquals(2, h.size(), whole.out);
      assertEquals(h.get(0), h.get(1), "epoch " + e + ": rank hashes differ\n" + whole.out);
    }
    List<String> loss1 = values(whole.out, "epoch=1 rank=0 loss"), loss3 = values(whole.out, "epoch=3 rank=0 loss");
    assertTrue(Double.parseDouble(loss3.get(0)) < Double.parseDouble(loss1.get(0)), whole.out);
    List<String> finals = values(whole.out, "final.hash");
    assertEquals(2, finals.size(), whole.out);
    assertEquals(finals.get(0), finals.get(1));

    Path ckpt = dir.resolve("killed.npz");
    Run killed = launch(List.of("train", ckpt.toString(), "3", "2"), l -> l.startsWith("epoch=2 rank=1 "));
    assertNotEquals(0, killed.exit, "a job with a killed rank must fail\n" + killed.out);
    assertTrue(killed.out.contains("epoch=2 rank=1 "), killed.out);
    assertTrue(!killed.out.contains("epoch=3"), killed.out);
    assertTrue(Files.exists(ckpt), "rank 0 wrote no checkpoint\n" + killed.out);

    Run resumed = launch(List.of("train", ckpt.toString(), "3"), l -> false);
    assertEquals(0, resumed.exit, resumed.out);
    assertEquals(2, count(resumed.out, "resumed.epoch=2"), resumed.out);
    assertTrue(!resumed.out.contains("epoch=2 rank"), "epoch 2 was trained again\n" + resumed.out);
    assertEquals(finals, values(resumed.out, "final.hash").stream().limit(1).map(h -> List.of(h, h)).findFirst().orElseThrow(),
        "resumed parameters differ from an uninterrupted run\n" + whole.out + "\n---\n" + resumed.out);
    assertEquals(values(resumed.out, "final.hash").get(0), values(resumed.out, "final.hash").get(1));
  }

  @Test
  void aProcessStartedWithoutMpirunIsAJobOfOne() throws Exception {
    Run r = run(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp", classpath(), DataParallelWorker.class.getName(), "collectives"), l -> false);
    assertEquals(0, r.exit, r.out);
    assertTrue(r.out.contains("rank=0 size=1 "), r.out);
    assertTrue(r.out.contains("allreduce.sum0=1.0 allreduce.sum999=1000.0 allreduce.ok=true"), r.out);
    assertTrue(r.out.contains("broadcast=0,0,false"), r.out);
    assertTrue(r.out.contains("binding.ok=true"), r.out);
    assertTrue(r.out.contains("stream.ok=true"), r.out);
  }

  record Run(int exit, String out) {}

  private static String java() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

  /** The worker's classes and everything the test JVM sees, as one class path. */
  private static String classpath() {
    List<String> cp = new ArrayList<>();
    cp.add(Path.of(DataParallelWorker.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
    for (String p : List.of("jdk.module.path", "java.class.path")) {
      String v = System.getProperty(p);
      if (v != null && !v.isBlank()) cp.add(v);
    }
    return String.join(File.pathSeparator, cp);
  }

  /** {@code mpirun -np 2} of the worker; kills rank 1 (SIGKILL, by its pid) at the first line {@code killAt} accepts. */
  private static Run launch(List<String> args, Predicate<String> killAt) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(mpirun.toString(), "-np", "2", "--oversubscribe", "-x", "UCX_ERROR_SIGNALS="));
    if ("root".equals(System.getProperty("user.name"))) cmd.add("--allow-run-as-root");
    cmd.addAll(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-Dgraft.threads=1", "-Dgraft.dist.bucketBytes=1024", "-cp", classpath(),
        DataParallelWorker.class.getName()));
    cmd.addAll(args);
    return run(cmd, killAt);
  }

  private static Run run(List<String> cmd, Predicate<String> killAt) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("UCX_ERROR_SIGNALS", "");
    Process p = pb.start();
    StringBuilder out = new StringBuilder();
    Pattern pid = Pattern.compile("rank=1 size=2 pid=(\\d+)");
    Optional<Long> rank1 = Optional.empty();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        out.append(line).append('\n');
        Matcher m = pid.matcher(line);
        if (m.find()) rank1 = Optional.of(Long.parseLong(m.group(1)));
        if (killAt.test(line)) {
          long victim = rank1.orElseThrow(() -> new AssertionError("rank 1 printed no pid\n" + out));
          ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
          out.append("[test] killed rank 1 (pid ").append(victim).append(")\n");
        }
      }
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("mpirun did not finish in 300 s\n" + out);
    }
    return new Run(p.exitValue(), out.toString());
  }

  private static int count(String out, String s) {
    return (int) out.lines().filter(l -> l.contains(s)).count();
  }

  /** The values {@code v} of {@code key=v} (key a regex), in output order. */
  private static List<String> values(String out, String key) {
    Matcher m = Pattern.compile(key + "=(\\S+)").matcher(out);
    List<String> vs = new ArrayList<>();
    while (m.find()) vs.add(m.group(1));
    return vs;
  }
}
