package io.graft.numerics.kernels;

import static io.graft.numerics.kernels.ScalarMath64.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The f64 half of {@link VectorMath} (same methods, same structure, longer polynomials); see there for the
 * contract. Only operations that AVX2 has for 64-bit lanes are used: no arithmetic right shift and no
 * long-to-double conversion (both are AVX-512 only), so exponents go through the 1.5·2^52 shifter instead.
 */
final class VectorMath64 {

  private VectorMath64() {}

  static DoubleVector exp(DoubleVector x) {
    DoubleVector xc = clamp(x, -746, 710);
    DoubleVector t = xc.fma(LOG2E, SHIFTER);
    DoubleVector k = t.sub(SHIFTER);
    DoubleVector r = reduce(xc, k);
    DoubleVector p = r.mul(r).fma(horner(r, X), r).add(1);
    LongVector ki = t.reinterpretAsLongs().sub(SHIFTER_BITS);
    LongVector k1 = k.fma(0.5, SHIFTER).reinterpretAsLongs().sub(SHIFTER_BITS);
    return p.mul(pow2(k1)).mul(pow2(ki.sub(k1)));
  }

  static DoubleVector expm1(DoubleVector x) {
    DoubleVector xc = clamp(x, -40, 710);
    DoubleVector t = xc.fma(LOG2E, SHIFTER);
    DoubleVector k = t.sub(SHIFTER);
    DoubleVector r = reduce(xc, k);
    DoubleVector q = r.mul(r).fma(horner(r, X), r);
    VectorMask<Double> big = k.compare(VectorOperators.GT, 512);
    DoubleVector split = x.broadcast(0).blend(512, big);
    DoubleVector s1 = pow2(t.sub(split).reinterpretAsLongs().sub(SHIFTER_BITS));
    DoubleVector s2 = x.broadcast(1).blend(0x1p512, big), tail = x.broadcast(1).blend(0x1p-512, big);
    DoubleVector y = s1.fma(q, s1.sub(tail)).mul(s2);
    return y.blend(x, x.compare(VectorOperators.EQ, 0));
  }

  static DoubleVector tanh(DoubleVector x) {
    DoubleVector em = expm1(x.abs().mul(-2));
    DoubleVector y = em.neg().div(em.add(2));
    LongVector sign = x.reinterpretAsLongs().and(Long.MIN_VALUE);
    return y.reinterpretAsLongs().or(sign).reinterpretAsDoubles();
  }

  static DoubleVector logistic(DoubleVector x) {
    DoubleVector e = exp(x.abs().neg());
    return e.blend(1, x.compare(VectorOperators.GE, 0)).div(e.add(1));
  }

  static DoubleVector log(DoubleVector x) {
    VectorMask<Double> subnormal = x.compare(VectorOperators.LT, Double.MIN_NORMAL);
    DoubleVector xs = x.blend(x.mul(0x1p52), subnormal);
    DoubleVector y = logPositiveNormal(xs, x.broadcast(0).blend(-52, subnormal), x.broadcast(0));
    VectorMask<Double> ordinary = x.compare(VectorOperators.GT, 0).and(x.compare(VectorOperators.LT, Double.POSITIVE_INFINITY));
    return y.blend(logSpecial(x), ordinary.not());
  }

  static DoubleVector log1p(DoubleVector x) {
    DoubleVector u = x.add(1);
    DoubleVector c = x.sub(u.sub(1)).div(u);
    DoubleVector y = logPositiveNormal(u, x.broadcast(0), c);
    VectorMask<Double> ordinary = x.compare(VectorOperators.GT, -1).and(x.compare(VectorOperators.LT, Double.POSITIVE_INFINITY))
        .and(x.compare(VectorOperators.NE, 0));
    return y.blend(logSpecial(u).blend(x, x.compare(VectorOperators.EQ, 0)), ordinary.not());
  }

  private static DoubleVector clamp(DoubleVector x, double lo, double hi) {
    return x.blend(lo, x.compare(VectorOperators.LT, lo)).blend(hi, x.compare(VectorOperators.GT, hi));
  }

  private static DoubleVector reduce(DoubleVector x, DoubleVector k) {
    return k.fma(x.broadcast(-LN2_LO), k.fma(x.broadcast(-LN2_HI), x));
  }

  /**
   * Σ c_k r^k by Horner's rule. A loop rather than unrolled calls: C2 parses its body once, which keeps the
   * caller under the node count at which C2 stops inlining (unrolled, f64 log left a helper out of line, 2.4x
   * slower); C2 unrolls the constant-trip loop afterwards.
   */
  private static DoubleVector horner(DoubleVector r, double[] c) {
    DoubleVector p = r.broadcast(c[c.length - 1]);
    for (int i = c.length - 2; i >= 0; i--) p = p.fma(r, r.broadcast(c[i]));
    return p;
  }

  /** 2^k for k in [-1022, 1023], built in the exponent field. */
  private static DoubleVector pow2(LongVector k) {
    return k.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
  }

  private static DoubleVector logPositiveNormal(DoubleVector x, DoubleVector bias, DoubleVector extra) {
    LongVector ix = x.reinterpretAsLongs().sub(SQRT_HALF_BITS);
    LongVector ie = ix.add(ONE_BITS).lanewise(VectorOperators.LSHR, 52).sub(1023);
    DoubleVector e = ie.add(SHIFTER_BITS).reinterpretAsDoubles().sub(SHIFTER).add(bias);
    DoubleVector m = ix.and(MANTISSA).add(SQRT_HALF_BITS).reinterpretAsDoubles();
    DoubleVector f = m.sub(1);
    DoubleVector s = f.div(f.add(2));
    DoubleVector z = s.mul(s);
    DoubleVector rz = horner(z, L);
    DoubleVector lo = e.fma(x.broadcast(LN2_LO), s.mul(rz.mul(z).sub(f))).add(extra);
    return e.fma(x.broadcast(LN2_HI), lo.add(f));
  }

  private static DoubleVector logSpecial(DoubleVector x) {
    return x.broadcast(Double.NaN).blend(Double.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0))
        .blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
  }
}
