package io.graft.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import io.graft.nn.Activation;
import io.graft.nn.Dense;
import io.graft.nn.Mlp;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

/** QDQ error bounds, calibrators, per-channel weights, and quantized layers against f32 within the quantization error. */
class QuantizeTest {
  @Property(tries = 300)
  void quantizeThenDequantizeIsWithinHalfAStep(@ForAll @FloatRange(min = -50, max = 0) float lo,
                                              @ForAll @FloatRange(min = 0.01f, max = 50) float hi,
                                              @ForAll @FloatRange(min = 0, max = 1) float t) {
    QParams p = QParams.forRange(lo, hi);
    float lowest = (0 - p.zeroPoint()) * p.scale(), highest = (255 - p.zeroPoint()) * p.scale();
    float x = lowest + t * (highest - lowest);
    float back = p.dequantize(p.quantize(Array.of(new float[] {x}))).toFloatArray()[0];
    // half a step, plus the f32 rounding of x / s and of (q - z) · s (a few ulps of the values)
    assertTrue(Math.abs(back - x) <= p.scale() / 2 + 2 * Math.ulp(Math.abs(x)) + 2 * Math.ulp(Math.abs(back)),
        x + " -> " + back + " with " + p);
  }

  @Test void paramsFollowOnnxAsymmetricU8() {
    QParams p = QParams.forRange(-1f, 3f);
    assertEquals(4f / 255, p.scale(), 1e-9);
    assertEquals(64, p.zeroPoint());                                             // round(1 / (4/255)) = round(63.75)
    assertEquals(new QParams(0.5f / 255, 0), QParams.forRange(0.1f, 0.5f));      // widened to contain 0
    assertEquals(255, QParams.forRange(-2f, -1f).zeroPoint());
    Array q = new QParams(1f, 10).quantize(Array.of(new float[] {2.5f, 3.5f, -20f, 300f}));
    assertEquals(Np.uint8, q.dtype());
    assertArrayEquals(new int[] {12, 14, 0, 255}, q.toIntArray());               // half to even, saturated
    assertThrows(IllegalArgumentException.class, () -> new QParams(0f, 0));
  }

  @Test void minMaxAndPercentileCalibrators() {
    float[] a = new float[1000];
    for (int i = 0; i < a.length; i++) a[i] = i + 1;                               // 1 .. 1000
    Calibrator.Observer mm = Calibrator.minMax().observer();
    mm.observe(java.util.Arrays.copyOfRange(a, 0, 500));
    mm.observe(java.util.Arrays.copyOfRange(a, 500, 1000));
    mm.observe(new float[] {Float.NaN});
    assertArrayEquals(new float[] {1, 1000}, mm.range());
    Calibrator.Observer pc = Calibrator.percentile(99).observer();
    pc.observe(a);
    assertArrayEquals(new float[] {10, 990}, pc.range());                         // nearest rank: ceil(0.01·1000), ceil(0.99·1000)
    assertThrows(IllegalStateException.class, () -> Calibrator.minMax().observer().range());
    assertThrows(IllegalArgumentException.class, () -> Calibrator.percentile(40));
  }

  @Test void weightsAreSymmetricPerOutputChannel() {
    Array k = Array.of(new float[] {1f, -0.5f, 0f, -2f, 0.25f, 0f}, 2, 3);       // [in 2, out 3]
    Array[] w = Quantize.weightsPerChannel(k);
    assertEquals(Np.int8, w[0].dtype());
    assertArrayEquals(new int[] {3, 2}, w[0].shape());
    assertArrayEquals(new float[] {2f / 127, 0.5f / 127, 1f}, w[1].toFloatArray(), 1e-9f);
    assertArrayEquals(new int[] {64, -127, -127, 64, 0, 0}, w[0].toIntArray());   // 1/(2/127) = 63.5 -> 64 (half to even)
  }

  /** Each output of a quantized Dense is within the worst-case error of quantizing x and W: Σ_i |x_i| δW_j + |W_ij| δx + δx δW_j. */
  @Test void quantizedDenseIsWithinTheQuantizationErrorOfF32() {
    Dense d = Dense.init(Random.key(1), 40, 7);
    Array x = Random.normal(Random.key(2), 5, 40);
    QuantizedDense q = Quantize.dense(d, List.of(x), Calibrator.minMax());
    float[] yq = q.apply(x).toFloatArray(), yf = d.apply(x).toFloatArray();
    float[] xs = x.toFloatArray(), ws = d.kernel().toFloatArray(), s = q.weightScales().toFloatArray();
    float dx = q.input().scale() / 2;
    for (int i = 0; i < 5; i++)
      for (int j = 0; j < 7; j++) {
        double bound = 1e-4;
        for (int p = 0; p < 40; p++) bound += Math.abs(xs[i * 40 + p]) * s[j] / 2 + Math.abs(ws[p * 7 + j]) * dx + dx * s[j] / 2;
        double err = Math.abs(yq[i * 7 + j] - yf[i * 7 + j]);
        assertTrue(err <= bound, "y[" + i + "," + j + "] off by " + err + " > " + bound);
      }
    assertEquals(4, q.apply(x.reshape(5, 1, 40)).ndim() + 1);                     // [..., in] inputs keep their leading axes
  }

  /** A quickly trained MLP on 10 noisy Gaussian classes: int8 accuracy within 1 point of f32 on held-out data. */
  @Test void quantizedMlpKeepsF32AccuracyWithinOnePoint() {
    int dim = 64, classes = 10, n = 4000;
    Array centres = Random.normal(Random.key(7), classes, dim).mul(0.3);
    Array yTrain = Random.randint(Random.key(8), new int[] {n}, 0, classes);
    Array yTest = Random.randint(Random.key(9), new int[] {n}, 0, classes);
    Array xTrain = Np.take(centres, yTrain, 0).add(Random.normal(Random.key(10), n, dim));
    Array xTest = Np.take(centres, yTest, 0).add(Random.normal(Random.key(11), n, dim));
    Mlp mlp = Training.fit(Mlp.init(Random.key(0), Activation.RELU, dim, 64, classes), xTrain, yTrain, 150);
    double f32 = Training.accuracy(mlp.apply(xTest), yTest);
    assertTrue(f32 > 0.6 && f32 < 0.99, "the task should be learnable but not trivial, f32 accuracy " + f32);
    for (Calibrator c : List.of(Calibrator.minMax(), Calibrator.percentile(99.99))) {
      QuantizedMlp q = Quantize.mlp(mlp, List.of(xTrain.slice(0, 500), xTrain.slice(500, 1000)), c);
      double int8 = Training.accuracy(q.apply(xTest), yTest);
      assertTrue(Math.abs(int8 - f32) <= 0.01, c + ": int8 " + int8 + " vs f32 " + f32);
    }
  }
}
