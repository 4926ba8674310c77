package io.graft.numerics.kernels;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.Reductions.Op;
import java.util.Arrays;

/**
 * The sequential loops behind the reduction and window kernels, one per (store type, op), with the op switch
 * outside the element loops. Stores are the primitive arrays inside {@link io.graft.numerics.NdArray}; bool
 * supports {@code MAX} (any) and {@code MIN} (all) here, and counting into i32 ({@link #rowsBoolToI32}). The f32/f64
 * sums and products of {@link Reductions} go through {@link Sums} (f64, fixed blocks); the f32 loops here serve the
 * window kernels and max/min.
 */
final class ReduceLoops {
  private ReduceLoops() {}

  /** {@code dst[off..off+n)} = the identity of {@code op}: 0, 1, -inf (int min, false), +inf (int max, true). */
  static void fill(Op op, Object dst, int off, int n) {
    int to = off + n;
    switch (dst) {
      case float[] d -> Arrays.fill(d, off, to, switch (op) {
        case SUM -> 0f; case PROD -> 1f; case MAX -> Float.NEGATIVE_INFINITY; case MIN -> Float.POSITIVE_INFINITY; });
      case double[] d -> Arrays.fill(d, off, to, switch (op) {
        case SUM -> 0d; case PROD -> 1d; case MAX -> Double.NEGATIVE_INFINITY; case MIN -> Double.POSITIVE_INFINITY; });
      case int[] d -> Arrays.fill(d, off, to, switch (op) {
        case SUM -> 0; case PROD -> 1; case MAX -> Integer.MIN_VALUE; case MIN -> Integer.MAX_VALUE; });
      case long[] d -> Arrays.fill(d, off, to, switch (op) {
        case SUM -> 0L; case PROD -> 1L; case MAX -> Long.MIN_VALUE; case MIN -> Long.MAX_VALUE; });
      case boolean[] d -> { boolOp(op); Arrays.fill(d, off, to, op == Op.MIN); }
      default -> throw new IllegalArgumentException("not an array store: " + dst.getClass());
    }
  }

  /** Bool supports MAX (logical or) and MIN (logical and) only. */
  static void boolOp(Op op) {
    if (op == Op.SUM || op == Op.PROD)
      throw new DTypeError("reduce_" + op.name().toLowerCase() + ": no kernel for bool; convert to an integer dtype first");
  }

