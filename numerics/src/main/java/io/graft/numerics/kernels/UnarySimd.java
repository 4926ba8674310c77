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
 * <p>Each function has its own loop with a constant {@link VectorOperators} token (the Vector API intrinsifies
 * only constant operators). Full vectors are processed in place; the last partial vector is copied into a
 * zero-padded buffer and run through the same loop, so every element takes the same code path (zero padding is
 * harmless: floating-point lanes never trap). f32 {@code erf} evaluates {@link SpecialMath}'s f32 polynomials
 * with FMA and blends the two ranges.
 */
final class UnarySimd {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

  private UnarySimd() {}

  /** True if {@code f} has a SIMD loop for {@code d}. */
  static boolean supports(Fn f, DType d) {
    return switch (f) {
      case NEG, ABS, SQUARE, SQRT, RSQRT, CBRT, EXP, EXP2, LOG, LOG1P, EXPM1, TANH, LOGISTIC,
           SIN, COS, TAN, ASIN, ACOS, ATAN, SINH, COSH -> d.isFloating();
      case ERF -> d == DType.F32;
      default -> false;
    };
  }

  static void f32(Fn f, float[] a, float[] o, int lo, int hi) {
    int end = lo + FS.loopBound(hi - lo);
    body(f, a, o, lo, end);
    if (end < hi) {
      float[] t = new float[FS.length()], u = new float[FS.length()];
      System.arraycopy(a, end, t, 0, hi - end);
      body(f, t, u, 0, t.length);
      System.arraycopy(u, 0, o, end, hi - end);
    }
  }

  static void f64(Fn f, double[] a, double[] o, int lo, int hi) {
    int end = lo + DS.loopBound(hi - lo);
    body(f, a, o, lo, end);
    if (end < hi) {
      double[] t = new double[DS.length()], u = new double[DS.length()];
      System.arraycopy(a, end, t, 0, hi - end);
      body(f, t, u, 0, t.length);
      System.arraycopy(u, 0, o, end, hi - end);
    }
  }

  private static FloatVector v(float[] a, int i) { return FloatVector.fromArray(FS, a, i); }

  private static DoubleVector v(double[] a, int i) { return DoubleVector.fromArray(DS, a, i); }

