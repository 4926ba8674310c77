package io.graft.numerics.kernels;

import io.graft.numerics.Shape;
import java.util.Arrays;

/**
 * The iteration plan of a window op over an operand, shared by {@code reduce_window} and
 * {@code select_and_scatter_add}.
 *
 * <p>Trailing axes that a window leaves alone (window 1, stride 1, no padding, no base dilation) form one
 * contiguous {@code inner} block (the channels of NHWC pooling), handled by whole-row loops. The other, leading
 * axes get per-axis tap lists: {@code taps[d][o]} holds the element offsets (index times stride) of the operand
 * positions that output position {@code o} of axis {@code d} reads; padding and base-dilation holes are simply
 * absent, because they hold the op's identity. The output is walked as {@code rows} (all leading axes but the
 * last) times {@code lastOut} positions of the last leading axis times {@code inner}.
 * The window position order is row-major, which is what "first" means for select.
 */
final class ReduceWindowPlan {
  final Shape outShape;
  final int inner;
  final int rows;
  final int lastOut;
  final int[][] lastTaps;
  final int windowVolume;
  /**
   * Tap-major form of the last axis when it is windowed ({@code inner == 1}) without base dilation, else null:
   * tap {@code k} reads offset {@code tapOff[k] + ow * lastStride} for outputs {@code ow} in
   * {@code [tapStart[k], tapEnd[k])}.
   */
  final int[] tapOff, tapStart, tapEnd;
  final int lastStride;
  private final int lead;
  private final int[] leadOut;
  private final int[][][] taps;

  private ReduceWindowPlan(Shape outShape, int inner, int[] leadOut, int[][][] taps, int windowVolume, int[][] tapMajor, int lastStride) {
    this.outShape = outShape;
    this.inner = inner;
    this.lead = leadOut.length;
    this.leadOut = leadOut;
    this.taps = taps;
    this.windowVolume = windowVolume;
    int r = 1;
    for (int d = 0; d < lead - 1; d++) r *= leadOut[d];
    this.rows = r;
    this.lastOut = leadOut[lead - 1];
    this.lastTaps = taps[lead - 1];
    this.tapOff = tapMajor == null ? null : tapMajor[0];
    this.tapStart = tapMajor == null ? null : tapMajor[1];
    this.tapEnd = tapMajor == null ? null : tapMajor[2];
    this.lastStride = lastStride;
  }

  /** The plan for {@code dims}; all arrays have one entry per axis and are already validated. */
  static ReduceWindowPlan of(int[] dims, int[] win, int[] str, int[] lo, int[] hi, int[] bdil, int[] wdil) {
    Shape outShape = Shape.checked("reduce_window", () -> "operand " + Arrays.toString(dims) + ", window " + Arrays.toString(win)
        + ", strides " + Arrays.toString(str) + ", padding lo " + Arrays.toString(lo) + " hi " + Arrays.toString(hi)
        + ", base dilation " + Arrays.toString(bdil) + ", window dilation " + Arrays.toString(wdil),
        Windows.outputDims(dims, win, str, lo, hi, bdil, wdil));
    int[] outDims = outShape.dims();
    if (dims.length == 0) {
      int[] one = {1}, zero = {0};
      ReduceWindowPlan p = of(one, one, one, zero, zero, one, one);
      return new ReduceWindowPlan(Shape.scalar(), p.inner, p.leadOut, p.taps, 1, null, 1);
    }
    int rank = dims.length, lead = rank, inner = 1, vol = 1;
    while (lead > 1 && win[lead - 1] == 1 && str[lead - 1] == 1 && lo[lead - 1] == 0 && hi[lead - 1] == 0 && bdil[lead - 1] == 1) {
      lead--;
      inner *= dims[lead];
    }
    int[] stride = Shape.of(dims).strides();
    int[][][] taps = new int[lead][][];
    for (int d = 0; d < lead; d++) {
      vol *= win[d];
      taps[d] = new int[outDims[d]][];
      for (int o = 0; o < outDims[d]; o++) taps[d][o] = axisTaps(o, dims[d], win[d], str[d], lo[d], bdil[d], wdil[d], stride[d]);
    }
    int l = lead - 1;
    int[][] tapMajor = inner == 1 && bdil[l] == 1 ? tapMajor(dims[l], outDims[l], win[l], str[l], lo[l], wdil[l]) : null;
    return new ReduceWindowPlan(outShape, inner, Arrays.copyOf(outDims, lead), taps, vol, tapMajor, str[l]);
  }

  /**
   * {offset, first output, end output} of each tap of a contiguous last axis (element stride 1). Positions are
   * computed in {@code long} (padding and dilation may carry them past the int range); an offset is stored as an
   * int, which the loops add to {@code ow * stride} modulo 2^32 and so read exactly the in-range index.
   */
  private static int[][] tapMajor(int dim, int out, int win, int str, int lo, int wdil) {
    int[][] t = new int[3][win];
    for (int k = 0; k < win; k++) {
      long off = (long) k * wdil - lo;                           // operand index read by output 0
      long start = Math.max(0, Math.ceilDiv(-off, str)), end = Math.min(out, Math.floorDiv(dim - 1 - off, str) + 1);
      t[0][k] = (int) off;
      t[1][k] = (int) Math.min(start, out);
      t[2][k] = (int) Math.max(t[1][k], end);
    }
    return t;
  }

  /** Offsets of the operand elements read by output {@code o} of one axis; positions in {@code long} (see above). */
  private static int[] axisTaps(int o, int dim, int win, int str, int lo, int bdil, int wdil, int stride) {
    int[] t = new int[win];
    int n = 0;
    long last = (long) (dim - 1) * bdil;
    for (int w = 0; w < win; w++) {
      long p = (long) o * str + (long) w * wdil - lo;
      if (p >= 0 && p <= last && p % bdil == 0) t[n++] = (int) (p / bdil) * stride;
    }
    return n == win ? t : Arrays.copyOf(t, n);
  }

  /** The operand offsets of every window tap on the leading axes but the last, for output row {@code row}. */
  int[] rowOffsets(int row) {
    int[] idx = new int[Math.max(0, lead - 1)];
    for (int d = lead - 2, r = row; d >= 0; d--) { idx[d] = r % leadOut[d]; r /= leadOut[d]; }
    int[] offs = {0};
    for (int d = 0; d < lead - 1; d++) {
      int[] t = taps[d][idx[d]];
      int[] next = new int[offs.length * t.length];
      int k = 0;
      for (int a : offs) for (int b : t) next[k++] = a + b;
      offs = next;
    }
    return offs;
  }
}
