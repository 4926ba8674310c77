package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.Reductions.Op;

/**
 * Sums and products of f32/f64 data, {@code out[o, j] = ⊕_k x[o, k, j]} for one {@code (outer, r, inner)} pass,
 * accumulated in f64 in blocks of a fixed size combined in a fixed order. The result is a function of the data and
 * the shape only: the same bits on every call, JIT tier, thread count and SIMD width (threads only choose which
 * blocks they compute).
 *
 * <p><b>Contiguous runs</b> ({@code inner == 1}) are cut into blocks of {@value #RUN_BLOCK} elements. Element
 * {@code t} of a block goes to accumulator {@code t mod }{@value #LANES}; the accumulators are combined pairwise
 * ({@code ((a0⊕a1)⊕(a2⊕a3))⊕...}), and the block results of a run pairwise again, neighbours level by level
 * ({@link #pairwise}). <b>Row passes</b> ({@code inner > 1}) add {@value #ROW_BLOCK} rows at a time, in index order,
 * into a block row, and the block rows into the result row in index order.
 *
 * <p><b>Error bound</b> (first order, {@code u = 2^-53}, before the caller's final rounding to f32, which adds at most
 * half an f32 ulp): a sum of {@code n} terms is within {@code (RUN_BLOCK/LANES + log2 LANES + ceil(log2 ceil(n /
 * RUN_BLOCK))) u Σ|x_i|} (about {@code 150 u Σ|x_i|}) of the exact sum for a contiguous run, and within
 * {@code (ROW_BLOCK + ceil(r / ROW_BLOCK)) u Σ|x_i|} for a row pass; both are at most {@code n u Σ|x_i|}. So an f32
 * sum or mean is the exact value rounded to f32 unless {@code Σ|x_i|} exceeds {@code |Σx_i|} by about 2^22. Products
 * have the analogous relative bound.
 */
final class Sums {
  /** Accumulators of a contiguous block (element t goes to t mod LANES). */
  static final int LANES = 16;
  /** Elements of a contiguous block. */
  static final int RUN_BLOCK = 1 << 11;
  /** Rows of a row-pass block. */
  static final int ROW_BLOCK = 1 << 7;
  /** Elements of work per parallel unit. */
  private static final int GRAIN = Reductions.GRAIN;

  private Sums() {}

  /** Elements of a row-pass scratch read from an {@link ElementSource} (several whole rows at once where they fit). */
  private static final int ROW_SCRATCH = 1 << 13;

  /**
   * {@code op} (SUM or PROD) over {@code r} of {@code src}, into a new f64 store. {@code src} is a {@code float[]} or
   * {@code double[]}, or an {@link ElementSource}, whose elements are read block by block into scratch and then go
   * through the same arithmetic as a store's: the same result bits.
   */
  static double[] pass(Op op, Object src, int outer, int r, int inner) {
    return passAll(op, new Object[] {src}, outer, r, inner)[0];
  }

  /**
   * {@link #pass} of several sources of one shape at once (sibling sums of a fused loop): every block is read from
   * each source in turn before the next block, so inputs the sources share are read from memory once; each source's
   * blocks, order and arithmetic are those of its own {@link #pass} (the same bits).
   */
  static double[][] passAll(Op op, Object[] srcs, int outer, int r, int inner) {
    double[][] dst = new double[srcs.length][outer * inner];
    if (inner == 1) runs(op, srcs, outer, r, dst);
    else rows(op, srcs, outer, r, inner, dst);
    return dst;
  }

  // ---------------------------------------------------------------- contiguous runs (inner == 1)

