package io.graft.numerics.kernels;

/**
 * The f64 half of {@link ScalarMath}: scalar twins of {@link VectorMath64}, same operations in the same order with
 * the same constants (kept here; the vector code imports them), so each gives the bits of one vector lane.
 */
final class ScalarMath64 {
  static final double LOG2E = 1.4426950408889634;
  /** ln 2 = LN2_HI + LN2_LO with LN2_HI the double nearest ln 2 (LN2_LO > 0); k·LN2_HI is exact in the fma. */
  static final double LN2_HI = 0.6931471805599453, LN2_LO = 2.3190468138462996e-17;
  /** 1.5·2^52: adding it rounds a double to an integer held in the low mantissa bits. */
  static final double SHIFTER = 6755399441055744.0;
  static final long SHIFTER_BITS = 0x4338000000000000L, ONE_BITS = 0x3FF0000000000000L;
  static final long SQRT_HALF_BITS = 0x3FE6A09E667F3BCDL, MANTISSA = 0x000FFFFFFFFFFFFFL;
  /**
   * e^r - 1 - r on [-ln2/2, ln2/2] as Σ_{k=2..11} X[k-2] r^k: Remez fit, relative error 7.8e-18 for exp and
   * 3.6e-17 for expm1, so one set serves both.
   */
  static final double[] X = {0.500000000000001, 0.16666666666666674, 0.04166666666652095,
      0.008333333333322127, 0.0013888888948140007, 0.00019841269886836392, 2.4801486965350888e-05,
      2.7557242059340425e-06, 2.7632791582662336e-07, 2.5110154340462048e-08};
  /** R(z) ≈ 2·atanh(s)/s - 2 with z = s², |s| <= 0.172: Σ_{k=1..7} L[k-1] z^k, relative error 4.9e-16. */
  static final double[] L = {0.666666666666667, 0.3999999999989287, 0.28571428628949685,
      0.22222210654330538, 0.1818292380497681, 0.1533057869375115, 0.14630464298114568};

  private ScalarMath64() {}

  static double exp(double x) {
    double xc = clamp(x, -746, 710);
    double t = Math.fma(xc, LOG2E, SHIFTER);
    double k = t - SHIFTER;
    double r = reduce(xc, k);
    double p = Math.fma(r * r, horner(r, X), r) + 1;
    long ki = Double.doubleToRawLongBits(t) - SHIFTER_BITS;
    long k1 = Double.doubleToRawLongBits(Math.fma(k, 0.5, SHIFTER)) - SHIFTER_BITS;
    return p * pow2(k1) * pow2(ki - k1);
  }

  static double expm1(double x) {
    double xc = clamp(x, -40, 710);
    double t = Math.fma(xc, LOG2E, SHIFTER);
    double k = t - SHIFTER;
    double r = reduce(xc, k);
    double q = Math.fma(r * r, horner(r, X), r);
    boolean big = k > 512;
    double split = big ? 512 : 0;
    double s1 = pow2(Double.doubleToRawLongBits(t - split) - SHIFTER_BITS);
    double s2 = big ? 0x1p512 : 1, tail = big ? 0x1p-512 : 1;
    double y = Math.fma(s1, q, s1 - tail) * s2;
    return x == 0 ? x : y;
  }

  static double tanh(double x) {
    double em = expm1(Math.abs(x) * -2);
    double y = -em / (em + 2);
    return Double.longBitsToDouble(Double.doubleToRawLongBits(y) | (Double.doubleToRawLongBits(x) & Long.MIN_VALUE));
  }

  static double logistic(double x) {
    double e = exp(-Math.abs(x));
    return (x >= 0 ? 1 : e) / (e + 1);
  }

  static double log(double x) {
    boolean subnormal = x < Double.MIN_NORMAL;
    double y = logPositiveNormal(subnormal ? x * 0x1p52 : x, subnormal ? -52 : 0, 0);
    return x > 0 && x < Double.POSITIVE_INFINITY ? y : logSpecial(x);
  }

  static double log1p(double x) {
    double u = x + 1;
    double c = (x - (u - 1)) / u;
    double y = logPositiveNormal(u, 0, c);
    if (x > -1 && x < Double.POSITIVE_INFINITY && x != 0) return y;
    return x == 0 ? x : logSpecial(u);
  }

  private static double clamp(double x, double lo, double hi) {
    double y = x < lo ? lo : x;
    return y > hi ? hi : y;
  }

  private static double reduce(double x, double k) { return Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, x)); }

  /** Σ c_k r^k by Horner's rule with fma, in VectorMath64's order. */
  static double horner(double r, double[] c) {
    double p = c[c.length - 1];
    for (int i = c.length - 2; i >= 0; i--) p = Math.fma(p, r, c[i]);
    return p;
  }

  private static double pow2(long k) { return Double.longBitsToDouble((k + 1023) << 52); }

  private static double logPositiveNormal(double x, double bias, double extra) {
    long ix = Double.doubleToRawLongBits(x) - SQRT_HALF_BITS;
    long ie = ((ix + ONE_BITS) >>> 52) - 1023;
    double e = Double.longBitsToDouble(ie + SHIFTER_BITS) - SHIFTER + bias;
    double m = Double.longBitsToDouble((ix & MANTISSA) + SQRT_HALF_BITS);
    double f = m - 1;
    double s = f / (f + 2);
    double z = s * s;
    double rz = horner(z, L);
    double lo = Math.fma(e, LN2_LO, s * (rz * z - f)) + extra;
    return Math.fma(e, LN2_HI, lo + f);
  }

  private static double logSpecial(double x) {
    return x == 0 ? Double.NEGATIVE_INFINITY : x == Double.POSITIVE_INFINITY ? Double.POSITIVE_INFINITY : Double.NaN;
  }
}
