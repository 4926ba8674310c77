package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Random;

/** Random test arrays and element-by-element comparison for the kernel tests. */
final class Naive {
  private Naive() {}

  /** Random values of {@code dt}: floats in [lo, hi), ints in [-3, 3] (u32: 0..3 and 2^32-3..2^32-1), bools fair. */
  static NdArray random(DType dt, Shape s, Random rnd, double lo, double hi) {
    int n = s.size();
    return switch (dt) {
      case F32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * rnd.nextDouble()); yield NdArray.wrap(s, a); }
      case F64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rnd.nextDouble(); yield NdArray.wrap(s, a); }
      case I32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextInt(7) - 3; yield NdArray.wrap(s, a); }
      case I64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextInt(7) - 3; yield NdArray.wrap(s, a); }
      case U32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextInt(7) - 3; yield NdArray.wrapU32(s, a); }   // -3..-1: 2^32-3..2^32-1
      case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = rnd.nextBoolean(); yield NdArray.wrap(s, a); }
      case BF16, F16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = io.graft.numerics.Half.round(dt, lo + (hi - lo) * rnd.nextDouble()); yield NdArray.wrapHalf(dt, s, a); }
      case I8, U8 -> { byte[] a = new byte[n]; for (int i = 0; i < n; i++) a[i] = (byte) (rnd.nextInt(7) - 3); yield NdArray.wrapBytes(dt, s, a); }
    };
  }

  /** The dtypes the computing kernels take: all but bf16, f16, i8 and u8, which reach them widened (trace's HalfPrecision). */
  static DType[] computed() {
    return java.util.Arrays.stream(DType.values()).filter(d -> !d.isHalf() && !d.isByte()).toArray(DType[]::new);
  }

  /** Row-major multi-index of flat {@code i}. */
  static int[] unravel(Shape s, int i) {
    int[] idx = new int[s.rank()];
    for (int d = s.rank() - 1; d >= 0; d--) { idx[d] = i % s.dim(d); i /= s.dim(d); }
    return idx;
  }

  /** Flat index of a multi-index. */
  static int ravel(Shape s, int[] idx) {
    int f = 0;
    for (int d = 0; d < s.rank(); d++) f = f * s.dim(d) + idx[d];
    return f;
  }

  /**
   * Asserts same shape, dtype and elements; floats within {@code rtol * scale} where {@code scale} is 1 plus the
   * magnitude of the expected element (NaN must match NaN, infinities exactly).
   */
  static void assertClose(NdArray want, NdArray got, double rtol, String what) {
    assertEquals(want.shape(), got.shape(), what + ": shape");
    assertEquals(want.dtype(), got.dtype(), what + ": dtype");
    for (int i = 0; i < want.size(); i++) {
      if (!want.dtype().isFloating()) {
        assertEquals(want.getLong(i), got.getLong(i), what + " at " + i);
        continue;
      }
      double w = want.getDouble(i), g = got.getDouble(i);
      if (Double.isNaN(w) || Double.isInfinite(w)) { assertEquals(w, g, what + " at " + i); continue; }
      assertTrue(Math.abs(w - g) <= rtol * (1 + Math.abs(w)), what + " at " + i + ": want " + w + " got " + g);
    }
  }
}