  /** {@code [lo, end)} is a whole number of vectors. */
  private static void body(Fn f, float[] a, float[] o, int lo, int end) {
    int l = FS.length();
    switch (f) {
      case NEG -> { for (int i = lo; i < end; i += l) v(a, i).neg().intoArray(o, i); }
      case ABS -> { for (int i = lo; i < end; i += l) v(a, i).abs().intoArray(o, i); }
      case SQUARE -> { for (int i = lo; i < end; i += l) { FloatVector x = v(a, i); x.mul(x).intoArray(o, i); } }
      case SQRT -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.SQRT).intoArray(o, i); }
      case RSQRT -> { for (int i = lo; i < end; i += l) FloatVector.broadcast(FS, 1f).div(v(a, i).lanewise(VectorOperators.SQRT)).intoArray(o, i); }
      case CBRT -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.CBRT).intoArray(o, i); }
      case EXP -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.EXP).intoArray(o, i); }
      case EXP2 -> { for (int i = lo; i < end; i += l) FloatVector.broadcast(FS, 2f).lanewise(VectorOperators.POW, v(a, i)).intoArray(o, i); }
      case LOG -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.LOG).intoArray(o, i); }
      case LOG1P -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.LOG1P).intoArray(o, i); }
      case EXPM1 -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.EXPM1).intoArray(o, i); }
      case TANH -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.TANH).intoArray(o, i); }
      case SIN -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.SIN).intoArray(o, i); }
      case COS -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.COS).intoArray(o, i); }
      case TAN -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.TAN).intoArray(o, i); }
      case ASIN -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.ASIN).intoArray(o, i); }
      case ACOS -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.ACOS).intoArray(o, i); }
      case ATAN -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.ATAN).intoArray(o, i); }
      case SINH -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.SINH).intoArray(o, i); }
      case COSH -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.COSH).intoArray(o, i); }
      case LOGISTIC -> { for (int i = lo; i < end; i += l) logistic(v(a, i)).intoArray(o, i); }
      case ERF -> { for (int i = lo; i < end; i += l) erf(v(a, i)).intoArray(o, i); }
      default -> throw new AssertionError(f + " has no f32 SIMD loop");
    }
  }

  private static void body(Fn f, double[] a, double[] o, int lo, int end) {
    int l = DS.length();
    switch (f) {
      case NEG -> { for (int i = lo; i < end; i += l) v(a, i).neg().intoArray(o, i); }
      case ABS -> { for (int i = lo; i < end; i += l) v(a, i).abs().intoArray(o, i); }
      case SQUARE -> { for (int i = lo; i < end; i += l) { DoubleVector x = v(a, i); x.mul(x).intoArray(o, i); } }
      case SQRT -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.SQRT).intoArray(o, i); }
      case RSQRT -> { for (int i = lo; i < end; i += l) DoubleVector.broadcast(DS, 1.0).div(v(a, i).lanewise(VectorOperators.SQRT)).intoArray(o, i); }
      case CBRT -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.CBRT).intoArray(o, i); }
      case EXP -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.EXP).intoArray(o, i); }
      case EXP2 -> { for (int i = lo; i < end; i += l) DoubleVector.broadcast(DS, 2.0).lanewise(VectorOperators.POW, v(a, i)).intoArray(o, i); }
      case LOG -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.LOG).intoArray(o, i); }
      case LOG1P -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.LOG1P).intoArray(o, i); }
      case EXPM1 -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.EXPM1).intoArray(o, i); }
      case TANH -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.TANH).intoArray(o, i); }
      case SIN -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.SIN).intoArray(o, i); }
      case COS -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.COS).intoArray(o, i); }
      case TAN -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.TAN).intoArray(o, i); }
      case ASIN -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.ASIN).intoArray(o, i); }
      case ACOS -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.ACOS).intoArray(o, i); }
      case ATAN -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.ATAN).intoArray(o, i); }
      case SINH -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.SINH).intoArray(o, i); }
      case COSH -> { for (int i = lo; i < end; i += l) v(a, i).lanewise(VectorOperators.COSH).intoArray(o, i); }
      case LOGISTIC -> { for (int i = lo; i < end; i += l) logistic(v(a, i)).intoArray(o, i); }
      default -> throw new AssertionError(f + " has no f64 SIMD loop");
    }
  }

  /** {@code e = exp(-|x|)}, {@code r = 1/(1+e)}: {@code r} for {@code x >= 0}, {@code e·r} below (no overflow). */
  private static FloatVector logistic(FloatVector x) {
    FloatVector e = x.abs().neg().lanewise(VectorOperators.EXP);
    FloatVector r = FloatVector.broadcast(FS, 1f).div(e.add(1f));
    return e.mul(r).blend(r, x.compare(VectorOperators.GE, 0f));
  }

  private static DoubleVector logistic(DoubleVector x) {
    DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
    DoubleVector r = DoubleVector.broadcast(DS, 1.0).div(e.add(1.0));
    return e.mul(r).blend(r, x.compare(VectorOperators.GE, 0.0));
  }

  /** f32 erf: {@code x P(x²)} below 1, {@code ±(1 - exp(-x²) q(|x|))} on [1, 4), ±1 beyond; NaN propagates. */
  private static FloatVector erf(FloatVector x) {
    FloatVector a = x.abs(), t = a.mul(a);
    FloatVector p = FloatVector.broadcast(FS, SpecialMath.FA[0]);
    for (int k = 1; k < SpecialMath.FA.length; k++) p = p.fma(t, FloatVector.broadcast(FS, SpecialMath.FA[k]));
    FloatVector s = a.sub(2.5f), q = FloatVector.broadcast(FS, SpecialMath.FB[0]);
    for (int k = 1; k < SpecialMath.FB.length; k++) q = q.fma(s, FloatVector.broadcast(FS, SpecialMath.FB[k]));
    FloatVector tail = FloatVector.broadcast(FS, 1f).sub(t.neg().lanewise(VectorOperators.EXP).mul(q));
    tail = tail.blend(1f, a.compare(VectorOperators.GE, 4f));
    FloatVector signed = tail.blend(tail.neg(), x.compare(VectorOperators.LT, 0f));
    VectorMask<Float> small = a.compare(VectorOperators.LT, 1f);
    return signed.blend(x.mul(p), small);
  }
}
