package io.graft.numerics.kernels;

/**
 * One register-blocked micro-kernel with its packing routines and cache blocking: everything {@link GemmDriver}
 * needs for one dtype and one instruction set.
 *
 * <p>Packed layouts: an A block of {@code mc×kc} is stored as {@code ceil(mc/mr)} micro-panels, each {@code kc}
 * groups of {@code mr} consecutive row values ({@code ap[panel*mr*kc + p*mr + r]}); a B block of {@code kc×nc} as
 * {@code ceil(nc/nr)} micro-panels of {@code kc} groups of {@code nr} column values. Rows and columns past the edge
 * are zero, so the micro-kernel always computes a full {@code mr×nr} tile and stores only the valid part.
 */
abstract class GemmKernel {
  /** Register-block rows (A values broadcast per step). */
  final int mr;
  /** Register-block columns (B values loaded per step). */
  final int nr;
  /** Rows of A per packed block (sized for L2). */
  final int mc;
  /** Depth of a packed block (sized so one B micro-panel stays in L1). */
  final int kc;
  /** Columns of B per packed panel (sized for L3). */
  final int nc;

  GemmKernel(int mr, int nr, int mc, int kc, int nc) {
    this.mr = mr;
    this.nr = nr;
    this.mc = mc;
    this.kc = kc;
    this.nc = nc;
  }

  /** A fresh zeroed buffer of {@code n} elements of this kernel's dtype. */
  abstract Object alloc(int n);

  /** Packs {@code A[i0 .. i0+rows, p0 .. p0+depth]} into {@code dst} as {@code mr}-row micro-panels. */
  abstract void packA(GemmSource a, int i0, int p0, int rows, int depth, Object dst);

  /** Packs micro-panels {@code [panelLo, panelHi)} of {@code B[p0 .. p0+depth, j0 .. j0+cols]} into {@code dst}. */
  abstract void packB(GemmSource b, int p0, int j0, int depth, int cols, Object dst, int panelLo, int panelHi);

  /**
   * {@code C[0..rows, 0..cols] (+)= Apanel · Bpanel} over {@code depth} steps, {@code C} at {@code c[co + i*ldc + j]};
   * adds to C when {@code accumulate}, else overwrites it. {@code rows <= mr}, {@code cols <= nr}.
   */
  abstract void tile(int depth, Object ap, int ao, Object bp, int bo, Object c, int co, int ldc, int rows, int cols,
                     boolean accumulate);

  /** A kernel over f32 panels: {@code float[]} buffers packed by {@link GemmPack}. */
  abstract static class F32 extends GemmKernel {
    F32(int mr, int nr, int mc, int kc, int nc) { super(mr, nr, mc, kc, nc); }

    @Override final Object alloc(int n) { return new float[n]; }

    @Override final void packA(GemmSource a, int i0, int p0, int rows, int depth, Object dst) {
      GemmPack.packA(a, i0, p0, rows, depth, (float[]) dst, mr);
    }

    @Override final void packB(GemmSource b, int p0, int j0, int depth, int cols, Object dst, int lo, int hi) {
      GemmPack.packB(b, p0, j0, depth, cols, (float[]) dst, nr, lo, hi);
    }
  }

  /** A kernel over f64 panels: {@code double[]} buffers packed by {@link GemmPack}. */
  abstract static class F64 extends GemmKernel {
    F64(int mr, int nr, int mc, int kc, int nc) { super(mr, nr, mc, kc, nc); }

    @Override final Object alloc(int n) { return new double[n]; }

    @Override final void packA(GemmSource a, int i0, int p0, int rows, int depth, Object dst) {
      GemmPack.packA(a, i0, p0, rows, depth, (double[]) dst, mr);
    }

    @Override final void packB(GemmSource b, int p0, int j0, int depth, int cols, Object dst, int lo, int hi) {
      GemmPack.packB(b, p0, j0, depth, cols, (double[]) dst, nr, lo, hi);
    }
  }
}
