// GENERATED from SimdF32Ops.java by: sed -e 's/FloatVector/DoubleVector/g; s/float\[\]/double[]/g; s/new float\[/new double[/g; s/(float)/(double)/g; s/<Float>/<Double>/g; s/SimdF32/SimdF64/g; s/an f32 {@link Kernel}/an f64 {@link Kernel}/; s/ScalarOps#logistic(float)/ScalarOps#logistic(double)/; s/in f32 are used/in f64 are used/; s/lane in f32/lane in f64/; s/vector by vector in f32/vector by vector in f64/' SimdF32Ops.java
package io.graft.numerics.fused;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The operator loops of {@link SimdF64}: {@code o[oo + i] = fn(a[ao + i], ...)} for {@code i < m} ({@code m} a
 * multiple of the vector length), one small method per operator so that C2 compiles each loop with a constant
 * {@link VectorOperators} token. Every transcendental goes through ONE method per function ({@link #exp},
 * {@link #log}, ...), the single place to swap in faster polynomial versions. Loaded only when
 * {@code Simd.AVAILABLE}.
 */
final class SimdF64Ops {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private SimdF64Ops() {}

  static DoubleVector exp(DoubleVector x) { return x.lanewise(VectorOperators.EXP); }
  static DoubleVector log(DoubleVector x) { return x.lanewise(VectorOperators.LOG); }
  static DoubleVector tanh(DoubleVector x) { return x.lanewise(VectorOperators.TANH); }
  static DoubleVector sin(DoubleVector x) { return x.lanewise(VectorOperators.SIN); }
  static DoubleVector cos(DoubleVector x) { return x.lanewise(VectorOperators.COS); }
  static DoubleVector log1p(DoubleVector x) { return x.lanewise(VectorOperators.LOG1P); }
  static DoubleVector expm1(DoubleVector x) { return x.lanewise(VectorOperators.EXPM1); }
  static DoubleVector pow(DoubleVector x, DoubleVector y) { return x.lanewise(VectorOperators.POW, y); }
  static DoubleVector atan2(DoubleVector y, DoubleVector x) { return y.lanewise(VectorOperators.ATAN2, x); }

  private static DoubleVector v(double[] a, int i) { return DoubleVector.fromArray(S, a, i); }

  static void unary(UnaryFn fn, double[] a, int ao, double[] o, int oo, int m) {
    switch (fn) {
      case NEG -> { for (int i = 0; i < m; i += L) v(a, ao + i).neg().intoArray(o, oo + i); }
      case ABS -> { for (int i = 0; i < m; i += L) v(a, ao + i).abs().intoArray(o, oo + i); }
      case SQRT -> { for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.SQRT).intoArray(o, oo + i); }
      case SQUARE -> { for (int i = 0; i < m; i += L) { DoubleVector x = v(a, ao + i); x.mul(x).intoArray(o, oo + i); } }
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
      case FLOOR -> { for (int i = 0; i < m; i++) o[oo + i] = (double) Math.floor(a[ao + i]); }
      case CEIL -> { for (int i = 0; i < m; i++) o[oo + i] = (double) Math.ceil(a[ao + i]); }
    }
  }

  static void binary(BinaryFn fn, double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
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

  /** {@code 1 / (1 + exp(-x))}, in the same order as {@link ScalarOps#logistic(double)}. */
  private static void logistic(double[] a, int ao, double[] o, int oo, int m) {
    DoubleVector one = DoubleVector.broadcast(S, (double) 1);
    for (int i = 0; i < m; i += L) one.div(one.add(exp(v(a, ao + i).neg()))).intoArray(o, oo + i);
  }

  private static void rsqrt(double[] a, int ao, double[] o, int oo, int m) {
    DoubleVector one = DoubleVector.broadcast(S, (double) 1);
    for (int i = 0; i < m; i += L) one.div(v(a, ao + i).lanewise(VectorOperators.SQRT)).intoArray(o, oo + i);
  }

  private static void reciprocal(double[] a, int ao, double[] o, int oo, int m) {
    DoubleVector one = DoubleVector.broadcast(S, (double) 1);
    for (int i = 0; i < m; i += L) one.div(v(a, ao + i)).intoArray(o, oo + i);
  }

  /** -1, 1, or x itself (keeps ±0 and NaN), like {@link Math#signum}. */
  private static void sign(double[] a, int ao, double[] o, int oo, int m) {
    DoubleVector one = DoubleVector.broadcast(S, (double) 1), minusOne = one.neg();
    for (int i = 0; i < m; i += L) {
      DoubleVector x = v(a, ao + i);
      x.blend(one, x.compare(VectorOperators.GT, (double) 0)).blend(minusOne, x.compare(VectorOperators.LT, (double) 0))
          .intoArray(o, oo + i);
    }
  }

  private static void gt(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.GT, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void lt(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.LT, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void ge(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.GE, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void le(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.LE, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void eq(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.EQ, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void ne(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.NE, v(b, bo + i))).intoArray(o, oo + i);
  }

  /** {@code c != 0 ? t : f} with a mask (NaN compares not-equal, so it selects {@code t}). */
  static void select(double[] c, int co, double[] t, int to, double[] f, int fo, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) {
      VectorMask<Double> k = v(c, co + i).compare(VectorOperators.NE, (double) 0);
      v(f, fo + i).blend(v(t, to + i), k).intoArray(o, oo + i);
    }
  }
}