  private static void runs(Op op, Object[] srcs, int outer, int r, double[][] dst) {
    int k = srcs.length;
    int nb = Math.max(1, (r + RUN_BLOCK - 1) / RUN_BLOCK);
    if (nb == 1 || outer >= Parallel.threads()) {           // whole runs per thread
      Parallel.range(outer, Math.max(1, GRAIN / Math.max(1, r)), (lo, hi) -> {
        double[][] partial = new double[k][nb];
        double[] acc = new double[LANES];
        ElementSource.Reader[] rd = readers(srcs);
        if (rd[0] != null && nb == 1) {                   // short runs of a source: read many consecutive runs at once
          int per = Math.max(1, ROW_SCRATCH / Math.max(1, r));
          Object[] scratch = scratch(srcs, Math.min(per, hi - lo) * r);   // what one read fills: not ROW_SCRATCH for a short sum
          for (int o0 = lo; o0 < hi; o0 += per) {
            int m = Math.min(per, hi - o0);
            for (int s = 0; s < k; s++) {
              rd[s].read(o0 * r, m * r, scratch[s]);
              for (int o = o0; o < o0 + m; o++) dst[s][o] = block(op, scratch[s], (o - o0) * r, r, acc);
            }
          }
          return;
        }
        Object[] scratch = scratch(srcs, Math.min(r, RUN_BLOCK));
        for (int o = lo; o < hi; o++) {
          for (int b = 0; b < nb; b++)
            for (int s = 0; s < k; s++)
              partial[s][b] = block(op, srcs[s], rd[s], scratch[s], o * r + b * RUN_BLOCK, Math.min(RUN_BLOCK, r - b * RUN_BLOCK), acc);
          for (int s = 0; s < k; s++) dst[s][o] = pairwise(op, partial[s], 0, nb);
        }
      });
      return;
    }
    double[][] partial = new double[k][outer * nb];         // few long runs: threads share out the blocks
    Parallel.range(outer * nb, Math.max(1, GRAIN / RUN_BLOCK), (lo, hi) -> {
      double[] acc = new double[LANES];
      ElementSource.Reader[] rd = readers(srcs);
      Object[] scratch = scratch(srcs, RUN_BLOCK);
      for (int u = lo; u < hi; u++) {
        int o = u / nb, b = u % nb;
        for (int s = 0; s < k; s++)
          partial[s][u] = block(op, srcs[s], rd[s], scratch[s], o * r + b * RUN_BLOCK, Math.min(RUN_BLOCK, r - b * RUN_BLOCK), acc);
      }
    });
    for (int s = 0; s < k; s++) for (int o = 0; o < outer; o++) dst[s][o] = pairwise(op, partial[s], o * nb, nb);
  }

  /** A block of a store, or of an {@link ElementSource} read into {@code scratch} first (same arithmetic). */
  private static double block(Op op, Object src, ElementSource.Reader rd, Object scratch, int off, int n, double[] acc) {
    if (rd == null) return block(op, src, off, n, acc);
    rd.read(off, n, scratch);
    return block(op, scratch, 0, n, acc);
  }

  /** Per source, a reader if it is an {@link ElementSource}, else null (a store is read directly). */
  private static ElementSource.Reader[] readers(Object[] srcs) {
    ElementSource.Reader[] rd = new ElementSource.Reader[srcs.length];
    for (int s = 0; s < srcs.length; s++) rd[s] = srcs[s] instanceof ElementSource e ? e.reader() : null;
    return rd;
  }

  /** Per source, scratch of {@code n} elements for reading an {@link ElementSource}; null for a store. */
  private static Object[] scratch(Object[] srcs, int n) {
    Object[] sc = new Object[srcs.length];
    for (int s = 0; s < srcs.length; s++)
      sc[s] = srcs[s] instanceof ElementSource e ? io.graft.numerics.NdArray.newStore(e.dtype(), n) : null;
    return sc;
  }

  /**
   * One block: {@code LANES} accumulators in f64, combined pairwise; SIMD when available (same bits). {@code acc} is
   * {@code LANES} doubles of scratch.
   */
  static double block(Op op, Object src, int off, int n, double[] acc) {
    if (Simd.AVAILABLE && ReduceSimdF64.BLOCK_LANES_OK && n >= LANES) {
      return switch (src) {
        case float[] s -> ReduceSimdF32.block(op, s, off, n, acc);
        case double[] s -> ReduceSimdF64.block(op, s, off, n, acc);
        default -> throw new IllegalArgumentException("sum: not a float store: " + src.getClass());
      };
    }
    java.util.Arrays.fill(acc, op == Op.PROD ? 1d : 0d);
    switch (src) {
      case float[] s -> tail(op, s, off, 0, n, acc);
      case double[] s -> tail(op, s, off, 0, n, acc);
      default -> throw new IllegalArgumentException("sum: not a float store: " + src.getClass());
    }
    return lanes(op, acc);
  }

