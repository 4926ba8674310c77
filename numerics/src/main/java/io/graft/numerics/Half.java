package io.graft.numerics;

/**
 * Conversions between the 16-bit floats ({@link DType#BF16}, {@link DType#F16}, held as raw bits in a {@code short})
 * and f32/f64: {@code bits = round_nearest_even(x)}, {@code x = exact value of bits}.
 *
 * <p>Widening is exact. Narrowing rounds to nearest, ties to even, with IEEE semantics at the edges: values past
 * the largest finite number by half an ulp or more become ±Inf, tiny values round into the subnormals or to a
 * signed zero, Inf stays Inf and NaN stays NaN (bf16 keeps the sign and the top payload bits and sets the quiet bit,
 * so a NaN never rounds into Inf). f16 uses {@link Float#floatToFloat16}/{@link Float#float16ToFloat}; bf16 is
 * f32's upper half, rounded by integer arithmetic ({@code (bits + 0x7fff + lsb) >>> 16}).
 *
 * <p>From f64 we first round to f32 <em>to odd</em> (truncate, then set the last bit when inexact) and then to
 * nearest even: with 24 ≥ p + 2 bits in the intermediate for both targets (p = 8, 11) this gives the correctly
 * rounded result, which a plain {@code (float) d} detour does not ({@code 1 + 2^-8 + 2^-40} would tie and round
 * down to 1 in bf16; its correct value is {@code 1 + 2^-7}).
 *
 * <pre>{@code Half.toBf16(1.0f) == 0x3f80; Half.fromF16(Half.toF16(65504f)) == 65504f}</pre>
 */
public final class Half {
  private Half() {}

  /** The bf16 bits nearest to {@code x} (ties to even; NaN stays a quiet NaN). */
  public static short toBf16(float x) {
    int b = Float.floatToRawIntBits(x);
    if ((b & 0x7fffffff) > 0x7f800000) return (short) ((b >>> 16) | 0x0040);
    return (short) ((b + 0x7fff + ((b >>> 16) & 1)) >>> 16);
  }

  /** The value of the bf16 bits {@code h}, exactly. */
  public static float fromBf16(short h) { return Float.intBitsToFloat(h << 16); }

  /** The f16 bits nearest to {@code x} (ties to even). */
  public static short toF16(float x) { return Float.floatToFloat16(x); }

  /** The value of the f16 bits {@code h}, exactly. */
  public static float fromF16(short h) { return Float.float16ToFloat(h); }

  /** {@code x} rounded to the nearest bf16, as an f32 (what a fused loop keeps in a register after each op). */
  public static float roundBf16(float x) { return fromBf16(toBf16(x)); }

  /** {@code x} rounded to the nearest f16, as an f32. */
  public static float roundF16(float x) { return Float.float16ToFloat(Float.floatToFloat16(x)); }

  /** The bits of {@code dtype} (bf16 or f16) nearest to the f32 {@code x}. */
  public static short round(DType dtype, float x) { return dtype == DType.BF16 ? toBf16(x) : toF16(x); }

  /** The bits of {@code dtype} (bf16 or f16) nearest to the f64 {@code x}: one correct rounding, not two. */
  public static short round(DType dtype, double x) { return round(dtype, toOddF32(x)); }

  /** The value of the {@code dtype} (bf16 or f16) bits {@code h}. */
  public static float value(DType dtype, short h) { return dtype == DType.BF16 ? fromBf16(h) : fromF16(h); }

  /** {@code x} rounded to f32 to odd: toward zero, with the last fraction bit set when the result is inexact. */
  static float toOddF32(double x) {
    float f = (float) x;
    if (f == x || Double.isNaN(x)) return f;
    int bits = Float.floatToRawIntBits(f);
    if (Math.abs((double) f) > Math.abs(x)) bits -= 1;          // rounded away from zero: step back (sign-magnitude)
    return Float.intBitsToFloat(bits | 1);
  }

  /** The 16-bit array {@code x} (bf16 or f16) widened to a fresh f32 array of its shape, exactly. */
  public static NdArray widen(NdArray x) {
    short[] h = x.half();
    float[] out = new float[h.length];
    if (x.dtype() == DType.BF16) {
      int i = Simd.AVAILABLE ? HalfSimd.widenBf16(h, out) : 0;
      for (; i < h.length; i++) out[i] = Float.intBitsToFloat(h[i] << 16);
    } else {
      for (int i = 0; i < h.length; i++) out[i] = Float.float16ToFloat(h[i]);      // C2 vectorises this loop (F16C)
    }
    return NdArray.wrap(x.shape(), out);
  }

  /** The f32 array {@code x} rounded (nearest even) to a fresh {@code dtype} (bf16 or f16) array of its shape. */
  public static NdArray narrow(NdArray x, DType dtype) {
    float[] a = x.f32();
    short[] out = new short[a.length];
    if (dtype == DType.BF16) {
      int i = Simd.AVAILABLE ? HalfSimd.narrowBf16(a, out) : 0;
      for (; i < a.length; i++) out[i] = toBf16(a[i]);
    } else {
      for (int i = 0; i < a.length; i++) out[i] = Float.floatToFloat16(a[i]);      // C2 vectorises this loop (F16C)
    }
    return NdArray.wrapHalf(dtype, x.shape(), out);
  }
}
