package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;

/**
 * {@code broadcast_in_dim}: {@code out[idx] = x[idx restricted to dims]}, where operand axis {@code i} maps to
 * output axis {@code dims[i]} and has extent 1 or {@code shape[dims[i]]}.
 *
 * <p>Copies whole contiguous runs: the innermost output axes that come straight from the operand are copied with
 * {@code System.arraycopy}; broadcast inner axes repeat one element.
 */
public final class Broadcast {
  private Broadcast() {}

  /** {@code x} broadcast to {@code shape} with operand axis {@code i} at output axis {@code dims[i]}. */
  public static NdArray inDim(NdArray x, Shape shape, int[] dims) {
    int rank = shape.rank(), n = shape.size();
    int[] inStride = new int[rank];       // stride of each output axis in the operand (0 when broadcast)
    int[] xStrides = x.shape().strides();
    for (int i = 0; i < dims.length; i++) if (x.shape().dim(i) != 1) inStride[dims[i]] = xStrides[i];
    Object src = x.store(), dst = NdArray.newStore(x.dtype(), n);
    if (n == 0) return NdArray.wrapStore(x.dtype(), shape, dst);
    int inner = shape.rank() == 0 ? 1 : shape.dim(rank - 1);
    int innerStride = rank == 0 ? 0 : inStride[rank - 1];
    int[] idx = new int[rank];
    int outer = n / Math.max(1, inner);
    for (int o = 0, off = 0; o < outer; o++) {
      int base = 0;
      for (int k = 0; k < rank - 1; k++) base += idx[k] * inStride[k];
      if (innerStride == 1) System.arraycopy(src, base, dst, off, inner);
      else Copy.repeat(src, base, innerStride, dst, off, inner);
      off += inner;
      for (int k = rank - 2; k >= 0; k--) { if (++idx[k] < shape.dim(k)) break; idx[k] = 0; }
    }
    return NdArray.wrapStore(x.dtype(), shape, dst);
  }
}
