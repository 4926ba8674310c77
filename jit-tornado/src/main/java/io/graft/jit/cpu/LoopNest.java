package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical loop nest of a {@link Kernel}, fixed at compile time: size-1 axes dropped, and adjacent axes merged
 * where every input's strides, the result's strides and the reduced/kept status allow it (axes {@code a}, {@code a+1}
 * merge when {@code stride[a] == stride[a+1] * size[a+1]} for each of them). The innermost canonical axis is the
 * <em>row</em>; the outer axes are walked with an odometer that keeps each input's base offset.
 * <pre>{@code
 * // [256,1024] + bias[1024] (strides (0,1)): no merge, 256 rows of 1024
 * // [8,16,32] all contiguous, no reduction: one row of 4096
 * // sum over (0) of [256,1024]: rows of 1024 kept elements accumulated 256 times
 * }</pre>
 * There is always at least one canonical axis (a scalar space is one row of 1).
 */
final class LoopNest {
  /** Body of {@link #segments}: one piece {@code [j0, j1)} of a row whose result offset is {@code outBase}. */
  @FunctionalInterface
  interface Segment { void run(int outBase, int j0, int j1); }

  final int[] sizes;          // canonical axes, outer to inner
  final int[][] strides;      // [input][axis]
  final int[] outStrides;     // [axis]: into the result, 0 on reduced axes
  final boolean[] reduced;    // [axis]
  final int total;            // elements of the space
  final int rowLen;           // sizes[last]
  final int resultSize;

  private LoopNest(int[] sizes, int[][] strides, int[] outStrides, boolean[] reduced, int total, int resultSize) {
    this.sizes = sizes;
    this.strides = strides;
    this.outStrides = outStrides;
    this.reduced = reduced;
    this.total = total;
    this.rowLen = sizes[sizes.length - 1];
    this.resultSize = resultSize;
  }

  /** Whether the row axis is reduced (each row folds into one result element). */
  boolean innerReduced() { return reduced[sizes.length - 1]; }

  /** The stride of input {@code k} along the row. */
  int innerStride(int k) { return strides[k][sizes.length - 1]; }

  static LoopNest of(Kernel k) {
    Shape space = k.space();
    int n = k.inputs().size(), r = space.rank();
    int[] out = resultStrides(k);
    List<long[]> axes = new ArrayList<>();   // per kept axis, inner first: {size, reduced, s_0..s_{n-1}, outStride}
    for (int a = r - 1; a >= 0; a--) {
      if (space.dim(a) == 1) continue;
      long[] col = new long[n + 3];
      col[0] = space.dim(a);
      col[1] = k.reducedAxes().contains(a) ? 1 : 0;
      for (int i = 0; i < n; i++) col[2 + i] = k.inputs().get(i).strides().get(a);
      col[n + 2] = out[a];
      if (!axes.isEmpty() && merges(col, axes.getLast())) axes.getLast()[0] *= col[0];
      else axes.add(col);
    }
    if (axes.isEmpty()) {
      long[] one = new long[n + 3];
      one[0] = 1;
      axes.add(one);
    }
    int m = axes.size();
    int[] sizes = new int[m], outStrides = new int[m];
    int[][] strides = new int[n][m];
    boolean[] reduced = new boolean[m];
    for (int j = 0; j < m; j++) {
      long[] col = axes.get(m - 1 - j);
      sizes[j] = (int) col[0];
      reduced[j] = col[1] == 1;
      for (int i = 0; i < n; i++) strides[i][j] = (int) col[2 + i];
      outStrides[j] = (int) col[n + 2];
    }
    return new LoopNest(sizes, strides, outStrides, reduced, space.size(), k.resultShape().size());
  }

  /** Whether axis {@code outer} folds into the (already merged) axis {@code inner} just inside it. */
  private static boolean merges(long[] outer, long[] inner) {
    if (outer[1] != inner[1]) return false;
    for (int i = 2; i < outer.length; i++) if (outer[i] != inner[i] * inner[0]) return false;
    return true;
  }

  /** Result strides per space axis: row-major over the kept axes, 0 on reduced ones. */
  private static int[] resultStrides(Kernel k) {
    int r = k.space().rank();
    int[] s = new int[r];
    int acc = 1;
    for (int a = r - 1; a >= 0; a--) {
      if (k.reducedAxes().contains(a)) continue;
      s[a] = acc;
      acc *= k.space().dim(a);
    }
    return s;
  }

  /**
   * Calls {@code body} for each row piece covering the flat (row-major) element range {@code [lo, hi)}, with
   * {@code base[i]} set to input {@code i}'s offset of the row's element 0 during the call.
   */
  private static final int[] NO_DIGITS = {};

  void segments(int lo, int hi, int[] base, Segment body) {
    int outer = sizes.length - 1;
    int[] digit = outer == 0 ? NO_DIGITS : new int[outer];   // a 1-D nest (the common small case) allocates nothing
    int row = lo / rowLen, j = lo % rowLen;
    for (int a = outer - 1; a >= 0; a--) { digit[a] = row % sizes[a]; row /= sizes[a]; }
    int ob = 0;
    for (int i = 0; i < base.length; i++) base[i] = 0;
    for (int a = 0; a < outer; a++) {
      ob += digit[a] * outStrides[a];
      for (int i = 0; i < base.length; i++) base[i] += digit[a] * strides[i][a];
    }
    for (int pos = lo; pos < hi; ) {
      int end = Math.min(rowLen, j + (hi - pos));
      body.run(ob, j, end);
      pos += end - j;
      j = 0;
      if (pos < hi) ob = nextRow(digit, base, ob);
    }
  }

  /** Advances the odometer one row; returns the new result offset. */
  private int nextRow(int[] digit, int[] base, int ob) {
    for (int a = digit.length - 1; a >= 0; a--) {
      digit[a]++;
      ob += outStrides[a];
      for (int i = 0; i < base.length; i++) base[i] += strides[i][a];
      if (digit[a] < sizes[a]) return ob;
      ob -= sizes[a] * outStrides[a];
      for (int i = 0; i < base.length; i++) base[i] -= sizes[a] * strides[i][a];
      digit[a] = 0;
    }
    return ob;
  }
}
