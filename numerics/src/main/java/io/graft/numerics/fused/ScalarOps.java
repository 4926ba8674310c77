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
  /** {@code 1 / (1 + exp(-x))}, each step rounded to f32. */
  public static float logistic(float x) { return 1f / (1f + (float) Math.exp(-x)); }
  public static float gt(float a, float b) { return a > b ? 1f : 0f; }
  public static float lt(float a, float b) { return a < b ? 1f : 0f; }
  /** {@code c != 0 ? t : f}; NaN counts as true. */
  public static float select(float c, float t, float f) { return c != 0f ? t : f; }

  /** {@code 1 / (1 + exp(-x))}. */
  public static double logistic(double x) { return 1d / (1d + Math.exp(-x)); }
  public static double gt(double a, double b) { return a > b ? 1d : 0d; }
  public static double lt(double a, double b) { return a < b ? 1d : 0d; }
  /** {@code c != 0 ? t : f}; NaN counts as true. */
  public static double select(double c, double t, double f) { return c != 0d ? t : f; }
}
