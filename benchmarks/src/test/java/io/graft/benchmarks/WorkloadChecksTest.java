package io.graft.benchmarks;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each benchmark computes the right thing (small sizes where the workload has a size), its jitted variant included
 * (checked against eager); no timing here.
 */
class WorkloadChecksTest {
  @Test void w1MatMulMatchesNaiveLoops() { W1MatMul.check(); }
  @Test void w2SumMatchesDoubleAndJitMatchesEager() { W2FusedElementwise.check(); }
  @Test void w2OnOpenClMatchesTheCpuJit() {
    boolean found = io.graft.Graft.devices().size() > 1;
    if (!found) System.err.println("SKIPPED (no OpenCL platform): W2OpenCl needs an OpenCL device");
    assumeTrue(found, "no OpenCL platform: W2OpenCl needs an OpenCL device");
    W2OpenCl.check();
  }
  @Test void w3StepsOnOpenClMatchTheCpuJit() {
    boolean found = io.graft.Graft.devices().stream().anyMatch(d -> d.kind() == io.graft.Device.Kind.OPENCL);
    if (!found) System.err.println("SKIPPED (no OpenCL platform): W3OpenCl needs an OpenCL device");
    assumeTrue(found, "no OpenCL platform: W3OpenCl needs an OpenCL device");
    W3OpenCl.check();
  }
  @Test void w3LossFallsGradientMatchesCentralDifferenceJitMatchesEager() { W3MlpStep.check(); }
  @Test void w4PerExampleGradsMatchClosedFormEagerAndJit() { W4PerExampleGrads.check(); }
  @Test void w5EagerAndJitAgreeWithHandCodedFloor() { W5Dispatch.check(); }
  @Test void w6HessianMatchesClosedFormEagerAndJit() { W6Hessian.check(); }
  @Test void w7JitMatchesEagerLossFallsAndTheStepProfiles() { W7ResNet.check(); }

