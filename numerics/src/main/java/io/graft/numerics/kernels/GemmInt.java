package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;

/**
 * Integer GEMM ({@code C = A·B} over i32 or i64): blocked row-axpy loops, parallel over rows. i32 products and
 * sums wrap modulo 2^32 (XLA's semantics for s32 dots); i64 wraps modulo 2^64.
 *
 * <p>B is first copied into a contiguous row-major {@code k×n} buffer unless it already is one, so the inner
 * loop always runs over contiguous memory; the depth is blocked by {@link #KB} so a slab of B stays in cache
 * while a block of rows is updated.
 */
final class GemmInt {
  private static final int KB = 128;
  private static final long PARALLEL_WORK = 1L << 18;

  private GemmInt() {}

  static void multiply(int m, int n, int k, Gemm.Operand a, Gemm.Operand b, Object c, int cOff, int ldc) {
    Gemm.Operand bb = b.colStride() == 1 && b.rowStride() == n ? b : contiguous(b, k, n);
    long work = (long) m * n * Math.max(1, k);
    int grain = work < PARALLEL_WORK ? m : Math.max(1, (int) (PARALLEL_WORK / ((long) n * Math.max(1, k))));
    if (c instanceof int[] ci) Parallel.range(m, grain, (lo, hi) -> rowsI32(lo, hi, n, k, a, bb, ci, cOff, ldc));
    else Parallel.range(m, grain, (lo, hi) -> rowsI64(lo, hi, n, k, a, bb, (long[]) c, cOff, ldc));
  }

  private static Gemm.Operand contiguous(Gemm.Operand b, int k, int n) {
    Object dst = b.store() instanceof int[] ? new int[k * n] : new long[k * n];
    for (int p = 0; p < k; p++) Copy.repeat(b.store(), b.offset() + p * b.rowStride(), b.colStride(), dst, p * n, n);
    return Gemm.Operand.rowMajor(dst, n);
  }

  private static void rowsI32(int lo, int hi, int n, int k, Gemm.Operand a, Gemm.Operand b, int[] c, int cOff, int ldc) {
    int[] x = (int[]) a.store(), y = (int[]) b.store();
    int ars = a.rowStride(), acs = a.colStride(), bo = b.offset();
    for (int i = lo; i < hi; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0);
    for (int p0 = 0; p0 < k; p0 += KB) {
      int p1 = Math.min(k, p0 + KB);
      for (int i = lo; i < hi; i++) {
        int ci = cOff + i * ldc, ai = a.offset() + i * ars;
        for (int p = p0; p < p1; p++) {
          int aip = x[ai + p * acs], bp = bo + p * n;
          for (int j = 0; j < n; j++) c[ci + j] += aip * y[bp + j];
        }
      }
    }
  }

  private static void rowsI64(int lo, int hi, int n, int k, Gemm.Operand a, Gemm.Operand b, long[] c, int cOff, int ldc) {
    long[] x = (long[]) a.store(), y = (long[]) b.store();
    int ars = a.rowStride(), acs = a.colStride(), bo = b.offset();
    for (int i = lo; i < hi; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0L);
    for (int p0 = 0; p0 < k; p0 += KB) {
      int p1 = Math.min(k, p0 + KB);
      for (int i = lo; i < hi; i++) {
        int ci = cOff + i * ldc, ai = a.offset() + i * ars;
        for (int p = p0; p < p1; p++) {
          long aip = x[ai + p * acs];
          int bp = bo + p * n;
          for (int j = 0; j < n; j++) c[ci + j] += aip * y[bp + j];
        }
      }
    }
  }
}