  /**
   * {@code dst[dOff + j] = dst[dOff + j] op src[so + k * inner + j]} for every {@code k < r} and {@code j} in
   * {@code [j0, j1)}; with {@code inner == 1} a contiguous run reduced with several accumulators (SIMD when available).
   */
  static void rows(Op op, Object src, int so, int r, int inner, Object dst, int dOff, int j0, int j1) {
    switch (src) {
      case float[] s -> rowsF32(op, s, so, r, inner, (float[]) dst, dOff, j0, j1);
      case double[] s -> rowsF64(op, s, so, r, inner, (double[]) dst, dOff, j0, j1);
      case int[] s -> rowsI32(op, s, so, r, inner, (int[]) dst, dOff, j0, j1);
      case long[] s -> rowsI64(op, s, so, r, inner, (long[]) dst, dOff, j0, j1);
      case boolean[] s -> rowsBool(op, s, so, r, inner, (boolean[]) dst, dOff, j0, j1);
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  private static void rowsF32(Op op, float[] s, int so, int r, int inner, float[] d, int o, int j0, int j1) {
    if (inner == 1) { d[o] = f32(op, d[o], simd(op) && r >= 64 ? ReduceSimdF32.run(op, s, so, r) : runF32(op, s, so, r)); return; }
    for (int k = 0; k < r; k++) {
      int b = so + k * inner;
      switch (op) {
        case SUM -> { for (int j = j0; j < j1; j++) d[o + j] += s[b + j]; }
        case PROD -> { for (int j = j0; j < j1; j++) d[o + j] *= s[b + j]; }
        case MAX -> { for (int j = j0; j < j1; j++) d[o + j] = Math.max(d[o + j], s[b + j]); }
        case MIN -> { for (int j = j0; j < j1; j++) d[o + j] = Math.min(d[o + j], s[b + j]); }
      }
    }
  }

  private static void rowsF64(Op op, double[] s, int so, int r, int inner, double[] d, int o, int j0, int j1) {
    if (inner == 1) { d[o] = f64(op, d[o], simd(op) && r >= 32 ? ReduceSimdF64.run(op, s, so, r) : runF64(op, s, so, r)); return; }
    for (int k = 0; k < r; k++) {
      int b = so + k * inner;
      switch (op) {
        case SUM -> { for (int j = j0; j < j1; j++) d[o + j] += s[b + j]; }
        case PROD -> { for (int j = j0; j < j1; j++) d[o + j] *= s[b + j]; }
        case MAX -> { for (int j = j0; j < j1; j++) d[o + j] = Math.max(d[o + j], s[b + j]); }
        case MIN -> { for (int j = j0; j < j1; j++) d[o + j] = Math.min(d[o + j], s[b + j]); }
      }
    }
  }

  private static void rowsI32(Op op, int[] s, int so, int r, int inner, int[] d, int o, int j0, int j1) {
    if (inner == 1) {
      int a = d[o];
      int end = so + r;
      switch (op) {
        case SUM -> { for (int i = so; i < end; i++) a += s[i]; }
        case PROD -> { for (int i = so; i < end; i++) a *= s[i]; }
        case MAX -> { for (int i = so; i < end; i++) a = Math.max(a, s[i]); }
        case MIN -> { for (int i = so; i < end; i++) a = Math.min(a, s[i]); }
      }
      d[o] = a;
      return;
    }
    for (int k = 0; k < r; k++) {
      int b = so + k * inner;
      switch (op) {
        case SUM -> { for (int j = j0; j < j1; j++) d[o + j] += s[b + j]; }
        case PROD -> { for (int j = j0; j < j1; j++) d[o + j] *= s[b + j]; }
        case MAX -> { for (int j = j0; j < j1; j++) d[o + j] = Math.max(d[o + j], s[b + j]); }
        case MIN -> { for (int j = j0; j < j1; j++) d[o + j] = Math.min(d[o + j], s[b + j]); }
      }
    }
  }

  private static void rowsI64(Op op, long[] s, int so, int r, int inner, long[] d, int o, int j0, int j1) {
    if (inner == 1) {
      long a = d[o];
      int end = so + r;
      switch (op) {
        case SUM -> { for (int i = so; i < end; i++) a += s[i]; }
        case PROD -> { for (int i = so; i < end; i++) a *= s[i]; }
        case MAX -> { for (int i = so; i < end; i++) a = Math.max(a, s[i]); }
        case MIN -> { for (int i = so; i < end; i++) a = Math.min(a, s[i]); }
      }
      d[o] = a;
      return;
    }
    for (int k = 0; k < r; k++) {
      int b = so + k * inner;
      switch (op) {
        case SUM -> { for (int j = j0; j < j1; j++) d[o + j] += s[b + j]; }
        case PROD -> { for (int j = j0; j < j1; j++) d[o + j] *= s[b + j]; }
        case MAX -> { for (int j = j0; j < j1; j++) d[o + j] = Math.max(d[o + j], s[b + j]); }
        case MIN -> { for (int j = j0; j < j1; j++) d[o + j] = Math.min(d[o + j], s[b + j]); }
      }
    }
  }

  private static void rowsBool(Op op, boolean[] s, int so, int r, int inner, boolean[] d, int o, int j0, int j1) {
    boolOp(op);
    boolean any = op == Op.MAX;
    for (int k = 0; k < r; k++) {
      int b = so + k * inner;
      if (any) { for (int j = j0; j < j1; j++) d[o + j] |= s[b + j]; }
      else { for (int j = j0; j < j1; j++) d[o + j] &= s[b + j]; }
    }
  }

  /** Whether {@link ReduceSimdF32}'s lane loops may run {@code op}: max and min only (their result is order-independent). */
  private static boolean simd(Op op) { return Simd.AVAILABLE && (op == Op.MAX || op == Op.MIN); }

  /**
   * Bool counted into i32: {@code d[dOff + j] = d[dOff + j] + (number of true src[so + k * inner + j], k < r)} for
   * {@code SUM}; {@code d = d * (all true ? 1 : 0)} for {@code PROD}. The bool store is read directly (no i32 copy).
   */
  static void rowsBoolToI32(Op op, boolean[] s, int so, int r, int inner, int[] d, int o, int j0, int j1) {
    if (op != Op.SUM && op != Op.PROD) throw new IllegalArgumentException("bool counts are SUM or PROD, got " + op);
    boolean sum = op == Op.SUM;
    if (inner == 1) {
      int c = 0, end = so + r;
      for (int i = so; i < end; i++) c += s[i] ? 1 : 0;
      d[o] = sum ? d[o] + c : (c == r ? d[o] : 0);
      return;
    }
    for (int k = 0; k < r; k++) {
      int b = so + k * inner;
      if (sum) { for (int j = j0; j < j1; j++) d[o + j] += s[b + j] ? 1 : 0; }
      else { for (int j = j0; j < j1; j++) if (!s[b + j]) d[o + j] = 0; }
    }
  }

  /** {@code a op b} in f32. */
  static float f32(Op op, float a, float b) {
    return switch (op) { case SUM -> a + b; case PROD -> a * b; case MAX -> Math.max(a, b); case MIN -> Math.min(a, b); };
  }

  /** {@code a op b} in f64. */
  static double f64(Op op, double a, double b) {
    return switch (op) { case SUM -> a + b; case PROD -> a * b; case MAX -> Math.max(a, b); case MIN -> Math.min(a, b); };
  }

  /** The scalar reduction of {@code s[off..off+n)} with four accumulators (package-visible for the scalar-path test). */
  static float runF32(Op op, float[] s, int off, int n) {
    float a0, a1, a2, a3;
    a0 = a1 = a2 = a3 = switch (op) {
      case SUM -> 0f; case PROD -> 1f; case MAX -> Float.NEGATIVE_INFINITY; case MIN -> Float.POSITIVE_INFINITY; };
    int i = off, end = off + n;
    switch (op) {
      case SUM -> { for (; i + 3 < end; i += 4) { a0 += s[i]; a1 += s[i + 1]; a2 += s[i + 2]; a3 += s[i + 3]; } }
      case PROD -> { for (; i + 3 < end; i += 4) { a0 *= s[i]; a1 *= s[i + 1]; a2 *= s[i + 2]; a3 *= s[i + 3]; } }
      case MAX -> { for (; i + 3 < end; i += 4) {
        a0 = Math.max(a0, s[i]); a1 = Math.max(a1, s[i + 1]); a2 = Math.max(a2, s[i + 2]); a3 = Math.max(a3, s[i + 3]); } }
      case MIN -> { for (; i + 3 < end; i += 4) {
        a0 = Math.min(a0, s[i]); a1 = Math.min(a1, s[i + 1]); a2 = Math.min(a2, s[i + 2]); a3 = Math.min(a3, s[i + 3]); } }
    }
    for (; i < end; i++) a0 = f32(op, a0, s[i]);
    return f32(op, f32(op, a0, a1), f32(op, a2, a3));
  }

  /** The scalar reduction of {@code s[off..off+n)} with four accumulators. */
  static double runF64(Op op, double[] s, int off, int n) {
    double a0, a1, a2, a3;
    a0 = a1 = a2 = a3 = switch (op) {
      case SUM -> 0d; case PROD -> 1d; case MAX -> Double.NEGATIVE_INFINITY; case MIN -> Double.POSITIVE_INFINITY; };
    int i = off, end = off + n;
    switch (op) {
      case SUM -> { for (; i + 3 < end; i += 4) { a0 += s[i]; a1 += s[i + 1]; a2 += s[i + 2]; a3 += s[i + 3]; } }
      case PROD -> { for (; i + 3 < end; i += 4) { a0 *= s[i]; a1 *= s[i + 1]; a2 *= s[i + 2]; a3 *= s[i + 3]; } }
      case MAX -> { for (; i + 3 < end; i += 4) {
        a0 = Math.max(a0, s[i]); a1 = Math.max(a1, s[i + 1]); a2 = Math.max(a2, s[i + 2]); a3 = Math.max(a3, s[i + 3]); } }
      case MIN -> { for (; i + 3 < end; i += 4) {
        a0 = Math.min(a0, s[i]); a1 = Math.min(a1, s[i + 1]); a2 = Math.min(a2, s[i + 2]); a3 = Math.min(a3, s[i + 3]); } }
    }
    for (; i < end; i++) a0 = f64(op, a0, s[i]);
    return f64(op, f64(op, a0, a1), f64(op, a2, a3));
  }
}
