package io.graft.numerics.kernels;

import io.graft.numerics.kernels.Reductions.Op;
import java.util.Arrays;

/**
 * The per-row loops of the window kernels, one per store type, with the op switch outside the tap loops.
 * {@code ro} are a row's tap offsets on the leading axes, {@code taps[ow]} the offsets on the last leading axis.
 */
final class WindowLoops {
  private WindowLoops() {}

  /** {@code dst[off + ow] = dst[off + ow] op src[r + t]} over every {@code r} in {@code ro}, {@code t} in {@code taps[ow]}. */
  static void reduceRow(Op op, Object src, int[] ro, int[][] taps, Object dst, int off) {
    switch (src) {
      case float[] s -> { float[] d = (float[]) dst; for (int ow = 0; ow < taps.length; ow++) {
        float a = d[off + ow]; int[] tp = taps[ow];
        switch (op) {
          case SUM -> { for (int r : ro) for (int t : tp) a += s[r + t]; }
          case PROD -> { for (int r : ro) for (int t : tp) a *= s[r + t]; }
          case MAX -> { for (int r : ro) for (int t : tp) a = Math.max(a, s[r + t]); }
          case MIN -> { for (int r : ro) for (int t : tp) a = Math.min(a, s[r + t]); }
        }
        d[off + ow] = a; } }
      case double[] s -> { double[] d = (double[]) dst; for (int ow = 0; ow < taps.length; ow++) {
        double a = d[off + ow]; int[] tp = taps[ow];
        switch (op) {
          case SUM -> { for (int r : ro) for (int t : tp) a += s[r + t]; }
          case PROD -> { for (int r : ro) for (int t : tp) a *= s[r + t]; }
          case MAX -> { for (int r : ro) for (int t : tp) a = Math.max(a, s[r + t]); }
          case MIN -> { for (int r : ro) for (int t : tp) a = Math.min(a, s[r + t]); }
        }
        d[off + ow] = a; } }
      case int[] s -> { int[] d = (int[]) dst; for (int ow = 0; ow < taps.length; ow++) {
        int a = d[off + ow]; int[] tp = taps[ow];
        switch (op) {
          case SUM -> { for (int r : ro) for (int t : tp) a += s[r + t]; }
          case PROD -> { for (int r : ro) for (int t : tp) a *= s[r + t]; }
          case MAX -> { for (int r : ro) for (int t : tp) a = Math.max(a, s[r + t]); }
          case MIN -> { for (int r : ro) for (int t : tp) a = Math.min(a, s[r + t]); }
        }
        d[off + ow] = a; } }
      case long[] s -> { long[] d = (long[]) dst; for (int ow = 0; ow < taps.length; ow++) {
        long a = d[off + ow]; int[] tp = taps[ow];
        switch (op) {
          case SUM -> { for (int r : ro) for (int t : tp) a += s[r + t]; }
          case PROD -> { for (int r : ro) for (int t : tp) a *= s[r + t]; }
          case MAX -> { for (int r : ro) for (int t : tp) a = Math.max(a, s[r + t]); }
          case MIN -> { for (int r : ro) for (int t : tp) a = Math.min(a, s[r + t]); }
        }
        d[off + ow] = a; } }
      case boolean[] s -> { ReduceLoops.boolOp(op); boolean[] d = (boolean[]) dst; boolean any = op == Op.MAX;
        for (int ow = 0; ow < taps.length; ow++) {
          boolean a = d[off + ow];
          for (int r : ro) for (int t : taps[ow]) a = any ? a | s[r + t] : a & s[r + t];
          d[off + ow] = a; } }
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  /**
   * {@code sel[off + ow * inner + j]} = the operand offset of the first maximum of the window (a later tap replaces
   * the choice only when the choice is not {@code >=} it), or -1 when the window holds only padding.
   */
  static void selectRow(Object operand, int[] ro, int[][] taps, int inner, int[] sel, int off) {
    switch (operand) {
      case float[] s -> { float[] best = new float[inner];
        for (int ow = 0; ow < taps.length; ow++) { int base = off + ow * inner; boolean first = true;
          for (int r : ro) for (int t : taps[ow]) { int b = r + t;
            for (int j = 0; j < inner; j++) { float v = s[b + j]; if (first || !(best[j] >= v)) { best[j] = v; sel[base + j] = b + j; } }
            first = false; }
          if (first) Arrays.fill(sel, base, base + inner, -1); } }
      case double[] s -> { double[] best = new double[inner];
        for (int ow = 0; ow < taps.length; ow++) { int base = off + ow * inner; boolean first = true;
          for (int r : ro) for (int t : taps[ow]) { int b = r + t;
            for (int j = 0; j < inner; j++) { double v = s[b + j]; if (first || !(best[j] >= v)) { best[j] = v; sel[base + j] = b + j; } }
            first = false; }
          if (first) Arrays.fill(sel, base, base + inner, -1); } }
      case int[] s -> { int[] best = new int[inner];
        for (int ow = 0; ow < taps.length; ow++) { int base = off + ow * inner; boolean first = true;
          for (int r : ro) for (int t : taps[ow]) { int b = r + t;
            for (int j = 0; j < inner; j++) { int v = s[b + j]; if (first || best[j] < v) { best[j] = v; sel[base + j] = b + j; } }
            first = false; }
          if (first) Arrays.fill(sel, base, base + inner, -1); } }
      case long[] s -> { long[] best = new long[inner];
        for (int ow = 0; ow < taps.length; ow++) { int base = off + ow * inner; boolean first = true;
          for (int r : ro) for (int t : taps[ow]) { int b = r + t;
            for (int j = 0; j < inner; j++) { long v = s[b + j]; if (first || best[j] < v) { best[j] = v; sel[base + j] = b + j; } }
            first = false; }
          if (first) Arrays.fill(sel, base, base + inner, -1); } }
      default -> throw new IllegalArgumentException("select_and_scatter_add: unsupported store " + operand.getClass());
    }
  }

  /** {@code out[sel[i]] += src[i]} for every {@code i} with {@code sel[i] >= 0}, in order. */
  static void scatterAdd(Object src, int[] sel, Object out) {
    int n = sel.length;
    switch (src) {
      case float[] s -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      case double[] s -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      case int[] s -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      case long[] s -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      default -> throw new IllegalArgumentException("select_and_scatter_add: unsupported store " + src.getClass());
    }
  }
}
