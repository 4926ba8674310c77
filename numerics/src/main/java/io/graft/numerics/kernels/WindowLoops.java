package io.graft.numerics.kernels;

import io.graft.numerics.kernels.Reductions.Op;
import java.util.Arrays;

/**
 * The per-row loops of the window kernels, dispatched on the store type: the numeric ones are generated per dtype
 * ({@code WindowRowsF32} ... {@code WindowRowsI64}, from {@code WindowRowsFxx.java.template}), bool's are here.
 * {@code ro} are a row's tap offsets on the leading axes, {@code taps[ow]} the offsets on the last leading axis.
 */
final class WindowLoops {
  private WindowLoops() {}

  /** {@code dst[off + ow] = dst[off + ow] op src[r + t]} over every {@code r} in {@code ro}, {@code t} in {@code taps[ow]}. */
  static void reduceRow(Op op, Object src, int[] ro, int[][] taps, Object dst, int off) {
    switch (src) {
      case float[] s -> WindowRowsF32.row(op, s, ro, taps, (float[]) dst, off);
      case double[] s -> WindowRowsF64.row(op, s, ro, taps, (double[]) dst, off);
      case int[] s -> WindowRowsI32.row(op, s, ro, taps, (int[]) dst, off);
      case long[] s -> WindowRowsI64.row(op, s, ro, taps, (long[]) dst, off);
      case boolean[] s -> rowBool(op, s, ro, taps, (boolean[]) dst, off);
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  /**
   * {@link #reduceRow} in tap-major order for a plan with {@link ReduceWindowPlan#tapOff}: for each tap, one loop over the
   * contiguous outputs it reaches. Each output still sees its taps in window order, so results are identical.
   */
  static void reduceRowTapMajor(Op op, Object src, int[] ro, ReduceWindowPlan p, Object dst, int off) {
    switch (src) {
      case float[] s -> WindowRowsF32.taps(op, s, ro, p, (float[]) dst, off);
      case double[] s -> WindowRowsF64.taps(op, s, ro, p, (double[]) dst, off);
      case int[] s -> WindowRowsI32.taps(op, s, ro, p, (int[]) dst, off);
      case long[] s -> WindowRowsI64.taps(op, s, ro, p, (long[]) dst, off);
      default -> reduceRow(op, src, ro, p.lastTaps, dst, off);
    }
  }

  /**
   * {@code sel[off + ow * inner + j]} = the operand offset of the first maximum of the window (a later tap replaces
   * the choice only when the choice is not {@code >=} it, so NaN handling follows XLA's {@code ge} select), or -1
   * when the window holds only padding.
   */
  static void selectRow(Object operand, int[] ro, int[][] taps, int inner, int[] sel, int off) {
    switch (operand) {
      case float[] s -> WindowRowsF32.select(s, ro, taps, inner, sel, off);
      case double[] s -> WindowRowsF64.select(s, ro, taps, inner, sel, off);
      case int[] s -> WindowRowsI32.select(s, ro, taps, inner, sel, off);
      case long[] s -> WindowRowsI64.select(s, ro, taps, inner, sel, off);
      default -> throw new IllegalArgumentException("select_and_scatter_add: unsupported store " + operand.getClass());
    }
  }

  /**
   * {@link #selectRow} in tap-major order for a plan with {@link ReduceWindowPlan#tapOff} ({@code inner == 1}): taps are
   * visited in window order, so each output's choice is the same.
   */
  static void selectRowTapMajor(Object operand, int[] ro, ReduceWindowPlan p, int[] sel, int off) {
    Arrays.fill(sel, off, off + p.lastOut, -1);
    switch (operand) {
      case float[] s -> WindowRowsF32.selectTaps(s, ro, p, sel, off);
      case double[] s -> WindowRowsF64.selectTaps(s, ro, p, sel, off);
      case int[] s -> WindowRowsI32.selectTaps(s, ro, p, sel, off);
      case long[] s -> WindowRowsI64.selectTaps(s, ro, p, sel, off);
      default -> throw new IllegalArgumentException("select_and_scatter_add: unsupported store " + operand.getClass());
    }
  }

  /** {@code out[sel[i]] += src[i]} for every {@code i} in {@code [lo, hi)} with {@code sel[i] >= 0}, in order. */
  static void scatterAdd(Object src, int[] sel, Object out, int lo, int hi) {
    switch (src) {
      case float[] s -> { float[] o = (float[]) out; for (int i = lo; i < hi; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      case double[] s -> { double[] o = (double[]) out; for (int i = lo; i < hi; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      case int[] s -> { int[] o = (int[]) out; for (int i = lo; i < hi; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      case long[] s -> { long[] o = (long[]) out; for (int i = lo; i < hi; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      default -> throw new IllegalArgumentException("select_and_scatter_add: unsupported store " + src.getClass());
    }
  }

  /** {@code out[i] = sel[i] >= 0 ? src[sel[i]] : 0} for every {@code i}. */
  static void gather(Object src, int[] sel, Object out) {
    int n = sel.length;
    switch (src) {
      case float[] s -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = sel[i] >= 0 ? s[sel[i]] : 0; }
      case double[] s -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = sel[i] >= 0 ? s[sel[i]] : 0; }
      case int[] s -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = sel[i] >= 0 ? s[sel[i]] : 0; }
      case long[] s -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = sel[i] >= 0 ? s[sel[i]] : 0; }
      default -> throw new IllegalArgumentException("select_and_gather_add: unsupported store " + src.getClass());
    }
  }

  private static void rowBool(Op op, boolean[] s, int[] ro, int[][] taps, boolean[] d, int off) {
    ReduceLoops.boolOp(op);
    boolean any = op == Op.MAX;
    for (int ow = 0; ow < taps.length; ow++) {
      boolean a = d[off + ow];
      for (int r : ro) for (int t : taps[ow]) a = any ? a | s[r + t] : a & s[r + t];
      d[off + ow] = a;
    }
  }
}
