package io.graft.numerics.kernels;

import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;

/**
 * Everything {@link Conv} derives once from the shapes and the geometry: extents, strides in each layout, and
 * per spatial axis a table from (output position, window position) to the input offset ({@code -1} for a hole of
 * the input dilation or a position in the padding).
 */
final class ConvPlan {
  final int spatial, groups, in, og, window, positions, rows, k;
  final int lsBatch, lsFeature, rsOut, rsIn, osBatch, osFeature;
  /** Elements of the rhs. */
  final int rhsSize;
  /** {@code rhsWindow[kk]}: the rhs offset of window tap {@code kk} (its reversed tap along reversed axes). */
  final int[] rhsWindow;
  final int[] outExtent, winExtent, outPosition;
  /**
   * Whether the im2col columns run tap-major ({@code kk·in + c}) instead of feature-major ({@code c·window + kk}):
   * chosen when the input features are contiguous ({@code lsFeature == 1}, channels last), so that each window tap
   * copies one contiguous run of {@code in} features.
   */
  final boolean tapMajor;
  private final int[][] table;
  private final int batchGroupSize;
  private final boolean batchGroups;

  ConvPlan(Shape lhs, Shape rhs, Shape out, ConvGeometry g) {
    spatial = g.spatial();
    batchGroups = g.batchGroupCount() > 1;
    groups = batchGroups ? g.batchGroupCount() : g.featureGroupCount();
    in = rhs.dim(g.rhsSpec().get(1));
    og = rhs.dim(g.rhsSpec().get(0)) / groups;
    batchGroupSize = out.dim(g.outSpec().get(0));
    int[] ls = lhs.strides(), rs = rhs.strides(), os = out.strides();
    lsBatch = ls[g.lhsSpec().get(0)];
    lsFeature = ls[g.lhsSpec().get(1)];
    rhsSize = rhs.size();
    rsOut = rs[g.rhsSpec().get(0)];
    rsIn = rs[g.rhsSpec().get(1)];
    osBatch = os[g.outSpec().get(0)];
    osFeature = os[g.outSpec().get(1)];
    outExtent = new int[spatial];
    winExtent = new int[spatial];
    table = new int[spatial][];
    int[] rhsSpatialStride = new int[spatial], outSpatialStride = new int[spatial];
    for (int i = 0; i < spatial; i++) {
      outExtent[i] = out.dim(g.outSpec().get(2 + i));
      winExtent[i] = rhs.dim(g.rhsSpec().get(2 + i));
      rhsSpatialStride[i] = rs[g.rhsSpec().get(2 + i)];
      outSpatialStride[i] = os[g.outSpec().get(2 + i)];
      table[i] = table(g, i, lhs.dim(g.lhsSpec().get(2 + i)), ls[g.lhsSpec().get(2 + i)]);
    }
    window = product(winExtent);
    positions = product(outExtent);
    rows = batchGroupSize * positions;
    k = in * window;
    int first = 0;                      // a reversed axis reads its taps from the last one back
    for (int i = 0; i < spatial; i++)
      if (g.reversed(i)) {
        first += (winExtent[i] - 1) * rhsSpatialStride[i];
        rhsSpatialStride[i] = -rhsSpatialStride[i];
      }
    rhsWindow = offsets(winExtent, rhsSpatialStride);
    if (first != 0) for (int kk = 0; kk < rhsWindow.length; kk++) rhsWindow[kk] += first;
    outPosition = offsets(outExtent, outSpatialStride);
    tapMajor = lsFeature == 1 && in > 1;
  }

  /** The im2col column of input feature {@code c} and window tap {@code kk} (see {@link #tapMajor}). */
  int column(int c, int kk) { return tapMajor ? kk * in + c : c * window + kk; }

  /** {@code t[p*win + kk]}: input offset along axis {@code i} for output position p and window position kk. */
  private int[] table(ConvGeometry g, int i, int inExtent, int inStride) {
    long n = (long) outExtent[i] * winExtent[i];
    if (n > Shape.MAX_SIZE)
      throw new ShapeError("conv_general_dilated: spatial axis " + i + " has " + outExtent[i] + " output positions times "
          + winExtent[i] + " window taps = " + n + " im2col index entries, more than the limit of " + Shape.MAX_SIZE
          + " per array; use a smaller window or fewer output positions (stride, padding)");
    int[] t = new int[(int) n];
    int stride = g.strides().get(i), lo = g.padLo().get(i), rd = g.rhsDilation().get(i), ld = g.lhsDilation().get(i);
    for (int p = 0; p < outExtent[i]; p++) {
      for (int kk = 0; kk < winExtent[i]; kk++) {
        long u = (long) p * stride - lo + (long) kk * rd;             // index into the dilated, padded input
        boolean ok = u >= 0 && u % ld == 0 && u / ld < inExtent;
        t[p * winExtent[i] + kk] = ok ? (int) (u / ld) * inStride : -1;
      }
    }
    return t;
  }

  /** Row-major offsets of every index of {@code extent} with the given strides. */
  static int[] offsets(int[] extent, int[] strides) {
    int[] off = new int[product(extent)];
    int r = extent.length;
    if (off.length == 0 || r == 0) return off;
    int last = extent[r - 1], step = strides[r - 1], base = 0;
    int[] idx = new int[r];
    for (int j = 0; j < off.length; j += last) {    // a run of the last axis per index of the others (an odometer)
      for (int b = 0; b < last; b++) off[j + b] = base + b * step;
      for (int i = r - 2; i >= 0; i--) {
        base += strides[i];
        if (++idx[i] < extent[i]) break;
        base -= strides[i] * extent[i];
        idx[i] = 0;
      }
    }
    return off;
  }

  private static int product(int[] xs) {
    int p = 1;
    for (int x : xs) p *= x;
    return p;
  }

  /**
   * The fraction of (output position, window tap) pairs that read the input rather than padding or a dilation hole:
   * the product over spatial axes of each axis's fraction (validity is decided per axis).
   */
  double validFraction() {
    double f = 1;
    for (int[] t : table) {
      int valid = 0;
      for (int off : t) if (off >= 0) valid++;
      f *= t.length == 0 ? 1 : (double) valid / t.length;
    }
    return f;
  }

  /** The spatial index of flat output position {@code flat} (row-major) into {@code pos}. */
  void position(int flat, int[] pos) {
    for (int i = spatial - 1; i >= 0; i--) { pos[i] = flat % outExtent[i]; flat /= outExtent[i]; }
  }

  /**
   * For output position {@code pos}: the input offset of every window position, or -1 where it reads zero.
   * {@code kIdx} is scratch of length {@link #spatial}.
   */
  void windowOffsets(int[] pos, int[] kOff, int[] kIdx) {
    java.util.Arrays.fill(kIdx, 0);
    for (int kk = 0; kk < window; kk++) {
      int off = 0;
      for (int i = 0; i < spatial && off >= 0; i++) {
        int t = table[i][pos[i] * winExtent[i] + kIdx[i]];
        off = t < 0 ? -1 : off + t;
      }
      kOff[kk] = off;
      for (int i = spatial - 1; i >= 0; i--) { if (++kIdx[i] < winExtent[i]) break; kIdx[i] = 0; }
    }
  }

  /** The input batch index of output batch {@code n} in group {@code g}. */
  int lhsBatch(int g, int n) { return batchGroups ? g * batchGroupSize + n : n; }

  /** The first input feature of group {@code g}. */
  int lhsFeature(int g) { return batchGroups ? 0 : g * in; }
}
