package io.graft.numerics.kernels;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;

/**
 * Two-operand elementwise kernels {@code z[i] = x[i] op y[i]} over one dtype; a rank-0 operand broadcasts.
 */
public final class BinaryKernels {
  /** The operations. */
  public enum Fn { ADD, SUB, MUL, DIV, MAX, MIN }

  private BinaryKernels() {}

  /** {@code x op y}, elementwise. */
  public static NdArray apply(Fn f, NdArray x, NdArray y) {
    Shape shape = x.rank() == 0 ? y.shape() : x.shape();
    int n = shape.size();
    int sx = x.size() == 1 && n != 1 ? 0 : 1, sy = y.size() == 1 && n != 1 ? 0 : 1;
    switch (x.dtype()) {
      case F32 -> {
        float[] a = x.f32(), b = y.f32(), o = new float[n];
        for (int i = 0; i < n; i++) {
          float u = a[i * sx], v = b[i * sy];
          o[i] = switch (f) {
            case ADD -> u + v; case SUB -> u - v; case MUL -> u * v; case DIV -> u / v;
            case MAX -> Math.max(u, v); case MIN -> Math.min(u, v);
          };
        }
        return NdArray.wrap(shape, o);
      }
      case F64 -> {
        double[] a = x.f64(), b = y.f64(), o = new double[n];
        for (int i = 0; i < n; i++) {
          double u = a[i * sx], v = b[i * sy];
          o[i] = switch (f) {
            case ADD -> u + v; case SUB -> u - v; case MUL -> u * v; case DIV -> u / v;
            case MAX -> Math.max(u, v); case MIN -> Math.min(u, v);
          };
        }
        return NdArray.wrap(shape, o);
      }
      case I32 -> {
        int[] a = x.i32(), b = y.i32(), o = new int[n];
        for (int i = 0; i < n; i++) {
          int u = a[i * sx], v = b[i * sy];
          o[i] = switch (f) {
            case ADD -> u + v; case SUB -> u - v; case MUL -> u * v; case DIV -> v == 0 ? 0 : u / v;
            case MAX -> Math.max(u, v); case MIN -> Math.min(u, v);
          };
        }
        return NdArray.wrap(shape, o);
      }
      case I64 -> {
        long[] a = x.i64(), b = y.i64(), o = new long[n];
        for (int i = 0; i < n; i++) {
          long u = a[i * sx], v = b[i * sy];
          o[i] = switch (f) {
            case ADD -> u + v; case SUB -> u - v; case MUL -> u * v; case DIV -> v == 0 ? 0 : u / v;
            case MAX -> Math.max(u, v); case MIN -> Math.min(u, v);
          };
        }
        return NdArray.wrap(shape, o);
      }
      case BOOL -> { }
    }
    throw new DTypeError(f.name().toLowerCase() + ": no kernel for " + x.dtype());
  }
}
