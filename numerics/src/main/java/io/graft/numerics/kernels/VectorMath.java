package io.graft.numerics.kernels;

import static io.graft.numerics.kernels.ScalarMath.*;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Branch-free transcendentals on whole {@link FloatVector}s (and {@link DoubleVector}s), built only from
 * add/mul/fma/div, compares, blends and bit reinterpretation, so C2 compiles them inline into the caller's loop
 * instead of calling the JDK's vector math stubs; results are the same on every x86/ARM JDK (the stubs are
 * platform libraries, and are absent on some). Loaded only when {@code Simd.AVAILABLE}. Each method works for
 * any species (constants come from the argument).
 *
 * <p>C2 stops inlining ordinary methods once the caller's inlined bytecode passes its size cutoffs, and a call left
 * out of line boxes its vectors (measured on AVX2: a loop body with tanh and exp left exp out of line and took
 * 2.7 ns/element, against 1.1 + 0.56 for a tanh-only and an exp-only loop). The jit's fused vector loops therefore
 * copy these methods' bytecode in place of the call ({@code io.graft.jit.cpu.MathInliner}), which works for
 * straight-line code only: keep the f32 methods and their private helpers free of branches, loops, throws and
 * reads of this package's fields, or they fall back to calls ({@link #sin}/{@link #cos} branch, and do).
 *
 * <p>Accuracy, f32 (measured against {@code (float) Math.f((double) x)} on every 997th finite float bit pattern
 * and 2^24 points on [-20, 20]; {@code VectorMathTest} checks every 1000th and 2^21): at most 1 ulp for exp, log
 * and log1p, 2 ulp for expm1, tanh and logistic. f64 overloads ({@link VectorMath64}, same reductions with
 * degree-11 and degree-7 polynomials): see each method. Special values (±0, ±inf, NaN, overflow, gradual
 * underflow, subnormal inputs) are those of {@link Math}. Coefficients are this project's own Remez (minimax)
 * fits with the stated weights.
 *
 * <p>Example: {@code VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, a, i)).intoArray(o, i)}.
 */
public final class VectorMath {

  private VectorMath() {}

  /**
   * e^x. Reduction x = k·ln2 + r, k = round(x/ln2), |r| ≤ ln2/2 (Cody-Waite two-constant subtraction with
   * fma), then a degree-6 minimax polynomial, then scaling by 2^(k/2)·2^(k - k/2) so that results near the
   * overflow threshold and in the subnormal range are rounded once (gradual underflow). x is first clamped to
   * [-104, 89]: above 88.72 the result overflows to +inf, below -103.97 it rounds to 0. Measured error ≤ 1 ulp.
   * Example: {@code exp([0, 1, -inf, 100]) = [1, 2.7182817, 0, inf]}.
   */
  public static FloatVector exp(FloatVector x) {
    FloatVector xc = clamp(x, -104f, 89f);
    FloatVector t = xc.fma(LOG2E, SHIFTER);
    FloatVector k = t.sub(SHIFTER);
    FloatVector r = reduce(xc, k);
    FloatVector p = horner(r, 1f, 1f, E2, E3, E4, E5, E6);
    IntVector ki = t.reinterpretAsInts().sub(SHIFTER_BITS);
    IntVector k1 = ki.lanewise(VectorOperators.ASHR, 1);
    return p.mul(pow2(k1)).mul(pow2(ki.sub(k1)));
  }

