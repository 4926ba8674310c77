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

  /** Which packing buffer {@link #borrow} lends: the A blocks' or the B panels'. */
  enum Operand { A, B }

  /**
   * Each thread's spare packing buffers between products, per dtype and operand ({@code [f32 A, f32 B, f64 A, f64 B]}),
   * each at most {@link #SPARE_LIMIT} elements. A product that packed into a fresh array paid for the JVM zeroing it
   * first: a 64×256 A block of a batch-1 convolution layer is 64 KB per {@code kc} step (about 10 µs of ResNet-18's
   * 64→64 layer at 65 µs, 2026-12-06), and B panels up to 4 MB per product.
   */
  private static final ThreadLocal<Object[]> SPARE = ThreadLocal.withInitial(() -> new Object[4]);
  /** The largest buffer kept per thread and role: one full B block, {@code 4096×256}. */
  static final int SPARE_LIMIT = 1 << 20;

  /**
   * A buffer of at least {@code n} elements whose contents are undefined (the packing routines write every element
   * a product reads, padding included): this thread's spare one for {@code operand} while it is free and large
   * enough, else a new one. A product nested in another on one thread finds the spare lent out and allocates.
   */
  final Object borrow(int n, Operand operand) {
    Object[] spare = SPARE.get();
    int slot = slot(operand);
    Object s = spare[slot];
    if (s != null && java.lang.reflect.Array.getLength(s) >= n) {
      spare[slot] = null;
      return s;
    }
    return alloc(n);
  }

  /** Returns a buffer from {@link #borrow} to this thread's spares (kept if it is the larger, up to the limit). */
  final void giveBack(Object buffer, Operand operand) {
    int len = java.lang.reflect.Array.getLength(buffer);
    if (len > SPARE_LIMIT) return;
    Object[] spare = SPARE.get();
    int slot = slot(operand);
    if (spare[slot] == null || java.lang.reflect.Array.getLength(spare[slot]) < len) spare[slot] = buffer;
  }

  private int slot(Operand operand) { return (this instanceof F32 ? 0 : 2) + operand.ordinal(); }

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
