package io.graft.numerics.kernels;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.Reductions.Op;
import java.util.Arrays;

/**
 * The sequential loops behind the reduction and window kernels, dispatched on the store type: the numeric ones are
 * generated per dtype ({@code ReduceRowsF32} ... {@code ReduceRowsI64}, from {@code ReduceRowsFxx.java.template}),
 * bool's are here. Stores are the primitive arrays inside {@link io.graft.numerics.NdArray}; bool
 * supports {@code MAX} (any) and {@code MIN} (all) here, and counting into i32 ({@link #rowsBoolToI32}). The f32/f64
 * sums and products of {@link Reductions} go through {@link Sums} (f64, fixed blocks); the f32 rows serve the window
 * kernels and max/min.
 */
final class ReduceLoops {
  private ReduceLoops() {}

  /** {@code dst[off..off+n)} = the identity of {@code op}: 0, 1, -inf (int min, false), +inf (int max, true). */
  static void fill(Op op, Object dst, int off, int n) {
    int to = off + n;
    switch (dst) {
      case float[] d -> Arrays.fill(d, off, to, ReduceRowsF32.identity(op));
      case double[] d -> Arrays.fill(d, off, to, ReduceRowsF64.identity(op));
      case int[] d -> Arrays.fill(d, off, to, ReduceRowsI32.identity(op));
      case long[] d -> Arrays.fill(d, off, to, ReduceRowsI64.identity(op));
      case boolean[] d -> { boolOp(op); Arrays.fill(d, off, to, op == Op.MIN); }
      default -> throw new IllegalArgumentException("not an array store: " + dst.getClass());
    }
  }

  /** Bool supports MAX (logical or) and MIN (logical and) only. */
  static void boolOp(Op op) {
    if (op == Op.SUM || op == Op.PROD)
      throw new DTypeError("reduce_" + op.name().toLowerCase() + ": no kernel for bool; convert to an integer dtype first");
  }

  /**
   * {@code dst[dOff + j] = dst[dOff + j] op src[so + k * inner + j]} for every {@code k < r} and {@code j} in
   * {@code [j0, j1)}; with {@code inner == 1} a contiguous run reduced with several accumulators (SIMD when available).
   */
  static void rows(Op op, Object src, int so, int r, int inner, Object dst, int dOff, int j0, int j1) {
    switch (src) {
      case float[] s -> ReduceRowsF32.rows(op, s, so, r, inner, (float[]) dst, dOff, j0, j1);
      case double[] s -> ReduceRowsF64.rows(op, s, so, r, inner, (double[]) dst, dOff, j0, j1);
      case int[] s -> ReduceRowsI32.rows(op, s, so, r, inner, (int[]) dst, dOff, j0, j1);
      case long[] s -> ReduceRowsI64.rows(op, s, so, r, inner, (long[]) dst, dOff, j0, j1);
      case boolean[] s -> rowsBool(op, s, so, r, inner, (boolean[]) dst, dOff, j0, j1);
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  private static void rowsBool(Op op, boolean[] s, int so, int r, int inner, boolean[] d, int o, int j0, int j1) {
    boolOp(op);
    boolean any = op == Op.MAX;
    for (int k = 0; k < r; k++) {
      int b = so + k * inner;
      if (any) { for (int j = j0; j < j1; j++) d[o + j] |= s[b + j]; }
      else { for (int j = j0; j < j1; j++) d[o + j] &= s[b + j]; }
    }
  }

  /** Whether {@link ReduceSimdF32}'s lane loops may run {@code op}: max and min only (their result is order-independent). */
  static boolean simd(Op op) { return Simd.AVAILABLE && (op == Op.MAX || op == Op.MIN); }

  /**
   * Bool counted into i32: {@code d[dOff + j] = d[dOff + j] + (number of true src[so + k * inner + j], k < r)} for
   * {@code SUM}; {@code d = d * (all true ? 1 : 0)} for {@code PROD}. The bool store is read directly (no i32 copy).
   */
  static void rowsBoolToI32(Op op, boolean[] s, int so, int r, int inner, int[] d, int o, int j0, int j1) {
    if (op != Op.SUM && op != Op.PROD) throw new IllegalArgumentException("bool counts are SUM or PROD, got " + op);
    boolean sum = op == Op.SUM;
    if (inner == 1) {
      int c = 0, end = so + r;
      for (int i = so; i < end; i++) c += s[i] ? 1 : 0;
      d[o] = sum ? d[o] + c : (c == r ? d[o] : 0);
      return;
    }
    for (int k = 0; k < r; k++) {
      int b = so + k * inner;
      if (sum) { for (int j = j0; j < j1; j++) d[o + j] += s[b + j] ? 1 : 0; }
      else { for (int j = j0; j < j1; j++) if (!s[b + j]) d[o + j] = 0; }
    }
  }
}
