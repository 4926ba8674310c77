package io.graft.numerics.kernels;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;

/**
 * One-operand elementwise kernels {@code y[i] = f(x[i])}: one loop per (function, dtype), f32 computed in f32.
 */
public final class UnaryKernels {
  /** The functions. */
  public enum Fn { NEG, SIN, COS, EXP, LOG, TANH }

  private UnaryKernels() {}

  /** {@code f} applied to every element of {@code x}. */
  public static NdArray apply(Fn f, NdArray x) {
    int n = x.size();
    switch (x.dtype()) {
      case F32 -> {
        float[] a = x.f32(), o = new float[n];
        switch (f) {
          case NEG -> { for (int i = 0; i < n; i++) o[i] = -a[i]; }
          case SIN -> { for (int i = 0; i < n; i++) o[i] = (float) Math.sin(a[i]); }
          case COS -> { for (int i = 0; i < n; i++) o[i] = (float) Math.cos(a[i]); }
          case EXP -> { for (int i = 0; i < n; i++) o[i] = (float) Math.exp(a[i]); }
          case LOG -> { for (int i = 0; i < n; i++) o[i] = (float) Math.log(a[i]); }
          case TANH -> { for (int i = 0; i < n; i++) o[i] = (float) Math.tanh(a[i]); }
        }
        return NdArray.wrap(x.shape(), o);
      }
      case F64 -> {
        double[] a = x.f64(), o = new double[n];
        switch (f) {
          case NEG -> { for (int i = 0; i < n; i++) o[i] = -a[i]; }
          case SIN -> { for (int i = 0; i < n; i++) o[i] = Math.sin(a[i]); }
          case COS -> { for (int i = 0; i < n; i++) o[i] = Math.cos(a[i]); }
          case EXP -> { for (int i = 0; i < n; i++) o[i] = Math.exp(a[i]); }
          case LOG -> { for (int i = 0; i < n; i++) o[i] = Math.log(a[i]); }
          case TANH -> { for (int i = 0; i < n; i++) o[i] = Math.tanh(a[i]); }
        }
        return NdArray.wrap(x.shape(), o);
      }
      case I32 -> {
        if (f != Fn.NEG) break;
        int[] a = x.i32(), o = new int[n];
        for (int i = 0; i < n; i++) o[i] = -a[i];
        return NdArray.wrap(x.shape(), o);
      }
      case I64 -> {
        if (f != Fn.NEG) break;
        long[] a = x.i64(), o = new long[n];
        for (int i = 0; i < n; i++) o[i] = -a[i];
        return NdArray.wrap(x.shape(), o);
      }
      case BOOL -> { }
    }
    throw new DTypeError(f.name().toLowerCase() + ": no kernel for " + x.dtype());
  }
}
