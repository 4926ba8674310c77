package io.graft.quant;

import io.graft.Array;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.QuantGemm;
import java.util.Objects;

/**
 * Per-tensor asymmetric u8 quantization, ONNX's {@code QuantizeLinear}/{@code DequantizeLinear}:
 * {@code q = saturate(round_half_even(x / scale) + zeroPoint)} into {@code [0, 255]} and {@code x' = (q - zeroPoint) · scale}.
 * For {@code x} in the represented range {@code [(0 - z) s, (255 - z) s]}, {@code |x' - x| <= s / 2}.
 * <pre>{@code
 * QParams p = QParams.forRange(-1f, 3f);     // scale 4/255, zero point 64
 * Array q = p.quantize(x);                    // u8
 * Array back = p.dequantize(q);               // f32, within scale/2 of x inside the range
 * }</pre>
 *
 * @param scale     the step {@code s > 0}
 * @param zeroPoint the u8 value {@code z} that represents 0.0, in {@code [0, 255]}
 */
public record QParams(float scale, int zeroPoint) {
  /** Checks the scale and zero point. */
  public QParams {
    if (!(scale > 0) || !Float.isFinite(scale))
      throw new IllegalArgumentException("QParams: scale must be positive and finite, got " + scale);
    if (zeroPoint < 0 || zeroPoint > 255)
      throw new IllegalArgumentException("QParams: a u8 zero point must be in [0, 255], got " + zeroPoint);
  }

  /**
   * The parameters for values in {@code [lo, hi]}, widened to contain 0 (so that 0 and zero padding are exact):
   * {@code s = (hi - lo) / 255}, {@code z = round(-lo / s)}. An all-zero range gets scale 1.
   *
   * @param lo the smallest value to represent
   * @param hi the largest value to represent
   * @return the parameters
   */
  public static QParams forRange(float lo, float hi) {
    if (!Float.isFinite(lo) || !Float.isFinite(hi) || lo > hi)
      throw new IllegalArgumentException("QParams.forRange: need finite lo <= hi, got [" + lo + ", " + hi + "]");
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
    if (hi == lo) return new QParams(1, 0);
    float s = (hi - lo) / 255;
    int z = (int) Math.clamp(Math.rint(-lo / s), 0, 255);
    return new QParams(s, z);
  }

  /**
   * {@code x} (f32) quantized to u8.
   *
   * @param x a concrete f32 array
   * @return u8, same shape
   */
  public Array quantize(Array x) {
    NdArray a = Quantize.concrete("QParams.quantize", x, DType.F32);
    return Quantize.wrap(NdArray.wrapBytes(DType.U8, a.shape(), QuantGemm.quantizeU8(a.f32(), scale, zeroPoint)));
  }

  /**
   * {@code q} (u8) dequantized to f32: {@code (q - z) · s}.
   *
   * @param q a concrete u8 array
   * @return f32, same shape
   */
  public Array dequantize(Array q) {
    NdArray a = Quantize.concrete("QParams.dequantize", Objects.requireNonNull(q, "q is null"), DType.U8);
    return Quantize.wrap(NdArray.wrap(a.shape(), dequantize(a.bytes())));
  }

  /** {@code (q[i] - z) · s} of u8 codes (ONNX DequantizeLinear). */
  float[] dequantize(byte[] q) {
    float[] out = new float[q.length];
    for (int i = 0; i < q.length; i++) out[i] = ((q[i] & 0xFF) - zeroPoint) * scale;
    return out;
  }
}
