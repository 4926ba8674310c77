package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Stable sorting along one axis: {@link #argsort} gives, for every lane along the axis, the indices that order it
 * ascending, equal keys keeping their order ({@code jnp.argsort(x, stable=True)}). The order is total: floats as
 * {@link Float#compare} orders them ({@code -0.0 < 0.0}, NaN after +inf, as {@code lax.sort}), u32 by unsigned value,
 * bool false before true. 32-bit keys are packed with their index into one {@code long} (key in the high half, made
 * order-preserving as a signed int) and sorted as primitives; 64-bit keys sort boxed indices with a comparator.
 */
public final class Sorting {
  private Sorting() {}

  /** The stable ascending argsort of {@code x} along {@code axis} (in range), as an i32 array of {@code x}'s shape. */
  public static NdArray argsort(NdArray x, int axis) {
    Shape s = x.shape();
    int n = s.dim(axis), inner = 1;
    for (int i = axis + 1; i < s.rank(); i++) inner *= s.dim(i);
    int outer = n == 0 ? 0 : x.size() / (n * inner);
    int[] out = new int[x.size()];
    long[] packed = new long[n];
    Integer[] boxed = new Integer[n];
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        int base = o * n * inner + j;
        if (x.dtype().bits() <= 32) {
          for (int i = 0; i < n; i++) packed[i] = ((long) orderedInt(x, base + i * inner) << 32) | i;
          Arrays.sort(packed);
          for (int i = 0; i < n; i++) out[base + i * inner] = (int) packed[i];
        } else {
          for (int i = 0; i < n; i++) boxed[i] = i;
          Arrays.sort(boxed, comparator64(x, base, inner));            // TimSort: stable
          for (int i = 0; i < n; i++) out[base + i * inner] = boxed[i];
        }
      }
    }
    return NdArray.wrap(s, out);
  }

  /** Element {@code i} of a 32-bit (or bool) array as an int whose signed order is the key order. */
  private static int orderedInt(NdArray x, int i) {
    return switch (x.dtype()) {
      case I32 -> x.i32()[i];
      case U32 -> x.u32()[i] ^ Integer.MIN_VALUE;
      case F32 -> { int b = Float.floatToIntBits(x.f32()[i]); yield b >= 0 ? b : b ^ Integer.MAX_VALUE; }
      case BF16, F16 -> { int b = Float.floatToIntBits((float) x.getDouble(i)); yield b >= 0 ? b : b ^ Integer.MAX_VALUE; }
      case BOOL -> x.bool()[i] ? 1 : 0;
      case I8, U8 -> (int) x.getLong(i);
      case I64, F64 -> throw new AssertionError("64-bit keys sort with a comparator");
    };
  }

  /** Order of lane positions {@code i} (element {@code base + i * stride}) of a 64-bit array. */
  private static Comparator<Integer> comparator64(NdArray x, int base, int stride) {
    return switch (x.dtype()) {
      case I64 -> { long[] a = x.i64(); yield (p, q) -> Long.compare(a[base + p * stride], a[base + q * stride]); }
      case F64 -> { double[] a = x.f64(); yield (p, q) -> Double.compare(a[base + p * stride], a[base + q * stride]); }
      case I32, U32, F32, BF16, F16, BOOL, I8, U8 -> throw new AssertionError("32-bit and narrower keys sort packed");
    };
  }
}
