package io.graft.numerics;

/**
 * Element type conversion {@code y = (to) x}, the kernel behind {@code convert_element_type}.
 *
 * <p>C-style semantics as in XLA: float to int truncates toward zero (NaN becomes 0, out of range saturates as
 * Java's casts do), anything to bool is {@code x != 0}, bool to a number is 0/1. One loop per (from, to) pair.
 */
public final class Cast {
  private Cast() {}

  /** {@code x} converted to {@code to}; returns {@code x} itself when the dtype already matches. */
  public static NdArray cast(NdArray x, DType to) {
    if (x.dtype() == to) return x;
    int n = x.size();
    Object out = NdArray.newStore(to, n);
    switch (x.dtype()) {
      case F32 -> { float[] a = x.f32(); switch (to) {
        case F64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case I32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = (int) a[i]; }
        case I64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = (long) a[i]; }
        case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = a[i] != 0; }
        case F32 -> throw new AssertionError("same dtype handled above");
      } }
      case F64 -> { double[] a = x.f64(); switch (to) {
        case F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = (float) a[i]; }
        case I32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = (int) a[i]; }
        case I64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = (long) a[i]; }
        case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = a[i] != 0; }
        case F64 -> throw new AssertionError("same dtype handled above");
      } }
      case I32 -> { int[] a = x.i32(); switch (to) {
        case F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case F64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case I64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = a[i] != 0; }
        case I32 -> throw new AssertionError("same dtype handled above");
      } }
      case I64 -> { long[] a = x.i64(); switch (to) {
        case F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case F64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case I32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = (int) a[i]; }
        case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = a[i] != 0; }
        case I64 -> throw new AssertionError("same dtype handled above");
      } }
      case BOOL -> { boolean[] a = x.bool(); switch (to) {
        case F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = a[i] ? 1 : 0; }
        case F64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = a[i] ? 1 : 0; }
        case I32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = a[i] ? 1 : 0; }
        case I64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = a[i] ? 1 : 0; }
        case BOOL -> throw new AssertionError("same dtype handled above");
      } }
    }
    return NdArray.wrapStore(to, x.shape(), out);
  }
}
