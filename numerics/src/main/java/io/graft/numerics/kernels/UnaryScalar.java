package io.graft.numerics.kernels;

import io.graft.numerics.kernels.UnaryKernels.Fn;

/**
 * The scalar loops behind {@link UnaryKernels}: one loop per (function, dtype) over {@code [lo, hi)}, the switch
 * outside the loop. Used when the Vector API is absent and for the functions it has no operator for; the tests
 * call it directly to check the SIMD path against it. The functions that have a {@link VectorMath} polynomial (exp,
 * expm1, log, log1p, tanh, logistic, sin, cos) call its scalar twin ({@link ScalarMath}), f32 erf the same fma
 * sequence as the vector loop, and every f32 operation the SIMD loop does in f32 ({@code rsqrt}) is done in f32
 * here, so these loops give the SIMD loops' bits; the other f32 functions are computed in double and rounded once.
 */
final class UnaryScalar {
  private UnaryScalar() {}

  static void f32(Fn f, float[] a, float[] o, int lo, int hi) {
    switch (f) {
      case NEG -> { for (int i = lo; i < hi; i++) o[i] = -a[i]; }
      case SIGN -> { for (int i = lo; i < hi; i++) o[i] = Math.signum(a[i]); }
      case FLOOR -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.floor(a[i]); }
      case CEIL -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.ceil(a[i]); }
      case ROUND -> { for (int i = lo; i < hi; i++) o[i] = SpecialMath.roundHalfAway(a[i]); }
      case ROUND_EVEN -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.rint(a[i]); }
      case EXP -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.exp(a[i]); }
      case EXP2 -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.pow(2, a[i]); }
      case LOG -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.log(a[i]); }
      case LOG1P -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.log1p(a[i]); }
      case EXPM1 -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.expm1(a[i]); }
      case TANH -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.tanh(a[i]); }
      case LOGISTIC -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.logistic(a[i]); }
      case SIN -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.sin(a[i]); }
      case COS -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.cos(a[i]); }
      case TAN -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.tan(a[i]); }
      case ASIN -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.asin(a[i]); }
      case ACOS -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.acos(a[i]); }
      case ATAN -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.atan(a[i]); }
      case SINH -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.sinh(a[i]); }
      case COSH -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.cosh(a[i]); }
      case ASINH -> { for (int i = lo; i < hi; i++) o[i] = (float) SpecialMath.asinh(a[i]); }
      case ACOSH -> { for (int i = lo; i < hi; i++) o[i] = (float) SpecialMath.acosh(a[i]); }
      case ATANH -> { for (int i = lo; i < hi; i++) o[i] = (float) SpecialMath.atanh(a[i]); }
      case SQRT -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.sqrt(a[i]); }
      case RSQRT -> { for (int i = lo; i < hi; i++) o[i] = 1f / (float) Math.sqrt(a[i]); }
      case CBRT -> { for (int i = lo; i < hi; i++) o[i] = (float) Math.cbrt(a[i]); }
      case ABS -> { for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); }
      case ERF -> { for (int i = lo; i < hi; i++) o[i] = SpecialMath.erf(a[i]); }
      case ERF_INV -> { for (int i = lo; i < hi; i++) o[i] = SpecialMath.erfInv(a[i]); }
      case SQUARE -> { for (int i = lo; i < hi; i++) o[i] = a[i] * a[i]; }
      case IS_FINITE, NOT -> throw new AssertionError(f + " has no f32 -> f32 loop");
    }
  }

  static void f64(Fn f, double[] a, double[] o, int lo, int hi) {
    switch (f) {
      case NEG -> { for (int i = lo; i < hi; i++) o[i] = -a[i]; }
      case SIGN -> { for (int i = lo; i < hi; i++) o[i] = Math.signum(a[i]); }
      case FLOOR -> { for (int i = lo; i < hi; i++) o[i] = Math.floor(a[i]); }
      case CEIL -> { for (int i = lo; i < hi; i++) o[i] = Math.ceil(a[i]); }
      case ROUND -> { for (int i = lo; i < hi; i++) o[i] = SpecialMath.roundHalfAway(a[i]); }
      case ROUND_EVEN -> { for (int i = lo; i < hi; i++) o[i] = Math.rint(a[i]); }
      case EXP -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.exp(a[i]); }
      case EXP2 -> { for (int i = lo; i < hi; i++) o[i] = Math.pow(2, a[i]); }
      case LOG -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.log(a[i]); }
      case LOG1P -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.log1p(a[i]); }
      case EXPM1 -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.expm1(a[i]); }
      case TANH -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.tanh(a[i]); }
      case LOGISTIC -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.logistic(a[i]); }
      case SIN -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.sin(a[i]); }
      case COS -> { for (int i = lo; i < hi; i++) o[i] = ScalarMath.cos(a[i]); }
      case TAN -> { for (int i = lo; i < hi; i++) o[i] = Math.tan(a[i]); }
      case ASIN -> { for (int i = lo; i < hi; i++) o[i] = Math.asin(a[i]); }
      case ACOS -> { for (int i = lo; i < hi; i++) o[i] = Math.acos(a[i]); }
      case ATAN -> { for (int i = lo; i < hi; i++) o[i] = Math.atan(a[i]); }
      case SINH -> { for (int i = lo; i < hi; i++) o[i] = Math.sinh(a[i]); }
      case COSH -> { for (int i = lo; i < hi; i++) o[i] = Math.cosh(a[i]); }
      case ASINH -> { for (int i = lo; i < hi; i++) o[i] = SpecialMath.asinh(a[i]); }
      case ACOSH -> { for (int i = lo; i < hi; i++) o[i] = SpecialMath.acosh(a[i]); }
      case ATANH -> { for (int i = lo; i < hi; i++) o[i] = SpecialMath.atanh(a[i]); }
      case SQRT -> { for (int i = lo; i < hi; i++) o[i] = Math.sqrt(a[i]); }
      case RSQRT -> { for (int i = lo; i < hi; i++) o[i] = 1 / Math.sqrt(a[i]); }
      case CBRT -> { for (int i = lo; i < hi; i++) o[i] = Math.cbrt(a[i]); }
      case ABS -> { for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); }
      case ERF -> { for (int i = lo; i < hi; i++) o[i] = SpecialMath.erf(a[i]); }
      case ERF_INV -> { for (int i = lo; i < hi; i++) o[i] = SpecialMath.erfInv(a[i]); }
      case SQUARE -> { for (int i = lo; i < hi; i++) o[i] = a[i] * a[i]; }
      case IS_FINITE, NOT -> throw new AssertionError(f + " has no f64 -> f64 loop");
    }
  }

  static void isFinite(float[] a, boolean[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = Float.isFinite(a[i]); }

  static void isFinite(double[] a, boolean[] o, int lo, int hi) { for (int i = lo; i < hi; i++) o[i] = Double.isFinite(a[i]); }

  static void i32(Fn f, int[] a, int[] o, int lo, int hi) {
    switch (f) {
      case NEG -> { for (int i = lo; i < hi; i++) o[i] = -a[i]; }
      case SIGN -> { for (int i = lo; i < hi; i++) o[i] = Integer.signum(a[i]); }
      case ABS -> { for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); }
      case NOT -> { for (int i = lo; i < hi; i++) o[i] = ~a[i]; }
      case SQUARE -> { for (int i = lo; i < hi; i++) o[i] = a[i] * a[i]; }
      default -> throw new AssertionError(f + " has no i32 loop");
    }
  }

  static void i64(Fn f, long[] a, long[] o, int lo, int hi) {
    switch (f) {
      case NEG -> { for (int i = lo; i < hi; i++) o[i] = -a[i]; }
      case SIGN -> { for (int i = lo; i < hi; i++) o[i] = Long.signum(a[i]); }
      case ABS -> { for (int i = lo; i < hi; i++) o[i] = Math.abs(a[i]); }
      case NOT -> { for (int i = lo; i < hi; i++) o[i] = ~a[i]; }
      case SQUARE -> { for (int i = lo; i < hi; i++) o[i] = a[i] * a[i]; }
      default -> throw new AssertionError(f + " has no i64 loop");
    }
  }

  static void bool(Fn f, boolean[] a, boolean[] o, int lo, int hi) {
    if (f != Fn.NOT) throw new AssertionError(f + " has no bool loop");
    for (int i = lo; i < hi; i++) o[i] = !a[i];
  }
}
