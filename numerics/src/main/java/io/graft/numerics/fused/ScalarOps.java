package io.graft.numerics.fused;

/**
 * The scalar meaning of the IR's operations that are not one JVM instruction, in f32 and f64; generated loops call
 * these (C2 inlines them). f32 versions round each {@link Math} result to float, so f32 is computed in f32.
 * Public only so that generated hidden classes can call them.
 */
public final class ScalarOps {
  private ScalarOps() {}

  public static float exp(float x) { return (float) Math.exp(x); }
  public static float log(float x) { return (float) Math.log(x); }
  public static float tanh(float x) { return (float) Math.tanh(x); }
  public static float sin(float x) { return (float) Math.sin(x); }
  public static float cos(float x) { return (float) Math.cos(x); }
  public static float sqrt(float x) { return (float) Math.sqrt(x); }
  public static float log1p(float x) { return (float) Math.log1p(x); }
  public static float expm1(float x) { return (float) Math.expm1(x); }
  public static float floor(float x) { return (float) Math.floor(x); }
  public static float ceil(float x) { return (float) Math.ceil(x); }
  public static float pow(float a, float b) { return (float) Math.pow(a, b); }
  public static float atan2(float a, float b) { return (float) Math.atan2(a, b); }
  /** {@code 1 / (1 + exp(-x))}, each step rounded to f32. */
  public static float logistic(float x) { return 1f / (1f + (float) Math.exp(-x)); }
  /** {@code 1 / sqrt(x)}, the root rounded to f32 first. */
  public static float rsqrt(float x) { return 1f / (float) Math.sqrt(x); }
  public static float square(float x) { return x * x; }
  public static float reciprocal(float x) { return 1f / x; }
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

  /** {@code 1 / (1 + exp(-x))}. */
  public static double logistic(double x) { return 1d / (1d + Math.exp(-x)); }
  public static double rsqrt(double x) { return 1d / Math.sqrt(x); }
  public static double square(double x) { return x * x; }
  public static double reciprocal(double x) { return 1d / x; }
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
