package io.graft.jit.cpu;

import io.graft.jit.kernel.Reduction;
import java.util.Arrays;

/**
 * Scalar block helpers of the SIMD evaluators: converting loads (any input dtype, any stride) into an f32/f64
 * block, converting stores into a result of another dtype, and folding a block into f64 accumulators. No Vector API
 * here, so the class loads anywhere; the loops are simple enough for C2 to unroll (and, contiguous, vectorise).
 */
final class Blocks {
  private Blocks() {}

  /** {@code dst[i] = src[start + i * stride]} for {@code i < m}, converted to f32 (bool as 0/1). */
  static void load(Object src, int start, int stride, float[] dst, int m) {
    switch (src) {
      case float[] a -> { if (stride == 0) Arrays.fill(dst, 0, m, a[start]); else for (int i = 0; i < m; i++) dst[i] = a[start + i * stride]; }
      case double[] a -> { for (int i = 0; i < m; i++) dst[i] = (float) a[start + i * stride]; }
      case int[] a -> { for (int i = 0; i < m; i++) dst[i] = a[start + i * stride]; }
      case long[] a -> { for (int i = 0; i < m; i++) dst[i] = a[start + i * stride]; }
      case boolean[] a -> { for (int i = 0; i < m; i++) dst[i] = a[start + i * stride] ? 1f : 0f; }
      default -> throw new IllegalArgumentException("fused kernel: unsupported input store " + src.getClass());
    }
  }

  /** {@code dst[i] = src[start + i * stride]} for {@code i < m}, converted to f64 (bool as 0/1). */
  static void load(Object src, int start, int stride, double[] dst, int m) {
    switch (src) {
      case double[] a -> { if (stride == 0) Arrays.fill(dst, 0, m, a[start]); else for (int i = 0; i < m; i++) dst[i] = a[start + i * stride]; }
      case float[] a -> { for (int i = 0; i < m; i++) dst[i] = a[start + i * stride]; }
      case int[] a -> { for (int i = 0; i < m; i++) dst[i] = a[start + i * stride]; }
      case long[] a -> { for (int i = 0; i < m; i++) dst[i] = a[start + i * stride]; }
      case boolean[] a -> { for (int i = 0; i < m; i++) dst[i] = a[start + i * stride] ? 1d : 0d; }
      default -> throw new IllegalArgumentException("fused kernel: unsupported input store " + src.getClass());
    }
  }

  /** {@code out[at + i] = convert(src[i])} for {@code i < m} (bool: {@code != 0}, NaN true; ints: Java casts). */
  static void store(float[] src, Object out, int at, int m) {
    switch (out) {
      case float[] o -> System.arraycopy(src, 0, o, at, m);
      case double[] o -> { for (int i = 0; i < m; i++) o[at + i] = src[i]; }
      case int[] o -> { for (int i = 0; i < m; i++) o[at + i] = (int) src[i]; }
      case long[] o -> { for (int i = 0; i < m; i++) o[at + i] = (long) src[i]; }
      case boolean[] o -> { for (int i = 0; i < m; i++) o[at + i] = src[i] != 0f; }
      default -> throw new IllegalArgumentException("fused kernel: unsupported output store " + out.getClass());
    }
  }

  /** {@code out[at + i] = convert(src[i])} for {@code i < m} (bool: {@code != 0}, NaN true; ints: Java casts). */
  static void store(double[] src, Object out, int at, int m) {
    switch (out) {
      case double[] o -> System.arraycopy(src, 0, o, at, m);
      case float[] o -> { for (int i = 0; i < m; i++) o[at + i] = (float) src[i]; }
      case int[] o -> { for (int i = 0; i < m; i++) o[at + i] = (int) src[i]; }
      case long[] o -> { for (int i = 0; i < m; i++) o[at + i] = (long) src[i]; }
      case boolean[] o -> { for (int i = 0; i < m; i++) o[at + i] = src[i] != 0d; }
      default -> throw new IllegalArgumentException("fused kernel: unsupported output store " + out.getClass());
    }
  }

  /** {@code acc[at + i] = acc[at + i] ⊕ src[i]} for {@code i < m}, in f64. */
  static void accumulate(Reduction r, float[] src, int m, double[] acc, int at) {
    switch (r) {
      case SUM -> { for (int i = 0; i < m; i++) acc[at + i] += src[i]; }
      case MAX -> { for (int i = 0; i < m; i++) acc[at + i] = Math.max(acc[at + i], src[i]); }
      case MIN -> { for (int i = 0; i < m; i++) acc[at + i] = Math.min(acc[at + i], src[i]); }
      case NONE -> throw new IllegalStateException("fused kernel: NONE does not accumulate");
    }
  }

  /** {@code acc[at + i] = acc[at + i] ⊕ src[i]} for {@code i < m}, in f64. */
  static void accumulate(Reduction r, double[] src, int m, double[] acc, int at) {
    switch (r) {
      case SUM -> { for (int i = 0; i < m; i++) acc[at + i] += src[i]; }
      case MAX -> { for (int i = 0; i < m; i++) acc[at + i] = Math.max(acc[at + i], src[i]); }
      case MIN -> { for (int i = 0; i < m; i++) acc[at + i] = Math.min(acc[at + i], src[i]); }
      case NONE -> throw new IllegalStateException("fused kernel: NONE does not accumulate");
    }
  }
}
