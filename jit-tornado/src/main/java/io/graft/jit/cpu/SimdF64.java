// GENERATED from SimdF32.java by: sed -e 's/FloatVector/DoubleVector/g; s/float\[\]/double[]/g; s/new float\[/new double[/g; s/(float)/(double)/g; s/<Float>/<Double>/g; s/SimdF32/SimdF64/g; s/an f32 {@link Kernel}/an f64 {@link Kernel}/; s/ScalarOps#logistic(float)/ScalarOps#logistic(double)/; s/in f32 are used/in f64 are used/; s/lane in f32/lane in f64/; s/vector by vector in f32/vector by vector in f64/' SimdF32.java
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
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API evaluator of an f64 {@link Kernel} along rows of its {@link LoopNest}; loaded only when
 * {@code Simd.AVAILABLE}.
 *
 * <p>The IR is walked once per block of at most {@link #BLOCK} elements (whole vectors): each node runs one vector
 * loop ({@link SimdF64Ops}) over the block into a scratch buffer that stays in L1 (node {@code s} of a walk uses
 * scratch slots {@code >= s}, so {@code 3 * depth} slots suffice). Inputs read with inner stride 1 in f64 are used in
 * place; the others (stride 0, gathers, other dtypes) are first converted into a scratch block ({@link Blocks}).
 * Elements past the last whole vector of a row piece run through the generated scalar loop. Scratch buffers are per
 * thread and reused, so a call allocates only this small evaluator.
 *
 * <p>Folds: {@code SUM} adds a block's vectors lane by lane in f64 (at most {@code BLOCK / L} terms per lane), then
 * the lanes one by one into an f64 accumulator, in index order (never {@code reduceLanes}, whose order may change
 * with the JIT tier); {@code MAX}/{@code MIN} likewise with {@code lanewise(MAX/MIN)}, which propagates NaN.
 * Transcendentals come from {@code VectorMath} (bit-identical interpreted and compiled).
 */
final class SimdF64 implements RowEval {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Elements per walk of the tree (a multiple of every vector length). */
  static final int BLOCK = 512;
  private static final ThreadLocal<double[][]> SCRATCH = new ThreadLocal<>();

  private final SimdPlan plan;
  private final Expr body;
  private final Reduction red;
  private final FusedLoop tail;
  private final Object[] in;
  private final double[][] scratch, opArr;
  private final int[] opOff, filledAt;   // filledAt[i]: the row base a stride-0 input's scratch holds (-1: none)
  private int lastOff;   // offset into the array that operand() returned last (mutable only during one walk)

  SimdF64(SimdPlan plan, Object[] in) {
    this.plan = plan;
    this.body = plan.body;
    this.red = plan.reduction;
    this.tail = plan.tail;
    this.in = in;
    this.scratch = scratch(plan.slots);
    this.opArr = new double[in.length][];
    this.opOff = new int[in.length];
    this.filledAt = new int[in.length];
    Arrays.fill(filledAt, -1);
  }

  private static double[][] scratch(int slots) {
    double[][] s = SCRATCH.get();
    if (s == null || s.length < slots) {
      s = new double[slots][BLOCK];
      SCRATCH.set(s);
    }
    return s;
  }

  @Override public void write(int[] base, Object out, int outBase, int lo, int hi) {
    int end = lo + S.loopBound(hi - lo);
    double[] o = out instanceof double[] f ? f : null;
    double[] t = scratch[plan.tmpSlot];
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
    double[] t = scratch[plan.tmpSlot];
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
    double[] t = scratch[plan.tmpSlot];
    double acc = red.identity();
    for (int b = lo; b < end; b += BLOCK) {
      int m = Math.min(BLOCK, end - b);
      prepare(base, b, m);
      eval(body, t, 0, m, 0);
      acc = foldLanes(acc, t, m);
    }
    return end < hi ? red.combine(acc, tail.reduce(in, base, end, hi)) : acc;
  }

  /** Folds {@code t[0, m)} vector by vector in f64, then its lanes into {@code acc} in f64, lane order. */
  private double foldLanes(double acc, double[] t, int m) {
    double[] dump = scratch[plan.tmpSlot + 1];
    switch (red) {
      case SUM -> {
        DoubleVector lanes = DoubleVector.fromArray(S, t, 0);
        for (int i = L; i < m; i += L) lanes = lanes.add(DoubleVector.fromArray(S, t, i));
        lanes.intoArray(dump, 0);
        for (int i = 0; i < L; i++) acc += dump[i];
      }
      case MAX -> {
        DoubleVector lanes = DoubleVector.fromArray(S, t, 0);
        for (int i = L; i < m; i += L) lanes = lanes.lanewise(VectorOperators.MAX, DoubleVector.fromArray(S, t, i));
        lanes.intoArray(dump, 0);
        for (int i = 0; i < L; i++) acc = Math.max(acc, dump[i]);
      }
      case MIN -> {
        DoubleVector lanes = DoubleVector.fromArray(S, t, 0);
        for (int i = L; i < m; i += L) lanes = lanes.lanewise(VectorOperators.MIN, DoubleVector.fromArray(S, t, i));
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
        opArr[i] = (double[]) in[i];
        opOff[i] = base[i] + b;
        continue;
      }
      double[] block = scratch[plan.inSlot + i];
      if (s != 0 || filledAt[i] != base[i]) {
        Blocks.load(in[i], base[i] + b * s, s, block, s == 0 ? BLOCK : m);
        filledAt[i] = s == 0 ? base[i] : -1;
      }
      opArr[i] = block;
      opOff[i] = 0;
    }
  }

  /** The array holding {@code e}'s block values, starting at {@link #lastOff}. */
  private double[] operand(Expr e, int m, int sp) {
    if (e instanceof Input(var i)) {
      lastOff = opOff[i];
      return opArr[i];
    }
    eval(e, scratch[sp], 0, m, sp);
    lastOff = 0;
    return scratch[sp];
  }

  /** Writes {@code e}'s block values to {@code dst[d, d+m)}; uses scratch slots {@code >= sp}. */
  private void eval(Expr e, double[] dst, int d, int m, int sp) {
    switch (e) {
      case Input(var i) -> System.arraycopy(opArr[i], opOff[i], dst, d, m);
      case Constant(var v) -> Arrays.fill(dst, d, d + m, v);
      case Unary(var fn, var x) -> {
        double[] a = operand(x, m, sp);
        SimdF64Ops.unary(fn, a, lastOff, dst, d, m);
      }
      case Binary(var fn, var x, var y) -> {
        double[] a = operand(x, m, sp);
        int ao = lastOff;
        double[] b = operand(y, m, sp + 1);
        SimdF64Ops.binary(fn, a, ao, b, lastOff, dst, d, m);
      }
      case Select(var c, var t, var f) -> {
        double[] a = operand(c, m, sp);
        int ao = lastOff;
        double[] b = operand(t, m, sp + 1);
        int bo = lastOff;
        double[] z = operand(f, m, sp + 2);
        SimdF64Ops.select(a, ao, b, bo, z, lastOff, dst, d, m);
      }
    }
  }
}
