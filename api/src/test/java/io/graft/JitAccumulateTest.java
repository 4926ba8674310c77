package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Property(tries = 30)
  void sgdUpdatesOfADonatedWeight(@ForAll @IntRange(min = 1, max = 300) int m, @ForAll @IntRange(min = 1, max = 300) int n,
                                  @ForAll @IntRange(min = 1, max = 300) int k) {
    Array h = Random.normal(Random.key(m), k, m), g = Random.normal(Random.key(n + 1000), k, n);
    Array w = Random.normal(Random.key(k + 2000), m, n);
    String what = "w - lr·hᵀg " + m + "x" + n + "x" + k;
    Array separate = withAccumulate(false, () -> Graft.jit(STEP).donatingArgs(0).apply(copy(w), h, g));
    Array fused = withAccumulate(true, () -> Graft.jit(STEP).donatingArgs(0).apply(copy(w), h, g));
    assertNear(separate, fused, w, h, g, what);
    Array kept = withAccumulate(true, () -> Graft.jit(STEP).apply(w, h, g));    // w not donated: the caller's buffer
    assertSameBits(separate, kept, what + ", not donated");
    assertSameBits(STEP.apply(w, h, g), kept, what + ", not donated, against eager");
  }

  /**
   * A backward pass reads the old weight for the input gradient {@code g·w} after it computed the weight gradient: the
   * jit moves the weight gradient's product after that reader, so the input gradient still sees the old weight, over
   * several donated steps.
   */
  @Test void theInputGradientStillReadsTheOldWeight() {
    Array h = Random.normal(Random.key(1), 256, 300), g = Random.normal(Random.key(2), 256, 200);
    Function3<Array, Array, Array, Tuple2<Array, Array>> step =
        (w, x, y) -> Tuple.of(w.sub(x.transpose().matmul(y).mul(LR)), y.matmul(w.transpose()));
    Array w = Random.normal(Random.key(3), 300, 200);
    var fusedStep = withAccumulate(true, () -> Graft.jit(step).donatingArgs(0));
    String text = withAccumulate(true, () -> fusedStep.lower(w, h, g));
    assertTrue(text.contains("; adds itself to "), text);
    var inputGradient = Graft.jit((Array y, Array v) -> y.matmul(v.transpose()));
    Array wf = copy(w);
    for (int i = 0; i < 3; i++) {
      Array before = copy(wf);
      Tuple2<Array, Array> f = withAccumulate(true, () -> fusedStep.apply(copy(before), h, g));
      assertSameBits(inputGradient.apply(g, before), f._2, "step " + i + ": g·wᵀ of the weight before the update");
      assertNear(STEP.apply(before, h, g), f._1, before, h, g, "step " + i + " update");
      wf = f._1;
    }
  }
}
