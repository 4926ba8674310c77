package io.graft.numerics.kernels;

/**
 * Scalar special functions that {@link Math} lacks: {@code erf}, {@code erfc}, {@code erf_inv}, the inverse
 * hyperbolic functions, the logistic function and rounding half away from zero.
 *
 * <p><b>erf / erfc (f64).</b> Piecewise polynomials fitted by us (Chebyshev fits in 50-digit arithmetic, rounded
 * to double): for {@code |x| < 1}, {@code erf(x) = x P(x²)}; for {@code |x| >= 1},
 * {@code erfc(x) = exp(-x²) g(x)} with {@code g = erfc·exp(x²)} fitted on {@code [1,2)}, {@code [2,3.5)},
 * {@code [3.5,6)} (in {@code x - centre}) and, for {@code x >= 6}, {@code g(x) = h(1/x)/x}. {@code exp(-x²)} is
 * evaluated as {@code exp(-s²)·exp(-(x-s)(x+s))} with {@code s} = x rounded to 16 fraction bits, so that
 * {@code s²} is exact. Measured against 40-digit references: erf relative error below 3e-16, erfc below 1e-15.
 * NB: these are not W. J. Cody's rational approximations; they reach the same accuracy with plain polynomials.
 *
 * <p><b>erf (f32).</b> Computed in float: {@code x P(x²)} (degree 6) below 1, {@code 1 - exp(-x²) q(x)} with
 * {@code q} of degree 11 on {@code [1,4)}, and ±1 beyond (where erf rounds to 1 in f32). Relative error below 2e-7.
 *
 * <p><b>erf_inv.</b> Winitzki's closed form (relative error about 2e-3) refined by Halley steps on
 * {@code erf(y) - x} (on {@code erfc(y) - (1 - x)} for {@code |x| > 1/2}, where {@code 1 - x} is exact and the
 * tail keeps its relative accuracy): three steps give about 1e-15 for f64; f32 uses two steps in double and
 * rounds. {@code erf_inv(±1) = ±inf}, NaN outside {@code [-1, 1]}.
 */
public final class SpecialMath {
  private SpecialMath() {}

  private static final double LN2 = 0.6931471805599453;
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