  /** Adds (multiplies) elements {@code [t0, n)} of the block at {@code off} into {@code acc[t mod LANES]}. */
  static void tail(Op op, float[] s, int off, int t0, int n, double[] acc) {
    if (op == Op.SUM) for (int t = t0; t < n; t++) acc[t & (LANES - 1)] += s[off + t];
    else for (int t = t0; t < n; t++) acc[t & (LANES - 1)] *= s[off + t];
  }

  /** Adds (multiplies) elements {@code [t0, n)} of the block at {@code off} into {@code acc[t mod LANES]}. */
  static void tail(Op op, double[] s, int off, int t0, int n, double[] acc) {
    if (op == Op.SUM) for (int t = t0; t < n; t++) acc[t & (LANES - 1)] += s[off + t];
    else for (int t = t0; t < n; t++) acc[t & (LANES - 1)] *= s[off + t];
  }

  /** The {@code LANES} accumulators combined pairwise (overwrites {@code acc}). */
  static double lanes(Op op, double[] acc) { return pairwise(op, acc, 0, LANES); }

  /**
   * {@code a[off] ⊕ ... ⊕ a[off+n-1]} (n ≥ 1) combined pairwise: neighbours {@code (2i, 2i+1)} level by level, an odd
   * last element carried up unchanged. Overwrites {@code a[off, off+n)}.
   */
  static double pairwise(Op op, double[] a, int off, int n) {
    boolean sum = op == Op.SUM;
    while (n > 1) {
      int half = n >> 1;
      for (int i = 0; i < half; i++) {
        double x = a[off + 2 * i], y = a[off + 2 * i + 1];
        a[off + i] = sum ? x + y : x * y;
      }
      if ((n & 1) != 0) a[off + half] = a[off + n - 1];
      n = half + (n & 1);
    }
    return a[off];
  }

  // ---------------------------------------------------------------- row passes (inner > 1)

  private static void rows(Op op, Object[] srcs, int outer, int r, int inner, double[][] dst) {
    int k = srcs.length;
    int segs = (inner + Reductions.SEG - 1) / Reductions.SEG, units = outer * segs;
    int nb = (r + ROW_BLOCK - 1) / ROW_BLOCK, m = outer * inner;
    if (units >= Parallel.threads() || nb == 1 || (long) m * r < 2L * GRAIN) {   // whole columns per thread
      Parallel.range(units, Math.max(1, GRAIN / Math.max(1, r * Math.min(inner, Reductions.SEG))), (lo, hi) -> {
        double[][] blk = new double[k][Math.min(inner, Reductions.SEG)];
        ElementSource.Reader[] rd = readers(srcs);
        Object[] scratch = scratch(srcs, rowScratch(r, inner));
        for (int u = lo; u < hi; u++) {
          int o = u / segs, j0 = (u % segs) * Reductions.SEG, j1 = Math.min(inner, j0 + Reductions.SEG);
          for (int b = 0; b < nb; b++) {
            int k0 = b * ROW_BLOCK, k1 = Math.min(r, k0 + ROW_BLOCK);
            for (int s = 0; s < k; s++) {
              rowBlock(op, srcs[s], rd[s], scratch[s], (o * r + k0) * inner, k1 - k0, inner, j0, j1, blk[s]);
              fold(op, b == 0, blk[s], 0, dst[s], o * inner, j0, j1);
            }
          }
        }
      });
      return;
    }
    double[][] partial = new double[k][nb * m];             // few columns, many rows: threads share out the blocks
    Parallel.range(outer * nb, Math.max(1, GRAIN / Math.max(1, ROW_BLOCK * inner)), (lo, hi) -> {
      double[] blk = new double[Math.min(inner, Reductions.SEG)];
      ElementSource.Reader[] rd = readers(srcs);
      Object[] scratch = scratch(srcs, rowScratch(r, inner));
      for (int u = lo; u < hi; u++) {
        int o = u / nb, b = u % nb, k0 = b * ROW_BLOCK, k1 = Math.min(r, k0 + ROW_BLOCK);
        for (int j0 = 0; j0 < inner; j0 += Reductions.SEG) {
          int j1 = Math.min(inner, j0 + Reductions.SEG);
          for (int s = 0; s < k; s++) {
            rowBlock(op, srcs[s], rd[s], scratch[s], (o * r + k0) * inner, k1 - k0, inner, j0, j1, blk);
            System.arraycopy(blk, 0, partial[s], b * m + o * inner + j0, j1 - j0);
          }
        }
      }
    });
    for (int s = 0; s < k; s++) for (int b = 0; b < nb; b++) fold(op, b == 0, partial[s], b * m, dst[s], 0, 0, m);
  }

