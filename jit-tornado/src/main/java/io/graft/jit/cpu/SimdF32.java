package io.graft.jit.cpu;

import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Expr.Unary;
import io.graft.jit.kernel.Reduction;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API evaluator of an f32 {@link Kernel} along rows of its {@link LoopNest}; loaded only when
 * {@code Simd.AVAILABLE}.
 *
 * <p>The IR is walked once per block of at most {@link #BLOCK} elements (whole vectors): each node runs one vector
 * loop ({@link SimdF32Ops}) over the block into a scratch buffer that stays in L1 (node {@code s} of a walk uses
 * scratch slots {@code >= s}, so {@code 3 * depth} slots suffice). Inputs read with inner stride 1 in f32 are used in
 * place; the others (stride 0, gathers, other dtypes) are first converted into a scratch block ({@link Blocks}).
 * Elements past the last whole vector of a row piece run through the generated scalar loop. Scratch buffers are per
 * thread and reused, so a call allocates only this small evaluator.
 *
 * <p>Folds: {@code SUM} widens a block's vectors to f64 (low and high halves) and adds them lane by lane in f64, then
 * the lanes one by one into the f64 accumulator, in index order (never {@code reduceLanes}, whose order may change
 * with the JIT tier), so every addition is in f64; {@code MAX}/{@code MIN} likewise with {@code lanewise(MAX/MIN)}, which propagates NaN.
 * Transcendentals come from {@code VectorMath} (bit-identical interpreted and compiled).
 */
final class SimdF32 implements RowEval {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;   // L / 2 lanes: half an f32 vector
  /** Elements per walk of the tree (a multiple of every vector length). */
  static final int BLOCK = 512;
  private static final ThreadLocal<float[][]> SCRATCH = new ThreadLocal<>();

  private final SimdPlan plan;
  private final Expr body;
  private final Reduction red;
  private final FusedLoop tail;
  private final Object[] in;
  private final float[][] scratch, opArr;
  private final double[] wide = new double[L];   // an f64 fold's lanes
  private final int[] opOff, filledAt;   // filledAt[i]: the row base a stride-0 input's scratch holds (-1: none)
  private int lastOff;   // offset into the array that operand() returned last (mutable only during one walk)

  SimdF32(SimdPlan plan, Object[] in) {
    this.plan = plan;
    this.body = plan.body;
    this.red = plan.reduction;
    this.tail = plan.tail;
    this.in = in;
    this.scratch = scratch(plan.slots);
    this.opArr = new float[in.length][];
    this.opOff = new int[in.length];
    this.filledAt = new int[in.length];
    Arrays.fill(filledAt, -1);
  }

  private static float[][] scratch(int slots) {
    float[][] s = SCRATCH.get();
    if (s == null || s.length < slots) {
      s = new float[slots][BLOCK];
      SCRATCH.set(s);
    }
    return s;
  }

  @Override public void write(int[] base, Object out, int outBase, int lo, int hi) {
    int end = lo + S.loopBound(hi - lo);
    float[] o = out instanceof float[] f ? f : null;
    float[] t = scratch[plan.tmpSlot];
    for (int b = lo; b < end; b += BLOCK) {
      int m = Math.min(BLOCK, end - b);
      prepare(base, b, m);
      if (o != null) eval(body, o, outBase + b, m, 0);
      else {
        eval(body, t, 0, m, 0);
        Blocks.store(t, out, outBase + b, m);
      }
    }
    if (end < hi) tail.write(in, base, out, outBase, end, hi);
  }

  @Override public void accumulate(int[] base, double[] acc, int accBase, int lo, int hi) {
    int end = lo + S.loopBound(hi - lo);
    float[] t = scratch[plan.tmpSlot];
    for (int b = lo; b < end; b += BLOCK) {
      int m = Math.min(BLOCK, end - b);
      prepare(base, b, m);
      eval(body, t, 0, m, 0);
      Blocks.accumulate(red, t, m, acc, accBase + b);
    }
    if (end < hi) tail.accumulate(in, base, acc, accBase, end, hi);
  }

  @Override public double reduce(int[] base, int lo, int hi) {
    int end = lo + S.loopBound(hi - lo);
    float[] t = scratch[plan.tmpSlot];
    double acc = red.identity();
    for (int b = lo; b < end; b += BLOCK) {
      int m = Math.min(BLOCK, end - b);
      prepare(base, b, m);
      eval(body, t, 0, m, 0);
      acc = foldLanes(acc, t, m);
    }
    return end < hi ? red.combine(acc, tail.reduce(in, base, end, hi)) : acc;
  }

  /** Folds {@code t[0, m)} vector by vector in f32, then its lanes into {@code acc} in f64, lane order. */
  private double foldLanes(double acc, float[] t, int m) {
    float[] dump = scratch[plan.tmpSlot + 1];
    switch (red) {
      case SUM -> {
        DoubleVector lo = DoubleVector.zero(DS), hi = lo;
        for (int i = 0; i < m; i += L) {
          FloatVector v = FloatVector.fromArray(S, t, i);
          lo = lo.add(v.convertShape(VectorOperators.F2D, DS, 0));
          hi = hi.add(v.convertShape(VectorOperators.F2D, DS, 1));
        }
        lo.intoArray(wide, 0);
        hi.intoArray(wide, L / 2);
        for (int i = 0; i < L; i++) acc += wide[i];
      }
      case MAX -> {
        FloatVector lanes = FloatVector.fromArray(S, t, 0);
        for (int i = L; i < m; i += L) lanes = lanes.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, t, i));
        lanes.intoArray(dump, 0);
        for (int i = 0; i < L; i++) acc = Math.max(acc, dump[i]);
      }
      case MIN -> {
        FloatVector lanes = FloatVector.fromArray(S, t, 0);
        for (int i = L; i < m; i += L) lanes = lanes.lanewise(VectorOperators.MIN, FloatVector.fromArray(S, t, i));
        lanes.intoArray(dump, 0);
        for (int i = 0; i < L; i++) acc = Math.min(acc, dump[i]);
      }
      case NONE -> throw new IllegalStateException("fused kernel: NONE does not fold");
    }
    return acc;
  }

  /**
   * Points each used input at its values for row positions {@code [b, b+m)}: in place, or converted into scratch (a
   * stride-0 input's block is filled once per row base, as its value is the same along the row).
   */
  private void prepare(int[] base, int b, int m) {
    for (int i = 0; i < in.length; i++) {
      if (!plan.used[i]) continue;
      int s = plan.stride[i];
      if (plan.direct[i]) {
        opArr[i] = (float[]) in[i];
        opOff[i] = base[i] + b;
        continue;
      }
      float[] block = scratch[plan.inSlot + i];
      if (s != 0 || filledAt[i] != base[i]) {
        Blocks.load(in[i], base[i] + b * s, s, block, s == 0 ? BLOCK : m);
        filledAt[i] = s == 0 ? base[i] : -1;
      }
      opArr[i] = block;
      opOff[i] = 0;
    }
  }

  /** The array holding {@code e}'s block values, starting at {@link #lastOff}. */
  private float[] operand(Expr e, int m, int sp) {
    if (e instanceof Input(var i)) {
      lastOff = opOff[i];
      return opArr[i];
    }
    eval(e, scratch[sp], 0, m, sp);
    lastOff = 0;
    return scratch[sp];
  }

  /** Writes {@code e}'s block values to {@code dst[d, d+m)}; uses scratch slots {@code >= sp}. */
  private void eval(Expr e, float[] dst, int d, int m, int sp) {
    switch (e) {
      case Input(var i) -> System.arraycopy(opArr[i], opOff[i], dst, d, m);
      case Constant(var v) -> Arrays.fill(dst, d, d + m, (float) v);
      case Unary(var fn, var x) -> {
        float[] a = operand(x, m, sp);
        SimdF32Ops.unary(fn, a, lastOff, dst, d, m);
      }
      case Binary(var fn, var x, var y) -> {
        float[] a = operand(x, m, sp);
        int ao = lastOff;
        float[] b = operand(y, m, sp + 1);
        SimdF32Ops.binary(fn, a, ao, b, lastOff, dst, d, m);
      }
      case Select(var c, var t, var f) -> {
        float[] a = operand(c, m, sp);
        int ao = lastOff;
        float[] b = operand(t, m, sp + 1);
        int bo = lastOff;
        float[] z = operand(f, m, sp + 2);
        SimdF32Ops.select(a, ao, b, bo, z, lastOff, dst, d, m);
      }
    }
  }
}
