package io.graft.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Np;
import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.testing.GradCheck;
import org.junit.jupiter.api.Test;

/** Losses against values worked out by hand (in doubles), their gradients by {@link GradCheck}, and jit. */
class LossesTest {
  private static final Array LOGITS = Array.of(new double[] {1, 2, 3, -1, 0.5, 0.25}, 2, 3);
  private static final Array LABELS = Array.of(new int[] {2, 0});

  private static double lse(double... z) {
    double m = Double.NEGATIVE_INFINITY, s = 0;
    for (double v : z) m = Math.max(m, v);
    for (double v : z) s += Math.exp(v - m);
    return m + Math.log(s);
  }

  @Test void integerLabelCrossEntropyByHand() {
    Array l = Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, LABELS);
    assertArrayEquals(new int[] {2}, l.shape());
    assertArrayEquals(new double[] {lse(1, 2, 3) - 3, lse(-1, 0.5, 0.25) + 1}, l.toDoubleArray(), 1e-14);
    assertEquals(0.40760596444438, l.toDoubleArray()[0], 1e-13);       // log(1 + e^-1 + e^-2)
  }

  @Test void crossEntropyIsStableForHugeLogits() {
    for (var dtype : new io.graft.numerics.DType[] {Np.float32, Np.float64}) {
      Array z = Array.of(new double[] {1000, 0, -1000, 1000}, 2, 2).astype(dtype);
      double[] l = Losses.softmaxCrossEntropyWithIntegerLabels(z, Array.of(new int[] {1, 0})).toDoubleArray();
      assertArrayEquals(new double[] {1000, 2000}, l, 1e-3, dtype.toString());
      double[] p = Losses.softmaxCrossEntropy(z, Np.oneHot(Array.of(new int[] {1, 0}), 2, dtype)).toDoubleArray();
      assertArrayEquals(new double[] {1000, 2000}, p, 1e-3, dtype.toString());
    }
  }

  @Test void probabilityTargetsByHand() {
    Array y = Array.of(new double[] {0.2, 0.3, 0.5, 1, 0, 0}, 2, 3);
    double want0 = -(0.2 * (1 - lse(1, 2, 3)) + 0.3 * (2 - lse(1, 2, 3)) + 0.5 * (3 - lse(1, 2, 3)));
    assertArrayEquals(new double[] {want0, lse(-1, 0.5, 0.25) + 1}, Losses.softmaxCrossEntropy(LOGITS, y).toDoubleArray(), 1e-14);
  }

  @Test void labelSmoothingByHand() {
    double a = 0.1, k = 3;
    double want = lse(1, 2, 3) - (1 - a) * 3 - (a / k) * (1 + 2 + 3);
    double[] got = Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, LABELS, a).toDoubleArray();
    assertEquals(want, got[0], 1e-14);
    assertArrayEquals(Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, LABELS).toDoubleArray(),
        Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, LABELS, 0).toDoubleArray(), 1e-14);
    assertArrayEquals(new double[] {0.9 + 0.1 / 2, 0.1 / 2}, Losses.smoothLabels(Array.of(new double[] {1, 0}), 0.1)
        .toDoubleArray(), 1e-15);
  }

  @Test void binaryCrossEntropyByHandAndStable() {
    Array x = Array.of(new double[] {0, 2, -3, 1000, -1000, 1000});
    Array y = Array.of(new double[] {1, 0, 0.25, 1, 1, 0});
    double s2 = 1 / (1 + Math.exp(-2)), s3 = 1 / (1 + Math.exp(3));
    double[] want = {Math.log(2), -Math.log(1 - s2), -(0.25 * Math.log(s3) + 0.75 * Math.log(1 - s3)), 0, 1000, 1000};
    assertArrayEquals(want, Losses.sigmoidBinaryCrossEntropy(x, y).toDoubleArray(), 1e-13);
    float[] f = Losses.sigmoidBinaryCrossEntropy(x.astype(Np.float32), y.astype(Np.float32)).toFloatArray();
    assertArrayEquals(new float[] {(float) Math.log(2), (float) want[1], (float) want[2], 0, 1000, 1000}, f, 1e-5f);
  }

  @Test void binaryCrossEntropyGradientIsSigmoidMinusLabelEvenAtZero() {
    Array y = Array.of(new double[] {1, 0, 0.25});
    Array x = Array.of(new double[] {0, 0, 0});
    Array g = Graft.grad((Array z) -> Losses.sigmoidBinaryCrossEntropy(z, y).sum()).apply(x);
    assertArrayEquals(new double[] {-0.5, 0.5, 0.25}, g.toDoubleArray(), 1e-15);
  }

  @Test void regressionLossesByHand() {
    Array p = Array.of(new double[] {1, 2, 3, 4}), t = Array.of(new double[] {1.5, 0, 3, 7});
    assertArrayEquals(new double[] {0.25, 4, 0, 9}, Losses.squaredError(p, t).toDoubleArray(), 0);
    assertEquals((0.25 + 4 + 0 + 9) / 4, Losses.mse(p, t).item().doubleValue(), 1e-15);
    // delta 1: |e| = 0.5 -> 0.125; 2 -> 1.5; 0 -> 0; 3 -> 2.5
    assertArrayEquals(new double[] {0.125, 1.5, 0, 2.5}, Losses.huber(p, t, 1).toDoubleArray(), 1e-15);
    // delta 2.5: 0.5 -> 0.125; 2 -> 2; 3 -> 2.5 * (3 - 1.25)
    assertArrayEquals(new double[] {0.125, 2, 0, 2.5 * 1.75}, Losses.huber(p, t, 2.5).toDoubleArray(), 1e-15);
  }

  @Test void gradientsCheckNumerically() {
    Array y = Array.of(new double[] {0.2, 0.3, 0.5, 1, 0, 0}, 2, 3);
    Array t = Array.of(new double[] {0.5, -1, 2, 0.3, 0.1, -0.7}, 2, 3);
    Array bin = Array.of(new double[] {1, 0, 0.3, 0.9, 0, 1}, 2, 3);
    GradCheck.checkGrads((Array z) -> Losses.softmaxCrossEntropyWithIntegerLabels(z, LABELS), LOGITS, 2);
    GradCheck.checkGrads((Array z) -> Losses.softmaxCrossEntropyWithIntegerLabels(z, LABELS, 0.2), LOGITS, 2);
    GradCheck.checkGrads((Array z) -> Losses.softmaxCrossEntropy(z, y), LOGITS, 2);
    GradCheck.checkGrads((Array z) -> Losses.sigmoidBinaryCrossEntropy(z, bin), LOGITS, 2);
    GradCheck.checkGrads((Array z) -> Losses.squaredError(z, t), LOGITS, 2);
    GradCheck.checkGrads((Array z) -> Losses.mse(z, t), LOGITS, 2);
    GradCheck.checkGrads((Array z) -> Losses.huber(z, t, 1.0), LOGITS, 1);     // kinks at |e| = δ: first order
  }

  @Test void integerLabelGradientIsSoftmaxMinusOneHot() {
    Array g = Graft.grad((Array z) -> Losses.softmaxCrossEntropyWithIntegerLabels(z, LABELS).sum()).apply(LOGITS);
    double[] z = LOGITS.toDoubleArray(), want = new double[6];
    for (int r = 0; r < 2; r++) {
      double n = Math.exp(lse(z[3 * r], z[3 * r + 1], z[3 * r + 2]));
      for (int c = 0; c < 3; c++) want[3 * r + c] = Math.exp(z[3 * r + c]) / n - (c == LABELS.toIntArray()[r] ? 1 : 0);
    }
    assertArrayEquals(want, g.toDoubleArray(), 1e-14);
  }

  @Test void lossesJit() {
    Array y = Array.of(new double[] {1, 0, 0.3, 0.9, 0, 1}, 2, 3);
    var f = Graft.jit((Array z) -> Losses.softmaxCrossEntropyWithIntegerLabels(z, LABELS, 0.1).sum()
        .add(Losses.sigmoidBinaryCrossEntropy(z, y).sum()).add(Losses.huber(z, y, 0.5).sum()).add(Losses.mse(z, y)));
    Array eager = Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, LABELS, 0.1).sum()
        .add(Losses.sigmoidBinaryCrossEntropy(LOGITS, y).sum()).add(Losses.huber(LOGITS, y, 0.5).sum()).add(Losses.mse(LOGITS, y));
    assertEquals(eager.item().doubleValue(), f.apply(LOGITS).item().doubleValue(), 1e-12);
  }

  @Test void negativeLabelsCountFromTheEndAndOutOfRangeOnesGiveNaN() {
    assertArrayEquals(Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, LABELS).toDoubleArray(),
        Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, Array.of(new int[] {-1, -3})).toDoubleArray(), 0);
    double[] out = Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, Array.of(new int[] {3, -4})).toDoubleArray();
    assertTrue(Double.isNaN(out[0]) && Double.isNaN(out[1]), "labels outside [-3, 3) give NaN, got " + java.util.Arrays.toString(out));
    double[] mixed = Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, Array.of(new int[] {2, 7})).toDoubleArray();
    assertEquals(lse(1, 2, 3) - 3, mixed[0], 1e-14, "a valid label beside an invalid one keeps its loss");
    assertTrue(Double.isNaN(mixed[1]));
  }

  /** Logits f32[64,10] and labels i32[64], every class (and -1 for the last) among them. */
  private static io.vavr.Tuple2<Array, Array> batch() {
    float[] z = new float[64 * 10];
    for (int i = 0; i < z.length; i++) z[i] = (float) (3 * Math.sin(0.7 * i + 0.3));
    int[] y = new int[64];
    for (int i = 0; i < y.length; i++) y[i] = i % 11 - 1;
    return io.vavr.Tuple.of(Array.of(z).reshape(64, 10), Array.of(y));
  }

  @Test void jittedIntegerLabelLossAndGradientHaveNoGatherNorScatterAndEqualEagerBitForBit() {
    var vg = Graft.valueAndGrad((Array z, Array y) -> Losses.softmaxCrossEntropyWithIntegerLabels(z, y).mean());
    var step = Graft.jit((Array z, Array y) -> vg.apply(z, y));
    var b = batch();
    String lowered = step.lower(b._1, b._2);
    assertTrue(!lowered.contains("gather") && !lowered.contains("scatter"), lowered);
    String steps = lowered.substring(lowered.indexOf("steps:"));
    // the row max; the labels' float form and class index; the picked logit's row sum; exp; its row sum; the loss
    // (NaN where a label is out of range); a scalar division; the validity selects of the cotangent; the gradient
    // (softmax minus the one-hot compare) in one loop. Multi-output: the picked logit's row sum and exp are one step
    // (both read the logits and the row max), and so are the two validity selects
    assertEquals(9, steps.lines().filter(l -> l.matches("\\s+\\d+: .*")).count(), lowered);
    var eager = vg.apply(b._1, b._2);
    var jitted = step.apply(b._1, b._2);
    assertArrayEquals(eager._1.toFloatArray(), jitted._1.toFloatArray(), 0f);
    assertArrayEquals(eager._2.toFloatArray(), jitted._2.toFloatArray(), 0f);
    // softmax(z) - onehot(y), over the batch
    float[] g = jitted._2.toFloatArray(), z = b._1.toFloatArray();
    int[] y = b._2.toIntArray();
    for (int i = 0; i < 64; i++) {
      double[] row = new double[10];
      for (int c = 0; c < 10; c++) row[c] = z[i * 10 + c];
      double l = lse(row);
      for (int c = 0; c < 10; c++) {
        double want = (Math.exp(row[c] - l) - (c == Math.floorMod(y[i], 10) ? 1 : 0)) / 64;
        assertEquals(want, g[i * 10 + c], 1e-6, "row " + i + " class " + c);
      }
    }
  }

  @Test void mistakesAreTypedErrorsWithBothTypes() {
    var e = assertThrows(ShapeError.class, () -> Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, Array.of(new int[] {1, 2, 0})));
    assertEquals("softmaxCrossEntropyWithIntegerLabels: labels i32[3] must have the shape of logits f64[2,3] without its "
        + "last (class) axis, [2]", e.getMessage());
    var d = assertThrows(DTypeError.class, () -> Losses.softmaxCrossEntropyWithIntegerLabels(LOGITS, LABELS.astype(Np.float32)));
    assertTrue(d.getMessage().contains("labels must be integer class indices, got f32[2]"), d.getMessage());
    var m = assertThrows(ShapeError.class, () -> Losses.mse(Np.zeros(4), Np.zeros(4, 1)));
    assertTrue(m.getMessage().startsWith("mse: predictions f32[4] and targets f32[4,1] must have the same shape"), m.getMessage());
  }
}
