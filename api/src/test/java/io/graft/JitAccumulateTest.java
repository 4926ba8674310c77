package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.Function2;
import io.vavr.Function3;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * An SGD update {@code w - lr·(hᵀ·g)} of a donated weight runs as one BLAS call that adds the product to the weight's
 * buffer ({@code -Dgraft.accumulate}, read when a program is built): within a few ulps of the larger term of the
 * separate product and pass ({@code -Dgraft.accumulate=false}, whose bits are the epilogue's), and with exactly those
 * bits when the weight is not donated (its buffer is the caller's) or the product runs on Graft's own kernels.
 */
class JitAccumulateTest {
  private static <T> T withAccumulate(boolean on, Supplier<T> body) {
    String before = System.getProperty("graft.accumulate");
    try {
      System.setProperty("graft.accumulate", Boolean.toString(on));
      return body.get();
    } finally {
      if (before == null) System.clearProperty("graft.accumulate");
      else System.setProperty("graft.accumulate", before);
    }
  }

  private static final double LR = 0.01;
  private static final Function3<Array, Array, Array, Array> STEP = (w, h, g) -> w.sub(h.transpose().matmul(g).mul(LR));

  private static Array copy(Array a) { return Array.of(a.toFloatArray(), a.shape()); }

  /** Each element of {@code got} within 4 ulps of {@code max(|w|, lr·Σ|h||g|)} of {@code separate}. */
  private static void assertNear(Array separate, Array got, Array w, Array h, Array g, String what) {
    assertArrayEquals(separate.shape(), got.shape(), what);
    float[] s = separate.toFloatArray(), x = got.toFloatArray(), w0 = w.toFloatArray();
    float[] mag = h.abs().transpose().matmul(g.abs()).toFloatArray();
    for (int i = 0; i < s.length; i++) {
      double bound = 4 * Math.ulp(Math.max(Math.abs(w0[i]), (float) LR * mag[i])) + Float.MIN_VALUE;
      assertTrue(Math.abs(s[i] - x[i]) <= bound, what + ": element " + i + " " + x[i] + " vs " + s[i]);
    }
  }

  private static void assertSameBits(Array a, Array b, String what) {
    assertArrayEquals(a.shape(), b.shape(), what);
    float[] x = a.toFloatArray(), y = b.toFloatArray();
    for (int i = 0; i < x.length; i++) assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), what + ": element " + i);
  }

  /** Whether a profiled (donating) run of {@code f} on {@code x} had a product add itself to a weight. */
  private static <A, B, C, R> boolean accumulates(Jitted3<A, B, C, R> f, A a, B b, C c) {
    return f.profile(a, b, c).rows().exists(r -> r.kernel().contains(" adding itself into "));
  }

  /**
   * Two donated steps each way from the same weight. The first call's weight is the caller's array, whose buffer the
   * call may not take (only a jitted result's is), so both run the separate pass and agree bit for bit; the second
   * call's weight is that result, which the accumulating step adds the product into.
   */
  @Property(tries = 30)
  void sgdUpdatesOfADonatedWeight(@ForAll @IntRange(min = 1, max = 300) int m, @ForAll @IntRange(min = 1, max = 300) int n,
                                  @ForAll @IntRange(min = 1, max = 300) int k) {
    Array h = Random.normal(Random.key(m), k, m), g = Random.normal(Random.key(n + 1000), k, n);
    Array w = Random.normal(Random.key(k + 2000), m, n);
    String what = "w - lr·hᵀg " + m + "x" + n + "x" + k;
    var separateStep = withAccumulate(false, () -> Graft.jit(STEP).donatingArgs(0));
    var fusedStep = withAccumulate(true, () -> Graft.jit(STEP).donatingArgs(0));
    Array s1 = withAccumulate(false, () -> separateStep.apply(copy(w), h, g));
    Array f1 = withAccumulate(true, () -> fusedStep.apply(copy(w), h, g));
    Array before = copy(s1);
    Array s2 = separateStep.apply(s1, h, g), f2 = fusedStep.apply(f1, h, g);
    assertNear(s2, f2, before, h, g, what + ", second step");
    Array kept = withAccumulate(true, () -> Graft.jit(STEP).apply(before, h, g));   // not donated: the caller's buffer
    assertSameBits(s2, kept, what + ", not donated");
  }

  /** A large update runs as one product adding itself into the weight (the profile says so), within the bound. */
  @Test void aLargeUpdateRunsAsOneAccumulatingProduct() {
    Array h = Random.normal(Random.key(7), 256, 784), g = Random.normal(Random.key(8), 256, 1024);
    Array w = Random.normal(Random.key(9), 784, 1024);
    var separateStep = withAccumulate(false, () -> Graft.jit(STEP).donatingArgs(0));
    var fusedStep = withAccumulate(true, () -> Graft.jit(STEP).donatingArgs(0));
    Array s1 = withAccumulate(false, () -> separateStep.apply(copy(w), h, g));   // programs are built on first call
    Array f1 = withAccumulate(true, () -> fusedStep.apply(copy(w), h, g));
    Array before = copy(s1);
    Array s2 = separateStep.apply(s1, h, g), f2 = fusedStep.apply(f1, h, g);
    assertNear(s2, f2, before, h, g, "784x1024x256");
    assertTrue(accumulates(fusedStep, before, h, g), fusedStep.profile(before, h, g).toString());
    assertFalse(accumulates(separateStep, before, h, g), "off with -Dgraft.accumulate=false");
  }

  /** {@code w - lr·(w·g)}: the product reads the weight it would add itself to, so it runs apart. */
  @Test void aProductOfTheWeightItselfDoesNotWriteIt() {
    Array g = Random.normal(Random.key(4), 512, 512), w = Random.normal(Random.key(5), 512, 512);
    Function3<Array, Array, Array, Array> f = (v, x, y) -> v.sub(v.matmul(y).mul(LR));
    var separateStep = withAccumulate(false, () -> Graft.jit(f).donatingArgs(0));
    var fusedStep = withAccumulate(true, () -> Graft.jit(f).donatingArgs(0));
    Array s1 = withAccumulate(false, () -> separateStep.apply(copy(w), g, g));
    Array f1 = withAccumulate(true, () -> fusedStep.apply(copy(w), g, g));
    Array before = copy(s1);
    Array s2 = separateStep.apply(s1, g, g), f2 = fusedStep.apply(f1, g, g);
    assertSameBits(s2, f2, "w - lr·w·g, second step");
    assertFalse(accumulates(fusedStep, before, g, g));
  }

  /**
   * A backward pass reads the old weight for the input gradient {@code g·wᵀ} after it computed the weight gradient: the
   * jit moves the weight gradient's product and the update after that reader, so the input gradient still sees the
   * old weight.
   */
  @Test void theInputGradientStillReadsTheOldWeight() {
    Array h = Random.normal(Random.key(1), 256, 300), g = Random.normal(Random.key(2), 256, 200);
    Function3<Array, Array, Array, Tuple2<Array, Array>> step =
        (w, x, y) -> Tuple.of(w.sub(x.transpose().matmul(y).mul(LR)), y.matmul(w.transpose()));
    Array w = Random.normal(Random.key(3), 300, 200);
    var fusedStep = withAccumulate(true, () -> Graft.jit(step).donatingArgs(0));
    var separateStep = withAccumulate(false, () -> Graft.jit(step).donatingArgs(0));
    String text = withAccumulate(true, () -> fusedStep.lower(w, h, g));
    assertTrue(text.contains("; adds itself to "), text);
    Tuple2<Array, Array> f1 = fusedStep.apply(copy(w), h, g), s1 = withAccumulate(false, () -> separateStep.apply(copy(w), h, g));
    Array before = copy(s1._1);
    Tuple2<Array, Array> f2 = fusedStep.apply(f1._1, h, g), s2 = separateStep.apply(s1._1, h, g);
    assertSameBits(s2._2, f2._2, "g·wᵀ of the weight before the update");
    assertNear(s2._1, f2._1, before, h, g, "the update");
    assertTrue(accumulates(fusedStep, before, h, g));
  }

  /**
   * The product's first reader is the loop {@code y + p} (f64, so not merged with the f32 loop below), which could add
   * the product into {@code y}'s buffer after {@code y}'s last reader (the {@code neg}), but another loop reads the
   * product before that: the product stays before it (it used to sink past it, and that loop found no operand; found
   * by {@code JitRandomProgramsProperties} in the JVP of a program with a dead {@code tanh}).
   */
  @Test void aProductReadByAnotherLoopDoesNotMovePastIt() {
    Array x = Array.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), y = Array.of(new double[] {1, -2, 3, -4}, 2, 2);
    Function2<Array, Array, java.util.List<Array>> f = (a, b) -> {
      Array p = a.matmul(a.transpose());
      return java.util.List.of(b.add(p), p.tanh().square().neg().add(1.0), b.neg());
    };
    java.util.List<Array> eager = f.apply(x, y), jitted = Graft.jit(f).apply(x, y);
    for (int k = 0; k < 3; k++) assertSameBits(eager.get(k), jitted.get(k), "result " + k);
  }
}
