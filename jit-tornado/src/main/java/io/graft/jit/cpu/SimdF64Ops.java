// GENERATED from SimdF32Ops.java by: sed -e 's/FloatVector/DoubleVector/g; s/float\[\]/double[]/g; s/new float\[/new double[/g; s/(float)/(double)/g; s/<Float>/<Double>/g; s/SimdF32/SimdF64/g; s/an f32 {@link Kernel}/an f64 {@link Kernel}/; s/ScalarOps#logistic(float)/ScalarOps#logistic(double)/; s/in f32 are used/in f64 are used/; s/lane in f32/lane in f64/; s/vector by vector in f32/vector by vector in f64/' SimdF32Ops.java
package io.graft.jit.cpu;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.UnaryFn;
import io.graft.numerics.kernels.VectorMath;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The operator loops of {@link SimdF64}: {@code o[oo + i] = fn(a[ao + i], ...)} for {@code i < m} ({@code m} a
 * multiple of the vector length), one small method per operator so that C2 compiles each loop with a constant
 * {@link VectorOperators} token. Every transcendental goes through ONE method per function ({@link #exp},
 * {@link #log}, ...): our own polynomials ({@link VectorMath}), bit-identical whether interpreted or compiled. Loaded only when
 * {@code Simd.AVAILABLE}.
 */
final class SimdF64Ops {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private SimdF64Ops() {}

  static DoubleVector exp(DoubleVector x) { return VectorMath.exp(x); }
  static DoubleVector log(DoubleVector x) { return VectorMath.log(x); }
  static DoubleVector tanh(DoubleVector x) { return VectorMath.tanh(x); }
  static DoubleVector sin(DoubleVector x) { return VectorMath.sin(x); }
  static DoubleVector cos(DoubleVector x) { return VectorMath.cos(x); }
  static DoubleVector logistic(DoubleVector x) { return VectorMath.logistic(x); }
  static DoubleVector log1p(DoubleVector x) { return VectorMath.log1p(x); }
  static DoubleVector expm1(DoubleVector x) { return VectorMath.expm1(x); }
  static DoubleVector pow(DoubleVector x, DoubleVector y) { return perLane(x, y, false); }
  static DoubleVector atan2(DoubleVector y, DoubleVector x) { return perLane(y, x, true); }

  /**
   * {@code Math.pow}/{@code Math.atan2} lane by lane: the JDK's vector POW/ATAN2 round differently when interpreted
   * and when compiled, and results must not change from run to run (slow, but rare in fused bodies).
   */
  private static DoubleVector perLane(DoubleVector a, DoubleVector b, boolean atan2) {
    double[] x = a.toArray(), y = b.toArray();
    for (int i = 0; i < x.length; i++) x[i] = atan2 ? Math.atan2(x[i], y[i]) : Math.pow(x[i], y[i]);
    return DoubleVector.fromArray(S, x, 0);
  }

  private static DoubleVector v(double[] a, int i) { return DoubleVector.fromArray(S, a, i); }

  /** One operator loop over a block: {@code o[oo + i] = fn(a[ao + i])}. */
  @FunctionalInterface
  interface UnaryLoop { void run(double[] a, int ao, double[] o, int oo, int m); }

  /** One operator loop over a block: {@code o[oo + i] = fn(a[ao + i], b[bo + i])}. */
  @FunctionalInterface
  interface BinaryLoop { void run(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m); }

  /*
   * The loops are reached through these tables, not a switch: a call site that sees several loops is megamorphic, so
   * C2 compiles every loop as its own root with a full inlining budget (a switch let C2 inline the first hot loops into
   * the dispatcher and run out of budget for the Vector API calls of the next, which then ran boxed, ~3x slower).
   */
  private static final UnaryLoop[] UNARY = java.util.Arrays.stream(UnaryFn.values()).map(SimdF64Ops::unaryLoop).toArray(UnaryLoop[]::new);
  private static final BinaryLoop[] BINARY = java.util.Arrays.stream(BinaryFn.values()).map(SimdF64Ops::binaryLoop).toArray(BinaryLoop[]::new);

  static void unary(UnaryFn fn, double[] a, int ao, double[] o, int oo, int m) { UNARY[fn.ordinal()].run(a, ao, o, oo, m); }

  static void binary(BinaryFn fn, double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    BINARY[fn.ordinal()].run(a, ao, b, bo, o, oo, m);
  }

  private static UnaryLoop unaryLoop(UnaryFn fn) {
    return switch (fn) {
      case NEG -> SimdF64Ops::negLoop;
      case ABS -> SimdF64Ops::absLoop;
      case SQRT -> SimdF64Ops::sqrtLoop;
      case SQUARE -> SimdF64Ops::squareLoop;
      case EXP -> SimdF64Ops::expLoop;
      case LOG -> SimdF64Ops::logLoop;
      case TANH -> SimdF64Ops::tanhLoop;
      case SIN -> SimdF64Ops::sinLoop;
      case COS -> SimdF64Ops::cosLoop;
      case LOG1P -> SimdF64Ops::log1pLoop;
      case EXPM1 -> SimdF64Ops::expm1Loop;
      case LOGISTIC -> SimdF64Ops::logisticLoop;
      case RSQRT -> SimdF64Ops::rsqrtLoop;
      case RECIPROCAL -> SimdF64Ops::reciprocalLoop;
      case SIGN -> SimdF64Ops::signLoop;
      case FLOOR -> SimdF64Ops::floorLoop;
      case CEIL -> SimdF64Ops::ceilLoop;
    };
  }

  private static BinaryLoop binaryLoop(BinaryFn fn) {
    return switch (fn) {
      case ADD -> SimdF64Ops::addLoop;
      case SUB -> SimdF64Ops::subLoop;
      case MUL -> SimdF64Ops::mulLoop;
      case DIV -> SimdF64Ops::divLoop;
      case MAX -> SimdF64Ops::maxLoop;
      case MIN -> SimdF64Ops::minLoop;
      case POW -> SimdF64Ops::powLoop;
      case ATAN2 -> SimdF64Ops::atan2Loop;
      case GT -> SimdF64Ops::gtLoop;
      case LT -> SimdF64Ops::ltLoop;
      case GE -> SimdF64Ops::geLoop;
      case LE -> SimdF64Ops::leLoop;
      case EQ -> SimdF64Ops::eqLoop;
      case NE -> SimdF64Ops::neLoop;
    };
  }


  private static void negLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).neg().intoArray(o, oo + i);
  }

  private static void absLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).abs().intoArray(o, oo + i);
  }

  private static void sqrtLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.SQRT).intoArray(o, oo + i);
  }

  private static void expLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) exp(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void logLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) log(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void tanhLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) tanh(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void sinLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) sin(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void cosLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) cos(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void log1pLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) log1p(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void expm1Loop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) expm1(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void squareLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) { DoubleVector x = v(a, ao + i); x.mul(x).intoArray(o, oo + i); }
  }

  private static void floorLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i++) o[oo + i] = Math.floor(a[ao + i]);
  }

  private static void ceilLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i++) o[oo + i] = Math.ceil(a[ao + i]);
  }

  private static void addLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).add(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void subLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).sub(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void mulLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).mul(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void divLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).div(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void maxLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.MAX, v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void minLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.MIN, v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void powLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) pow(v(a, ao + i), v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void atan2Loop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) atan2(v(a, ao + i), v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void logisticLoop(double[] a, int ao, double[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) logistic(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void rsqrtLoop(double[] a, int ao, double[] o, int oo, int m) {
    DoubleVector one = DoubleVector.broadcast(S, (double) 1);
    for (int i = 0; i < m; i += L) one.div(v(a, ao + i).lanewise(VectorOperators.SQRT)).intoArray(o, oo + i);
  }

  private static void reciprocalLoop(double[] a, int ao, double[] o, int oo, int m) {
    DoubleVector one = DoubleVector.broadcast(S, (double) 1);
    for (int i = 0; i < m; i += L) one.div(v(a, ao + i)).intoArray(o, oo + i);
  }

  /** -1, 1, or x itself (keeps ±0 and NaN), like {@link Math#signum}. */
  private static void signLoop(double[] a, int ao, double[] o, int oo, int m) {
    DoubleVector one = DoubleVector.broadcast(S, (double) 1), minusOne = one.neg();
    for (int i = 0; i < m; i += L) {
      DoubleVector x = v(a, ao + i);
      x.blend(one, x.compare(VectorOperators.GT, (double) 0)).blend(minusOne, x.compare(VectorOperators.LT, (double) 0))
          .intoArray(o, oo + i);
    }
  }

  private static void gtLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.GT, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void ltLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.LT, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void geLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.GE, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void leLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.LE, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void eqLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((double) 1, v(a, ao + i).compare(VectorOperators.EQ, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void neLoop(double[] a, int ao, double[] b, int bo, double[] o, int oo, int m) {
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
