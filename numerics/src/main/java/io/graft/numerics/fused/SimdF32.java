package io.graft.numerics.fused;

import io.graft.numerics.fused.Expr.Binary;
import io.graft.numerics.fused.Expr.Constant;
import io.graft.numerics.fused.Expr.Input;
import io.graft.numerics.fused.Expr.Select;
import io.graft.numerics.fused.Expr.Unary;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API evaluator of a {@link Kernel} over f32 buffers; loaded only when {@code Simd.AVAILABLE}.
 *
 * <p>The IR is walked once per block of {@link #BLOCK} elements (a whole number of {@code SPECIES_PREFERRED}
 * vectors): each node runs one vector loop over the block into a scratch buffer that stays in L1 (node {@code s}
 * of a walk uses scratch slots {@code >= s}, so {@code 3 * depth} slots suffice). Input nodes are read in place.
 * Elements past the last whole vector run through the generated scalar loop.
 *
 * <p>NB: the brief was one walk per vector; walking per block of vectors amortises the tree walk (which C2 cannot
 * inline through) over 512 elements. Each operator has its own small loop with a constant {@link VectorOperators}
 * token, which the Vector API needs to intrinsify. Sums add a block's vectors lane by lane (at most
 * {@code BLOCK / L} terms per lane, in the dtype), reduce that with {@code reduceLanes(ADD)} and add the block sums
 * into an f64 accumulator, in index order.
 */
final class SimdF32 {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Elements per walk of the tree (a multiple of every vector length). */
  static final int BLOCK = 512;

  private final Object[] in;
  private final long bc;
  private final float[][] scratch;
  private int lastOff;   // offset into the array that operand() returned last (mutable only during one walk)

  private SimdF32(Kernel k, Object[] in, long bc) {
    this.in = in;
    this.bc = bc;
    this.scratch = new float[3 * Expr.depth(k.body()) + 1][BLOCK];
  }

  static void run(Kernel k, FusedLoop scalar, Object[] in, long bc, float[] out, int lo, int hi) {
    int end = lo + S.loopBound(hi - lo);
    SimdF32 w = new SimdF32(k, in, bc);
    for (int b = lo; b < end; b += BLOCK) w.eval(k.body(), out, b, b, Math.min(BLOCK, end - b), 0);
    if (end < hi) scalar.run(in, out, end, hi);
  }

  static double sum(Kernel k, FusedLoop scalar, Object[] in, long bc, int lo, int hi) {
    int end = lo + S.loopBound(hi - lo);
    SimdF32 w = new SimdF32(k, in, bc);
    double acc = 0;
    float[] t = w.scratch[w.scratch.length - 1];
    for (int b = lo; b < end; b += BLOCK) {
      int m = Math.min(BLOCK, end - b);
      w.eval(k.body(), t, 0, b, m, 0);
      FloatVector lanes = FloatVector.fromArray(S, t, 0);
      for (int i = L; i < m; i += L) lanes = lanes.add(FloatVector.fromArray(S, t, i));
      acc += lanes.reduceLanes(VectorOperators.ADD);
    }
    return end < hi ? acc + scalar.sum(in, end, hi) : acc;
  }

  private boolean isBroadcast(int i) { return (bc >>> i & 1) != 0; }

  /** The array holding {@code e}'s values for {@code [base, base+m)}, starting at {@link #lastOff}. */
  private float[] operand(Expr e, int base, int m, int sp) {
    if (e instanceof Input(var i) && !isBroadcast(i)) {
      lastOff = base;
      return (float[]) in[i];
    }
    eval(e, scratch[sp], 0, base, m, sp);
    lastOff = 0;
    return scratch[sp];
  }

  /** Writes {@code e}'s values for elements {@code [base, base+m)} to {@code dst[d, d+m)}; uses scratch slots {@code >= sp}. */
  private void eval(Expr e, float[] dst, int d, int base, int m, int sp) {
    switch (e) {
      case Input(var i) -> {
        float[] a = (float[]) in[i];
        if (isBroadcast(i)) Arrays.fill(dst, d, d + m, a[0]);
        else System.arraycopy(a, base, dst, d, m);
      }
      case Constant(var v) -> Arrays.fill(dst, d, d + m, (float) v);
      case Unary(var fn, var x) -> {
        float[] a = operand(x, base, m, sp);
        unary(fn, a, lastOff, dst, d, m);
      }
      case Binary(var fn, var x, var y) -> {
        float[] a = operand(x, base, m, sp);
        int ao = lastOff;
        float[] b = operand(y, base, m, sp + 1);
        binary(fn, a, ao, b, lastOff, dst, d, m);
      }
      case Select(var c, var t, var f) -> {
        float[] a = operand(c, base, m, sp);
        int ao = lastOff;
        float[] b = operand(t, base, m, sp + 1);
        int bo = lastOff;
        float[] z = operand(f, base, m, sp + 2);
        select(a, ao, b, bo, z, lastOff, dst, d, m);
      }
    }
  }