  /** {@code erf(x)/x} in {@code t = x²}, {@code t in [0,1]}; highest degree first. */
  private static final double[] A = {
      -7.795898827002142e-10, 1.3720064546777686e-08, -1.6208483801871705e-07, 1.6447424703317362e-06,
      -1.492473690741966e-05, 0.00012055294904839707, -0.0008548325975389692, 0.0052239776071164225,
      -0.02686617064323777, 0.11283791670945006, -0.37612638903183543, 1.1283791670955126};
  /** {@code erfc(x)·exp(x²)} in {@code x - 1.5} on {@code [1, 2)}. */
  private static final double[] B1 = {
      -4.932844202000261e-08, 1.8038197652346406e-07, -5.946998373950516e-07, 2.061689065129881e-06,
      -6.975285854904505e-06, 2.286543658874603e-05, -7.265888759557882e-05, 0.00022330981211640024,
      -0.0006619300686179933, 0.0018861348854630824, -0.005145957547915988, 0.013377340952802835,
      -0.03293090529956347, 0.07615103985548055, -0.16362291773256007, 0.3215854164543175};
  /** {@code erfc(x)·exp(x²)} in {@code x - 2.75} on {@code [2, 3.5)}. */
  private static final double[] B2 = {
      -4.029989243785423e-10, 1.819371994210045e-09, -7.162110554563578e-09, 3.103266553704028e-08,
      -1.3264363071840677e-07, 5.520607070345556e-07, -2.247368610883161e-06, 8.940133543917338e-06,
      -3.4698610270387155e-05, 0.0001311818037632169, -0.0004821950849322654, 0.001719581885061462,
      -0.005934337896999284, 0.01975859298732897, -0.06323763756063483, 0.19366209627906866};
  /** {@code erfc(x)·exp(x²)} in {@code x - 4.75} on {@code [3.5, 6)}. */
  private static final double[] B3 = {
      1.6722457190056534e-13, -1.0277932486024302e-12, 5.138680596045611e-12, -3.0750980426473406e-11,
      1.849140276993934e-10, -1.081455682633195e-09, 6.242341780249905e-09, -3.5595168000590696e-08,
      2.002920135090727e-07, -1.1115679931156728e-06, 6.081114539531e-06, -3.2775781066528116e-05,
      0.00017392830404186873, -0.0009080988970373065, 0.0046613263689723, -0.023503448598162904,
      0.11630270721024731};
  /** {@code x·erfc(x)·exp(x²)} in {@code u = 1/x} on {@code (0, 1/6]}. */
  private static final double[] U = {
      -39.17799229626588, -2.283807721052792, 43.37076456772409, -26.74133789667994, 1.486178145270344,
      3.5537383232235475, 0.010321631737738673, -1.0583503010486146, 1.6023961870913155e-05,
      0.4231418524664382, 4.1926740075518655e-09, -0.28209479180121283, 7.013877875294961e-14,
      0.5641895835477563};
  /** f32: {@code erf(x)/x} in {@code t = x²} on {@code [0, 1]}. */
  static final float[] FA = {
      7.875874871388078e-05f, -0.000801686430349946f, 0.005189087241888046f, -0.02685421146452427f,
      0.11283594369888306f, -0.3761262595653534f, 1.1283791065216064f};
  /** f32: {@code erfc(x)·exp(x²)} in {@code x - 2.5} on {@code [1, 4)}. */
  static final float[] FB = {
      -4.123142787193501e-07f, 1.6698367062417674e-06f, -3.83463202524581e-06f, 1.4364682101586368e-05f,
      -5.932730346103199e-05f, 0.0002129504719050601f, -0.0007333448738791049f, 0.002465999685227871f,
      -0.008001617155969143f, 0.024938199669122696f, -0.0743473470211029f, 0.21080635488033295f};

  private static double horner(double[] c, double x) {
    double r = c[0];
    for (int i = 1; i < c.length; i++) r = Math.fma(r, x, c[i]);   // as UnarySimdF32's vector erf, bit for bit
    return r;
  }

  private static float horner(float[] c, float x) {
    float r = c[0];
    for (int i = 1; i < c.length; i++) r = Math.fma(r, x, c[i]);   // as UnarySimdF32's vector erf, bit for bit
    return r;
  }

  /** The error function {@code 2/√π ∫₀ˣ e^{-t²} dt}. */
  public static double erf(double x) {
    double a = Math.abs(x);
    if (a < 1) return x * horner(A, a * a);
    if (!(a < 6)) return Double.isNaN(x) ? x : Math.copySign(1.0, x);
    return Math.copySign(1 - erfcTail(a), x);
  }

  /** The complementary error function {@code 1 - erf(x)}, accurate in relative terms for large {@code x}. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) return x;
    double a = Math.abs(x);
    double r = a < 1 ? 1 - a * horner(A, a * a) : erfcTail(a);
    return x < 0 ? 2 - r : r;
  }

  /** {@code erfc(a)} for {@code a >= 1}. */
  private static double erfcTail(double a) {
    if (a > 27.5) return 0;                     // erfc(27.5) < 2^-1074
    double g;
    if (a < 2) g = horner(B1, a - 1.5);
    else if (a < 3.5) g = horner(B2, a - 2.75);
    else if (a < 6) g = horner(B3, a - 4.75);
    else g = horner(U, 1 / a) / a;
    double s = Math.floor(a * 65536) / 65536;    // s² is exact: at most 5 + 16 significant bits, squared
    return Math.exp(-s * s) * Math.exp(-(a - s) * (a + s)) * g;
  }

