package io.graft.numerics.kernels;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.Reductions.Op;

/**
 * Inclusive scans along one axis: {@code out[..., k, ...] = x[..., 0, ...] op ... op x[..., k, ...]}, or from
 * the end when {@code reverse} ({@code cumsum}, {@code cumprod}, {@code cummax}, {@code cummin}).
 *
 * <p>The array is viewed as {@code (outer, r, inner)}; each output row along the axis is the previous output
 * row combined with the input row, so for {@code inner > 1} the innermost loop is contiguous. Work is split over
 * outer rows and inner segments. Numeric dtypes only; max/min propagate NaN; integer sums wrap. The loops are
 * generated per dtype ({@code ScanRowsF32} ... {@code ScanRowsI64}, from {@code ScanRowsFxx.java.template}).
 * <pre>{@code Cumulative.scan(Op.SUM, [1, 2, 3], 0, false) -> [1, 3, 6]; reverse -> [6, 5, 3]}</pre>
 */
public final class Cumulative {
  private Cumulative() {}

  /** The inclusive scan of {@code x} by {@code op} along {@code axis} (in range), from the end if {@code reverse}. */
  public static NdArray scan(Op op, NdArray x, int axis, boolean reverse) {
    if (Unsigned.is(x.dtype()) && (op == Op.MAX || op == Op.MIN)) return Unsigned.fromOrdered(scan(op, Unsigned.toOrdered(x), axis, reverse));
    if (x.dtype().isBool())
      throw new DTypeError("cum" + op.name().toLowerCase() + ": no kernel for bool; convert to an integer dtype first");
    Shape s = x.shape();
    int n = x.size();
    Object dst = NdArray.newStore(x.dtype(), n);
    if (n == 0) return NdArray.wrapStore(x.dtype(), s, dst);
    int r = s.dim(axis), inner = 1;
    for (int i = axis + 1; i < s.rank(); i++) inner *= s.dim(i);
    int outer = n / (r * inner), segs = (inner + Reductions.SEG - 1) / Reductions.SEG, in = inner;
    Object src = x.store();
    int perUnit = Math.max(1, r * Math.min(inner, Reductions.SEG));
    Parallel.range(outer * segs, Math.max(1, Reductions.GRAIN / perUnit), (lo, hi) -> {
      for (int u = lo; u < hi; u++) {
        int o = u / segs, j0 = (u % segs) * Reductions.SEG, j1 = Math.min(in, j0 + Reductions.SEG);
        scanRows(op, src, dst, o * r * in, r, in, j0, j1, reverse);
      }
    });
    return NdArray.wrapStore(x.dtype(), s, dst);
  }

  /** One {@code (r, inner)} slab at {@code base}, columns {@code [j0, j1)}. */
  private static void scanRows(Op op, Object src, Object dst, int base, int r, int inner, int j0, int j1, boolean reverse) {
    int first = base + (reverse ? (r - 1) * inner : 0), step = reverse ? -inner : inner;
    System.arraycopy(src, first + j0, dst, first + j0, j1 - j0);
    switch (src) {
      case float[] s -> ScanRowsF32.scan(op, s, (float[]) dst, first, step, r, j0, j1);
      case double[] s -> ScanRowsF64.scan(op, s, (double[]) dst, first, step, r, j0, j1);
      case int[] s -> ScanRowsI32.scan(op, s, (int[]) dst, first, step, r, j0, j1);
      case long[] s -> ScanRowsI64.scan(op, s, (long[]) dst, first, step, r, j0, j1);
      default -> throw new IllegalArgumentException("cumulative: unsupported store " + src.getClass());
    }
  }
}
