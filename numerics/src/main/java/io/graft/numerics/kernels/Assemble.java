package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;

/**
 * Kernels that assemble a new array from pieces, over every dtype: pad (with negative and interior padding),
 * concatenate and iota. Copies go through {@link Strided#copy}. Arguments are assumed valid (the primitives'
 * type rules check them); inputs are never modified.
 *
 * <pre>{@code Assemble.pad(x, zero, new int[] {1}, new int[] {1}, new int[] {0})   // [1 2] -> [0 1 2 0]}</pre>
 */
public final class Assemble {
  private Assemble() {}

  /** The extent of an axis of {@code d} elements after padding {@code (lo, hi, interior)}. */
  public static long paddedExtent(int d, int lo, int hi, int interior) {
    return (long) lo + hi + d + (long) Math.max(0, d - 1) * interior;
  }

  /**
   * {@code lax.pad}: along each axis, {@code lo[k]} values before, {@code hi[k]} after and {@code interior[k]}
   * between neighbouring elements, all equal to the rank-0 {@code padValue}; negative {@code lo}/{@code hi}
   * remove elements from that end. Input element {@code i} lands at {@code lo + i * (interior + 1)}.
   */
  public static NdArray pad(NdArray x, NdArray padValue, int[] lo, int[] hi, int[] interior) {
    Layout.checkSameDType("pad", x, padValue);
    int rank = x.rank();
    int[] dims = new int[rank], count = new int[rank], src = x.shape().strides(), dst = new int[rank];
    int srcBase = 0, dstBase = 0;
    boolean empty = false;
    for (int k = 0; k < rank; k++) dims[k] = (int) paddedExtent(x.shape().dim(k), lo[k], hi[k], interior[k]);
    Shape shape = Shape.of(dims);
    int[] os = shape.strides();
    for (int k = 0; k < rank; k++) {
      int step = interior[k] + 1, d = x.shape().dim(k);
      int first = lo[k] >= 0 ? 0 : (int) ((-(long) lo[k] + step - 1) / step);
      long lastPos = (long) dims[k] - 1 - lo[k];                  // highest input position that still fits
      int end = lastPos < 0 ? 0 : (int) Math.min(d, lastPos / step + 1);
      count[k] = Math.max(0, end - first);
      empty |= count[k] == 0;
      srcBase += first * src[k];
      dstBase += (lo[k] + first * step) * os[k];
      dst[k] = os[k] * step;
    }
    Object out = NdArray.newStore(x.dtype(), shape.size());
    if (shape.size() > 0) Copy.fill(out, padValue.store());
    if (!empty) Strided.copy(x.store(), srcBase, src, out, dstBase, dst, count);
    return NdArray.wrapStore(x.dtype(), shape, out);
  }

  /** {@code xs} joined along {@code axis} (all of one dtype and rank, equal extents off {@code axis}). */
  public static NdArray concatenate(NdArray[] xs, int axis) {
    long[] dims = new long[xs[0].rank()];
    for (int k = 0; k < dims.length; k++) dims[k] = k == axis ? 0 : xs[0].shape().dim(k);
    for (NdArray x : xs) {
      Layout.checkSameDType("concatenate", xs[0], x);
      dims[axis] += x.shape().dim(axis);
    }
    Shape shape = Shape.checked("concatenate", () -> java.util.Arrays.stream(xs).map(x -> x.dtype() + "" + x.shape())
        .collect(java.util.stream.Collectors.joining(", ")), dims);
    int[] os = shape.strides();
    Object out = NdArray.newStore(xs[0].dtype(), shape.size());
    int offset = 0;
    for (NdArray x : xs) {
      Strided.copy(x.store(), 0, x.shape().strides(), out, offset * os[axis], os, x.shape().dims());
      offset += x.shape().dim(axis);
    }
    return NdArray.wrapStore(xs[0].dtype(), shape, out);
  }

  /** {@code out[i] = i[dimension]} as {@code dtype} (integer or floating) over {@code shape} ({@code lax.iota}). */
  public static NdArray iota(DType dtype, Shape shape, int dimension) {
    NdArray line = Layout.range(dtype, shape.dim(dimension));
    return shape.rank() == 1 ? line : Broadcast.inDim(line, shape, new int[] {dimension});
  }
}