  /**
   * The JVM peers' W7 check accepts a peer with Graft's parameter count and losses, and rejects a wrong parameter count
   * (the CIFAR variant's), a first loss off by 1e-3 (a different forward pass), a later loss off by 1e-2, and losses
   * that do not fall.
   */
  @Test void w7PeerCheckAcceptsGraftsCountAndLossesOnly() {
    long count = W7ResNet.initialModel().parameterCount();
    org.junit.jupiter.api.Assertions.assertEquals(11_689_512L - 512 * 990 - 990, count);   // ImageNet ResNet-18, fc 10
    double[] ref = {3.15225, 0.08586, 0.00904};
    W7ResNet.checkPeer("same", count, ref.clone(), ref);
    W7ResNet.checkPeer("within", count, new double[] {3.15226, 0.08593, 0.00905}, ref);
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> W7ResNet.checkPeer("cifar", 11_173_962L, ref.clone(), ref));
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> W7ResNet.checkPeer("first", count, new double[] {3.15325, 0.08586, 0.00904}, ref));
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> W7ResNet.checkPeer("later", count, new double[] {3.15225, 0.09586, 0.00904}, ref));
    double[] flat = {2.3, 2.4};
    org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> W7ResNet.checkPeer("flat", count, flat.clone(), flat));
  }
  @Test void w8FreshJitCompilesOnceAndMatchesEager() { W8FirstCompile.check(); }
  @Test void w9ScanGradientMatchesTheUnrolledLoopEagerAndJit() { W9Rnn.check(); }
  @Test void fusedLoopNestKernelsMatchPlainLoops() { FusedLoopNests.check(); }

  /** W10's step on synthetic learnable data (always runs): jit equals eager for one step, 50 steps lower the loss. */
  @Test void w10StepJitMatchesEagerAndLossFallsOnSyntheticData() { W10FashionMnist.check(W10FashionMnist.synthetic(1000), 0.5); }

  /**
   * W10's step on the first 1,000 Fashion-MNIST training images: jit equals eager for one step, 50 steps lower the
   * loss below 0.6 of its start. Skipped, saying so, where the files are absent ({@code ./graft demo} fetches them).
   */
  @Test void w10StepJitMatchesEagerAndLossFallsOnFashionMnistSubset() {
    io.graft.data.Splits data;
    try {
      data = W10FashionMnist.load();
    } catch (io.graft.data.DatasetNotFoundError e) {
      assumeTrue(false, "Fashion-MNIST files absent, W10's real-data check skipped (the synthetic-data check ran): " + e.getMessage());
      return;
    }
    int[] first = new int[1000];
    for (int i = 0; i < first.length; i++) first[i] = i;
    W10FashionMnist.check(io.graft.data.Dataset.of(data.train()).take(first), 0.6);
  }

  /**
   * W2's C reference loop ({@code peers/w2_fused.c}, built with run.sh's flags) at n = 2^16: its float64 sum of the
   * same expression equals Java's over {@link Inputs} (so its SplitMix64 inputs are Graft's, bit for bit), and its
   * f32 sum is Graft's eager W2 value within 1e-4. Needs gcc (skipped without it).
   */
  @Test void w2CReferenceLoopSeesGraftsInputsAndGivesGraftsSum(@TempDir Path dir) throws Exception {
    assumeTrue(runs("gcc", "--version"), "gcc is not installed: the C reference loop cannot be built");
    Path bin = dir.resolve("w2_fused");
    run("gcc", "-O3", "-march=native", "-ffast-math", "-fopenmp", "peers/w2_fused.c", "-o", bin.toString(), "-lmvec", "-lm");
    int n = 1 << 16;
    String out = run(bin.toString(), Integer.toString(n), "0.001", "0", "1");
    float[] x = Inputs.uniformFloats(3, n, -1, 1), y = Inputs.uniformFloats(4, n, -1, 1);
    double want = 0;
    for (int i = 0; i < n; i++) want += Math.tanh(x[i]) * y[i] + Math.exp(-(double) x[i] * x[i]);
    Inputs.near("W2 C loop: float64 sum over its inputs vs Java's over Inputs", want, field(out, "ref"), 1e-9);
    W2FusedElementwise graft = new W2FusedElementwise();
    graft.n = n;
    graft.setup();
    Inputs.near("W2 C loop: f32 sum vs Graft's eager W2", graft.fused().item().doubleValue(), field(out, "sum"), 1e-4);
  }

  /**
   * The harness's OpenBLAS query reads the library Graft loaded: a non-blank core name, and where
   * {@code OPENBLAS_CORETYPE} is set (tests and CI keep it), exactly the kernel it forces.
   */
  @Test void environmentReportsTheCoreOfGraftsOpenBlas() {
    assumeTrue(io.graft.numerics.kernels.Blas.AVAILABLE, "OpenBLAS is not loaded here: " + io.graft.numerics.kernels.Blas.STATUS);
    String core = Environment.openblasInfo().orElseThrow(() -> new AssertionError("no openblas_get_* symbols"))[0];
    if (core.isBlank()) throw new AssertionError("blank OpenBLAS core name");
    String forced = System.getenv("OPENBLAS_CORETYPE");
    if (forced != null && !forced.isBlank() && !core.equalsIgnoreCase(forced))
      throw new AssertionError("OPENBLAS_CORETYPE=" + forced + " but OpenBLAS reports core " + core);
  }

  private static boolean runs(String... command) {
    try {
      run(command);
      return true;
    } catch (IOException | AssertionError e) {
      return false;
    }
  }

  /** Runs {@code command} in the module directory; its stdout, or an AssertionError with its output on failure. */
  private static String run(String... command) throws IOException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + String.join(" ", command), e);
    }
    return out;
  }

  private static double field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\": ([-+0-9.eE]+)").matcher(json);
    if (!m.find()) throw new AssertionError("no " + name + " in the C loop's output: " + json);
    return Double.parseDouble(m.group(1));
  }
}
