package io.graft.numerics.kernels;

/**
 * Dtype-generic strided copies between stores (the primitive arrays inside {@link io.graft.numerics.NdArray}).
 * One switch per call, then a plain loop: the building block of the data-movement kernels.
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
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
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
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }
}
