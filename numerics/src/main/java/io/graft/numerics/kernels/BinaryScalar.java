package io.graft.numerics.kernels;

import io.graft.numerics.kernels.BinaryKernels.Fn;

/**
 * The scalar loops behind {@link BinaryKernels}: {@code o[oi+k] = a[ai+k] op b[bi+k]} for {@code k < n}, one loop
 * per (operation, dtype), the switch outside the loop. f32 {@code pow}/{@code atan2} are computed in double and
 * rounded once; the other f32 operations are exact IEEE float operations.
 */
final class BinaryScalar {
  private BinaryScalar() {}

  static void f32(Fn f, float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    switch (f) {
      case ADD -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] + b[bi + k]; }
      case SUB -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] - b[bi + k]; }
      case MUL -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] * b[bi + k]; }
      case DIV -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] / b[bi + k]; }
      case REM -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] % b[bi + k]; }
      case POW -> { for (int k = 0; k < n; k++) o[oi + k] = (float) Math.pow(a[ai + k], b[bi + k]); }
      case MAX -> { for (int k = 0; k < n; k++) o[oi + k] = Math.max(a[ai + k], b[bi + k]); }
      case MIN -> { for (int k = 0; k < n; k++) o[oi + k] = Math.min(a[ai + k], b[bi + k]); }
      case ATAN2 -> { for (int k = 0; k < n; k++) o[oi + k] = (float) Math.atan2(a[ai + k], b[bi + k]); }
      case NEXTAFTER -> { for (int k = 0; k < n; k++) o[oi + k] = Math.nextAfter(a[ai + k], (double) b[bi + k]); }
      case AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_LOGICAL, SHIFT_RIGHT_ARITHMETIC -> throw new AssertionError(f + " has no f32 loop");
    }
  }

  static void f64(Fn f, double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    switch (f) {
      case ADD -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] + b[bi + k]; }
      case SUB -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] - b[bi + k]; }
      case MUL -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] * b[bi + k]; }
      case DIV -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] / b[bi + k]; }
      case REM -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] % b[bi + k]; }
      case POW -> { for (int k = 0; k < n; k++) o[oi + k] = Math.pow(a[ai + k], b[bi + k]); }
      case MAX -> { for (int k = 0; k < n; k++) o[oi + k] = Math.max(a[ai + k], b[bi + k]); }
      case MIN -> { for (int k = 0; k < n; k++) o[oi + k] = Math.min(a[ai + k], b[bi + k]); }
      case ATAN2 -> { for (int k = 0; k < n; k++) o[oi + k] = Math.atan2(a[ai + k], b[bi + k]); }
      case NEXTAFTER -> { for (int k = 0; k < n; k++) o[oi + k] = Math.nextAfter(a[ai + k], b[bi + k]); }
      case AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_LOGICAL, SHIFT_RIGHT_ARITHMETIC -> throw new AssertionError(f + " has no f64 loop");
    }
  }

  static void i32(Fn f, int[] a, int ai, int[] b, int bi, int[] o, int oi, int n) {
    switch (f) {
      case ADD -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] + b[bi + k]; }
      case SUB -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] - b[bi + k]; }
      case MUL -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] * b[bi + k]; }
      case DIV -> { for (int k = 0; k < n; k++) o[oi + k] = b[bi + k] == 0 ? 0 : a[ai + k] / b[bi + k]; }
      case REM -> { for (int k = 0; k < n; k++) o[oi + k] = b[bi + k] == 0 ? a[ai + k] : a[ai + k] % b[bi + k]; }
      case MAX -> { for (int k = 0; k < n; k++) o[oi + k] = Math.max(a[ai + k], b[bi + k]); }
      case MIN -> { for (int k = 0; k < n; k++) o[oi + k] = Math.min(a[ai + k], b[bi + k]); }
      case AND -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & b[bi + k]; }
      case OR -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | b[bi + k]; }
      case XOR -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] ^ b[bi + k]; }
      case SHIFT_LEFT -> { for (int k = 0; k < n; k++) o[oi + k] = Integer.compareUnsigned(b[bi + k], 32) < 0 ? a[ai + k] << b[bi + k] : 0; }
      case SHIFT_RIGHT_LOGICAL -> { for (int k = 0; k < n; k++) o[oi + k] = Integer.compareUnsigned(b[bi + k], 32) < 0 ? a[ai + k] >>> b[bi + k] : 0; }
      case SHIFT_RIGHT_ARITHMETIC -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >> (Integer.compareUnsigned(b[bi + k], 32) < 0 ? b[bi + k] : 31); }
      case POW, ATAN2, NEXTAFTER -> throw new AssertionError(f + " has no i32 loop");
    }
  }

  static void i64(Fn f, long[] a, int ai, long[] b, int bi, long[] o, int oi, int n) {
    switch (f) {
      case ADD -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] + b[bi + k]; }
      case SUB -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] - b[bi + k]; }
      case MUL -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] * b[bi + k]; }
      case DIV -> { for (int k = 0; k < n; k++) o[oi + k] = b[bi + k] == 0 ? 0 : a[ai + k] / b[bi + k]; }
      case REM -> { for (int k = 0; k < n; k++) o[oi + k] = b[bi + k] == 0 ? a[ai + k] : a[ai + k] % b[bi + k]; }
      case MAX -> { for (int k = 0; k < n; k++) o[oi + k] = Math.max(a[ai + k], b[bi + k]); }
      case MIN -> { for (int k = 0; k < n; k++) o[oi + k] = Math.min(a[ai + k], b[bi + k]); }
      case AND -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & b[bi + k]; }
      case OR -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | b[bi + k]; }
      case XOR -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] ^ b[bi + k]; }
      case SHIFT_LEFT -> { for (int k = 0; k < n; k++) o[oi + k] = Long.compareUnsigned(b[bi + k], 64) < 0 ? a[ai + k] << b[bi + k] : 0; }
      case SHIFT_RIGHT_LOGICAL -> { for (int k = 0; k < n; k++) o[oi + k] = Long.compareUnsigned(b[bi + k], 64) < 0 ? a[ai + k] >>> b[bi + k] : 0; }
      case SHIFT_RIGHT_ARITHMETIC -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] >> (Long.compareUnsigned(b[bi + k], 64) < 0 ? b[bi + k] : 63); }
      case POW, ATAN2, NEXTAFTER -> throw new AssertionError(f + " has no i64 loop");
    }
  }

  static void bool(Fn f, boolean[] a, int ai, boolean[] b, int bi, boolean[] o, int oi, int n) {
    switch (f) {
      case AND -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & b[bi + k]; }
      case OR -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | b[bi + k]; }
      case XOR -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] ^ b[bi + k]; }
      case MAX -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] | b[bi + k]; }
      case MIN -> { for (int k = 0; k < n; k++) o[oi + k] = a[ai + k] & b[bi + k]; }
      default -> throw new AssertionError(f + " has no bool loop");
    }
  }
}
