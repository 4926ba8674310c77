package io.graft.numerics.kernels;

/**
 * Packing for the blocked GEMM (layouts in {@link GemmKernel}): copies a block of a strided operand into
 * contiguous micro-panels, zero-filling past the edges. Contiguous source runs are copied with
 * {@code System.arraycopy}; any other stride is gathered element by element, which is how transposed operands
 * come for free.
 */
final class GemmPack {
  private GemmPack() {}

  /** f32 A block of either view into {@code mr}-row panels. */
  static void packA(GemmSource a, int i0, int p0, int rows, int depth, float[] dst, int mr) {
    switch (a) {
      case Gemm.Operand o -> packA(o, i0, p0, rows, depth, dst, mr);
      case GemmGathered g -> packA(g, i0, p0, rows, depth, dst, mr);
    }
  }

  /** f64 A block of either view into {@code mr}-row panels. */
  static void packA(GemmSource a, int i0, int p0, int rows, int depth, double[] dst, int mr) {
    switch (a) {
      case Gemm.Operand o -> packA(o, i0, p0, rows, depth, dst, mr);
      case GemmGathered g -> packA(g, i0, p0, rows, depth, dst, mr);
    }
  }

  /** f32 B panels of either view. */
  static void packB(GemmSource b, int p0, int j0, int depth, int cols, float[] dst, int nr, int lo, int hi) {
    switch (b) {
      case Gemm.Operand o -> packB(o, p0, j0, depth, cols, dst, nr, lo, hi);
      case GemmGathered g -> packB(g, p0, j0, depth, cols, dst, nr, lo, hi);
    }
  }

  /** f64 B panels of either view. */
  static void packB(GemmSource b, int p0, int j0, int depth, int cols, double[] dst, int nr, int lo, int hi) {
    switch (b) {
      case Gemm.Operand o -> packB(o, p0, j0, depth, cols, dst, nr, lo, hi);
      case GemmGathered g -> packB(g, p0, j0, depth, cols, dst, nr, lo, hi);
    }
  }

  /**
   * f32 gathered A block: per row, one pass over the column offsets (a contiguous read when the columns are unit
   * offsets, the common case of a channels-last input); when the rows are unit offsets instead (a kernel gradient's
   * rows are contiguous input features), {@code mr} contiguous values per column.
   */
  static void packA(GemmGathered a, int i0, int p0, int rows, int depth, float[] dst, int mr) {
    float[] src = (float[]) a.store;
    int[] ro = a.rowOffset, co = a.colOffset;
    int d = 0, l = a.unitColumns ? Integer.MAX_VALUE / 2 : a.run;
    for (int ir = 0; ir < rows; ir += mr, d += mr * depth) {
      int h = Math.min(mr, rows - ir);
      if (a.unitRows && h == mr) {
        int r0 = ro[i0 + ir];
        for (int p = 0, o = d; p < depth; p++, o += mr) {
          int s = r0 + co[p0 + p];
          for (int r = 0; r < mr; r++) dst[o + r] = src[s + r];
        }
        continue;
      }
      for (int r = 0; r < h; r++) {
        int o = d + r, base = ro[i0 + ir + r];
        if (l == 1) { for (int p = 0; p < depth; p++) dst[o + p * mr] = src[base + co[p0 + p]]; continue; }
        for (int p = 0; p < depth; ) {           // runs of consecutive offsets (one tap's input features)
          int end = Math.min(depth, (p0 + p) / l * l + l - p0), s = base + co[p0 + p] - p;
          for (; p < end; p++) dst[o + p * mr] = src[s + p];
        }
      }
      for (int r = h; r < mr; r++) for (int p = 0; p < depth; p++) dst[d + r + p * mr] = 0;
    }
  }

  /** f64 gathered A block (as the f32 one). */
  static void packA(GemmGathered a, int i0, int p0, int rows, int depth, double[] dst, int mr) {
    double[] src = (double[]) a.store;
    int[] ro = a.rowOffset, co = a.colOffset;
    int d = 0, l = a.unitColumns ? Integer.MAX_VALUE / 2 : a.run;
    for (int ir = 0; ir < rows; ir += mr, d += mr * depth) {
      int h = Math.min(mr, rows - ir);
      if (a.unitRows && h == mr) {
        int r0 = ro[i0 + ir];
        for (int p = 0, o = d; p < depth; p++, o += mr) {
          int s = r0 + co[p0 + p];
          for (int r = 0; r < mr; r++) dst[o + r] = src[s + r];
        }
        continue;
      }
      for (int r = 0; r < h; r++) {
        int o = d + r, base = ro[i0 + ir + r];
        if (l == 1) { for (int p = 0; p < depth; p++) dst[o + p * mr] = src[base + co[p0 + p]]; continue; }
        for (int p = 0; p < depth; ) {           // runs of consecutive offsets (one tap's input features)
          int end = Math.min(depth, (p0 + p) / l * l + l - p0), s = base + co[p0 + p] - p;
          for (; p < end; p++) dst[o + p * mr] = src[s + p];
        }
      }
      for (int r = h; r < mr; r++) for (int p = 0; p < depth; p++) dst[d + r + p * mr] = 0;
    }
  }

  /** f32 gathered B panels {@code [lo, hi)}: one block copy per run of consecutive column offsets. */
  static void packB(GemmGathered b, int p0, int j0, int depth, int cols, float[] dst, int nr, int lo, int hi) {
    float[] src = (float[]) b.store;
    int[] ro = b.rowOffset, co = b.colOffset;
    int l = b.run;
    for (int panel = lo; panel < hi; panel++) {
      int jr = panel * nr, w = Math.min(nr, cols - jr), d = panel * nr * depth, j = j0 + jr;
      for (int p = 0; p < depth; p++, d += nr) {
        int s = ro[p0 + p], c = 0;
        if (b.unitColumns) { System.arraycopy(src, s + co[j], dst, d, w); c = w; }
        else if (l == 1) for (; c < w; c++) dst[d + c] = src[s + co[j + c]];
        else while (c < w) {                     // runs of consecutive offsets, one block copy each
          int end = Math.min(w, (j + c) / l * l + l - j);
          System.arraycopy(src, s + co[j + c], dst, d + c, end - c);
          c = end;
        }
        for (; c < nr; c++) dst[d + c] = 0;
      }
    }
  }

  /** f64 gathered B panels {@code [lo, hi)} (as the f32 one). */
  static void packB(GemmGathered b, int p0, int j0, int depth, int cols, double[] dst, int nr, int lo, int hi) {
    double[] src = (double[]) b.store;
    int[] ro = b.rowOffset, co = b.colOffset;
    int l = b.run;
    for (int panel = lo; panel < hi; panel++) {
      int jr = panel * nr, w = Math.min(nr, cols - jr), d = panel * nr * depth, j = j0 + jr;
      for (int p = 0; p < depth; p++, d += nr) {
        int s = ro[p0 + p], c = 0;
        if (b.unitColumns) { System.arraycopy(src, s + co[j], dst, d, w); c = w; }
        else if (l == 1) for (; c < w; c++) dst[d + c] = src[s + co[j + c]];
        else while (c < w) {                     // runs of consecutive offsets, one block copy each
          int end = Math.min(w, (j + c) / l * l + l - j);
          System.arraycopy(src, s + co[j + c], dst, d + c, end - c);
          c = end;
        }
        for (; c < nr; c++) dst[d + c] = 0;
      }
    }
  }

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
