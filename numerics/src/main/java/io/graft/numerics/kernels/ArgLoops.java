package io.graft.numerics.kernels;

/**
 * The sequential argmax/argmin loops: {@code out[oOff + j] = index k < r of the extreme of
 * src[so + k * inner + j]} for {@code j} in {@code [j0, j1)}. Ties keep the first index; for floats a NaN is the
 * extreme (the first NaN wins), as in JAX. Bool is read directly
 * (false < true: argmax is the first true, argmin the first false).
 */
final class ArgLoops {
  private ArgLoops() {}

  static void arg(boolean max, Object src, int so, int r, int inner, int[] out, int oOff, int j0, int j1) {
    switch (src) {
      case float[] s -> f32(max, s, so, r, inner, out, oOff, j0, j1);
      case double[] s -> f64(max, s, so, r, inner, out, oOff, j0, j1);
      case int[] s -> i32(max, s, so, r, inner, out, oOff, j0, j1);
      case long[] s -> i64(max, s, so, r, inner, out, oOff, j0, j1);
      case boolean[] s -> bool(max, s, so, r, inner, out, oOff, j0, j1);
      default -> throw new IllegalArgumentException("argmax/argmin: unsupported store " + src.getClass());
    }
  }

  private static void f32(boolean max, float[] s, int so, int r, int inner, int[] out, int oOff, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      float best = s[so + j];
      int bi = 0;
      for (int k = 1; k < r && best == best; k++) {
        float v = s[so + k * inner + j];
        if ((max ? v > best : v < best) || v != v) { best = v; bi = k; }
      }
      out[oOff + j] = bi;
    }
  }

  private static void f64(boolean max, double[] s, int so, int r, int inner, int[] out, int oOff, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      double best = s[so + j];
      int bi = 0;
      for (int k = 1; k < r && best == best; k++) {
        double v = s[so + k * inner + j];
        if ((max ? v > best : v < best) || v != v) { best = v; bi = k; }
      }
      out[oOff + j] = bi;
    }
  }

  private static void i32(boolean max, int[] s, int so, int r, int inner, int[] out, int oOff, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      int best = s[so + j], bi = 0;
      for (int k = 1; k < r; k++) {
        int v = s[so + k * inner + j];
        if (max ? v > best : v < best) { best = v; bi = k; }
      }
      out[oOff + j] = bi;
    }
  }

  private static void i64(boolean max, long[] s, int so, int r, int inner, int[] out, int oOff, int j0, int j1) {
    for (int j = j0; j < j1; j++) {
      long best = s[so + j];
      int bi = 0;
      for (int k = 1; k < r; k++) {
        long v = s[so + k * inner + j];
        if (max ? v > best : v < best) { best = v; bi = k; }
      }
      out[oOff + j] = bi;
    }
  }

  private static void bool(boolean max, boolean[] s, int so, int r, int inner, int[] out, int oOff, int j0, int j1) {
    boolean want = max;                                   // the extreme: true for argmax, false for argmin
    for (int j = j0; j < j1; j++) {
      int bi = 0;
      for (int k = 0; k < r; k++) if (s[so + k * inner + j] == want) { bi = k; break; }
      out[oOff + j] = bi;
    }
  }
}
