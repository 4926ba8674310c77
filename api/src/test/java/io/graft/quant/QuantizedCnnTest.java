package io.graft.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import io.graft.nn.Conv;
import io.graft.nn.Pad;
import io.graft.nn.SmallCnn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Quantized convolutions equal the f32 convolution of the dequantized operands; the quantized SmallCnn tracks f32. */
class QuantizedCnnTest {
  /** The integer convolution is exact: conv(DQ(Q(x)), DQ(W_q)) + b up to f32 rounding, for SAME and VALID, strides 1 and 2. */
  @Test void integerConvolutionIsTheConvolutionOfTheDequantizedOperands() {
    Array x = Random.normal(Random.key(1), 2, 7, 6, 3);
    for (Conv c : List.of(Conv.init(Random.key(2), 3, 5, 3, 3),
        Conv.init(Random.key(3), 3, 4, new int[] {3, 2}, new int[] {2, 1}, Pad.VALID, new int[] {1, 1}, 1, true, Np.float32))) {
      Array bias = Random.normal(Random.key(4), c.kernel().shape()[3]);
      Conv withBias = new Conv(c.kernel(), bias, c.strides(), c.padding(), c.dilation(), c.groups());
      QuantizedConv q = Quantize.conv(withBias, QParams.forRange(-3f, 3f));
      Array xdq = q.input().dequantize(q.input().quantize(x));
      int kh = c.kernel().shape()[0], kw = c.kernel().shape()[1], in = 3, out = c.kernel().shape()[3];
      float[] wq = new float[kh * kw * in * out];
      int[] codes = q.weights().toIntArray();
      float[] s = q.weightScales().toFloatArray();
      for (int o = 0; o < out; o++) for (int r = 0; r < kh * kw * in; r++) wq[r * out + o] = codes[o * kh * kw * in + r] * s[o];
      Conv deq = new Conv(Array.of(wq, kh, kw, in, out), bias, c.strides(), c.padding(), c.dilation(), 1);
      float[] want = deq.apply(xdq).toFloatArray(), got = q.apply(x).toFloatArray();
      assertEquals(want.length, got.length);
      for (int i = 0; i < want.length; i++)
        assertTrue(Math.abs(want[i] - got[i]) <= 1e-4f * (1 + Math.abs(want[i])), c.padding() + " element " + i + ": " + got[i] + " vs " + want[i]);
    }
  }

  @Test void quantizedSmallCnnTracksF32() {
    SmallCnn cnn = SmallCnn.init(Random.key(5), 12, 12, 1, 6, 8, 24, 5);
    Array calib = Random.uniform(Random.key(6), 64, 12, 12, 1), x = Random.uniform(Random.key(7), 100, 12, 12, 1);
    QuantizedCnn q = Quantize.smallCnn(cnn, List.of(calib), Calibrator.minMax());
    float[] f = cnn.apply(x).toFloatArray(), g = q.apply(x).toFloatArray();
    float max = 0, err = 0;
    for (int i = 0; i < f.length; i++) { max = Math.max(max, Math.abs(f[i])); err = Math.max(err, Math.abs(f[i] - g[i])); }
    assertTrue(err <= 0.05f * max, "max |int8 - f32| " + err + " against logits up to " + max);
    assertThrows(IllegalArgumentException.class, () -> Quantize.conv(Conv.init(Random.key(8), 1, 2, new int[] {3, 3},
        new int[] {2, 2}, Pad.SAME, new int[] {1, 1}, 1, true, Np.float32), QParams.forRange(0f, 1f)));
  }
}
