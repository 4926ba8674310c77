package io.graft.numerics.kernels;

import static io.graft.numerics.kernels.ScalarTrig.*;

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
 * one rounding each. Above {@link ScalarTrig#F32_LIMIT} / {@link ScalarTrig#F64_LIMIT} these errors grow with k, so lanes beyond it
 * (and ±inf) are recomputed with {@link StrictMath} (fdlibm's exact reduction), which also makes the slow path
 * bit-reproducible on every JVM and platform; a vector with no such lane never leaves the inline code.
 */
final class VectorTrig {

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
