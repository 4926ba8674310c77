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
      case float[] s -> rowF32(op, s, ro, taps, (float[]) dst, off);
      case double[] s -> rowF64(op, s, ro, taps, (double[]) dst, off);
      case int[] s -> rowI32(op, s, ro, taps, (int[]) dst, off);
      case long[] s -> rowI64(op, s, ro, taps, (long[]) dst, off);
      case boolean[] s -> rowBool(op, s, ro, taps, (boolean[]) dst, off);
      default -> throw new IllegalArgumentException("not an array store: " + src.getClass());
    }
  }

  /**
   * {@link #reduceRow} in tap-major order for a plan with {@link ReduceWindowPlan#tapOff}: for each tap, one loop over the
   * contiguous outputs it reaches. Each output still sees its taps in window order, so results are identical.
   */
  static void reduceRowTapMajor(Op op, Object src, int[] ro, ReduceWindowPlan p, Object dst, int off) {
    switch (src) {
      case float[] s -> tapsF32(op, s, ro, p, (float[]) dst, off);
      case double[] s -> tapsF64(op, s, ro, p, (double[]) dst, off);
      case int[] s -> tapsI32(op, s, ro, p, (int[]) dst, off);
      case long[] s -> tapsI64(op, s, ro, p, (long[]) dst, off);
      default -> reduceRow(op, src, ro, p.lastTaps, dst, off);
    }
  }

  /**
   * {@code sel[off + ow * inner + j]} = the operand offset of the first maximum of the window (a later tap replaces
   * the choice only when the choice is not {@code >=} it, so NaN handling follows XLA's {@code ge} select), or -1
   * when the window holds only padding.
   */
  static void selectRow(Object operand, int[] ro, int[][] taps, int inner, int[] sel, int off) {
    switch (operand) {
      case float[] s -> selectF32(s, ro, taps, inner, sel, off);
      case double[] s -> selectF64(s, ro, taps, inner, sel, off);
      case int[] s -> selectI32(s, ro, taps, inner, sel, off);
      case long[] s -> selectI64(s, ro, taps, inner, sel, off);
      default -> throw new IllegalArgumentException("select_and_scatter_add: unsupported store " + operand.getClass());
    }
  }

  /**
   * {@link #selectRow} in tap-major order for a plan with {@link ReduceWindowPlan#tapOff} ({@code inner == 1}): taps are
   * visited in window order, so each output's choice is the same.
   */
  static void selectRowTapMajor(Object operand, int[] ro, ReduceWindowPlan p, int[] sel, int off) {
    Arrays.fill(sel, off, off + p.lastOut, -1);
    switch (operand) {
      case float[] s -> selectTapsF32(s, ro, p, sel, off);
      case double[] s -> selectTapsF64(s, ro, p, sel, off);
      case int[] s -> selectTapsI32(s, ro, p, sel, off);
      case long[] s -> selectTapsI64(s, ro, p, sel, off);
      default -> throw new IllegalArgumentException("select_and_scatter_add: unsupported store " + operand.getClass());
    }
  }

  /** {@code out[sel[i]] += src[i]} for every {@code i} in {@code [lo, hi)} with {@code sel[i] >= 0}, in order. */
  static void scatterAdd(Object src, int[] sel, Object out, int lo, int hi) {
    switch (src) {
      case float[] s -> { float[] o = (float[]) out; for (int i = lo; i < hi; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      case double[] s -> { double[] o = (double[]) out; for (int i = lo; i < hi; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      case int[] s -> { int[] o = (int[]) out; for (int i = lo; i < hi; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      case long[] s -> { long[] o = (long[]) out; for (int i = lo; i < hi; i++) if (sel[i] >= 0) o[sel[i]] += s[i]; }
      default -> throw new IllegalArgumentException("select_and_scatter_add: unsupported store " + src.getClass());
    }
  }

  /** {@code out[i] = sel[i] >= 0 ? src[sel[i]] : 0} for every {@code i}. */
  static void gather(Object src, int[] sel, Object out) {
    int n = sel.length;
    switch (src) {
      case float[] s -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = sel[i] >= 0 ? s[sel[i]] : 0; }
      case double[] s -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = sel[i] >= 0 ? s[sel[i]] : 0; }
      case int[] s -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = sel[i] >= 0 ? s[sel[i]] : 0; }
      case long[] s -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = sel[i] >= 0 ? s[sel[i]] : 0; }
      default -> throw new IllegalArgumentException("select_and_gather_add: unsupported store " + src.getClass());
    }
  }

  private static void rowF32(Op op, float[] s, int[] ro, int[][] taps, float[] d, int off) {
    for (int ow = 0; ow < taps.length; ow++) {
      float a = d[off + ow];
      int[] tp = taps[ow];
      switch (op) {
        case SUM -> { for (int r : ro) for (int t : tp) a += s[r + t]; }
        case PROD -> { for (int r : ro) for (int t : tp) a *= s[r + t]; }
        case MAX -> { for (int r : ro) for (int t : tp) a = Math.max(a, s[r + t]); }
        case MIN -> { for (int r : ro) for (int t : tp) a = Math.min(a, s[r + t]); }
      }
      d[off + ow] = a;
    }
  }

  private static void rowF64(Op op, double[] s, int[] ro, int[][] taps, double[] d, int off) {
    for (int ow = 0; ow < taps.length; ow++) {
      double a = d[off + ow];
      int[] tp = taps[ow];
      switch (op) {
        case SUM -> { for (int r : ro) for (int t : tp) a += s[r + t]; }
        case PROD -> { for (int r : ro) for (int t : tp) a *= s[r + t]; }
        case MAX -> { for (int r : ro) for (int t : tp) a = Math.max(a, s[r + t]); }
        case MIN -> { for (int r : ro) for (int t : tp) a = Math.min(a, s[r + t]); }
      }
      d[off + ow] = a;
    }
  }

  private static void rowI32(Op op, int[] s, int[] ro, int[][] taps, int[] d, int off) {
    for (int ow = 0; ow < taps.length; ow++) {
      int a = d[off + ow];
      int[] tp = taps[ow];
      switch (op) {
        case SUM -> { for (int r : ro) for (int t : tp) a += s[r + t]; }
        case PROD -> { for (int r : ro) for (int t : tp) a *= s[r + t]; }
        case MAX -> { for (int r : ro) for (int t : tp) a = Math.max(a, s[r + t]); }
        case MIN -> { for (int r : ro) for (int t : tp) a = Math.min(a, s[r + t]); }
      }
      d[off + ow] = a;
    }
  }

  private static void rowI64(Op op, long[] s, int[] ro, int[][] taps, long[] d, int off) {
    for (int ow = 0; ow < taps.length; ow++) {
      long a = d[off + ow];
      int[] tp = taps[ow];
      switch (op) {
        case SUM -> { for (int r : ro) for (int t : tp) a += s[r + t]; }
        case PROD -> { for (int r : ro) for (int t : tp) a *= s[r + t]; }
        case MAX -> { for (int r : ro) for (int t : tp) a = Math.max(a, s[r + t]); }
        case MIN -> { for (int r : ro) for (int t : tp) a = Math.min(a, s[r + t]); }
      }
      d[off + ow] = a;
    }
  }

  private static void rowBool(Op op, boolean[] s, int[] ro, int[][] taps, boolean[] d, int off) {
    ReduceLoops.boolOp(op);
    boolean any = op == Op.MAX;
    for (int ow = 0; ow < taps.length; ow++) {
      boolean a = d[off + ow];
      for (int r : ro) for (int t : taps[ow]) a = any ? a | s[r + t] : a & s[r + t];
      d[off + ow] = a;
    }
  }

  private static void selectF32(float[] s, int[] ro, int[][] taps, int inner, int[] sel, int off) {
    float[] best = new float[inner];
    boolean simd = io.graft.numerics.Simd.AVAILABLE && inner >= 8;   // NHWC channels: whole vectors, then the tail
    for (int ow = 0; ow < taps.length; ow++) {
      int base = off + ow * inner;
      boolean first = true;
      int j0 = simd ? WindowSimdF32.select(s, ro, taps[ow], inner, sel, base) : 0;
      for (int r : ro) {
        for (int t : taps[ow]) {
          int b = r + t;
          for (int j = j0; j < inner; j++) {
            float v = s[b + j];
            boolean take = first || !(best[j] >= v);                // branch-free selects: the compares are data-dependent
            best[j] = take ? v : best[j];
            sel[base + j] = take ? b + j : sel[base + j];
          }
          first = false;
        }
      }
      if (first) Arrays.fill(sel, base, base + inner, -1);
    }
  }

  private static void selectF64(double[] s, int[] ro, int[][] taps, int inner, int[] sel, int off) {
    double[] best = new double[inner];
    for (int ow = 0; ow < taps.length; ow++) {
      int base = off + ow * inner;
      boolean first = true;
      for (int r : ro) {
        for (int t : taps[ow]) {
          int b = r + t;
          for (int j = 0; j < inner; j++) {
            double v = s[b + j];
            boolean take = first || !(best[j] >= v);                // branch-free selects: the compares are data-dependent
            best[j] = take ? v : best[j];
            sel[base + j] = take ? b + j : sel[base + j];
          }
          first = false;
        }
      }
      if (first) Arrays.fill(sel, base, base + inner, -1);
    }
  }

  private static void selectI32(int[] s, int[] ro, int[][] taps, int inner, int[] sel, int off) {
    int[] best = new int[inner];
    for (int ow = 0; ow < taps.length; ow++) {
      int base = off + ow * inner;
      boolean first = true;
      for (int r : ro) {
        for (int t : taps[ow]) {
          int b = r + t;
          for (int j = 0; j < inner; j++) {
            int v = s[b + j];
            boolean take = first || best[j] < v;                // branch-free selects: the compares are data-dependent
            best[j] = take ? v : best[j];
            sel[base + j] = take ? b + j : sel[base + j];
          }
          first = false;
        }
      }
      if (first) Arrays.fill(sel, base, base + inner, -1);
    }
  }

  private static void selectI64(long[] s, int[] ro, int[][] taps, int inner, int[] sel, int off) {
    long[] best = new long[inner];
    for (int ow = 0; ow < taps.length; ow++) {
      int base = off + ow * inner;
      boolean first = true;
      for (int r : ro) {
        for (int t : taps[ow]) {
          int b = r + t;
          for (int j = 0; j < inner; j++) {
            long v = s[b + j];
            boolean take = first || best[j] < v;                // branch-free selects: the compares are data-dependent
            best[j] = take ? v : best[j];
            sel[base + j] = take ? b + j : sel[base + j];
          }
          first = false;
        }
      }
      if (first) Arrays.fill(sel, base, base + inner, -1);
    }
  }

  private static void tapsF32(Op op, float[] s, int[] ro, ReduceWindowPlan p, float[] d, int off) {
    int str = p.lastStride;
    for (int r : ro) {
      for (int k = 0; k < p.tapOff.length; k++) {
        int b = r + p.tapOff[k], e = p.tapEnd[k];
        switch (op) {
          case SUM -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] += s[b + ow * str]; }
          case PROD -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] *= s[b + ow * str]; }
          case MAX -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] = Math.max(d[off + ow], s[b + ow * str]); }
          case MIN -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] = Math.min(d[off + ow], s[b + ow * str]); }
        }
      }
    }
  }

  private static void tapsF64(Op op, double[] s, int[] ro, ReduceWindowPlan p, double[] d, int off) {
    int str = p.lastStride;
    for (int r : ro) {
      for (int k = 0; k < p.tapOff.length; k++) {
        int b = r + p.tapOff[k], e = p.tapEnd[k];
        switch (op) {
          case SUM -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] += s[b + ow * str]; }
          case PROD -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] *= s[b + ow * str]; }
          case MAX -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] = Math.max(d[off + ow], s[b + ow * str]); }
          case MIN -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] = Math.min(d[off + ow], s[b + ow * str]); }
        }
      }
    }
  }

  private static void tapsI32(Op op, int[] s, int[] ro, ReduceWindowPlan p, int[] d, int off) {
    int str = p.lastStride;
    for (int r : ro) {
      for (int k = 0; k < p.tapOff.length; k++) {
        int b = r + p.tapOff[k], e = p.tapEnd[k];
        switch (op) {
          case SUM -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] += s[b + ow * str]; }
          case PROD -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] *= s[b + ow * str]; }
          case MAX -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] = Math.max(d[off + ow], s[b + ow * str]); }
          case MIN -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] = Math.min(d[off + ow], s[b + ow * str]); }
        }
      }
    }
  }

  private static void tapsI64(Op op, long[] s, int[] ro, ReduceWindowPlan p, long[] d, int off) {
    int str = p.lastStride;
    for (int r : ro) {
      for (int k = 0; k < p.tapOff.length; k++) {
        int b = r + p.tapOff[k], e = p.tapEnd[k];
        switch (op) {
          case SUM -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] += s[b + ow * str]; }
          case PROD -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] *= s[b + ow * str]; }
          case MAX -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] = Math.max(d[off + ow], s[b + ow * str]); }
          case MIN -> { for (int ow = p.tapStart[k]; ow < e; ow++) d[off + ow] = Math.min(d[off + ow], s[b + ow * str]); }
        }
      }
    }
  }

  private static void selectTapsF32(float[] s, int[] ro, ReduceWindowPlan p, int[] sel, int off) {
    float[] best = new float[p.lastOut];
    Arrays.fill(best, Float.NaN);            // !(NaN >= v): the first tap always takes over, as XLA's ge select does
    int str = p.lastStride;
    for (int r : ro) {
      for (int k = 0; k < p.tapOff.length; k++) {
        int b = r + p.tapOff[k], e = p.tapEnd[k];
        for (int ow = p.tapStart[k]; ow < e; ow++) {
          float v = s[b + ow * str];
          if (!(best[ow] >= v)) { best[ow] = v; sel[off + ow] = b + ow * str; }
        }
      }
    }
  }

  private static void selectTapsF64(double[] s, int[] ro, ReduceWindowPlan p, int[] sel, int off) {
    double[] best = new double[p.lastOut];
    Arrays.fill(best, Double.NaN);           // !(NaN >= v): the first tap always takes over, as XLA's ge select does
    int str = p.lastStride;
    for (int r : ro) {
      for (int k = 0; k < p.tapOff.length; k++) {
        int b = r + p.tapOff[k], e = p.tapEnd[k];
        for (int ow = p.tapStart[k]; ow < e; ow++) {
          double v = s[b + ow * str];
          if (!(best[ow] >= v)) { best[ow] = v; sel[off + ow] = b + ow * str; }
        }
      }
    }
  }

  private static void selectTapsI32(int[] s, int[] ro, ReduceWindowPlan p, int[] sel, int off) {
    int[] best = new int[p.lastOut];
    int str = p.lastStride;
    for (int r : ro) {
      for (int k = 0; k < p.tapOff.length; k++) {
        int b = r + p.tapOff[k], e = p.tapEnd[k];
        for (int ow = p.tapStart[k]; ow < e; ow++) {
          int at = b + ow * str;
          int v = s[at];
          boolean take = sel[off + ow] < 0 || best[ow] < v;       // branch-free selects: the compares are data-dependent
          best[ow] = take ? v : best[ow];
          sel[off + ow] = take ? at : sel[off + ow];
        }
      }
    }
  }

  private static void selectTapsI64(long[] s, int[] ro, ReduceWindowPlan p, int[] sel, int off) {
    long[] best = new long[p.lastOut];
    int str = p.lastStride;
    for (int r : ro) {
      for (int k = 0; k < p.tapOff.length; k++) {
        int b = r + p.tapOff[k], e = p.tapEnd[k];
        for (int ow = p.tapStart[k]; ow < e; ow++) {
          int at = b + ow * str;
          long v = s[at];
          boolean take = sel[off + ow] < 0 || best[ow] < v;       // branch-free selects: the compares are data-dependent
          best[ow] = take ? v : best[ow];
          sel[off + ow] = take ? at : sel[off + ow];
        }
      }
    }
  }
}
