package io.graft.numerics.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector definitions of the {@link UnaryKernels.Fn} rows that have one: one loop per function and dtype over the
 * whole vectors of {@code [lo, hi)}, returning where they end (the row's scalar loop does the rest); loaded only when
 * {@code Simd.AVAILABLE}, so no row names a Vector API type.
 *
 * <p>Which functions: those with an exact lanewise operator ({@code neg}, {@code abs}, {@code sqrt}, and
 * {@code square}, {@code rsqrt} composed of them) and those with a {@link VectorMath} polynomial ({@code exp},
 * {@code expm1}, {@code log}, {@code log1p}, {@code tanh}, {@code logistic}, {@code sin}, {@code cos}, f32
 * {@code erf}), whose scalar twins ({@link ScalarMath}) the rows' scalar loops call, so the SIMD and scalar loops give
 * the same bits and a result never depends on whether the Vector API is present. The JDK's lanewise transcendental
 * operators ({@code TAN}, {@code ATAN}, {@code SINH}, {@code COSH}, {@code CBRT}, {@code EXP}, ...) are not used:
 * they round differently from {@link Math}, and differently between the interpreter's fallback and C2's intrinsic,
 * so results would change with the JIT tier; those functions run their rows' scalar loops.
 *
 * <p>Each function has its own loop with a constant {@link VectorOperators} token (the Vector API intrinsifies
 * only constant operators). Full vectors are processed in place; the last partial vector runs the row's scalar
 * loop, whose twins give the same bits lane for lane ({@code ScalarTwinsTest}), so no tail needs a padded buffer (two
 * allocations per call, most of a small array's kernel cost). f32 {@code erf} evaluates {@link SpecialMath}'s f32 polynomials
 * with FMA, as {@link SpecialMath#erf(float)} does, and blends the two ranges.
 */
final class UnarySimd {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

  private UnarySimd() {}

  // One small method per function and dtype: C2 compiles each loop on its own with a constant operator. (With all
  // loops in one method C2 ran out of inlining budget and fell back to boxed vectors, 10x slower.)

  static int neg(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); x.neg().intoArray(o, i); }
    return end;
  }

  static int abs(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); x.abs().intoArray(o, i); }
    return end;
  }

  static int square(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); x.mul(x).intoArray(o, i); }
    return end;
  }

  static int sqrt(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); x.lanewise(VectorOperators.SQRT).intoArray(o, i); }
    return end;
  }

  static int rsqrt(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); FloatVector.broadcast(FS, 1f).div(x.lanewise(VectorOperators.SQRT)).intoArray(o, i); }
    return end;
  }

  static int exp(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); VectorMath.exp(x).intoArray(o, i); }
    return end;
  }

  static int log(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); VectorMath.log(x).intoArray(o, i); }
    return end;
  }

  static int log1p(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); VectorMath.log1p(x).intoArray(o, i); }
    return end;
  }

  static int expm1(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); VectorMath.expm1(x).intoArray(o, i); }
    return end;
  }

  static int tanh(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); VectorMath.tanh(x).intoArray(o, i); }
    return end;
  }

  static int sin(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); VectorMath.sin(x).intoArray(o, i); }
    return end;
  }

  static int cos(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); VectorMath.cos(x).intoArray(o, i); }
    return end;
  }

  static int logistic(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); VectorMath.logistic(x).intoArray(o, i); }
    return end;
  }

  static int neg(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); x.neg().intoArray(o, i); }
    return end;
  }

  static int abs(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); x.abs().intoArray(o, i); }
    return end;
  }

  static int square(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); x.mul(x).intoArray(o, i); }
    return end;
  }

  static int sqrt(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); x.lanewise(VectorOperators.SQRT).intoArray(o, i); }
    return end;
  }

  static int rsqrt(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); DoubleVector.broadcast(DS, 1d).div(x.lanewise(VectorOperators.SQRT)).intoArray(o, i); }
    return end;
  }

  static int exp(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); VectorMath.exp(x).intoArray(o, i); }
    return end;
  }

  static int log(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); VectorMath.log(x).intoArray(o, i); }
    return end;
  }

  static int log1p(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); VectorMath.log1p(x).intoArray(o, i); }
    return end;
  }

  static int expm1(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); VectorMath.expm1(x).intoArray(o, i); }
    return end;
  }

  static int tanh(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); VectorMath.tanh(x).intoArray(o, i); }
    return end;
  }

  static int sin(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); VectorMath.sin(x).intoArray(o, i); }
    return end;
  }

  static int cos(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); VectorMath.cos(x).intoArray(o, i); }
    return end;
  }

  static int logistic(double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); VectorMath.logistic(x).intoArray(o, i); }
    return end;
  }

  static int erf(float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); erf(x).intoArray(o, i); }
    return end;
  }
  /** f32 erf: {@code x P(x²)} below 1, {@code ±(1 - exp(-x²) q(|x|))} on [1, 4), ±1 beyond; NaN propagates. */
  private static FloatVector erf(FloatVector x) {
    FloatVector a = x.abs(), t = a.mul(a);
    FloatVector p = FloatVector.broadcast(FS, SpecialMath.FA[0]);
    for (int k = 1; k < SpecialMath.FA.length; k++) p = p.fma(t, FloatVector.broadcast(FS, SpecialMath.FA[k]));
    FloatVector s = a.sub(2.5f), q = FloatVector.broadcast(FS, SpecialMath.FB[0]);
    for (int k = 1; k < SpecialMath.FB.length; k++) q = q.fma(s, FloatVector.broadcast(FS, SpecialMath.FB[k]));
    FloatVector tail = FloatVector.broadcast(FS, 1f).sub(VectorMath.exp(t.neg()).mul(q));
    tail = tail.blend(1f, a.compare(VectorOperators.GE, 4f));
    FloatVector signed = tail.blend(tail.neg(), x.compare(VectorOperators.LT, 0f));
    VectorMask<Float> small = a.compare(VectorOperators.LT, 1f);
    return signed.blend(x.mul(p), small);
  }
}
