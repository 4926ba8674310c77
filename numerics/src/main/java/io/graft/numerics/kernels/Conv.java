package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;

/**
 * {@code conv_general_dilated} by im2col + {@link Gemm}, for any number of spatial axes, any layout, strides,
 * padding (negative crops), input dilation (transposed convolution), window dilation (atrous convolution),
 * feature groups and batch groups, with XLA's semantics:
 * <pre>
 * out[n, o, p] = Σ_{c &lt; I} Σ_{k in window} lhs[n', g·I + c, q(p, k)] · rhs[o, c, k]      (zero where q is a hole or out of range)
 *   q_i(p, k) = (p_i·stride_i − lo_i + k_i·rd_i) / ld_i   when that division is exact
 *   feature groups G: g = o / (O/G), n' = n, I = C/G;   batch groups B: g = o / (O/B), n' = g·(N/B) + n, I = C
 * </pre>
 * For each group, the rows {@code (n, p)} of the output are cut into chunks; a chunk's im2col matrix
 * {@code X[rows, I·|window|]} is gathered (zeros for holes and padding), multiplied by the group's weight matrix
 * {@code W[I·|window|, O/G]} (packed once from {@code rhs}), and the product is scattered into the output layout.
 * Chunks and groups run in parallel; each GEMM may split further.
 */
public final class Conv {
  /** im2col elements per work item (1 MiB of f32): bounds the scratch memory and sets the parallel grain. */
  private static final int CHUNK = 1 << 18;
  /** Multiply-adds below which work items are not split over threads. */
  private static final long PARALLEL_WORK = 1L << 18;

  private Conv() {}

  /** The convolution of operands of one dtype (f32, f64, i32, i64) that the caller validated; a fresh array. */
  public static NdArray apply(NdArray lhs, NdArray rhs, ConvGeometry geometry) {
    Shape outShape = geometry.outShape(lhs.shape(), rhs.shape());
    Object out = NdArray.newStore(lhs.dtype(), outShape.size());
    if (outShape.size() == 0) return NdArray.wrapStore(lhs.dtype(), outShape, out);
    ConvPlan p = new ConvPlan(lhs.shape(), rhs.shape(), outShape, geometry);
    Object w = weights(p, rhs);
    int chunkRows = Math.max(1, Math.min(p.rows, CHUNK / Math.max(1, p.k)));
    int chunks = (p.rows + chunkRows - 1) / chunkRows;
    long itemWork = (long) chunkRows * p.k * Math.max(1, p.og);
    int grain = (int) Math.max(1, Math.min(p.groups * chunks, PARALLEL_WORK / Math.max(1, itemWork)));
    Parallel.range(p.groups * chunks, grain, (lo, hi) -> {
      for (int t = lo; t < hi; t++) {
        int g = t / chunks, r0 = (t % chunks) * chunkRows, rows = Math.min(chunkRows, p.rows - r0);
        Object x = NdArray.newStore(lhs.dtype(), rows * p.k), c = NdArray.newStore(lhs.dtype(), rows * p.og);
        im2col(p, lhs.store(), g, r0, rows, x);
        Gemm.multiply(rows, p.og, p.k, Gemm.Operand.rowMajor(x, p.k), new Gemm.Operand(w, g * p.k * p.og, p.og, 1),
            c, 0, p.og);
        scatter(p, c, g, r0, rows, out);
      }
    });
    return NdArray.wrapStore(lhs.dtype(), outShape, out);
  }

  /** The weight matrices {@code W[g][c·|window| + kk][o] = rhs[g·Og + o, c, kk]}, all groups in one buffer. */
  private static Object weights(ConvPlan p, NdArray rhs) {
    Object w = NdArray.newStore(rhs.dtype(), p.groups * p.k * p.og);
    for (int g = 0; g < p.groups; g++) {
      for (int c = 0; c < p.in; c++) {
        for (int kk = 0; kk < p.window; kk++) {
          int src = g * p.og * p.rsOut + c * p.rsIn + p.rhsWindow[kk];
          Copy.repeat(rhs.store(), src, p.rsOut, w, (g * p.k + c * p.window + kk) * p.og, p.og);
        }
      }
    }
    return w;
  }

  /** Rows {@code [r0, r0+rows)} of group {@code g}'s im2col matrix into {@code x} (row-major, {@code k} columns). */
  private static void im2col(ConvPlan p, Object lhs, int g, int r0, int rows, Object x) {
    int[] kOff = new int[p.window], pos = new int[p.spatial], scratch = new int[p.spatial];
    for (int r = r0; r < r0 + rows; r++) {
      int n = r / p.positions;
      p.position(r % p.positions, pos);
      p.windowOffsets(pos, kOff, scratch);
      int base = p.lhsBatch(g, n) * p.lsBatch + p.lhsFeature(g) * p.lsFeature;
      for (int c = 0; c < p.in; c++) gather(lhs, base + c * p.lsFeature, kOff, x, (r - r0) * p.k + c * p.window);
    }
  }

  /** {@code dst[d + i] = off[i] < 0 ? 0 : src[base + off[i]]}. */
  private static void gather(Object src, int base, int[] off, Object dst, int d) {
    int n = off.length;
    switch (src) {
      case float[] s -> { float[] t = (float[]) dst; for (int i = 0; i < n; i++) t[d + i] = off[i] < 0 ? 0 : s[base + off[i]]; }
      case double[] s -> { double[] t = (double[]) dst; for (int i = 0; i < n; i++) t[d + i] = off[i] < 0 ? 0 : s[base + off[i]]; }
      case int[] s -> { int[] t = (int[]) dst; for (int i = 0; i < n; i++) t[d + i] = off[i] < 0 ? 0 : s[base + off[i]]; }
      case long[] s -> { long[] t = (long[]) dst; for (int i = 0; i < n; i++) t[d + i] = off[i] < 0 ? 0 : s[base + off[i]]; }
      default -> throw new IllegalArgumentException("conv: no kernel for a " + src.getClass().getSimpleName() + " store");
    }
  }

  /** Product rows {@code [r0, r0+rows)} of group {@code g} into the output layout. */
  private static void scatter(ConvPlan p, Object c, int g, int r0, int rows, Object out) {
    for (int r = r0; r < r0 + rows; r++) {
      int base = (r / p.positions) * p.osBatch + g * p.og * p.osFeature + p.outPosition[r % p.positions];
      int from = (r - r0) * p.og, n = p.og, s = p.osFeature;
      if (s == 1) { System.arraycopy(c, from, out, base, n); continue; }
      switch (c) {
        case float[] v -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[base + i * s] = v[from + i]; }
        case double[] v -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[base + i * s] = v[from + i]; }
        case int[] v -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[base + i * s] = v[from + i]; }
        case long[] v -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[base + i * s] = v[from + i]; }
        default -> throw new IllegalArgumentException("conv: no kernel for a " + c.getClass().getSimpleName() + " store");
      }
    }
  }
}
