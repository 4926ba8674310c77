package io.graft.numerics.kernels;

/**
 * Packing for the blocked GEMM (layouts in {@link GemmKernel}): copies a block of a strided operand into
 * contiguous micro-panels, zero-filling past the edges. Contiguous source runs are copied with
 * {@code System.arraycopy}; any other stride is gathered element by element, which is how transposed operands
 * come for free.
 */
final class GemmPack {
  private GemmPack() {}

  /** f32 A block into {@code mr}-row panels. */
  static void packA(Gemm.Operand a, int i0, int p0, int rows, int depth, float[] dst, int mr) {
    float[] src = (float[]) a.store();
    int rs = a.rowStride(), cs = a.colStride(), d = 0;
    for (int ir = 0; ir < rows; ir += mr) {
      int h = Math.min(mr, rows - ir);
      if (cs == 1 && h == mr) {               // row-major A (an im2col matrix): stream each row, write every mr-th slot
        for (int r = 0; r < mr; r++) {
          int s = a.offset() + (i0 + ir + r) * rs + p0, o = d + r;
          for (int p = 0; p < depth; p++) dst[o + p * mr] = src[s + p];
        }
        d += mr * depth;
        continue;
      }
      if (rs == 1 && h == mr) {               // A stored k-major (a transposed view): mr contiguous values per step
        for (int p = 0, s = a.offset() + i0 + ir + p0 * cs; p < depth; p++, s += cs, d += mr)
          for (int r = 0; r < mr; r++) dst[d + r] = src[s + r];
        continue;
      }
      for (int p = 0; p < depth; p++) {
        int s = a.offset() + (i0 + ir) * rs + (p0 + p) * cs;
        int r = 0;
        for (; r < h; r++) dst[d + r] = src[s + r * rs];
        for (; r < mr; r++) dst[d + r] = 0;
        d += mr;
      }
    }
  }

  /** f64 A block into {@code mr}-row panels. */
  static void packA(Gemm.Operand a, int i0, int p0, int rows, int depth, double[] dst, int mr) {
    double[] src = (double[]) a.store();
    int rs = a.rowStride(), cs = a.colStride(), d = 0;
    for (int ir = 0; ir < rows; ir += mr) {
      int h = Math.min(mr, rows - ir);
      for (int p = 0; p < depth; p++) {
        int s = a.offset() + (i0 + ir) * rs + (p0 + p) * cs;
        int r = 0;
        for (; r < h; r++) dst[d + r] = src[s + r * rs];
        for (; r < mr; r++) dst[d + r] = 0;
        d += mr;
      }
    }
  }

  /** f32 B panels {@code [lo, hi)} of width {@code nr}. */
  static void packB(Gemm.Operand b, int p0, int j0, int depth, int cols, float[] dst, int nr, int lo, int hi) {
    float[] src = (float[]) b.store();
    int rs = b.rowStride(), cs = b.colStride();
    for (int panel = lo; panel < hi; panel++) {
      int jr = panel * nr, w = Math.min(nr, cols - jr), d = panel * nr * depth;
      for (int p = 0; p < depth; p++, d += nr) {
        int s = b.offset() + (p0 + p) * rs + (j0 + jr) * cs;
        int c = 0;
        if (cs == 1) { System.arraycopy(src, s, dst, d, w); c = w; }
        else for (; c < w; c++) dst[d + c] = src[s + c * cs];
        for (; c < nr; c++) dst[d + c] = 0;
      }
    }
  }

  /** f64 B panels {@code [lo, hi)} of width {@code nr}. */
  static void packB(Gemm.Operand b, int p0, int j0, int depth, int cols, double[] dst, int nr, int lo, int hi) {
    double[] src = (double[]) b.store();
    int rs = b.rowStride(), cs = b.colStride();
    for (int panel = lo; panel < hi; panel++) {
      int jr = panel * nr, w = Math.min(nr, cols - jr), d = panel * nr * depth;
      for (int p = 0; p < depth; p++, d += nr) {
        int s = b.offset() + (p0 + p) * rs + (j0 + jr) * cs;
        int c = 0;
        if (cs == 1) { System.arraycopy(src, s, dst, d, w); c = w; }
        else for (; c < w; c++) dst[d + c] = src[s + c * cs];
        for (; c < nr; c++) dst[d + c] = 0;
      }
    }
  }
}
