package io.graft.numerics.kernels;

/**
 * Loops of {@link UnaryKernels#integerPow}: {@code x^y} by square-and-multiply over the bits of {@code |y|}
 * (JAX's {@code _integer_pow} expansion; the accumulator starts at 1, and {@code 1 * b} is exact, so the
 * products and their roundings are JAX's), then {@code 1 / acc} for {@code y < 0}. The common exponents 0, 1, 2 have their own loops.
 */
final class IntegerPowLoops {
  private IntegerPowLoops() {}

  static void f32(float[] a, int y, float[] o, int lo, int hi) {
    int m = Math.abs(y);
    if (m == 0) { java.util.Arrays.fill(o, lo, hi, 1f); return; }
    if (y == 1) { System.arraycopy(a, lo, o, lo, hi - lo); return; }
    if (y == 2) { for (int i = lo; i < hi; i++) o[i] = a[i] * a[i]; return; }
    for (int i = lo; i < hi; i++) {
      float b = a[i], acc = 1f;
      for (int e = m; ; ) {
        if ((e & 1) != 0) acc *= b;
        e >>>= 1;
        if (e == 0) break;
        b *= b;
      }
      o[i] = y < 0 ? 1f / acc : acc;
    }
  }

  static void f64(double[] a, int y, double[] o, int lo, int hi) {
    int m = Math.abs(y);
    if (m == 0) { java.util.Arrays.fill(o, lo, hi, 1.0); return; }
    if (y == 1) { System.arraycopy(a, lo, o, lo, hi - lo); return; }
    if (y == 2) { for (int i = lo; i < hi; i++) o[i] = a[i] * a[i]; return; }
    for (int i = lo; i < hi; i++) {
      double b = a[i], acc = 1;
      for (int e = m; ; ) {
        if ((e & 1) != 0) acc *= b;
        e >>>= 1;
        if (e == 0) break;
        b *= b;
      }
      o[i] = y < 0 ? 1 / acc : acc;
    }
  }

  static void i32(int[] a, int y, int[] o, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      int b = a[i], acc = 1;
      for (int e = y; e != 0; e >>>= 1) {
        if ((e & 1) != 0) acc *= b;
        b *= b;
      }
      o[i] = acc;
    }
  }

  static void i64(long[] a, int y, long[] o, int lo, int hi) {
    for (int i = lo; i < hi; i++) {
      long b = a[i], acc = 1;
      for (int e = y; e != 0; e >>>= 1) {
        if ((e & 1) != 0) acc *= b;
        b *= b;
      }
      o[i] = acc;
    }
  }
}
