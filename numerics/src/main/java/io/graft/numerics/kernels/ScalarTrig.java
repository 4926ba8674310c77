package io.graft.numerics.kernels;

/**
 * Scalar twins of {@link VectorTrig} (sin and cos, f32 and f64): the same reduction, polynomials, quadrant
 * selection on the bit patterns and {@link StrictMath} slow path, in the same order with the same constants (kept
 * here; the vector code imports them), so each gives the bits of one vector lane.
 */
final class ScalarTrig {
  /** f32 fast-path limit on |x|: 2^17. */
  static final float F32_LIMIT = 0x1p17f;
  /** f64 fast-path limit on |x|: 2^20. */
  static final double F64_LIMIT = 0x1p20;

  static final float TWO_OVER_PI_F = 0.63661975f;
  /** 1.5·2^23: x·2/π + SHIFTER rounds to an integer k held in the low mantissa bits (bit pattern ≡ k mod 4). */
  static final float SHIFTER_F = 12582912f;
  /** π/2 = P1 + P2 + P3 + 1.1e-23, each part the float nearest the remainder. */
  static final float P1_F = 1.5707964f, P2_F = -4.371139e-8f, P3_F = -1.7151245e-15f;
  /** sin r = r + r·z·(S0 + S1·z + S2·z²), z = r², |r| <= 0.7916: Remez fit for relative error 6.9e-9. */
  static final float S0_F = -0.16666654f, S1_F = 0.008332062f, S2_F = -1.9498658e-4f;
  /** cos r = 1 - z/2 + z²·(C0 + C1·z + C2·z²), |r| <= 0.7916: Remez fit for relative error 2.8e-10. */
  static final float C0_F = 0.041666653f, C1_F = -0.0013887616f, C2_F = 2.4458517e-5f;

  static final double TWO_OVER_PI = 0.6366197723675814;
  static final double SHIFTER = 6755399441055744.0;
  /** π/2 = P1 + P2 + P3 + 5.6e-50. */
  static final double P1 = 1.5707963267948966, P2 = 6.123233995736766e-17, P3 = -1.4973849048591698e-33;
  /** sin r = r + r·z·Σ_{k=0..5} S[k] z^k, |r| <= 0.7854: Remez fit for relative error 6.5e-18. */
  static final double[] S = {-0.16666666666666644, 0.00833333333332367, -1.9841269830153066e-4,
      2.7557313655109323e-6, -2.5050735105884444e-8, 1.5894742519179647e-10};
  /** cos r = 1 - z/2 + z²·Σ_{k=0..5} C[k] z^k, |r| <= 0.7854: Remez fit for relative error 2.0e-19. */
  static final double[] C = {0.04166666666666665, -0.0013888888888882846, 2.4801587294633432e-5,
      -2.755731574065054e-7, 2.087589807330181e-9, -1.136800186302434e-11};

  private ScalarTrig() {}

  /** sin(x + quarterTurns·π/2) for quarterTurns 0 (sin) or 1 (cos). */
  static float sin(float x, int quarterTurns) {
    if (Math.abs(x) > F32_LIMIT) return (float) (quarterTurns == 0 ? StrictMath.sin(x) : StrictMath.cos(x));
    float t = Math.fma(x, TWO_OVER_PI_F, SHIFTER_F);
    float k = t - SHIFTER_F;
    float r = Math.fma(k, -P3_F, Math.fma(k, -P2_F, Math.fma(k, -P1_F, x)));
    float z = r * r;
    float sinR = Math.fma(r * z, Math.fma(Math.fma(z, S2_F, S1_F), z, S0_F), r);
    float cosR = Math.fma(z * z, Math.fma(Math.fma(z, C2_F, C1_F), z, C0_F), z * -0.5f) + 1f;
    int q = Float.floatToRawIntBits(t) + quarterTurns;
    int sign = (q & 2) << 30;
    float y = Float.intBitsToFloat(Float.floatToRawIntBits((q & 1) != 0 ? cosR : sinR) ^ sign);
    return quarterTurns == 0 && x == 0f ? x : y;
  }

  static double sin(double x, int quarterTurns) {
    if (Math.abs(x) > F64_LIMIT) return quarterTurns == 0 ? StrictMath.sin(x) : StrictMath.cos(x);
    double t = Math.fma(x, TWO_OVER_PI, SHIFTER);
    double k = t - SHIFTER;
    double r = Math.fma(k, -P3, Math.fma(k, -P2, Math.fma(k, -P1, x)));
    double z = r * r;
    double sinR = Math.fma(r * z, ScalarMath64.horner(z, S), r);
    double cosR = Math.fma(z * z, ScalarMath64.horner(z, C), z * -0.5) + 1;
    long q = Double.doubleToRawLongBits(t) + quarterTurns;
    long sign = (q & 2) << 62;
    double y = Double.longBitsToDouble(Double.doubleToRawLongBits((q & 1) != 0 ? cosR : sinR) ^ sign);
    return quarterTurns == 0 && x == 0 ? x : y;
  }
}
