package io.graft.numerics.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Dtype-generic strided copies between stores (the primitive arrays inside {@link io.graft.numerics.NdArray}).
 * One switch per call, then a plain loop: the building block of the data-movement kernels. bf16 and f16 move as
 * their {@code short} bits, never converted.
 */
public final class Copy {
  private Copy() {}

  /** {@code dst[dstOff + i] = src[srcOff + i * srcStride]} for {@code i < n} (stride 0 repeats one element). */
  public static void repeat(Object src, int srcOff, int srcStride, Object dst, int dstOff, int n) {
    switch (src) {
      case float[] s -> { float[] d = (float[]) dst; for (int i = 0; i < n; i++) d[dstOff + i] = s[srcOff + i * srcStride]; }
      case double[] s -> { double[] d = (double[]) dst; for (int i = 0; i < n; i++) d[dstOff + i] = s[srcOff + i * srcStride]; }
      case int[] s -> { int[] d = (int[]) dst; for (int i = 0; i < n; i++) d[dstOff + i] = s[srcOff + i * srcStride]; }
      case long[] s -> { long[] d = (long[]) dst; for (int i = 0; i < n; i++) d[dstOff + i] = s[srcOff + i * srcStride]; }
      case boolean[] s -> { boolean[] d = (boolean[]) dst; for (int i = 0; i < n; i++) d[dstOff + i] = s[srcOff + i * srcStride]; }
      case short[] s -> { short[] d = (short[]) dst; for (int i = 0; i < n; i++) d[dstOff + i] = s[srcOff + i * srcStride]; }
      case byte[] s -> { byte[] d = (byte[]) dst; for (int i = 0; i < n; i++) d[dstOff + i] = s[srcOff + i * srcStride]; }
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  /**
   * {@code dst} row {@code r} = {@code src} row {@code idx[from + r]} for {@code r < to - from}, rows of {@code rowLength}
   * elements: a batch gathered from a dataset held in memory.
   * <pre>{@code Copy.rows(images, 784, order, 128 * b, 128 * (b + 1), batch);   // batch b of a shuffled epoch}</pre>
   *
   * <p>The rows of a shuffled batch lie at random places in a large array, so each one starts with a TLB miss and a
   * cache miss that a row-by-row copy waits out one after the other. A first pass loads one byte of every page each
   * row spans (independent loads, which the CPU overlaps), then the rows are copied. Fashion-MNIST batches of 128
   * (rows of 784 f32 out of 188 MB), caches flushed between batches: 120-160 µs per batch instead of 250-330 µs
   * (2-core AVX-512 Xeon, 2026-12-06).
   */
  public static void rows(Object src, int rowLength, int[] idx, int from, int to, Object dst) {
    touchRows(src, rowLength, idx, from, to);
    for (int i = from; i < to; i++) System.arraycopy(src, idx[i] * rowLength, dst, (i - from) * rowLength, rowLength);
  }

  /** Where {@link #touchRows} leaves what it read, so that the JIT keeps the loads. */
  @SuppressWarnings("unused") private static byte touched;

  /** Loads one byte of every 4 KiB page of each row {@code idx[from..to)} (and its last byte); boolean stores are skipped. */
  private static void touchRows(Object src, int rowLength, int[] idx, int from, int to) {
    MemorySegment seg;
    int size;
    switch (src) {
      case float[] s -> { seg = MemorySegment.ofArray(s); size = 4; }
      case double[] s -> { seg = MemorySegment.ofArray(s); size = 8; }
      case int[] s -> { seg = MemorySegment.ofArray(s); size = 4; }
      case long[] s -> { seg = MemorySegment.ofArray(s); size = 8; }
      case short[] s -> { seg = MemorySegment.ofArray(s); size = 2; }
      case byte[] s -> { seg = MemorySegment.ofArray(s); size = 1; }
      default -> { return; }
    }
    long bytes = (long) rowLength * size;
    if (bytes == 0) return;
    byte acc = 0;
    for (int i = from; i < to; i++) {
      long start = (long) idx[i] * bytes;
      for (long b = 0; b < bytes; b += 4096) acc |= seg.get(ValueLayout.JAVA_BYTE, start + b);
      acc |= seg.get(ValueLayout.JAVA_BYTE, start + bytes - 1);
    }
    touched = acc;
  }

  /** {@code dst[dstIdx[i]] = src[srcIdx[i]]}: a gather-by-index-list copy. */
  public static void indexed(Object src, int[] srcIdx, Object dst, int[] dstIdx) {
    int n = srcIdx.length;
    switch (src) {
      case float[] s -> { float[] d = (float[]) dst; for (int i = 0; i < n; i++) d[dstIdx[i]] = s[srcIdx[i]]; }
      case double[] s -> { double[] d = (double[]) dst; for (int i = 0; i < n; i++) d[dstIdx[i]] = s[srcIdx[i]]; }
      case int[] s -> { int[] d = (int[]) dst; for (int i = 0; i < n; i++) d[dstIdx[i]] = s[srcIdx[i]]; }
      case long[] s -> { long[] d = (long[]) dst; for (int i = 0; i < n; i++) d[dstIdx[i]] = s[srcIdx[i]]; }
      case boolean[] s -> { boolean[] d = (boolean[]) dst; for (int i = 0; i < n; i++) d[dstIdx[i]] = s[srcIdx[i]]; }
      case short[] s -> { short[] d = (short[]) dst; for (int i = 0; i < n; i++) d[dstIdx[i]] = s[srcIdx[i]]; }
      case byte[] s -> { byte[] d = (byte[]) dst; for (int i = 0; i < n; i++) d[dstIdx[i]] = s[srcIdx[i]]; }
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  /** {@code dst[dstOff + i * dstStride] = src[srcOff + i * srcStride]} for {@code i < n}; strides may be negative. */
  public static void strided(Object src, int srcOff, int srcStride, Object dst, int dstOff, int dstStride, int n) {
    switch (src) {
      case float[] s -> { float[] d = (float[]) dst; for (int i = 0; i < n; i++) d[dstOff + i * dstStride] = s[srcOff + i * srcStride]; }
      case double[] s -> { double[] d = (double[]) dst; for (int i = 0; i < n; i++) d[dstOff + i * dstStride] = s[srcOff + i * srcStride]; }
      case int[] s -> { int[] d = (int[]) dst; for (int i = 0; i < n; i++) d[dstOff + i * dstStride] = s[srcOff + i * srcStride]; }
      case long[] s -> { long[] d = (long[]) dst; for (int i = 0; i < n; i++) d[dstOff + i * dstStride] = s[srcOff + i * srcStride]; }
      case boolean[] s -> { boolean[] d = (boolean[]) dst; for (int i = 0; i < n; i++) d[dstOff + i * dstStride] = s[srcOff + i * srcStride]; }
      case short[] s -> { short[] d = (short[]) dst; for (int i = 0; i < n; i++) d[dstOff + i * dstStride] = s[srcOff + i * srcStride]; }
      case byte[] s -> { byte[] d = (byte[]) dst; for (int i = 0; i < n; i++) d[dstOff + i * dstStride] = s[srcOff + i * srcStride]; }
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  /**
   * A 2-D tile: {@code dst[dstOff + r*dr + c*dc] = src[srcOff + r*sr + c*sc]} for {@code r < rows, c < cols}, rows
   * outer. Transposes keep a tile small enough (e.g. 32x32) that the strided side stays in L1 across rows.
   */
  public static void tile(Object src, int srcOff, int sr, int sc, Object dst, int dstOff, int dr, int dc, int rows, int cols) {
    switch (src) {
      case float[] s -> { float[] d = (float[]) dst;
        for (int r = 0; r < rows; r++) { int so = srcOff + r * sr, dO = dstOff + r * dr; for (int c = 0; c < cols; c++) d[dO + c * dc] = s[so + c * sc]; } }
      case double[] s -> { double[] d = (double[]) dst;
        for (int r = 0; r < rows; r++) { int so = srcOff + r * sr, dO = dstOff + r * dr; for (int c = 0; c < cols; c++) d[dO + c * dc] = s[so + c * sc]; } }
      case int[] s -> { int[] d = (int[]) dst;
        for (int r = 0; r < rows; r++) { int so = srcOff + r * sr, dO = dstOff + r * dr; for (int c = 0; c < cols; c++) d[dO + c * dc] = s[so + c * sc]; } }
      case long[] s -> { long[] d = (long[]) dst;
        for (int r = 0; r < rows; r++) { int so = srcOff + r * sr, dO = dstOff + r * dr; for (int c = 0; c < cols; c++) d[dO + c * dc] = s[so + c * sc]; } }
      case boolean[] s -> { boolean[] d = (boolean[]) dst;
        for (int r = 0; r < rows; r++) { int so = srcOff + r * sr, dO = dstOff + r * dr; for (int c = 0; c < cols; c++) d[dO + c * dc] = s[so + c * sc]; } }
      case short[] s -> { short[] d = (short[]) dst;
        for (int r = 0; r < rows; r++) { int so = srcOff + r * sr, dO = dstOff + r * dr; for (int c = 0; c < cols; c++) d[dO + c * dc] = s[so + c * sc]; } }
      case byte[] s -> { byte[] d = (byte[]) dst;
        for (int r = 0; r < rows; r++) { int so = srcOff + r * sr, dO = dstOff + r * dr; for (int c = 0; c < cols; c++) d[dO + c * dc] = s[so + c * sc]; } }
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  /** Every element of {@code dst} set to element 0 of {@code value}'s store (same Java array type). */
  public static void fill(Object dst, Object value) {
    switch (dst) {
      case float[] d -> java.util.Arrays.fill(d, ((float[]) value)[0]);
      case double[] d -> java.util.Arrays.fill(d, ((double[]) value)[0]);
      case int[] d -> java.util.Arrays.fill(d, ((int[]) value)[0]);
      case long[] d -> java.util.Arrays.fill(d, ((long[]) value)[0]);
      case boolean[] d -> java.util.Arrays.fill(d, ((boolean[]) value)[0]);
      case short[] d -> java.util.Arrays.fill(d, ((short[]) value)[0]);
      case byte[] d -> java.util.Arrays.fill(d, ((byte[]) value)[0]);
      default -> throw new IllegalArgumentException("not an array store: " + dst.getClass());
    }
  }
}
