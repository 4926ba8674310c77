package io.graft.numerics.kernels;

/**
 * Window moves for {@link GatherScatter}: for each of {@code n} batch positions with {@code srcBase[i] >= 0}, each
 * window row {@code r} moves {@code run} contiguous elements between {@code srcBase[i] + srcRow[r]} and
 * {@code dstBase[i] + dstRow[r]}. One dtype switch per call, plain loops inside; long runs use
 * {@code System.arraycopy}.
 */
final class Runs {
  private static final int ARRAYCOPY_MIN = 16;

  private Runs() {}

  /** {@code dst[...] = src[...]} for the in-range positions. */
  static void copy(Object src, int[] srcBase, Object dst, int[] dstBase, int n, int[] srcRow, int[] dstRow, int run) {
    if (run < ARRAYCOPY_MIN) {
      copyShort(src, srcBase, dst, dstBase, n, srcRow, dstRow, run);
      return;
    }
    for (int i = 0; i < n; i++) {
      if (srcBase[i] < 0) continue;
      for (int r = 0; r < srcRow.length; r++) System.arraycopy(src, srcBase[i] + srcRow[r], dst, dstBase[i] + dstRow[r], run);
    }
  }

  /** {@link #copy} for short runs: element loops, one per store type. */
  private static void copyShort(Object src, int[] srcBase, Object dst, int[] dstBase, int n, int[] srcRow, int[] dstRow, int run) {
    int rows = srcRow.length;
    switch (src) {
      case float[] s -> {
        float[] d = (float[]) dst;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && srcBase[i] >= 0; r++) {
          int a = srcBase[i] + srcRow[r], b = dstBase[i] + dstRow[r];
          for (int e = 0; e < run; e++) d[b + e] = s[a + e];
        }
      }
      case double[] s -> {
        double[] d = (double[]) dst;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && srcBase[i] >= 0; r++) {
          int a = srcBase[i] + srcRow[r], b = dstBase[i] + dstRow[r];
          for (int e = 0; e < run; e++) d[b + e] = s[a + e];
        }
      }
      case int[] s -> {
        int[] d = (int[]) dst;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && srcBase[i] >= 0; r++) {
          int a = srcBase[i] + srcRow[r], b = dstBase[i] + dstRow[r];
          for (int e = 0; e < run; e++) d[b + e] = s[a + e];
        }
      }
      case long[] s -> {
        long[] d = (long[]) dst;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && srcBase[i] >= 0; r++) {
          int a = srcBase[i] + srcRow[r], b = dstBase[i] + dstRow[r];
          for (int e = 0; e < run; e++) d[b + e] = s[a + e];
        }
      }
      case boolean[] s -> {
        boolean[] d = (boolean[]) dst;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && srcBase[i] >= 0; r++) {
          int a = srcBase[i] + srcRow[r], b = dstBase[i] + dstRow[r];
          for (int e = 0; e < run; e++) d[b + e] = s[a + e];
        }
      }
      case short[] s -> {                                  // bf16/f16 bits
        short[] d = (short[]) dst;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && srcBase[i] >= 0; r++) {
          int a = srcBase[i] + srcRow[r], b = dstBase[i] + dstRow[r];
          for (int e = 0; e < run; e++) d[b + e] = s[a + e];
        }
      }
      case byte[] s -> {                                   // i8/u8
        byte[] d = (byte[]) dst;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && srcBase[i] >= 0; r++) {
          int a = srcBase[i] + srcRow[r], b = dstBase[i] + dstRow[r];
          for (int e = 0; e < run; e++) d[b + e] = s[a + e];
        }
      }
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  /** Writes {@code value} (converted to the store's type; nonzero is true; for a {@code short[]} the 16-bit pattern itself) over the windows of out-of-range positions. */
  static void fill(Object dst, int[] srcBase, int[] dstBase, int n, int[] dstRow, int run, double value) {
    boolean any = false;
    for (int i = 0; i < n; i++) any |= srcBase[i] < 0;
    if (!any) return;
    Object pattern = switch (dst) {       // one run of the fill value, copied into place
      case float[] d -> { float[] p = new float[run]; java.util.Arrays.fill(p, (float) value); yield p; }
      case double[] d -> { double[] p = new double[run]; java.util.Arrays.fill(p, value); yield p; }
      case int[] d -> { int[] p = new int[run]; java.util.Arrays.fill(p, (int) value); yield p; }
      case long[] d -> { long[] p = new long[run]; java.util.Arrays.fill(p, (long) value); yield p; }
      case boolean[] d -> { boolean[] p = new boolean[run]; java.util.Arrays.fill(p, value != 0); yield p; }
      case short[] d -> { short[] p = new short[run]; java.util.Arrays.fill(p, (short) value); yield p; }   // bf16/f16: value holds the bits
      case byte[] d -> { byte[] p = new byte[run]; java.util.Arrays.fill(p, (byte) (int) value); yield p; }
      default -> throw new IllegalArgumentException("not an array store: " + dst.getClass());
    };
    for (int i = 0; i < n; i++) {
      if (srcBase[i] >= 0) continue;
      for (int r = 0; r < dstRow.length; r++) System.arraycopy(pattern, 0, dst, dstBase[i] + dstRow[r], run);
    }
  }

  /** {@code acc[...] += upd[...]} for the in-range positions (numeric stores). */
  static void add(Object acc, int[] accBase, Object upd, int[] updBase, int n, int[] accRow, int[] updRow, int run) {
    int rows = accRow.length;
    switch (acc) {
      case float[] a -> {
        float[] u = (float[]) upd;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && accBase[i] >= 0; r++) {
          int x = accBase[i] + accRow[r], y = updBase[i] + updRow[r];
          for (int e = 0; e < run; e++) a[x + e] += u[y + e];
        }
      }
      case double[] a -> {
        double[] u = (double[]) upd;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && accBase[i] >= 0; r++) {
          int x = accBase[i] + accRow[r], y = updBase[i] + updRow[r];
          for (int e = 0; e < run; e++) a[x + e] += u[y + e];
        }
      }
      case int[] a -> {
        int[] u = (int[]) upd;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && accBase[i] >= 0; r++) {
          int x = accBase[i] + accRow[r], y = updBase[i] + updRow[r];
          for (int e = 0; e < run; e++) a[x + e] += u[y + e];
        }
      }
      case long[] a -> {
        long[] u = (long[]) upd;
        for (int i = 0; i < n; i++) for (int r = 0; r < rows && accBase[i] >= 0; r++) {
          int x = accBase[i] + accRow[r], y = updBase[i] + updRow[r];
          for (int e = 0; e < run; e++) a[x + e] += u[y + e];
        }
      }
      default -> throw new IllegalArgumentException("scatter_add: no accumulation for store " + acc.getClass().getSimpleName());
    }
  }
}
