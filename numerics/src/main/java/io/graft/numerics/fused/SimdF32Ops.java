package io.graft.numerics.fused;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The operator loops of {@link SimdF32}: {@code o[oo + i] = fn(a[ao + i], ...)} for {@code i < m} ({@code m} a
 * multiple of the vector length), one small method per operator so that C2 compiles each loop with a constant
 * {@link VectorOperators} token. Every transcendental goes through ONE method per function ({@link #exp},
 * {@link #log}, ...), the single place to swap in faster polynomial versions. Loaded only when
 * {@code Simd.AVAILABLE}.
 */
final class SimdF32Ops {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private SimdF32Ops() {}

  static FloatVector exp(FloatVector x) { return x.lanewise(VectorOperators.EXP); }
  static FloatVector log(FloatVector x) { return x.lanewise(VectorOperators.LOG); }
  static FloatVector tanh(FloatVector x) { return x.lanewise(VectorOperators.TANH); }
  static FloatVector sin(FloatVector x) { return x.lanewise(VectorOperators.SIN); }
  static FloatVector cos(FloatVector x) { return x.lanewise(VectorOperators.COS); }
  static FloatVector log1p(FloatVector x) { return x.lanewise(VectorOperators.LOG1P); }
  static FloatVector expm1(FloatVector x) { return x.lanewise(VectorOperators.EXPM1); }
  static FloatVector pow(FloatVector x, FloatVector y) { return x.lanewise(VectorOperators.POW, y); }
  static FloatVector atan2(FloatVector y, FloatVector x) { return y.lanewise(VectorOperators.ATAN2, x); }

  private static FloatVector v(float[] a, int i) { return FloatVector.fromArray(S, a, i); }

  static void unary(UnaryFn fn, float[] a, int ao, float[] o, int oo, int m) {
    switch (fn) {
      case NEG -> { for (int i = 0; i < m; i += L) v(a, ao + i).neg().intoArray(o, oo + i); }
      case ABS -> { for (int i = 0; i < m; i += L) v(a, ao + i).abs().intoArray(o, oo + i); }
      case SQRT -> { for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.SQRT).intoArray(o, oo + i); }
      case SQUARE -> { for (int i = 0; i < m; i += L) { FloatVector x = v(a, ao + i); x.mul(x).intoArray(o, oo + i); } }
      case EXP -> { for (int i = 0; i < m; i += L) exp(v(a, ao + i)).intoArray(o, oo + i); }
      case LOG -> { for (int i = 0; i < m; i += L) log(v(a, ao + i)).intoArray(o, oo + i); }
      case TANH -> { for (int i = 0; i < m; i += L) tanh(v(a, ao + i)).intoArray(o, oo + i); }
      case SIN -> { for (int i = 0; i < m; i += L) sin(v(a, ao + i)).intoArray(o, oo + i); }
      case COS -> { for (int i = 0; i < m; i += L) cos(v(a, ao + i)).intoArray(o, oo + i); }
      case LOG1P -> { for (int i = 0; i < m; i += L) log1p(v(a, ao + i)).intoArray(o, oo + i); }
      case EXPM1 -> { for (int i = 0; i < m; i += L) expm1(v(a, ao + i)).intoArray(o, oo + i); }
      case LOGISTIC -> logistic(a, ao, o, oo, m);
      case RSQRT -> rsqrt(a, ao, o, oo, m);
      case RECIPROCAL -> reciprocal(a, ao, o, oo, m);
      case SIGN -> sign(a, ao, o, oo, m);
      case FLOOR -> { for (int i = 0; i < m; i++) o[oo + i] = (float) Math.floor(a[ao + i]); }
      case CEIL -> { for (int i = 0; i < m; i++) o[oo + i] = (float) Math.ceil(a[ao + i]); }
    }
  }

  static void binary(BinaryFn fn, float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    switch (fn) {
      case ADD -> { for (int i = 0; i < m; i += L) v(a, ao + i).add(v(b, bo + i)).intoArray(o, oo + i); }
      case SUB -> { for (int i = 0; i < m; i += L) v(a, ao + i).sub(v(b, bo + i)).intoArray(o, oo + i); }
      case MUL -> { for (int i = 0; i < m; i += L) v(a, ao + i).mul(v(b, bo + i)).intoArray(o, oo + i); }
      case DIV -> { for (int i = 0; i < m; i += L) v(a, ao + i).div(v(b, bo + i)).intoArray(o, oo + i); }
      case MAX -> { for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.MAX, v(b, bo + i)).intoArray(o, oo + i); }
      case MIN -> { for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.MIN, v(b, bo + i)).intoArray(o, oo + i); }
      case POW -> { for (int i = 0; i < m; i += L) pow(v(a, ao + i), v(b, bo + i)).intoArray(o, oo + i); }
      case ATAN2 -> { for (int i = 0; i < m; i += L) atan2(v(a, ao + i), v(b, bo + i)).intoArray(o, oo + i); }
      case GT -> gt(a, ao, b, bo, o, oo, m);
      case LT -> lt(a, ao, b, bo, o, oo, m);
      case GE -> ge(a, ao, b, bo, o, oo, m);
      case LE -> le(a, ao, b, bo, o, oo, m);
      case EQ -> eq(a, ao, b, bo, o, oo, m);
      case NE -> ne(a, ao, b, bo, o, oo, m);
    }
  }

  /** {@code 1 / (1 + exp(-x))}, in the same order as {@link ScalarOps#logistic(float)}. */
  private static void logistic(float[] a, int ao, float[] o, int oo, int m) {
    FloatVector one = FloatVector.broadcast(S, (float) 1);
    for (int i = 0; i < m; i += L) one.div(one.add(exp(v(a, ao + i).neg()))).intoArray(o, oo + i);
  }

  private static void rsqrt(float[] a, int ao, float[] o, int oo, int m) {
    FloatVector one = FloatVector.broadcast(S, (float) 1);
    for (int i = 0; i < m; i += L) one.div(v(a, ao + i).lanewise(VectorOperators.SQRT)).intoArray(o, oo + i);
  }

  private static void reciprocal(float[] a, int ao, float[] o, int oo, int m) {
    FloatVector one = FloatVector.broadcast(S, (float) 1);
    for (int i = 0; i < m; i += L) one.div(v(a, ao + i)).intoArray(o, oo + i);
  }

  /** -1, 1, or x itself (keeps ±0 and NaN), like {@link Math#signum}. */
  private static void sign(float[] a, int ao, float[] o, int oo, int m) {
    FloatVector one = FloatVector.broadcast(S, (float) 1), minusOne = one.neg();
    for (int i = 0; i < m; i += L) {
      FloatVector x = v(a, ao + i);
      x.blend(one, x.compare(VectorOperators.GT, (float) 0)).blend(minusOne, x.compare(VectorOperators.LT, (float) 0))
          .intoArray(o, oo + i);
    }
  }

  private static void gt(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.GT, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void lt(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.LT, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void ge(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.GE, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void le(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.LE, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void eq(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.EQ, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void ne(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.NE, v(b, bo + i))).intoArray(o, oo + i);
  }

  /** {@code c != 0 ? t : f} with a mask (NaN compares not-equal, so it selects {@code t}). */
  static void select(float[] c, int co, float[] t, int to, float[] f, int fo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) {
      VectorMask<Float> k = v(c, co + i).compare(VectorOperators.NE, (float) 0);
      v(f, fo + i).blend(v(t, to + i), k).intoArray(o, oo + i);
    }
  }
}