  private static void unary(UnaryFn fn, float[] a, int ao, float[] o, int oo, int m) {
    switch (fn) {
      case NEG -> neg(a, ao, o, oo, m);
      case EXP -> exp(a, ao, o, oo, m);
      case LOG -> log(a, ao, o, oo, m);
      case TANH -> tanh(a, ao, o, oo, m);
      case SIN -> sin(a, ao, o, oo, m);
      case COS -> cos(a, ao, o, oo, m);
      case SQRT -> sqrt(a, ao, o, oo, m);
      case ABS -> abs(a, ao, o, oo, m);
      case LOGISTIC -> logistic(a, ao, o, oo, m);
    }
  }

  private static void binary(BinaryFn fn, float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    switch (fn) {
      case ADD -> add(a, ao, b, bo, o, oo, m);
      case SUB -> sub(a, ao, b, bo, o, oo, m);
      case MUL -> mul(a, ao, b, bo, o, oo, m);
      case DIV -> div(a, ao, b, bo, o, oo, m);
      case MAX -> max(a, ao, b, bo, o, oo, m);
      case MIN -> min(a, ao, b, bo, o, oo, m);
      case GT -> gt(a, ao, b, bo, o, oo, m);
      case LT -> lt(a, ao, b, bo, o, oo, m);
    }
  }

  // One small method per operator: C2 compiles each loop with a constant operator token.

  private static FloatVector v(float[] a, int i) { return FloatVector.fromArray(S, a, i); }

  private static void neg(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).neg().intoArray(o, oo + i);
  }

  private static void exp(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.EXP).intoArray(o, oo + i);
  }

  private static void log(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.LOG).intoArray(o, oo + i);
  }

  private static void tanh(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.TANH).intoArray(o, oo + i);
  }

  private static void sin(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.SIN).intoArray(o, oo + i);
  }

  private static void cos(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.COS).intoArray(o, oo + i);
  }

  private static void sqrt(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.SQRT).intoArray(o, oo + i);
  }

  private static void abs(float[] a, int ao, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).abs().intoArray(o, oo + i);
  }

  /** {@code 1 / (1 + exp(-x))}, in the same order as {@link ScalarOps#logistic(float)}. */
  private static void logistic(float[] a, int ao, float[] o, int oo, int m) {
    FloatVector one = FloatVector.broadcast(S, (float) 1);
    for (int i = 0; i < m; i += L) {
      one.div(one.add(v(a, ao + i).neg().lanewise(VectorOperators.EXP))).intoArray(o, oo + i);
    }
  }

  private static void add(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).add(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void sub(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).sub(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void mul(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).mul(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void div(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).div(v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void max(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.MAX, v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void min(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) v(a, ao + i).lanewise(VectorOperators.MIN, v(b, bo + i)).intoArray(o, oo + i);
  }

  private static void gt(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) {
      zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.GT, v(b, bo + i))).intoArray(o, oo + i);
    }
  }

  private static void lt(float[] a, int ao, float[] b, int bo, float[] o, int oo, int m) {
    FloatVector zero = FloatVector.zero(S);
    for (int i = 0; i < m; i += L) {
      zero.blend((float) 1, v(a, ao + i).compare(VectorOperators.LT, v(b, bo + i))).intoArray(o, oo + i);
    }
  }

  /** {@code c != 0 ? t : f} with a mask (NaN compares not-equal, so it selects {@code t}). */
  private static void select(float[] c, int co, float[] t, int to, float[] f, int fo, float[] o, int oo, int m) {
    for (int i = 0; i < m; i += L) {
      VectorMask<Float> k = v(c, co + i).compare(VectorOperators.NE, (float) 0);
      v(f, fo + i).blend(v(t, to + i), k).intoArray(o, oo + i);
    }
  }
}
