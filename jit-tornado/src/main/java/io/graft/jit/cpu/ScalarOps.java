package io.graft.jit.cpu;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.UnaryFn;

/**
 * The scalar definition of every {@link UnaryFn} row computed by an operator and every {@link BinaryFn} row (the
 * method its {@code scalar()} names), and of select and bool conversion, in f32 and f64; generated row loops call
 * these (C2 inlines them). Exact operations, or {@link Math}'s with f32 results rounded to float. The polynomial rows'
 * scalar definitions are {@link io.graft.numerics.kernels.ScalarMath}'s twins of the vector functions. Public only so
 * that generated hidden classes can call them.
 */
public final class ScalarOps {
  private ScalarOps() {}

  public static float neg(float x) { return -x; }
  public static float abs(float x) { return Math.abs(x); }
  public static float sign(float x) { return Math.signum(x); }
  public static float add(float a, float b) { return a + b; }
  public static float sub(float a, float b) { return a - b; }
  public static float mul(float a, float b) { return a * b; }
  public static float div(float a, float b) { return a / b; }
  public static float max(float a, float b) { return Math.max(a, b); }
  public static float min(float a, float b) { return Math.min(a, b); }
  public static float sqrt(float x) { return (float) Math.sqrt(x); }
  public static float floor(float x) { return (float) Math.floor(x); }
  public static float ceil(float x) { return (float) Math.ceil(x); }
  public static float pow(float a, float b) { return (float) Math.pow(a, b); }
  public static float atan2(float a, float b) { return (float) Math.atan2(a, b); }
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

  public static double neg(double x) { return -x; }
  public static double abs(double x) { return Math.abs(x); }
  public static double sign(double x) { return Math.signum(x); }
  public static double add(double a, double b) { return a + b; }
  public static double sub(double a, double b) { return a - b; }
  public static double mul(double a, double b) { return a * b; }
  public static double div(double a, double b) { return a / b; }
  public static double max(double a, double b) { return Math.max(a, b); }
  public static double min(double a, double b) { return Math.min(a, b); }
  public static double sqrt(double x) { return Math.sqrt(x); }
  public static double floor(double x) { return Math.floor(x); }
  public static double ceil(double x) { return Math.ceil(x); }
  public static double pow(double a, double b) { return Math.pow(a, b); }
  public static double atan2(double a, double b) { return Math.atan2(a, b); }
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
