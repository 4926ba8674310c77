package io.graft.numerics.kernels;

/**
 * The loops of {@link SelectKernels}, one per dtype, over {@code [lo, hi)}. Strides are 1 for full operands and
 * 0 for rank-0 ones.
 */
final class SelectLoops {
  private SelectLoops() {}

  /** {@code out[i] = w[i*sw] ? t[i*st] : f[i*sf]}. */
  static void where(boolean[] w, int sw, Object t, int st, Object f, int sf, Object out, int lo, int hi) {
    switch (out) {
      case float[] o -> {
        float[] a = (float[]) t, b = (float[]) f;
        int i = lo;
        if (io.graft.numerics.Simd.AVAILABLE && sw == 1 && st == 1 && sf <= 1) i = SelectSimdF32.where(w, a, b, sf, o, lo, hi);
        for (; i < hi; i++) o[i] = w[i * sw] ? a[i * st] : b[i * sf];
      }
      case double[] o -> { double[] a = (double[]) t, b = (double[]) f; for (int i = lo; i < hi; i++) o[i] = w[i * sw] ? a[i * st] : b[i * sf]; }
      case int[] o -> { int[] a = (int[]) t, b = (int[]) f; for (int i = lo; i < hi; i++) o[i] = w[i * sw] ? a[i * st] : b[i * sf]; }
      case long[] o -> { long[] a = (long[]) t, b = (long[]) f; for (int i = lo; i < hi; i++) o[i] = w[i * sw] ? a[i * st] : b[i * sf]; }
      case boolean[] o -> { boolean[] a = (boolean[]) t, b = (boolean[]) f; for (int i = lo; i < hi; i++) o[i] = w[i * sw] ? a[i * st] : b[i * sf]; }
      case short[] o -> { short[] a = (short[]) t, b = (short[]) f; for (int i = lo; i < hi; i++) o[i] = w[i * sw] ? a[i * st] : b[i * sf]; }
      case byte[] o -> { byte[] a = (byte[]) t, b = (byte[]) f; for (int i = lo; i < hi; i++) o[i] = w[i * sw] ? a[i * st] : b[i * sf]; }
      default -> throw new AssertionError("unknown store " + out.getClass());
    }
  }

  /** {@code out[i] = cs[k][i*st[k]]} with {@code k = w[i*sw]} clamped into {@code [0, cs.length)}. */
  static void choose(int[] w, int sw, Object[] cs, int[] st, Object out, int lo, int hi) {
    int last = cs.length - 1;
    switch (out) {
      case float[] o -> {
        float[][] c = new float[cs.length][];
        for (int k = 0; k <= last; k++) c[k] = (float[]) cs[k];
        for (int i = lo; i < hi; i++) { int k = Math.clamp(w[i * sw], 0, last); o[i] = c[k][i * st[k]]; }
      }
      case double[] o -> {
        double[][] c = new double[cs.length][];
        for (int k = 0; k <= last; k++) c[k] = (double[]) cs[k];
        for (int i = lo; i < hi; i++) { int k = Math.clamp(w[i * sw], 0, last); o[i] = c[k][i * st[k]]; }
      }
      case int[] o -> {
        int[][] c = new int[cs.length][];
        for (int k = 0; k <= last; k++) c[k] = (int[]) cs[k];
        for (int i = lo; i < hi; i++) { int k = Math.clamp(w[i * sw], 0, last); o[i] = c[k][i * st[k]]; }
      }
      case long[] o -> {
        long[][] c = new long[cs.length][];
        for (int k = 0; k <= last; k++) c[k] = (long[]) cs[k];
        for (int i = lo; i < hi; i++) { int k = Math.clamp(w[i * sw], 0, last); o[i] = c[k][i * st[k]]; }
      }
      case boolean[] o -> {
        boolean[][] c = new boolean[cs.length][];
        for (int k = 0; k <= last; k++) c[k] = (boolean[]) cs[k];
        for (int i = lo; i < hi; i++) { int k = Math.clamp(w[i * sw], 0, last); o[i] = c[k][i * st[k]]; }
      }
      case short[] o -> {
        short[][] c = new short[cs.length][];
        for (int k = 0; k <= last; k++) c[k] = (short[]) cs[k];
        for (int i = lo; i < hi; i++) { int k = Math.clamp(w[i * sw], 0, last); o[i] = c[k][i * st[k]]; }
      }
      case byte[] o -> {
        byte[][] c = new byte[cs.length][];
        for (int k = 0; k <= last; k++) c[k] = (byte[]) cs[k];
        for (int i = lo; i < hi; i++) { int k = Math.clamp(w[i * sw], 0, last); o[i] = c[k][i * st[k]]; }
      }
      default -> throw new AssertionError("unknown store " + out.getClass());
    }
  }

  /** {@code out[i] = min(max(x[i], lo[i*sl]), hi[i*sh])}. */
  static void clamp(Object lo, int sl, Object x, Object hi, int sh, Object out, int from, int to) {
    switch (out) {
      case float[] o -> {
        float[] l = (float[]) lo, a = (float[]) x, h = (float[]) hi;
        for (int i = from; i < to; i++) o[i] = Math.min(Math.max(a[i], l[i * sl]), h[i * sh]);
      }
      case double[] o -> {
        double[] l = (double[]) lo, a = (double[]) x, h = (double[]) hi;
        for (int i = from; i < to; i++) o[i] = Math.min(Math.max(a[i], l[i * sl]), h[i * sh]);
      }
      case int[] o -> {
        int[] l = (int[]) lo, a = (int[]) x, h = (int[]) hi;
        for (int i = from; i < to; i++) o[i] = Math.min(Math.max(a[i], l[i * sl]), h[i * sh]);
      }
      case long[] o -> {
        long[] l = (long[]) lo, a = (long[]) x, h = (long[]) hi;
        for (int i = from; i < to; i++) o[i] = Math.min(Math.max(a[i], l[i * sl]), h[i * sh]);
      }
      default -> throw new AssertionError("clamp has no loop for " + out.getClass());
    }
  }
}
