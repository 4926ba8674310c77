package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;

/**
 * XLA's gather and scatter semantics written out literally, one output (update) element at a time: compute the
 * batch coordinates, the start vector, the batching and window offsets, and the operand index. Slow and obvious:
 * the oracle for {@link GatherScatter}.
 */
final class GatherScatterReference {
  private GatherScatterReference() {}

  static Shape gatherShape(Shape indices, GatherScatter.Dims dims, int[] slice) {
    int rank = dims.windowDims().size() + indices.rank() - 1;
    int[] windowSizes = new int[dims.windowDims().size()];
    for (int d = 0, w = 0; d < slice.length; d++) if (!dims.notWindow(d)) windowSizes[w++] = slice[d];
    int[] out = new int[rank];
    for (int i = 0, w = 0, b = 0; i < rank; i++) out[i] = dims.windowDims().contains(i) ? windowSizes[w++] : indices.dim(b++);
    return Shape.of(out);
  }

  /** The operand flat index read by window-side position {@code pos}, or -1 if out of range (when not clipping). */
  static int operandIndex(Shape operand, NdArray indices, Shape win, int pos, GatherScatter.Dims dims, int[] window, boolean clip) {
    int[] o = unravel(pos, win);
    int nb = indices.rank() - 1, k = indices.shape().dim(nb);
    int[] g = new int[nb];
    for (int i = 0, j = 0; i < o.length; i++) if (!dims.windowDims().contains(i)) g[j++] = o[i];
    int[] in = new int[operand.rank()];
    int[] idxStrides = indices.shape().strides();
    for (int c = 0; c < k; c++) {
      int flat = c;
      for (int j = 0; j < nb; j++) flat += g[j] * idxStrides[j];
      long s = indices.getLong(flat);
      int d = dims.startDims().get(c), hi = operand.dim(d) - window[d];
      if (hi < 0) return -1;
      if (s < 0 || s > hi) {
        if (!clip) return -1;
        s = s < 0 ? 0 : hi;
      }
      in[d] += (int) s;
    }
    for (int i = 0; i < dims.operandBatchingDims().size(); i++)
      in[dims.operandBatchingDims().get(i)] += g[dims.indicesBatchingDims().get(i)];
    for (int d = 0, w = 0; d < operand.rank(); d++) if (!dims.notWindow(d)) in[d] += o[dims.windowDims().get(w++)];
    int flat = 0;
    int[] opStrides = operand.strides();
    for (int d = 0; d < operand.rank(); d++) flat += in[d] * opStrides[d];
    return flat;
  }

  static NdArray gather(NdArray operand, NdArray indices, GatherScatter.Dims dims, int[] slice, boolean fill) {
    Shape out = gatherShape(indices.shape(), dims, slice);
    boolean empty = false;
    for (int i = 0; i < dims.operandBatchingDims().size(); i++) empty |= slice[dims.operandBatchingDims().get(i)] == 0;
    int n = out.size();
    int[] src = new int[n], dst = new int[n];
    int m = 0;
    boolean[] filled = new boolean[n];
    for (int p = 0; p < n; p++) {
      int s = empty ? -1 : operandIndex(operand.shape(), indices, out, p, dims, slice, !fill);
      if (s >= 0) { src[m] = s; dst[m] = p; m++; } else filled[p] = true;
    }
    Object store = NdArray.newStore(operand.dtype(), n);
    Copy.indexed(operand.store(), java.util.Arrays.copyOf(src, m), store, java.util.Arrays.copyOf(dst, m));
    NdArray fillArr = NdArray.full(operand.dtype(), Shape.of(1), fill ? GatherScatter.fillValue(operand.dtype()) : 0);
    for (int p = 0; p < n; p++) if (filled[p]) Copy.indexed(fillArr.store(), new int[] {0}, store, new int[] {p});
    return NdArray.wrapStore(operand.dtype(), out, store);
  }

  static NdArray scatterAdd(NdArray operand, NdArray indices, NdArray updates, GatherScatter.Dims dims, boolean clip) {
    int[] window = new int[operand.rank()];
    for (int d = 0, w = 0; d < window.length; d++)
      window[d] = dims.notWindow(d) ? 1 : updates.shape().dim(dims.windowDims().get(w++));
    double[] acc = new double[operand.size()];
    for (int i = 0; i < acc.length; i++) acc[i] = operand.getDouble(i);
    for (int u = 0; u < updates.size(); u++) {
      int t = operandIndex(operand.shape(), indices, updates.shape(), u, dims, window, clip);
      if (t >= 0) acc[t] += updates.getDouble(u);
    }
    return NdArray.wrap(operand.shape(), acc).astype(operand.dtype());
  }

  private static int[] unravel(int flat, Shape s) {
    int[] o = new int[s.rank()];
    for (int i = s.rank() - 1; i >= 0; i--) { o[i] = flat % s.dim(i); flat /= s.dim(i); }
    return o;
  }

}
