package io.graft.numerics.kernels;

/**
 * The scalar twins of {@link VectorMath}: for every x, {@code ScalarMath.f(x)} has the same bits as lane i of
 * {@code VectorMath.f(v)} where {@code v} holds x in lane i (all NaNs count as one value). Each twin runs the same
 * operations in the same order with the same constants (which live here, and which the vector code imports): an
 * fma of the vector code is {@link Math#fma}, a blend is a conditional, a bit reinterpretation is
 * {@link Float#floatToRawIntBits}. Kernels use the twins wherever a vector is not full (tails, rows shorter than a
 * vector, kernels without the Vector API), so that an element's value depends only on its inputs, never on its
 * position, the vector width, the thread count or whether the Vector API is present. Accuracy and special values:
 * see {@link VectorMath} (the twins are the same functions). Needs no Vector API.
 *
 * <p>Example: {@code ScalarMath.exp(1f) = 2.7182817f}, bit for bit what {@code VectorMath.exp} gives for 1.
 */
public final class ScalarMath {
  static final float LOG2E = 1.44269504f;
  /** ln 2 split: LN2_HI is ln 2 truncated to 24 bits (so LN2_LO > 0), k·LN2_HI is exact inside the fma. */
  static final float LN2_HI = 0.693147123f, LN2_LO = 5.76999905e-8f;
  /** 1.5·2^23: adding it rounds a float to an integer held in the low mantissa bits. */
  static final float SHIFTER = 12582912f;
  static final int SHIFTER_BITS = 0x4B400000;
  /** exp on [-ln2/2, ln2/2]: 1 + r + Σ_{k=2..6} E_k r^k, minimax for relative error 3.3e-9. */
  static final float E2 = 0.49999993f, E3 = 0.16666515f, E4 = 0.041668456f, E5 = 0.008369419f,
      E6 = 0.0013813145f;
  /** expm1 on [-ln2/2, ln2/2]: r + Σ_{k=2..6} M_k r^k, minimax for error relative to expm1(r), 1.4e-8. */
  static final float M2 = 0.49999997f, M3 = 0.16666539f, M4 = 0.041667223f, M5 = 0.008367181f,
      M6 = 0.0013882396f;
  /** tanh on [0, 0.5493]: a + Σ_{k=1..5} T_k a^(2k+1), minimax for relative error 5.9e-9. */
  static final float T1 = -0.33333334f, T2 = 0.13333228f, T3 = -0.053926095f, T4 = 0.021384848f,
      T5 = -0.0067162216f;
  /** Below this tanh(a) < 1/2 and the odd polynomial is used; above, 1 - 2/(e^(2a) + 1) loses no digits. */
  static final float TANH_POLY_MAX = 0.5493f;
  /** log: with s = f/(2+f), z = s², log(1+f) = f - s(f - R(z)); R(z) = Σ_{k=1..4} L_k z^k (rel. err 1.8e-9). */
  static final float L1 = 0.6666667f, L2 = 0.40000126f, L3 = 0.28550372f, L4 = 0.23342481f;
  /** Bits of sqrt(1/2): log splits x = 2^e·m with m in [sqrt(1/2), sqrt(2)). */
  static final int SQRT_HALF_BITS = 0x3f3504f3;

  private ScalarMath() {}

  /** e^x, the twin of {@link VectorMath#exp(jdk.incubator.vector.FloatVector)}. */
  public static float exp(float x) {
    float xc = clamp(x, -104f, 89f);
    float t = Math.fma(xc, LOG2E, SHIFTER);
    float k = t - SHIFTER;
    float r = reduce(xc, k);
    float p = horner(r, 1f, 1f, E2, E3, E4, E5, E6);
    int ki = Float.floatToRawIntBits(t) - SHIFTER_BITS;
    int k1 = ki >> 1;
    return p * pow2(k1) * pow2(ki - k1);
  }

  /** e^x - 1, the twin of {@link VectorMath#expm1(jdk.incubator.vector.FloatVector)}. */
  public static float expm1(float x) {
    float xc = clamp(x, -18f, 89f);
    float t = Math.fma(xc, LOG2E, SHIFTER);
    float k = t - SHIFTER;
    float r = reduce(xc, k);
    float q = Math.fma(r * r, horner(r, M2, M3, M4, M5, M6), r);
    boolean big = k > 64f;
    float split = big ? 64f : 0f;
    float s1 = pow2(Float.floatToRawIntBits(t - split) - SHIFTER_BITS);
    float s2 = big ? 0x1p64f : 1f, tail = big ? 0x1p-64f : 1f;
    float y = Math.fma(s1, q, s1 - tail) * s2;
    return x == 0f ? x : y;
  }

  /** tanh x, the twin of {@link VectorMath#tanh(jdk.incubator.vector.FloatVector)}. */
  public static float tanh(float x) {
    float a = Math.abs(x);
    float z = a * a;
    float poly = Math.fma(a * z, horner(z, T1, T2, T3, T4, T5), a);
    float e = exp(a + a);
    float far = 1f - 2f / (e + 1f);
    float y = a < TANH_POLY_MAX ? poly : far;
    return Float.intBitsToFloat(Float.floatToRawIntBits(y) | (Float.floatToRawIntBits(x) & 0x80000000));
  }

