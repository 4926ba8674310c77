package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * f32 sums and means through the user surface are the exact value rounded once (eager, a lone jitted sum, a fused
 * jitted sum), repeat bit for bit, and bool masks reduce without a 4-byte-per-element copy.
 */
class AccurateReductionsTest {
  private static final int N = 1 << 24;                    // 64 MB of f32

  private static float f(Array a) { return a.item().floatValue(); }

  @Test void eagerSumAndMeanOfTenthsAreExactlyRounded() {
    Array x = Np.full(new int[] {N}, 0.1);
    assertEquals((float) ((double) N * 0.1f), f(x.sum()));
    assertEquals(0.1f, f(x.mean()), Math.ulp(0.1f));
    Array ones = Np.ones(N);
    assertEquals((float) N, f(ones.sum()));
    assertEquals(1f, f(ones.mean()));
    assertEquals(0.1f, f(Np.full(new int[] {1 << 12, 1 << 12}, 0.1).mean()), Math.ulp(0.1f), "two axes");
  }

  @Test void jittedSumsAgreeWithTheAccurateAnswer() {
    Array x = Np.full(new int[] {N}, 0.1);
    float exact = (float) ((double) N * 0.1f), twice = (float) ((double) N * (double) (0.1f * 2f));
    assertEquals(exact, f(Graft.jit(v -> v.sum()).apply(x)), "a lone sum runs the eager kernel");
    assertEquals(twice, f(Graft.jit(v -> v.mul(2.0).sum()).apply(x)), Math.ulp(twice), "fused");
    assertEquals(0.1f, f(Graft.jit(v -> v.mean()).apply(x)), Math.ulp(0.1f));
  }

  @Test void eagerAndJittedSumsRepeatBitForBit() {
    float[] data = new float[1 << 22];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    for (int i = 0; i < data.length; i++) data[i] = (float) rnd.nextDouble();
    Array x = Array.of(data);
    JittedArrayFn fused = Graft.jit(v -> v.mul(2.0).sum());
    int eager = Float.floatToRawIntBits(f(x.sum())), jitted = Float.floatToRawIntBits(f(fused.apply(x)));
    for (int i = 0; i < 20; i++) {
      assertEquals(eager, Float.floatToRawIntBits(f(x.sum())), "eager call " + i);
      assertEquals(jitted, Float.floatToRawIntBits(f(fused.apply(x))), "jit call " + i);
    }
    double exact = 0;
    for (float v : data) exact += 2.0 * v;
    assertEquals((float) exact, Float.intBitsToFloat(jitted), Math.ulp((float) exact), "fused sum is accurate");
  }

  // ---------------------------------------------------------------- bool masks, memory-bounded

  static final int MASK = 160 << 20;                        // 160 MiB of bool: an i32 copy would need 640 MiB more

  /** Sums, means and argmaxes a 160 MiB mask; run in a JVM whose heap fits the mask but not an i32 copy of it. */
  public static final class MaskChild {
    public static void main(String[] args) {
      boolean[] m = new boolean[MASK];
      for (int i = 3; i < MASK; i += 5) m[i] = true;
      Array mask = Array.of(m, MASK);                       // its own copy: 320 MiB live with m
      m = null;
      System.out.println(mask.sum().item() + " " + mask.argmax().item() + " " + mask.mean().item());
    }
  }

  @Test void boolMaskReducesWithoutAnI32Copy() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx600m",
        "-cp", System.getProperty("java.class.path") + java.io.File.pathSeparator + System.getProperty("jdk.module.path", ""), MaskChild.class.getName()));
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "child JVM (-Xmx600m) failed: " + err);
    int count = (MASK - 3 + 4) / 5;
    assertEquals(count + " 3 " + (float) count / MASK, out);
  }

  @Test void boolSumMeanAndArgmaxAreRight() {
    boolean[] m = new boolean[100_003];
    int count = 0;
    for (int i = 17; i < m.length; i += 3) { m[i] = true; count++; }
    Array mask = Array.of(m);
    assertEquals(count, mask.sum().item());
    assertEquals(17, mask.argmax().item());
    assertEquals(0, mask.argmin().item());
    assertEquals((float) count / m.length, f(mask.mean()), Math.ulp(0.5f));
    assertEquals(count, Graft.jit(v -> v.sum()).apply(mask).item());
  }
}
