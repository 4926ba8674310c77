package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;

/**
 * The u32 cases of the kernels whose result depends on reading the bits as unsigned: order (comparisons, max/min,
 * arg max/min, their scans and windows) and division. Order goes through the bijection {@code x ^ 0x80000000},
 * which maps {@code 0..2^32-1} onto {@code MIN_VALUE..MAX_VALUE} monotonically, so the i32 loops order u32 values
 * correctly and their identities ({@code MIN_VALUE} for max) map back to the u32 ones (0). Addition, subtraction,
 * multiplication, negation and the bitwise ops need nothing here: they are the same bits as i32's.
 */
final class Unsigned {
  private Unsigned() {}

  /** {@code x} (u32) as the i32 array of the same order: each element's bits with the top bit flipped. */
  static NdArray toOrdered(NdArray x) {
    int[] a = x.u32(), o = new int[a.length];
    for (int i = 0; i < a.length; i++) o[i] = a[i] ^ Integer.MIN_VALUE;
    return NdArray.wrap(x.shape(), o);
  }

  /** The inverse of {@link #toOrdered}: an i32 array of ordered bits back as u32. */
  static NdArray fromOrdered(NdArray x) {
    int[] a = x.i32(), o = new int[a.length];
    for (int i = 0; i < a.length; i++) o[i] = a[i] ^ Integer.MIN_VALUE;
    return NdArray.wrapU32(x.shape(), o);
  }

  /**
   * {@code x / y} or {@code x rem y} on u32 values ({@link Integer#divideUnsigned}, {@link Integer#remainderUnsigned}),
   * with the i32 loops' convention for a zero divisor: {@code x / 0 = 0}, {@code x rem 0 = x}. One operand may be
   * rank-0 (it broadcasts).
   */
  static NdArray divRem(boolean div, NdArray x, NdArray y, Shape shape) {
    int n = shape.size();
    int[] a = x.u32(), b = y.u32(), o = new int[n];
    boolean ar = a.length != n, br = b.length != n;
    for (int i = 0; i < n; i++) {
      int p = a[ar ? 0 : i], q = b[br ? 0 : i];
      o[i] = q == 0 ? (div ? 0 : p) : div ? Integer.divideUnsigned(p, q) : Integer.remainderUnsigned(p, q);
    }
    return NdArray.wrapU32(shape, o);
  }

  /** True when {@code d} is u32: the kernels then route through this class. */
  static boolean is(DType d) { return d == DType.U32; }
}