  /** 1/(1 + e^-x), the twin of {@link VectorMath#logistic(jdk.incubator.vector.FloatVector)}. */
  public static float logistic(float x) {
    float e = exp(-Math.abs(x));
    float n = x >= 0f ? 1f : e;
    return n / (e + 1f);
  }

  /** Natural logarithm, the twin of {@link VectorMath#log(jdk.incubator.vector.FloatVector)}. */
  public static float log(float x) {
    boolean subnormal = x < Float.MIN_NORMAL;
    float y = logPositiveNormal(subnormal ? x * 0x1p23f : x, subnormal ? -23f : 0f, 0f);
    return x > 0f && x < Float.POSITIVE_INFINITY ? y : logSpecial(x);
  }

  /** log(1 + x), the twin of {@link VectorMath#log1p(jdk.incubator.vector.FloatVector)}. */
  public static float log1p(float x) {
    float u = x + 1f;
    float c = (x - (u - 1f)) / u;
    float y = logPositiveNormal(u, 0f, c);
    if (x > -1f && x < Float.POSITIVE_INFINITY && x != 0f) return y;
    return x == 0f ? x : logSpecial(u);
  }

  /** sin x, the twin of {@link VectorMath#sin(jdk.incubator.vector.FloatVector)}. */
  public static float sin(float x) { return ScalarTrig.sin(x, 0); }

  /** cos x, the twin of {@link VectorMath#cos(jdk.incubator.vector.FloatVector)}. */
  public static float cos(float x) { return ScalarTrig.sin(x, 1); }

  /** f64 e^x, the twin of {@link VectorMath#exp(jdk.incubator.vector.DoubleVector)}. */
  public static double exp(double x) { return ScalarMath64.exp(x); }

  /** f64 e^x - 1, the twin of {@link VectorMath#expm1(jdk.incubator.vector.DoubleVector)}. */
  public static double expm1(double x) { return ScalarMath64.expm1(x); }

  /** f64 tanh, the twin of {@link VectorMath#tanh(jdk.incubator.vector.DoubleVector)}. */
  public static double tanh(double x) { return ScalarMath64.tanh(x); }

  /** f64 logistic, the twin of {@link VectorMath#logistic(jdk.incubator.vector.DoubleVector)}. */
  public static double logistic(double x) { return ScalarMath64.logistic(x); }

  /** f64 log, the twin of {@link VectorMath#log(jdk.incubator.vector.DoubleVector)}. */
  public static double log(double x) { return ScalarMath64.log(x); }

  /** f64 log(1 + x), the twin of {@link VectorMath#log1p(jdk.incubator.vector.DoubleVector)}. */
  public static double log1p(double x) { return ScalarMath64.log1p(x); }

  /** f64 sin, the twin of {@link VectorMath#sin(jdk.incubator.vector.DoubleVector)}. */
  public static double sin(double x) { return ScalarTrig.sin(x, 0); }

  /** f64 cos, the twin of {@link VectorMath#cos(jdk.incubator.vector.DoubleVector)}. */
  public static double cos(double x) { return ScalarTrig.sin(x, 1); }

  /** c0 + c1·r + ... + c4·r⁴ by Horner's rule with fma, in VectorMath's order. */
  private static float horner(float r, float c0, float c1, float c2, float c3, float c4) {
    float p = Math.fma(r, c4, c3);
    p = Math.fma(p, r, c2);
    p = Math.fma(p, r, c1);
    return Math.fma(p, r, c0);
  }

  private static float horner(float r, float c0, float c1, float c2, float c3) {
    float p = Math.fma(r, c3, c2);
    p = Math.fma(p, r, c1);
    return Math.fma(p, r, c0);
  }

  private static float horner(float r, float c0, float c1, float c2, float c3, float c4, float c5, float c6) {
    float p = horner(r, c2, c3, c4, c5, c6);
    return Math.fma(Math.fma(p, r, c1), r, c0);
  }

  /** x limited to [lo, hi], NaN kept (as VectorMath's compare-and-blend). */
  private static float clamp(float x, float lo, float hi) {
    float y = x < lo ? lo : x;
    return y > hi ? hi : y;
  }

  private static float reduce(float x, float k) { return Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, x)); }

  private static float pow2(int k) { return Float.intBitsToFloat((k + 127) << 23); }

  private static float logPositiveNormal(float x, float bias, float extra) {
    int ix = Float.floatToRawIntBits(x) - SQRT_HALF_BITS;
    float e = (float) (ix >> 23) + bias;
    float m = Float.intBitsToFloat((ix & 0x007fffff) + SQRT_HALF_BITS);
    float f = m - 1f;
    float s = f / (f + 2f);
    float z = s * s;
    float rz = horner(z, L1, L2, L3, L4) * z;
    float lo = Math.fma(e, LN2_LO, s * (rz - f)) + extra;
    return Math.fma(e, LN2_HI, lo + f);
  }

  private static float logSpecial(float x) {
    return x == 0f ? Float.NEGATIVE_INFINITY : x == Float.POSITIVE_INFINITY ? Float.POSITIVE_INFINITY : Float.NaN;
  }
}
