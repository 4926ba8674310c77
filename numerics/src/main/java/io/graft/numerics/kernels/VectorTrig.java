package io.graft.numerics.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * sin and cos behind {@link VectorMath}'s public overloads; see there for the contract. One reduction serves
 * both: with k = round(x·2/π) and r = x - k·π/2 (|r| <= π/4 plus rounding slack), sin x is
 * {sin r, cos r, -sin r, -cos r} for k mod 4 = {0, 1, 2, 3}, and cos x is sin x shifted by one quadrant
 * (cos x = sin(x + π/2)). Both polynomials are evaluated for every lane and the quadrant's bit picks one (a
 * blend on the bit patterns) and flips the sign (an xor), so there are no branches on the fast path. For x = ±0
 * the reduction's later fma steps would turn -0 into +0, so sin blends x itself back into zero lanes.
 *
 * <p>The reduction is Cody-Waite with π/2 split into three parts P1 + P2 + P3 (each rounded to the working
 * precision; the residue is 1e-23 for f32 and 6e-50 for f64). The first fma step r = x - k·P1 is exact (x and
 * k·P1 agree in all bits above ulp(P1), so the difference needs no more bits than it has), the other two add
 * one rounding each. Above {@link #F32_LIMIT} / {@link #F64_LIMIT} these errors grow with k, so lanes beyond it
 * (and ±inf) are recomputed with {@link StrictMath} (fdlibm's exact reduction), which also makes the slow path
 * bit-reproducible on every JVM and platform; a vector with no such lane never leaves the inline code.
 */
final class VectorTrig {
  /** f32 fast-path limit on |x|: 2^17. */
  static final float F32_LIMIT = 0x1p17f;
  /** f64 fast-path limit on |x|: 2^20. */
  static final double F64_LIMIT = 0x1p20;

  private static final float TWO_OVER_PI_F = 0.63661975f;
  /** 1.5·2^23: x·2/π + SHIFTER rounds to an integer k held in the low mantissa bits (bit pattern ≡ k mod 4). */
  private static final float SHIFTER_F = 12582912f;
  /** π/2 = P1 + P2 + P3 + 1.1e-23, each part the float nearest the remainder. */
  private static final float P1_F = 1.5707964f, P2_F = -4.371139e-8f, P3_F = -1.7151245e-15f;
  /** sin r = r + r·z·(S0 + S1·z + S2·z²), z = r², |r| <= 0.7916: Remez fit for relative error 6.9e-9. */
  private static final float S0_F = -0.16666654f, S1_F = 0.008332062f, S2_F = -1.9498658e-4f;
  /** cos r = 1 - z/2 + z²·(C0 + C1·z + C2·z²), |r| <= 0.7916: Remez fit for relative error 2.8e-10. */
  private static final float C0_F = 0.041666653f, C1_F = -0.0013887616f, C2_F = 2.4458517e-5f;

  private static final double TWO_OVER_PI = 0.6366197723675814;
  private static final double SHIFTER = 6755399441055744.0;
  /** π/2 = P1 + P2 + P3 + 5.6e-50. */
  private static final double P1 = 1.5707963267948966, P2 = 6.123233995736766e-17, P3 = -1.4973849048591698e-33;
  /** sin r = r + r·z·Σ_{k=0..5} S[k] z^k, |r| <= 0.7854: Remez fit for relative error 6.5e-18. */
  private static final double[] S = {-0.16666666666666644, 0.00833333333332367, -1.9841269830153066e-4,
      2.7557313655109323e-6, -2.5050735105884444e-8, 1.5894742519179647e-10};
  /** cos r = 1 - z/2 + z²·Σ_{k=0..5} C[k] z^k, |r| <= 0.7854: Remez fit for relative error 2.0e-19. */
  private static final double[] C = {0.04166666666666665, -0.0013888888888882846, 2.4801587294633432e-5,
      -2.755731574065054e-7, 2.087589807330181e-9, -1.136800186302434e-11};

  private VectorTrig() {}

  /** sin(x + quarterTurns·π/2) for quarterTurns 0 (sin) or 1 (cos). */
  static FloatVector sin(FloatVector x, int quarterTurns) {
    FloatVector t = x.fma(TWO_OVER_PI_F, SHIFTER_F);
    FloatVector k = t.sub(SHIFTER_F);
    FloatVector r = k.fma(x.broadcast(-P3_F), k.fma(x.broadcast(-P2_F), k.fma(x.broadcast(-P1_F), x)));
    FloatVector z = r.mul(r);
    FloatVector sinR = r.mul(z).fma(z.fma(S2_F, S1_F).fma(z, x.broadcast(S0_F)), r);
    FloatVector cosR = z.mul(z).fma(z.fma(C2_F, C1_F).fma(z, x.broadcast(C0_F)), z.mul(-0.5f)).add(1f);
    IntVector q = t.reinterpretAsInts().add(quarterTurns);
    VectorMask<Integer> odd = q.and(1).compare(VectorOperators.NE, 0);
    IntVector sign = q.and(2).lanewise(VectorOperators.LSHL, 30);
    FloatVector y = sinR.reinterpretAsInts().blend(cosR.reinterpretAsInts(), odd).lanewise(VectorOperators.XOR, sign)
        .reinterpretAsFloats();
    if (quarterTurns == 0) y = y.blend(x, x.compare(VectorOperators.EQ, 0f));   // sin(±0) = ±0
    VectorMask<Float> big = x.abs().compare(VectorOperators.GT, F32_LIMIT);
    return big.anyTrue() ? y.blend(strict(x, quarterTurns), big) : y;
  }

  /** f64 sin(x + quarterTurns·π/2), as the f32 one with degree-13 and degree-14 polynomials. */
  static DoubleVector sin(DoubleVector x, int quarterTurns) {
    DoubleVector t = x.fma(TWO_OVER_PI, SHIFTER);
    DoubleVector k = t.sub(SHIFTER);
    DoubleVector r = k.fma(x.broadcast(-P3), k.fma(x.broadcast(-P2), k.fma(x.broadcast(-P1), x)));
    DoubleVector z = r.mul(r);
    DoubleVector sinR = r.mul(z).fma(horner(z, S), r);
    DoubleVector cosR = z.mul(z).fma(horner(z, C), z.mul(-0.5)).add(1);
    LongVector q = t.reinterpretAsLongs().add(quarterTurns);
    VectorMask<Long> odd = q.and(1).compare(VectorOperators.NE, 0);
    LongVector sign = q.and(2).lanewise(VectorOperators.LSHL, 62);
    DoubleVector y = sinR.reinterpretAsLongs().blend(cosR.reinterpretAsLongs(), odd).lanewise(VectorOperators.XOR, sign)
        .reinterpretAsDoubles();
    if (quarterTurns == 0) y = y.blend(x, x.compare(VectorOperators.EQ, 0));
    VectorMask<Double> big = x.abs().compare(VectorOperators.GT, F64_LIMIT);
    return big.anyTrue() ? y.blend(strict(x, quarterTurns), big) : y;
  }

  /** Slow path: every lane through StrictMath.sin or cos, rounded once to float. */
  private static FloatVector strict(FloatVector x, int quarterTurns) {
    float[] a = x.toArray();
    for (int i = 0; i < a.length; i++) a[i] = (float) (quarterTurns == 0 ? StrictMath.sin(a[i]) : StrictMath.cos(a[i]));
    return FloatVector.fromArray(x.species(), a, 0);
  }

  private static DoubleVector strict(DoubleVector x, int quarterTurns) {
    double[] a = x.toArray();
    for (int i = 0; i < a.length; i++) a[i] = quarterTurns == 0 ? StrictMath.sin(a[i]) : StrictMath.cos(a[i]);
    return DoubleVector.fromArray(x.species(), a, 0);
  }

  /** Σ c_k z^k by Horner's rule (a loop, for the reason given at VectorMath64's horner). */
  private static DoubleVector horner(DoubleVector z, double[] c) {
    DoubleVector p = z.broadcast(c[c.length - 1]);
    for (int i = c.length - 2; i >= 0; i--) p = p.fma(z, z.broadcast(c[i]));
    return p;
  }
}
