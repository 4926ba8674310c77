package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.UnaryKernels.Fn;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops behind {@link UnaryKernels} for f32 and f64; loaded only when {@code Simd.AVAILABLE}.
 *
 * <p>Which functions: those with an exact lanewise operator ({@code neg}, {@code abs}, {@code sqrt}, and
 * {@code square}, {@code rsqrt} composed of them) and those with a {@link VectorMath} polynomial ({@code exp},
 * {@code expm1}, {@code log}, {@code log1p}, {@code tanh}, {@code logistic}, {@code sin}, {@code cos}, f32
 * {@code erf}), whose scalar twins ({@link ScalarMath}) {@link UnaryScalar} calls, so the SIMD and scalar loops give
 * the same bits and a result never depends on whether the Vector API is present. The JDK's lanewise transcendental
 * operators ({@code TAN}, {@code ATAN}, {@code SINH}, {@code COSH}, {@code CBRT}, {@code EXP}, ...) are not used:
 * they round differently from {@link Math}, and differently between the interpreter's fallback and C2's intrinsic,
 * so results would change with the JIT tier; those functions run {@link UnaryScalar}'s {@link Math} loops.
 *
 * <p>Each function has its own loop with a constant {@link VectorOperators} token (the Vector API intrinsifies
 * only constant operators). Full vectors are processed in place; the last partial vector runs {@link UnaryScalar}'s
 * loop, whose twins give the same bits lane for lane ({@code ScalarTwinsTest}), so no tail needs a padded buffer (two
 * allocations per call, most of a small array's kernel cost). f32 {@code erf} evaluates {@link SpecialMath}'s f32 polynomials
 * with FMA, as {@link SpecialMath#erf(float)} does, and blends the two ranges.
 */
final class UnarySimd {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

  private UnarySimd() {}

  /** True if {@code f} has a SIMD loop for {@code d}. */
  static boolean supports(Fn f, DType d) {
    return f.polynomial() ? d.isFloating() : switch (f) {
      case NEG, ABS, SQUARE, SQRT, RSQRT -> d.isFloating();
      case ERF -> d == DType.F32;
      default -> false;
    };
  }

  static void f32(Fn f, float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    body(f, a, o, lo, end);
    if (end < hi) UnaryScalar.f32(f, a, o, end, hi);   // the twin loop: same bits, no padded buffers
  }

  static void f64(Fn f, double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    body(f, a, o, lo, end);
    if (end < hi) UnaryScalar.f64(f, a, o, end, hi);   // the twin loop: same bits, no padded buffers
  }

  /** {@code [lo, end)} is a whole number of vectors. */
  private static void body(Fn f, float[] a, float[] o, int lo, int end) {
    switch (f) {
      case NEG -> negF(a, o, lo, end);
      case ABS -> absF(a, o, lo, end);
      case SQUARE -> squareF(a, o, lo, end);
      case SQRT -> sqrtF(a, o, lo, end);
      case RSQRT -> rsqrtF(a, o, lo, end);
      case EXP -> expF(a, o, lo, end);
      case LOG -> logF(a, o, lo, end);
      case LOG1P -> log1pF(a, o, lo, end);
      case EXPM1 -> expm1F(a, o, lo, end);
      case TANH -> tanhF(a, o, lo, end);
      case SIN -> sinF(a, o, lo, end);
      case COS -> cosF(a, o, lo, end);
      case LOGISTIC -> logisticF(a, o, lo, end);
      case ERF -> erfF(a, o, lo, end);
      default -> throw new AssertionError(f + " has no f32 SIMD loop");
    }
  }

  private static void body(Fn f, double[] a, double[] o, int lo, int end) {
    switch (f) {
      case NEG -> negD(a, o, lo, end);
      case ABS -> absD(a, o, lo, end);
      case SQUARE -> squareD(a, o, lo, end);
      case SQRT -> sqrtD(a, o, lo, end);
      case RSQRT -> rsqrtD(a, o, lo, end);
      case EXP -> expD(a, o, lo, end);
      case LOG -> logD(a, o, lo, end);
      case LOG1P -> log1pD(a, o, lo, end);
      case EXPM1 -> expm1D(a, o, lo, end);
      case TANH -> tanhD(a, o, lo, end);
      case SIN -> sinD(a, o, lo, end);
      case COS -> cosD(a, o, lo, end);
      case LOGISTIC -> logisticD(a, o, lo, end);
      default -> throw new AssertionError(f + " has no f64 SIMD loop");
    }
  }

  // One small method per operator and dtype: C2 compiles each loop on its own with a constant operator. (With all
  // loops in one method C2 ran out of inlining budget and fell back to boxed vectors, 10x slower.)

  private static void negF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); x.neg().intoArray(o, i); }
  }

  private static void absF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); x.abs().intoArray(o, i); }
  }

  private static void squareF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); x.mul(x).intoArray(o, i); }
  }

  private static void sqrtF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); x.lanewise(VectorOperators.SQRT).intoArray(o, i); }
  }

  private static void rsqrtF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); FloatVector.broadcast(FS, 1).div(x.lanewise(VectorOperators.SQRT)).intoArray(o, i); }
  }

  private static void expF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { VectorMath.exp(FloatVector.fromArray(FS, a, i)).intoArray(o, i); }
  }

  private static void logF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { VectorMath.log(FloatVector.fromArray(FS, a, i)).intoArray(o, i); }
  }

  private static void log1pF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { VectorMath.log1p(FloatVector.fromArray(FS, a, i)).intoArray(o, i); }
  }

  private static void expm1F(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { VectorMath.expm1(FloatVector.fromArray(FS, a, i)).intoArray(o, i); }
  }

  private static void tanhF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { VectorMath.tanh(FloatVector.fromArray(FS, a, i)).intoArray(o, i); }
  }

  private static void sinF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { VectorMath.sin(FloatVector.fromArray(FS, a, i)).intoArray(o, i); }
  }

  private static void cosF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { VectorMath.cos(FloatVector.fromArray(FS, a, i)).intoArray(o, i); }
  }

  private static void logisticF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { VectorMath.logistic(FloatVector.fromArray(FS, a, i)).intoArray(o, i); }
  }

  private static void erfF(float[] a, float[] o, int lo, int end) {
    for (int i = lo; i < end; i += FS.length()) { FloatVector x = FloatVector.fromArray(FS, a, i); erf(x).intoArray(o, i); }
  }

  private static void negD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); x.neg().intoArray(o, i); }
  }

  private static void absD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); x.abs().intoArray(o, i); }
  }

  private static void squareD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); x.mul(x).intoArray(o, i); }
  }

  private static void sqrtD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); x.lanewise(VectorOperators.SQRT).intoArray(o, i); }
  }

  private static void rsqrtD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { DoubleVector x = DoubleVector.fromArray(DS, a, i); DoubleVector.broadcast(DS, 1).div(x.lanewise(VectorOperators.SQRT)).intoArray(o, i); }
  }

  private static void expD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { VectorMath.exp(DoubleVector.fromArray(DS, a, i)).intoArray(o, i); }
  }

  private static void logD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { VectorMath.log(DoubleVector.fromArray(DS, a, i)).intoArray(o, i); }
  }

  private static void log1pD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { VectorMath.log1p(DoubleVector.fromArray(DS, a, i)).intoArray(o, i); }
  }

  private static void expm1D(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { VectorMath.expm1(DoubleVector.fromArray(DS, a, i)).intoArray(o, i); }
  }

  private static void tanhD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) VectorMath.tanh(DoubleVector.fromArray(DS, a, i)).intoArray(o, i);
  }

  private static void sinD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { VectorMath.sin(DoubleVector.fromArray(DS, a, i)).intoArray(o, i); }
  }

  private static void cosD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { VectorMath.cos(DoubleVector.fromArray(DS, a, i)).intoArray(o, i); }
  }

  private static void logisticD(double[] a, double[] o, int lo, int end) {
    for (int i = lo; i < end; i += DS.length()) { VectorMath.logistic(DoubleVector.fromArray(DS, a, i)).intoArray(o, i); }
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