  /**
   * e^x - 1, accurate near 0. Same reduction as {@link #exp} with q = expm1(r) from a degree-6 minimax
   * polynomial (r + r²·Q(r)); then expm1(x) = 2^k·q + (2^k - 1), which has no cancellation for any k. For
   * k > 64 the factor 2^64 is split off so 2^k never overflows before the final product. x is clamped to
   * [-18, 89] (expm1 = -1 in f32 below -17.33). expm1(-0) = -0. Measured error ≤ 2 ulp (near |x| = ln2/2).
   */
  public static FloatVector expm1(FloatVector x) {
    FloatVector xc = clamp(x, -18f, 89f);
    FloatVector t = xc.fma(LOG2E, SHIFTER);
    FloatVector k = t.sub(SHIFTER);
    FloatVector r = reduce(xc, k);
    FloatVector q = r.mul(r).fma(horner(r, M2, M3, M4, M5, M6), r);
    VectorMask<Float> big = k.compare(VectorOperators.GT, 64f);
    FloatVector split = x.broadcast(0f).blend(64f, big);
    FloatVector s1 = pow2(t.sub(split).reinterpretAsInts().sub(SHIFTER_BITS));
    FloatVector s2 = x.broadcast(1f).blend(0x1p64f, big), tail = x.broadcast(1f).blend(0x1p-64f, big);
    FloatVector y = s1.fma(q, s1.sub(tail)).mul(s2);
    return y.blend(x, x.compare(VectorOperators.EQ, 0f));
  }

  /**
   * tanh x, odd: computed on a = |x| and the sign of x copied back (so tanh(-0) = -0). For a &lt; 0.5493 (where
   * tanh a &lt; 1/2) a + a³·P(a²) with a degree-4 minimax P (relative error 5.9e-9, so tiny x keep full
   * relative accuracy); above, 1 - 2/(e^(2a) + 1), which is exactly 1 once e^(2a) overflows. Both branches are
   * computed and blended. Measured error ≤ 2 ulp.
   */
  public static FloatVector tanh(FloatVector x) {
    FloatVector a = x.abs();
    FloatVector z = a.mul(a);
    FloatVector poly = a.mul(z).fma(horner(z, T1, T2, T3, T4, T5), a);
    FloatVector e = expNonNegative(a.add(a));
    FloatVector far = x.broadcast(1f).sub(x.broadcast(2f).div(e.add(1f)));
    FloatVector y = far.blend(poly, a.compare(VectorOperators.LT, TANH_POLY_MAX));
    IntVector sign = x.reinterpretAsInts().and(0x80000000);
    return y.reinterpretAsInts().or(sign).reinterpretAsFloats();
  }

  /**
   * The logistic sigmoid 1/(1 + e^-x), as n/(1 + e) with e = e^-|x| and n = 1 for x >= 0, n = e below, so
   * nothing overflows and large negative x give the correct tiny (down to subnormal) results; saturates to 1
   * for x > 17.3 and to 0 below -103.97. Measured error ≤ 2 ulp.
   */
  public static FloatVector logistic(FloatVector x) {
    FloatVector e = exp(x.abs().neg());
    FloatVector n = e.blend(1f, x.compare(VectorOperators.GE, 0f));
    return n.div(e.add(1f));
  }

  /**
   * Natural logarithm. Subnormal x are first scaled by 2^23; then x = 2^e·m with m in [sqrt(1/2), sqrt(2))
   * (integer arithmetic on the bits), f = m - 1 (exact), s = f/(2+f) and log(1+f) = f - s·(f - R(s²)) with
   * R a degree-4 minimax polynomial in s² for 2·atanh(s)/s - 2 (|s| ≤ 0.172); the result e·ln2 + log(1+f)
   * adds e·ln2 in two parts. log(0) = -inf, log(x &lt; 0) = NaN, log(inf) = inf. Measured error ≤ 1 ulp.
   */
  public static FloatVector log(FloatVector x) {
    VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
    FloatVector xs = x.blend(x.mul(0x1p23f), subnormal);
    FloatVector bias = x.broadcast(0f).blend(-23f, subnormal);
    FloatVector y = logPositiveNormal(xs, bias, x.broadcast(0f));
    VectorMask<Float> ordinary = x.compare(VectorOperators.GT, 0f).and(x.compare(VectorOperators.LT, Float.POSITIVE_INFINITY));
    return y.blend(logSpecial(x), ordinary.not());
  }