  /** The error function in f32 arithmetic (see the class doc). */
  public static float erf(float x) {
    float a = Math.abs(x);
    if (a < 1f) return x * horner(FA, a * a);
    if (a >= 4f) return Math.copySign(1f, x);
    float e = ScalarMath.exp(-(a * a));
    return Math.copySign(1f - e * horner(FB, a - 2.5f), x);
  }

  /** The inverse error function: {@code erf(erfInv(x)) = x} for {@code x in [-1, 1]}. */
  public static double erfInv(double x) { return erfInv(x, 3); }

  /** The inverse error function for f32 (two refinement steps in double, then rounded). */
  public static float erfInv(float x) { return (float) erfInv(x, 2); }

  private static double erfInv(double x, int steps) {
    double a = Math.abs(x);
    if (!(a < 1)) return a == 1 ? Math.copySign(Double.POSITIVE_INFINITY, x) : Double.NaN;
    double oneMinus = 1 - a;                                   // exact for a >= 1/2
    double l = Math.log(oneMinus) + Math.log1p(a);             // ln(1 - a²) without cancellation
    double c = 2 / (Math.PI * 0.147) + l / 2;
    double y = Math.sqrt(Math.sqrt(c * c - l / 0.147) - c);    // Winitzki's approximation, a = 0.147
    for (int k = 0; k < steps; k++) {
      double f = a <= 0.5 ? erf(y) - a : oneMinus - erfc(y);
      double d = f / (TWO_OVER_SQRT_PI * Math.exp(-y * y));
      y -= d / (1 + y * d);                                    // Halley: erf'' = -2y erf'
    }
    return Math.copySign(y, x);
  }

  /** {@code asinh(x) = ln(x + √(x²+1))}, accurate for tiny and huge {@code x}. */
  public static double asinh(double x) {
    double a = Math.abs(x), r;
    if (a > 0x1p28) r = Math.log(a) + LN2;
    else if (a > 2) r = Math.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
    else if (a < 0x1p-28) r = a;
    else {
      double t = a * a;
      r = Math.log1p(a + t / (1 + Math.sqrt(1 + t)));
    }
    return Math.copySign(r, x);
  }

  /** {@code acosh(x) = ln(x + √(x²-1))} for {@code x >= 1}; NaN below 1. */
  public static double acosh(double x) {
    if (!(x >= 1)) return Double.NaN;
    if (x > 0x1p28) return Math.log(x) + LN2;
    if (x > 2) return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    double t = x - 1;
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }

  /** {@code atanh(x) = ½ ln((1+x)/(1-x))} for {@code |x| <= 1}; NaN outside. */
  public static double atanh(double x) {
    double a = Math.abs(x);
    if (a > 1) return Double.NaN;
    if (a == 1) return Math.copySign(Double.POSITIVE_INFINITY, x);
    double r = a < 0.5 ? 0.5 * Math.log1p(2 * a + 2 * a * a / (1 - a)) : 0.5 * Math.log1p(2 * a / (1 - a));
    return Math.copySign(r, x);
  }

  /** {@code 1 / (1 + e^{-x})}, written so that neither tail overflows. */
  public static double logistic(double x) {
    double e = Math.exp(-Math.abs(x));
    double r = 1 / (1 + e);
    return x >= 0 ? r : e * r;
  }

  /** The logistic function in f32 ({@code exp} in double, the rest in float). */
  public static float logistic(float x) {
    float e = (float) Math.exp(-Math.abs(x));
    float r = 1f / (1f + e);
    return x >= 0 ? r : e * r;
  }

  /** Rounds half away from zero ({@code lax.round}'s default): {@code 2.5 -> 3}, {@code -2.5 -> -3}. */
  public static double roundHalfAway(double x) {
    double a = Math.abs(x), t = Math.floor(a);
    if (a - t >= 0.5) t += 1;                  // a - t is exact
    return Math.copySign(t, x);
  }

  /** Rounds half away from zero, in f32. */
  public static float roundHalfAway(float x) {
    float a = Math.abs(x), t = (float) Math.floor(a);
    if (a - t >= 0.5f) t += 1f;
    return Math.copySign(t, x);
  }
}
