package io.graft.numerics.kernels;

/**
 * The scalar definition of every elementwise op-table row that is not a {@link VectorMath} polynomial (those are
 * {@link ScalarMath}'s twins), in f32 and f64: the method named by the row's {@code scalar()}
 * ({@link UnaryKernels.Fn#scalar()}, {@link BinaryKernels.Fn#scalar()}, {@link CompareKernels.Cmp#scalar()}). The
 * eager scalar loops and tails call these, and so do the jit's generated row loops (C2 inlines them), so both give
 * the same bits. Exact IEEE operations, or {@link Math}'s / {@link SpecialMath}'s with f32 results rounded once to
 * float. Comparisons give 1 or 0; {@code select} and {@code bool} serve the jit's select and bool conversion.
 */
public final class ScalarOps {
  private ScalarOps() {}

  public static float neg(float x) { return -x; }
  public static float abs(float x) { return Math.abs(x); }
  public static float sign(float x) { return Math.signum(x); }
  public static float floor(float x) { return (float) Math.floor(x); }
  public static float ceil(float x) { return (float) Math.ceil(x); }
  /** Round half away from zero. */
  public static float round(float x) { return SpecialMath.roundHalfAway(x); }
  /** Round half to even. */
  public static float roundEven(float x) { return (float) Math.rint(x); }
  public static boolean isFinite(float x) { return Float.isFinite(x); }
  public static float exp2(float x) { return (float) Math.pow(2, x); }
  public static float tan(float x) { return (float) Math.tan(x); }
  public static float asin(float x) { return (float) Math.asin(x); }
  public static float acos(float x) { return (float) Math.acos(x); }
  public static float atan(float x) { return (float) Math.atan(x); }
  public static float sinh(float x) { return (float) Math.sinh(x); }
  public static float cosh(float x) { return (float) Math.cosh(x); }
  public static float asinh(float x) { return (float) SpecialMath.asinh(x); }
  public static float acosh(float x) { return (float) SpecialMath.acosh(x); }
  public static float atanh(float x) { return (float) SpecialMath.atanh(x); }
  public static float sqrt(float x) { return (float) Math.sqrt(x); }
  /** {@code 1 / sqrt(x)}, the root rounded to f32 first. */
  public static float rsqrt(float x) { return 1f / (float) Math.sqrt(x); }
  public static float cbrt(float x) { return (float) Math.cbrt(x); }
  /** f32 erf with the vector loop's fma sequence ({@link SpecialMath#erf(float)}). */
  public static float erf(float x) { return SpecialMath.erf(x); }
  public static float erfInv(float x) { return SpecialMath.erfInv(x); }
  public static float square(float x) { return x * x; }
  public static float reciprocal(float x) { return 1f / x; }
  public static float add(float a, float b) { return a + b; }
  public static float sub(float a, float b) { return a - b; }
  public static float mul(float a, float b) { return a * b; }
  public static float div(float a, float b) { return a / b; }
  /** C {@code fmod}: the remainder with the dividend's sign. */
  public static float rem(float a, float b) { return a % b; }
  public static float pow(float a, float b) { return (float) Math.pow(a, b); }
  public static float max(float a, float b) { return Math.max(a, b); }
  public static float min(float a, float b) { return Math.min(a, b); }
  public static float atan2(float a, float b) { return (float) Math.atan2(a, b); }
  public static float nextafter(float a, float b) { return Math.nextAfter(a, (double) b); }
  public static float gt(float a, float b) { return a > b ? 1f : 0f; }
  public static float lt(float a, float b) { return a < b ? 1f : 0f; }
  public static float ge(float a, float b) { return a >= b ? 1f : 0f; }
  public static float le(float a, float b) { return a <= b ? 1f : 0f; }
  public static float eq(float a, float b) { return a == b ? 1f : 0f; }
  public static float ne(float a, float b) { return a != b ? 1f : 0f; }
  /** {@code c != 0 ? t : f}; NaN counts as true. */
  public static float select(float c, float t, float f) { return c != 0f ? t : f; }
  /** The bool of a value: {@code x != 0} (NaN is true). */
  public static boolean bool(float x) { return x != 0f; }

  public static double neg(double x) { return -x; }
  public static double abs(double x) { return Math.abs(x); }
  public static double sign(double x) { return Math.signum(x); }
  public static double floor(double x) { return Math.floor(x); }
  public static double ceil(double x) { return Math.ceil(x); }
  /** Round half away from zero. */
  public static double round(double x) { return SpecialMath.roundHalfAway(x); }
  /** Round half to even. */
  public static double roundEven(double x) { return Math.rint(x); }
  public static boolean isFinite(double x) { return Double.isFinite(x); }
  public static double exp2(double x) { return Math.pow(2, x); }
  public static double tan(double x) { return Math.tan(x); }
  public static double asin(double x) { return Math.asin(x); }
  public static double acos(double x) { return Math.acos(x); }
  public static double atan(double x) { return Math.atan(x); }
  public static double sinh(double x) { return Math.sinh(x); }
  public static double cosh(double x) { return Math.cosh(x); }
  public static double asinh(double x) { return SpecialMath.asinh(x); }
  public static double acosh(double x) { return SpecialMath.acosh(x); }
  public static double atanh(double x) { return SpecialMath.atanh(x); }
  public static double sqrt(double x) { return Math.sqrt(x); }
  public static double rsqrt(double x) { return 1d / Math.sqrt(x); }
  public static double cbrt(double x) { return Math.cbrt(x); }
  public static double erf(double x) { return SpecialMath.erf(x); }
  public static double erfInv(double x) { return SpecialMath.erfInv(x); }
  public static double square(double x) { return x * x; }
  public static double reciprocal(double x) { return 1d / x; }
  public static double add(double a, double b) { return a + b; }
  public static double sub(double a, double b) { return a - b; }
  public static double mul(double a, double b) { return a * b; }
  public static double div(double a, double b) { return a / b; }
  /** C {@code fmod}: the remainder with the dividend's sign. */
  public static double rem(double a, double b) { return a % b; }
  public static double pow(double a, double b) { return Math.pow(a, b); }
  public static double max(double a, double b) { return Math.max(a, b); }
  public static double min(double a, double b) { return Math.min(a, b); }
  public static double atan2(double a, double b) { return Math.atan2(a, b); }
  public static double nextafter(double a, double b) { return Math.nextAfter(a, b); }
  public static double gt(double a, double b) { return a > b ? 1d : 0d; }
  public static double lt(double a, double b) { return a < b ? 1d : 0d; }
  public static double ge(double a, double b) { return a >= b ? 1d : 0d; }
  public static double le(double a, double b) { return a <= b ? 1d : 0d; }
  public static double eq(double a, double b) { return a == b ? 1d : 0d; }
  public static double ne(double a, double b) { return a != b ? 1d : 0d; }
  /** {@code c != 0 ? t : f}; NaN counts as true. */
  public static double select(double c, double t, double f) { return c != 0d ? t : f; }
  /** The bool of a value: {@code x != 0} (NaN is true). */
  public static boolean bool(double x) { return x != 0d; }
}