  /**
   * log(1 + x), accurate near 0: u = 1 + x rounded, then log(u) as in {@link #log} plus the first-order
   * correction c/u with c = x - (u - 1), the rounding error of u. log1p(-1) = -inf, log1p(x &lt; -1) = NaN,
   * log1p(±0) = ±0. Measured error ≤ 1 ulp.
   */
  public static FloatVector log1p(FloatVector x) {
    FloatVector u = x.add(1f);
    FloatVector c = x.sub(u.sub(1f)).div(u);
    FloatVector y = logPositiveNormal(u, x.broadcast(0f), c);
    VectorMask<Float> ordinary = x.compare(VectorOperators.GT, -1f).and(x.compare(VectorOperators.LT, Float.POSITIVE_INFINITY))
        .and(x.compare(VectorOperators.NE, 0f));
    return y.blend(logSpecial(u).blend(x, x.compare(VectorOperators.EQ, 0f)), ordinary.not());
  }

  /**
   * sin x. Reduction r = x - k·π/2 with k = round(x·2/π) (Cody-Waite, π/2 in three parts, fma), then the
   * degree-7 odd polynomial for sin r or the degree-8 even one for cos r on [-π/4, π/4], picked and signed by
   * k mod 4 (see {@link VectorTrig}). Lanes with |x| > 2^17 or ±inf go to {@link StrictMath#sin} (a slow path
   * taken only when a vector holds such a lane). sin(±0) = ±0, sin(±inf) = sin(NaN) = NaN. Measured error
   * against {@code (float) Math.sin((double) x)}: ≤ 1 ulp on every float with 2^-12 ≤ |x| ≤ 100 and on
   * the floats next to k·π/2, ≤ 2 ulp on every 7th float from 100 to 2^17 (13 of 12.5 million at 2 ulp).
   * Example: {@code sin([0, 1, -π/2]) = [0, 0.84147096, -1]}.
   */
  public static FloatVector sin(FloatVector x) { return VectorTrig.sin(x, 0); }

  /** cos x = sin(x + π/2): as {@link #sin(FloatVector)} one quadrant on, same measured errors. cos(±0) = 1. */
  public static FloatVector cos(FloatVector x) { return VectorTrig.sin(x, 1); }

  /**
   * f64 sin x, as {@link #sin(FloatVector)} with degree-13/14 polynomials; the StrictMath slow path takes
   * |x| > 2^20. Measured error ≤ 1 ulp against {@link Math#sin} (2^24 points each on [-20, 20], uniform and
   * log-uniform up to 2^20, and the doubles next to k·π/2).
   */
  public static DoubleVector sin(DoubleVector x) { return VectorTrig.sin(x, 0); }

  /** f64 cos x, as {@link #cos(FloatVector)}; measured error ≤ 1 ulp against {@link Math#cos}. */
  public static DoubleVector cos(DoubleVector x) { return VectorTrig.sin(x, 1); }

  /** f64 e^x, as {@link #exp(FloatVector)} with a degree-11 polynomial; clamp [-746, 710]. */
  public static DoubleVector exp(DoubleVector x) { return VectorMath64.exp(x); }

  /** f64 e^x - 1, as {@link #expm1(FloatVector)} (split 2^512 above k = 512; clamp [-40, 710]). */
  public static DoubleVector expm1(DoubleVector x) { return VectorMath64.expm1(x); }

  /** f64 log, as {@link #log(FloatVector)} with a degree-7 polynomial in s². */
  public static DoubleVector log(DoubleVector x) { return VectorMath64.log(x); }

  /** f64 log(1 + x), as {@link #log1p(FloatVector)}. */
  public static DoubleVector log1p(DoubleVector x) { return VectorMath64.log1p(x); }

  /** f64 tanh x = -m/(2 + m) with m = expm1(-2|x|), sign of x copied back: relative accuracy at every x. */
  public static DoubleVector tanh(DoubleVector x) { return VectorMath64.tanh(x); }

  /** f64 logistic, as {@link #logistic(FloatVector)}. */
  public static DoubleVector logistic(DoubleVector x) { return VectorMath64.logistic(x); }