  /**
   * Elements of the scratch {@link #rowBlock} fills from an {@link ElementSource} in a pass over {@code r} rows of
   * {@code inner}: several whole rows (at most {@link #ROW_SCRATCH} elements, at most one block's rows) when a
   * segment spans the row, else one segment. Sized to the reads, so a small fused sum does not zero 32 KB per call.
   */
  static int rowScratch(int r, int inner) {
    if (inner > Reductions.SEG) return Reductions.SEG;
    return Math.min(Math.max(1, ROW_SCRATCH / inner), Math.min(r, ROW_BLOCK)) * inner;
  }

  /**
   * {@code blk[j - j0] = ⊕ over k < rows of src[so + k * inner + j]} in f64, rows in index order. An
   * {@link ElementSource} is read into {@code scratch} (several whole rows at once where they fit) and the scratch
   * rows go through the same loop.
   */
  private static void rowBlock(Op op, Object src, ElementSource.Reader rd, Object scratch, int so, int rows, int inner, int j0, int j1,
      double[] blk) {
    int w = j1 - j0;
    if (rd == null) {
      addRows(op, src, so + j0, inner, rows, w, true, blk);
      return;
    }
    int per = w == inner ? Math.max(1, ROW_SCRATCH / inner) : 1;   // whole rows are contiguous: read several at once
    for (int k = 0; k < rows; k += per) {
      int m = Math.min(per, rows - k);
      rd.read(so + k * inner + j0, (m - 1) * inner + w, scratch);
      addRows(op, scratch, 0, inner, m, w, k == 0, blk);
    }
  }

  /**
   * {@code blk[j] (⊕)= s[off + k * stride + j]} for {@code j < w}, rows {@code k < rows} in index order, in f64;
   * {@code first}: the first row is copied rather than combined.
   */
  private static void addRows(Op op, Object src, int off, int stride, int rows, int w, boolean first, double[] blk) {
    int k0 = first ? 1 : 0;
    switch (src) {
      case float[] s -> {
        if (first) for (int j = 0; j < w; j++) blk[j] = s[off + j];
        for (int k = k0; k < rows; k++) {
          int b = off + k * stride;
          if (op == Op.SUM) for (int j = 0; j < w; j++) blk[j] += s[b + j];
          else for (int j = 0; j < w; j++) blk[j] *= s[b + j];
        }
      }
      case double[] s -> {
        if (first) System.arraycopy(s, off, blk, 0, w);
        for (int k = k0; k < rows; k++) {
          int b = off + k * stride;
          if (op == Op.SUM) for (int j = 0; j < w; j++) blk[j] += s[b + j];
          else for (int j = 0; j < w; j++) blk[j] *= s[b + j];
        }
      }
      default -> throw new IllegalArgumentException("sum: not a float store: " + src.getClass());
    }
  }

  /** {@code dst[dOff + j] = (first ? blk : dst ⊕ blk)[...]} for {@code j} in {@code [j0, j1)}; blk from {@code bOff}. */
  private static void fold(Op op, boolean first, double[] blk, int bOff, double[] dst, int dOff, int j0, int j1) {
    int w = j1 - j0, d = dOff + j0;
    if (first) System.arraycopy(blk, bOff, dst, d, w);
    else if (op == Op.SUM) for (int j = 0; j < w; j++) dst[d + j] += blk[bOff + j];
    else for (int j = 0; j < w; j++) dst[d + j] *= blk[bOff + j];
  }
}
