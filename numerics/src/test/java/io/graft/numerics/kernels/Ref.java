package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;

/**
 * Naive references for the kernel tests, written independently of the kernels: each is the textbook formula in
 * double (a series for erf, {@link BigDecimal} for rounding), and a ulp-based comparison.
 */
final class Ref {
  private Ref() {}

  /** erf by the all-positive series {@code 2/√π e^{-x²} Σ 2ⁿ x^{2n+1} / (1·3···(2n+1))}; 1 beyond |x| = 6. */
  static double erf(double x) {
    if (Double.isNaN(x)) return x;
    double a = Math.abs(x);
    if (a >= 6) return Math.copySign(1, x);
    double term = a, sum = a;
    for (int n = 1; term > sum * 1e-18; n++) {
      term *= 2 * a * a / (2 * n + 1);
      sum += term;
    }
    return Math.copySign(2 / Math.sqrt(Math.PI) * Math.exp(-a * a) * sum, x);
  }

  /** Rounding with a {@link BigDecimal} mode (exact). */
  static double round(double x, RoundingMode mode) {
    if (!Double.isFinite(x)) return x;
    double r = new BigDecimal(x).setScale(0, mode).doubleValue();
    return r == 0 ? Math.copySign(0.0, x) : r;
  }

  /** {@code f(x)} for a unary kernel function, in double. */
  static double unary(UnaryKernels.Fn f, double x) {
    return switch (f) {
      case NEG -> -x;
      case SIGN -> Math.signum(x);
      case FLOOR -> Math.floor(x);
      case CEIL -> Math.ceil(x);
      case ROUND -> round(x, RoundingMode.HALF_UP);
      case ROUND_EVEN -> round(x, RoundingMode.HALF_EVEN);
      case IS_FINITE -> Double.isFinite(x) ? 1 : 0;
      case EXP -> Math.exp(x);
      case EXP2 -> Math.pow(2, x);
      case LOG -> Math.log(x);
      case LOG1P -> Math.log1p(x);
      case EXPM1 -> Math.expm1(x);
      case TANH -> Math.tanh(x);
      case LOGISTIC -> 1 / (1 + Math.exp(-x));
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TAN -> Math.tan(x);
      case ASIN -> Math.asin(x);
      case ACOS -> Math.acos(x);
      case ATAN -> Math.atan(x);
      case SINH -> Math.sinh(x);
      case COSH -> Math.cosh(x);
      case ASINH -> Math.abs(x) < 0.01 ? series(x, -1.0 / 6, 3.0 / 40, -15.0 / 336)
          : Double.isInfinite(x) ? x : Math.copySign(Math.log(Math.abs(x) + Math.sqrt(x * x + 1)), x);
      case ACOSH -> x == Double.POSITIVE_INFINITY ? x : Math.log(x + Math.sqrt(x * x - 1));
      case ATANH -> Math.abs(x) < 0.01 ? series(x, 1.0 / 3, 1.0 / 5, 1.0 / 7)
          : Math.copySign(0.5 * Math.log((1 + Math.abs(x)) / (1 - Math.abs(x))), x);
      case SQRT -> Math.sqrt(x);
      case RSQRT -> 1 / Math.sqrt(x);
      case CBRT -> Math.cbrt(x);
      case ABS -> Math.abs(x);
      case ERF -> erf(x);
      case ERF_INV -> erfInvByBisection(x);
      case SQUARE -> x * x;
      case NOT -> throw new IllegalArgumentException("not is not a real function");
    };
  }

  /** {@code x + c3 x³ + c5 x⁵ + c7 x⁷}: Taylor series for small {@code x}. */
  private static double series(double x, double c3, double c5, double c7) {
    double t = x * x;
    return x == 0 ? x : x + x * t * (c3 + t * (c5 + t * c7));
  }

  /** {@code erf^-1} by bisection on {@link #erf} (to full double resolution; for {@code |x| <= 0.95}). */
  static double erfInvByBisection(double x) {
    if (Double.isNaN(x) || Math.abs(x) > 1) return Double.NaN;
    if (Math.abs(x) == 1) return Math.copySign(Double.POSITIVE_INFINITY, x);
    if (x == 0) return x;
    double lo = -6, hi = 6;
    for (int i = 0; i < 200 && lo < hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (mid == lo || mid == hi) break;
      if (erf(mid) < x) lo = mid; else hi = mid;
    }
    return 0.5 * (lo + hi);
  }

  /** Asserts {@code got} is within {@code ulps} ulps (plus {@code rel} relative) of {@code want}; NaN equals NaN. */
  static void close(double want, double got, double ulps, double rel, boolean f32, String what) {
    if (Double.isNaN(want) && Double.isNaN(got)) return;
    if (Double.isInfinite(want) || Double.isInfinite(got) || want == got) {
      assertEquals(want, got, what);
      return;
    }
    double ulp = f32 ? Math.ulp((float) want) : Math.ulp(want);
    double err = Math.abs(want - got);
    if (err > ulps * ulp + rel * Math.abs(want)) fail(what + ": want " + want + " got " + got + " (" + err / ulp + " ulp)");
  }

  /** {@code n} values: special ones first, then uniform in {@code [lo, hi]}. */
  static double[] inputs(int n, double lo, double hi, long seed) {
    double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 0.5, -0.5, 1.5, -2.5, 1, -1};
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = i < special.length ? special[i] : lo + (hi - lo) * r.nextDouble();
    return x;
  }
}