  /** c0 + c1·r + c2·r² + c3·r³ + c4·r⁴ by Horner's rule with fma. */
  private static FloatVector horner(FloatVector r, float c0, float c1, float c2, float c3, float c4) {
    FloatVector p = r.fma(c4, c3);
    p = p.fma(r, r.broadcast(c2));
    p = p.fma(r, r.broadcast(c1));
    return p.fma(r, r.broadcast(c0));
  }

  /** Degree-3 Horner (see the degree-4 one). */
  private static FloatVector horner(FloatVector r, float c0, float c1, float c2, float c3) {
    FloatVector p = r.fma(c3, c2);
    p = p.fma(r, r.broadcast(c1));
    return p.fma(r, r.broadcast(c0));
  }

  /** Degree-6 Horner (see the degree-4 one). */
  private static FloatVector horner(FloatVector r, float c0, float c1, float c2, float c3, float c4, float c5, float c6) {
    FloatVector p = horner(r, c2, c3, c4, c5, c6);
    return p.fma(r, r.broadcast(c1)).fma(r, r.broadcast(c0));
  }

  /**
   * e^x for x >= 0 (or NaN) with {@link #exp}'s bits up to x = 88, where 2^k (k <= 127) is one exact multiply instead of
   * exp's two (which exist for the subnormal results of negative x); above 88 it returns e^88 (1.65e38), where
   * {@link #tanh} has reached 1 whichever it gets. Four operations fewer than exp on the fused W2 loop's path.
   */
  private static FloatVector expNonNegative(FloatVector x) {
    FloatVector xc = x.blend(88f, x.compare(VectorOperators.GT, 88f));
    FloatVector t = xc.fma(LOG2E, SHIFTER);
    FloatVector k = t.sub(SHIFTER);
    FloatVector r = reduce(xc, k);
    FloatVector p = horner(r, 1f, 1f, E2, E3, E4, E5, E6);
    return p.mul(pow2(t.reinterpretAsInts().sub(SHIFTER_BITS)));
  }

  /** x limited to [lo, hi], NaN kept (compare and blend: cheaper than lanewise MIN/MAX on AVX2). */
  private static FloatVector clamp(FloatVector x, float lo, float hi) {
    return x.blend(lo, x.compare(VectorOperators.LT, lo)).blend(hi, x.compare(VectorOperators.GT, hi));
  }

  /** r = x - k·ln2 in two fma steps; the first is exact (k has <= 8 bits, |r| < 1/2). */
  private static FloatVector reduce(FloatVector x, FloatVector k) {
    return k.fma(x.broadcast(-LN2_LO), k.fma(x.broadcast(-LN2_HI), x));
  }

  /** 2^k for k in [-126, 127], built in the exponent field. */
  private static FloatVector pow2(IntVector k) {
    return k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
  }

  /** log(x) + extra for positive normal x whose exponent is off by {@code bias}; no special values. */
  private static FloatVector logPositiveNormal(FloatVector x, FloatVector bias, FloatVector extra) {
    IntVector ix = x.reinterpretAsInts().sub(SQRT_HALF_BITS);
    FloatVector e = ((FloatVector) ix.lanewise(VectorOperators.ASHR, 23).convert(VectorOperators.I2F, 0)).add(bias);
    FloatVector m = ix.and(0x007fffff).add(SQRT_HALF_BITS).reinterpretAsFloats();
    FloatVector f = m.sub(1f);
    FloatVector s = f.div(f.add(2f));
    FloatVector z = s.mul(s);
    FloatVector rz = horner(z, L1, L2, L3, L4).mul(z);
    FloatVector lo = e.fma(x.broadcast(LN2_LO), s.mul(rz.sub(f))).add(extra);
    return e.fma(x.broadcast(LN2_HI), lo.add(f));
  }

  /** The value of log at 0 (-inf), +inf (+inf), and at negative or NaN inputs (NaN); ordinary lanes unused. */
  private static FloatVector logSpecial(FloatVector x) {
    FloatVector nan = x.broadcast(Float.NaN);
    return nan.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f))
        .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
  }
}
