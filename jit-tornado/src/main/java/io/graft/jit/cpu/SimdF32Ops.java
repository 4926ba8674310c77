package io.graft.jit.cpu;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.UnaryFn;
import io.graft.numerics.kernels.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The operator loops of {@link SimdF32}: {@code o[oo + i] = fn(a[ao + i], ...)} for {@code i < m} ({@code m} a
 * multiple of the vector length), one small method per operator so that C2 compiles each loop with a constant
 * {@link VectorOperators} token. Every transcendental goes through ONE method per function ({@link #exp},
 * {@link #log}, ...): our own polynomials ({@link VectorMath}), bit-identical whether interpreted or compiled. Loaded only when
 * {@code Simd.AVAILABLE}.
 */
final class SimdF32Ops {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private SimdF32Ops() {}

  static FloatVector exp(FloatVector x) { return VectorMath.exp(x); }
  static FloatVector log(FloatVector x) { return VectorMath.log(x); }
  static FloatVector tanh(FloatVector x) { return VectorMath.tanh(x); }
  static FloatVector sin(FloatVector x) { return VectorMath.sin(x); }
  static FloatVector cos(FloatVector x) { return VectorMath.cos(x); }
  static FloatVector logistic(FloatVector x) { return VectorMath.logistic(x); }
  static FloatVector log1p(FloatVector x) { return VectorMath.log1p(x); }
  static FloatVector expm1(FloatVector x) { return VectorMath.expm1(x); }
  static FloatVector pow(FloatVector x, FloatVector y) { return perLane(x, y, false); }
  static FloatVector atan2(FloatVector y, FloatVector x) { return perLane(y, x, true); }

  /**
   * {@code Math.pow}/{@code Math.atan2} lane by lane: the JDK's vector POW/ATAN2 round differently when interpreted
   * and when compiled, and results must not change from run to run (slow, but rare in fused bodies).
   */
  private static FloatVector perLane(FloatVector a, FloatVector b, boolean atan2) {
    float[] x = a.toArray(), y = b.toArray();
    for (int i = 0; i < x.length; i++) x[i] = (float) (atan2 ? Math.atan2(x[i], y[i]) : Math.pow(x[i], y[i]));
    return FloatVector.fromArray(S, x, 0);
  }

  private static FloatVector v(float[] a, int i) { return FloatVector.fromArray(S, a, i); }

  /** One operator loop over a block: {@code o[oo + i] = fn(a[ao + i])}. */
  @FunctionalInterface
  interface UnaryLoop { void run(float[] a, int ao, float[] o, int oo, int m); }

  /** One operator loop over a block: {@code o[oo + i] = fn(a[ao + i], b[bo + i])}. */
  @FunctionalInterface
  interface BinaryLoop { void run(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m); }

  /*
   * The loops are reached through these tables, not a switch: a call site that sees several loops is megamorphic, so
   * C2 compiles every loop as its own root with a full inlining budget (a switch let C2 inline the first hot loops into
   * the dispatcher and run out of budget for the Vector API calls of the next, which then ran boxed, ~3x slower).
   */
  private static final UnaryLoop[] UNARY = java.util.Arrays.stream(UnaryFn.values()).map(SimdF32Ops::unaryLoop).toArray(UnaryLoop[]::new);
  private static final BinaryLoop[] BINARY = java.util.Arrays.stream(BinaryFn.values()).map(SimdF32Ops::binaryLoop).toArray(BinaryLoop[]::new);

  static void unary(UnaryFn fn, float[] a, int ao, float[] o, int oo, int m) { UNARY[fn.ordinal()].run(a, ao, o, oo, m); }

  static void binary(BinaryFn fn, float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    BINARY[fn.ordinal()].run(a, ao, b, bo, o, oo, m);
  }

  private static UnaryLoop unaryLoop(UnaryFn fn) {
    return switch (fn) {
      case NEG -> SimdF32Ops::negLoop;
      case ABS -> SimdF32Ops::absLoop;
      case SQRT -> SimdF32Ops::sqrtLoop;
      case SQUARE -> SimdF32Ops::squareLoop;
      case EXP -> SimdF32Ops::expLoop;
      case LOG -> SimdF32Ops::logLoop;
      case TANH -> SimdF32Ops::tanhLoop;
      case SIN -> SimdF32Ops::sinLoop;
      case COS -> SimdF32Ops::cosLoop;
      case LOG1P -> SimdF32Ops::log1pLoop;
      case EXPM1 -> SimdF32Ops::expm1Loop;
      case LOGISTIC -> SimdF32Ops::logisticLoop;
      case RSQRT -> SimdF32Ops::rsqrtLoop;
      case RECIPROCAL -> SimdF32Ops::reciprocalLoop;
      case SIGN -> SimdF32Ops::signLoop;
      case FLOOR -> SimdF32Ops::floorLoop;
      case CEIL -> SimdF32Ops::ceilLoop;
    };
  }

  private static BinaryLoop binaryLoop(BinaryFn fn) {
    return switch (fn) {
      case ADD -> SimdF32Ops::addLoop;
      case SUB -> SimdF32Ops::subLoop;
      case MUL -> SimdF32Ops::mulLoop;
      case DIV -> SimdF32Ops::divLoop;
      case MAX -> SimdF32Ops::maxLoop;
      case MIN -> SimdF32Ops::minLoop;
      case POW -> SimdF32Ops::powLoop;
      case ATAN2 -> SimdF32Ops::atan2Loop;
      case GT -> SimdF32Ops::gtLoop;
      case LT -> SimdF32Ops::ltLoop;
      case GE -> SimdF32Ops::geLoop;
      case LE -> SimdF32Ops::leLoop;
      case EQ -> SimdF32Ops::eqLoop;
      case NE -> SimdF32Ops::neLoop;
    };
  }


  private static void negLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).neg().intoArray(o, oo + i);
  }

  private static void absLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).abs().intoArray(o, oo + i);
  }

  private static void sqrtLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.SQRT).intoArray(o, oo + i);
  }

  private static void expLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) exp(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void logLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) log(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void tanhLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) tanh(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void sinLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) sin(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void cosLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) cos(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void log1pLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) log1p(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void expm1Loop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) expm1(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void squareLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) { FloatVector x = v(a, ao + i); x.mul(x).intoArray(o, oo + i); }
  }

  private static void floorLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i++) o[oo + i] = (float) Math.floor(a[ao + i]);
  }

  private static void ceilLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i++) o[oo + i] = (float) Math.ceil(a[ao + i]);
  }

  private static void addLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).add(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void subLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).sub(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void mulLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).mul(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void divLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).div(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void maxLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.MAX, v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void minLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.MIN, v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void powLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) pow(v(a, ao + i), v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void atan2Loop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) atan2(v(a, ao + i), v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void logisticLoop(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) logistic(v(a, ao + i)).intoArray(o, oo + i);
  }

  private static void rsqrtLoop(float[] a, int ao, float[] o, int oo, int m) {
    FloatVector one = FloatVector.broadcast(S, (float) 1);
    for (int i = 0; i < m; i += L) one.div(v(a, ao + i).lanewise(VectorOperators.SQRT)).intoArray(o, oo + i);
  }

  private static void reciprocalLoop(float[] a, int ao, float[] o, int oo, int m) {
    FloatVector one = FloatVector.broadcast(S, (float) 1);
    for (int i = 0; i < m; i += L) one.div(v(a, ao + i)).intoArray(o, oo + i);
  }

  /** -1, 1, or x itself (keeps ±0 and NaN), like {@link Math#signum}. */
  private static void signLoop(float[] a, int ao, float[] o, int oo, int m) {
    FloatVector one = FloatVector.broadcast(S, (float) 1), minusOne = one.neg();
    for (int i = 0; i < m; i += L) {
      FloatVector x = v(a, ao + i);
      x.blend(one, x.compare(VectorOperators.GT, (float) 0)).blend(minusOne, x.compare(VectorOperators.LT, (float) 0))
          .intoArray(o, oo + i);
    }
  }

  private static void gtLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.GT, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void ltLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.LT, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void geLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.GE, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void leLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.LE, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void eqLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.EQ, v(b, bo + i))).intoArray(o, oo + i);
  }

  private static void neLoop(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
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
