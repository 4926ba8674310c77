package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The blocked GEMM loop nest (the BLIS/Goto scheme), shared by every {@link GemmKernel}.
 *
 * <pre>
 * for jc over n step NC:                 B panel kc×nc, packed once, shared by all threads (L3)
 *   for pc over k step KC:
 *     pack B[pc.., jc..]                 in parallel over nr-wide micro-panels
 *     parallel for each (row block ic, column group):
 *       pack A[ic.., pc..]               mc×kc, private to the task (L2)
 *       for jr over the group's panels:  one kc×nr B micro-panel stays in L1
 *         for ir over mc step MR:        micro-kernel: an mr×nr tile of C in registers
 * </pre>
 * The first {@code pc} step overwrites C and later steps accumulate into it. Row blocks are sized so that
 * their count is a multiple of the thread count; when there are fewer row blocks than threads, the column
 * panels are split too. Threads claim (row block, column group) tasks from a shared counter, so a core that
 * the OS deschedules simply takes fewer tasks. Products below {@link #PARALLEL_WORK} multiply-adds per {@code pc} step stay on the
 * calling thread. When a {@link GemmPrepacked} scope keeps every B block, the threads meet once per product instead
 * ({@code prepackedRows}: each row block walks all the steps). A {@link GemmEpilogue} bound to C runs on each row
 * block as soon as its last step finishes, on the thread that finished it (after the product when several column
 * blocks or column groups share the rows); the column-split path leaves it to the caller.
 */
final class GemmDriver {
  /** Multiply-adds per pc step below which forking costs more than it saves. */
  static final long PARALLEL_WORK = 1L << 19;

  private GemmDriver() {}

  static void run(GemmKernel kn, int m, int n, int k, GemmSource a, GemmSource b, Object c, int cOff, int ldc) {
    run(kn, m, n, k, a, b, c, cOff, ldc, true);
  }

  /** {@link #run} that stays on the calling thread unless {@code mayFork} (a caller that already splits the work). */
  static void run(GemmKernel kn, int m, int n, int k, GemmSource a, GemmSource b, Object c, int cOff, int ldc,
                  boolean mayFork) {
    if (k == 0) { zero(c, m, n, cOff, ldc); return; }
    int threads = Parallel.threads();
    if (mayFork && threads > 1 && m <= kn.mc && 4L * m <= n && (long) m * n * k >= COLUMN_WORK
        && ceil(Math.min(n, kn.nc), kn.nr) >= 2 * threads) {
      columns(kn, m, n, k, a, b, c, cOff, ldc, threads);
      return;
    }
    GemmEpilogue epi = GemmEpilogue.claim(c, cOff, ldc, m, n);   // from here on every row is handed over
    GemmPrepacked.Use pre = GemmPrepacked.forOperand(b);
    if (pre != null && mayFork && threads > 1 && (long) m * Math.min(n, kn.nc) * Math.min(k, kn.kc) >= PARALLEL_WORK
        && m >= 2 * threads * kn.mr && ONE_FORK && prepackedRows(kn, m, n, k, a, b, pre, c, cOff, ldc, threads, epi))
      return;
    Object bp = null;
    for (int jc = 0; jc < n; jc += kn.nc) {
      int nc = Math.min(kn.nc, n - jc);
      for (int pc = 0; pc < k; pc += kn.kc) {
        int kc = Math.min(kn.kc, k - pc);
        boolean par = mayFork && Parallel.threads() > 1 && (long) m * nc * kc >= PARALLEL_WORK;
        Object packed = pre == null ? null : pre.block(kn, b, jc, pc, kc, nc);
        if (packed == null && bp == null) bp = kn.borrow(ceil(Math.min(kn.nc, n), kn.nr) * kn.nr * Math.min(kn.kc, k), GemmKernel.Operand.B);
        boolean last = nc == n && pc + kc == k;            // one column block: its last step finishes whole rows
        step(kn, new Step(m, nc, kc, jc, pc, pc > 0), a, b, packed != null ? packed : bp, packed != null, c, cOff, ldc, par,
            last ? epi : null);
      }
    }
    if (bp != null) kn.giveBack(bp, GemmKernel.Operand.B);
    if (epi != null && n > kn.nc) epi.rows(n, 0, m);        // several column blocks: rows finish only now
  }

  /**
   * Multiply-adds from which a product of one row block ({@code m <= mc}) with at least four times as many columns as
   * rows (a batch-1 layer, a few positions of a deep convolution: each thread re-packs the small A) splits its columns
   * over the threads ({@link #columns}).
   */
  static final long COLUMN_WORK = 1L << 16;

  /**
   * A product of one row block with its column panels split into {@code tasks} contiguous groups, one per thread,
   * each thread walking every {@code (jc, pc)} step over its own panels: no fork and join per step, and each thread
   * streams its share of B (a batch-1 layer reads every weight once, from memory, so two cores read it faster than
   * one). Each element sums its {@code pc} blocks in the order {@link #step} does: the same bits.
   */
  private static void columns(GemmKernel kn, int m, int n, int k, GemmSource a, GemmSource b, Object c, int cOff, int ldc,
                              int tasks) {
    GemmPrepacked.Use pre = GemmPrepacked.forOperand(b);
    Parallel.range(tasks, 1, (t0, t1) -> {
      Object ap = kn.borrow(ceil(m, kn.mr) * kn.mr * Math.min(kn.kc, k), GemmKernel.Operand.A), bp = null;
      for (int t = t0; t < t1; t++) {
        for (int jc = 0; jc < n; jc += kn.nc) {
          int nc = Math.min(kn.nc, n - jc), panels = ceil(nc, kn.nr), lo = panels * t / tasks, hi = panels * (t + 1) / tasks;
          if (lo == hi) continue;
          for (int pc = 0; pc < k; pc += kn.kc) {
            int kc = Math.min(kn.kc, k - pc);
            Object packed = pre == null ? null : pre.block(kn, b, jc, pc, kc, nc);
            if (packed == null) {
              if (bp == null) bp = kn.borrow(ceil(Math.min(kn.nc, n), kn.nr) * kn.nr * Math.min(kn.kc, k), GemmKernel.Operand.B);
              kn.packB(b, pc, jc, kc, nc, bp, lo, hi);
            }
            kn.packA(a, 0, pc, m, kc, ap);
            macro(kn, new Step(m, nc, kc, jc, pc, pc > 0), ap, m, packed != null ? packed : bp, lo, hi, c, cOff, ldc);
          }
        }
      }
      kn.giveBack(ap, GemmKernel.Operand.A);
      if (bp != null) kn.giveBack(bp, GemmKernel.Operand.B);
    });
  }

  private static final boolean ONE_FORK = !"false".equals(System.getProperty("graft.gemmOneFork"));

  /**
   * A product whose B blocks a {@link GemmPrepacked} scope keeps, in one fork: the row blocks are the tasks, and each
   * walks every {@code (jc, pc)} step over its own rows (packing its A block per step) against the kept B blocks, so
   * the threads meet once per product instead of once per step, and a row block's C stays in its core's cache across
   * the steps. Each element sums its {@code pc} blocks in the order {@link #step} does: the same bits. False (nothing
   * written) when the scope's cache is full and some block is not kept.
   */
  private static boolean prepackedRows(GemmKernel kn, int m, int n, int k, GemmSource a, GemmSource b,
                                       GemmPrepacked.Use pre, Object c, int cOff, int ldc, int threads, GemmEpilogue epi) {
    int nj = ceil(n, kn.nc), np = ceil(k, kn.kc);
    Object[] packed = new Object[nj * np];
    for (int j = 0; j < nj; j++)
      for (int p = 0; p < np; p++) {
        int jc = j * kn.nc, pc = p * kn.kc;
        packed[j * np + p] = pre.block(kn, b, jc, pc, Math.min(kn.kc, k - pc), Math.min(kn.nc, n - jc));
        if (packed[j * np + p] == null) return false;
      }
    int blocks = ceil(ceil(m, kn.mc), threads) * threads;
    int mc = ceil(ceil(m, blocks), kn.mr) * kn.mr, tasks = ceil(m, mc);
    AtomicInteger next = new AtomicInteger();
    Parallel.range(Math.min(threads, tasks), 1, (lo, hi) -> {
      Object ap = kn.borrow(mc * Math.min(kn.kc, k), GemmKernel.Operand.A);
      for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
        int ic = t * mc, rows = Math.min(mc, m - ic);
        for (int j = 0; j < nj; j++) {
          int jc = j * kn.nc, nc = Math.min(kn.nc, n - jc), panels = ceil(nc, kn.nr);
          for (int p = 0; p < np; p++) {
            int pc = p * kn.kc, kc = Math.min(kn.kc, k - pc);
            kn.packA(a, ic, pc, rows, kc, ap);
            macro(kn, new Step(m, nc, kc, jc, pc, pc > 0), ap, rows, packed[j * np + p], 0, panels, c, cOff + ic * ldc, ldc);
          }
        }
        if (epi != null) epi.rows(n, ic, ic + rows);      // this block's rows are final: its epilogue while they are hot
      }
      kn.giveBack(ap, GemmKernel.Operand.A);
    });
    return true;
  }

  /** One (jc, pc) step: the block of B at rows pc.. and columns jc.., depth kc. */
  private record Step(int m, int nc, int kc, int jc, int pc, boolean accumulate) {}

  private static void step(GemmKernel kn, Step s, GemmSource a, GemmSource b, Object bp, boolean bPacked, Object c,
                           int cOff, int ldc, boolean par, GemmEpilogue epi) {
    int panels = ceil(s.nc, kn.nr);
    if (!bPacked) {                         // else a block GemmPrepacked keeps
      if (par) Parallel.range(panels, Math.max(1, panels / (4 * Parallel.threads())),
          (lo, hi) -> kn.packB(b, s.pc, s.jc, s.kc, s.nc, bp, lo, hi));
      else kn.packB(b, s.pc, s.jc, s.kc, s.nc, bp, 0, panels);
    }
    int threads = par ? Parallel.threads() : 1;
    int blocks = ceil(s.m, kn.mc);
    if (threads > 1 && s.m >= 2 * threads * kn.mr) blocks = ceil(blocks, 2 * threads) * 2 * threads;  // balance
    int mc = ceil(ceil(s.m, blocks), kn.mr) * kn.mr;
    int mBlocks = ceil(s.m, mc);
    int groups = mBlocks >= threads ? 1 : Math.min(panels, ceil(threads, mBlocks));
    int tasks = mBlocks * groups;
    AtomicInteger next = new AtomicInteger();
    Parallel.RangeBody body = (lo, hi) -> {       // tasks are claimed dynamically: a descheduled core does fewer
      Object ap = kn.borrow(mc * s.kc, GemmKernel.Operand.A);
      int packed = -1;
      for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
        int ib = t / groups, g = t % groups, ic = ib * mc, rows = Math.min(mc, s.m - ic);
        if (ib != packed) { kn.packA(a, ic, s.pc, rows, s.kc, ap); packed = ib; }
        macro(kn, s, ap, rows, bp, panels * g / groups, panels * (g + 1) / groups, c, cOff + ic * ldc, ldc);
        if (epi != null && groups == 1) epi.rows(s.nc, ic, ic + rows);
      }
      kn.giveBack(ap, GemmKernel.Operand.A);
    };
    if (par && tasks > 1) Parallel.range(Math.min(threads, tasks), 1, body);
    else body.run(0, 1);
    if (epi != null && groups > 1) epi.rows(s.nc, 0, s.m);    // a row block's column groups all had to finish
  }

  /** Micro-panels {@code [plo, phi)} of the packed B against the packed A block of {@code rows} rows. */
  private static void macro(GemmKernel kn, Step s, Object ap, int rows, Object bp, int plo, int phi, Object c,
                            int cRow, int ldc) {
    for (int panel = plo; panel < phi; panel++) {
      int jr = panel * kn.nr, cols = Math.min(kn.nr, s.nc - jr), bo = panel * kn.nr * s.kc;
      for (int ir = 0; ir < rows; ir += kn.mr) {
        kn.tile(s.kc, ap, ir * s.kc, bp, bo, c, cRow + ir * ldc + s.jc + jr, ldc, Math.min(kn.mr, rows - ir), cols,
            s.accumulate);
      }
    }
  }

  private static void zero(Object c, int m, int n, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int from = cOff + i * ldc;
      switch (c) {
        case float[] f -> java.util.Arrays.fill(f, from, from + n, 0f);
        case double[] d -> java.util.Arrays.fill(d, from, from + n, 0d);
        default -> throw new IllegalArgumentException("gemm: not a floating store: " + c.getClass());
      }
    }
  }

  static int ceil(int x, int y) { return (x + y - 1) / y; }
}
