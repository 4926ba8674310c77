package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;

/**
 * The strided-copy engine behind the layout kernels: for every index {@code i} of {@code dims},
 * {@code dst[dstBase + Σ i[k]·dstStrides[k]] = src[srcBase + Σ i[k]·srcStrides[k]]}. Strides are in elements and
 * may be negative (a reversed axis) or larger than the extent (a strided slice); the destination mapping must be
 * one-to-one.
 *
 * <p>Transpose, rev, slice, dynamic slice, pad, concatenate and dynamic update slice are all one call: the caller
 * only computes base offsets and per-axis strides. Before copying, axes of extent 1 are dropped and neighbouring
 * axes that are contiguous in both buffers are merged, so e.g. a slice of whole rows becomes one
 * {@code System.arraycopy} per run.
 *
 * <p>Cache behaviour: when the innermost destination axis reads the source with a large stride while another axis
 * reads it with a small one (a transpose), the copy runs over 32x32 tiles of those two axes: within a tile the
 * strided side touches 32 cache lines, which stay in L1 while the rows of the tile consume them. Otherwise the copy
 * runs row by row, using {@code System.arraycopy} when both inner strides are 1. Work is split over outer rows
 * (or tiles) with {@link Parallel#range} once a copy is larger than about {@value #GRAIN} elements per thread.
 */
public final class Strided {
  /** Minimum elements per parallel chunk. */
  static final int GRAIN = 1 << 15;
  /** Tile edge for transposing copies. */
  static final int TILE = 32;

  private Strided() {}

  /** Copies a strided view of {@code src} into {@code dst} (see the class doc). Nothing is read when a dim is 0. */
  public static void copy(Object src, int srcBase, int[] srcStrides, Object dst, int dstBase, int[] dstStrides, int[] dims) {
    int rank = dims.length, r = 0;
    int[] d = new int[rank], ss = new int[rank], ds = new int[rank];
    for (int k = 0; k < rank; k++) {
      if (dims[k] == 0) return;
      if (dims[k] == 1) continue;
      if (r > 0 && ss[r - 1] == srcStrides[k] * dims[k] && ds[r - 1] == dstStrides[k] * dims[k]) {
        d[r - 1] *= dims[k];                 // the previous (outer) axis and this one are contiguous in both: merge
        ss[r - 1] = srcStrides[k];
        ds[r - 1] = dstStrides[k];
      } else {
        d[r] = dims[k]; ss[r] = srcStrides[k]; ds[r] = dstStrides[k]; r++;
      }
    }
    if (r == 0) { Copy.strided(src, srcBase, 0, dst, dstBase, 0, 1); return; }
    int last = r - 1, q = -1;
    for (int k = 0; k < last; k++) if (q < 0 || Math.abs(ss[k]) < Math.abs(ss[q])) q = k;
    if (q >= 0 && ds[last] == 1 && Math.abs(ss[last]) > 1 && Math.abs(ss[q]) < Math.abs(ss[last]) && d[last] >= TILE / 2)
      tiled(src, srcBase, dst, dstBase, trim(d, r), trim(ss, r), trim(ds, r), q);
    else
      rows(src, srcBase, dst, dstBase, trim(d, r), trim(ss, r), trim(ds, r));
  }

  private static int[] trim(int[] a, int n) { return n == a.length ? a : java.util.Arrays.copyOf(a, n); }

  /** Row by row over the innermost axis; the outer axes are walked with an odometer. */
  private static void rows(Object src, int srcBase, Object dst, int dstBase, int[] d, int[] ss, int[] ds) {
    int last = d.length - 1, inner = d[last], innerS = ss[last], innerD = ds[last];
    int outer = 1;
    for (int k = 0; k < last; k++) outer *= d[k];
    boolean contiguous = innerS == 1 && innerD == 1;
    Parallel.range(outer, Math.max(1, GRAIN / inner), (lo, hi) -> {
      int[] idx = new int[last];
      int so = srcBase, dO = dstBase;
      for (int k = last - 1, rem = lo; k >= 0; k--) { idx[k] = rem % d[k]; rem /= d[k]; so += idx[k] * ss[k]; dO += idx[k] * ds[k]; }
      for (int o = lo; o < hi; o++) {
        if (contiguous) System.arraycopy(src, so, dst, dO, inner);
        else Copy.strided(src, so, innerS, dst, dO, innerD, inner);
        for (int k = last - 1; k >= 0; k--) {
          so += ss[k]; dO += ds[k];
          if (++idx[k] < d[k]) break;
          so -= ss[k] * d[k]; dO -= ds[k] * d[k]; idx[k] = 0;
        }
      }
    });
  }

  /** Over {@link #TILE}-square tiles of axes {@code q} (rows) and the innermost axis (columns). */
  private static void tiled(Object src, int srcBase, Object dst, int dstBase, int[] d, int[] ss, int[] ds, int q) {
    int last = d.length - 1, cols = d[last];
    int tilesQ = (d[q] + TILE - 1) / TILE, outer = 1;
    for (int k = 0; k < last; k++) if (k != q) outer *= d[k];
    int items = outer * tilesQ;
    Parallel.range(items, Math.max(1, GRAIN / (TILE * cols)), (lo, hi) -> {
      for (int item = lo; item < hi; item++) {
        int o = item / tilesQ, r0 = (item % tilesQ) * TILE, rowsN = Math.min(TILE, d[q] - r0);
        int so = srcBase + r0 * ss[q], dO = dstBase + r0 * ds[q];
        for (int k = last - 1, rem = o; k >= 0; k--) {
          if (k == q) continue;
          int i = rem % d[k];
          rem /= d[k];
          so += i * ss[k];
          dO += i * ds[k];
        }
        for (int c0 = 0; c0 < cols; c0 += TILE)
          Copy.tile(src, so + c0 * ss[last], ss[q], ss[last], dst, dO + c0 * ds[last], ds[q], ds[last],
              rowsN, Math.min(TILE, cols - c0));
      }
    });
  }
}
