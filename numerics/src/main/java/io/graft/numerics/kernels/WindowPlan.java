package io.graft.numerics.kernels;

import io.graft.numerics.Shape;

/**
 * The geometry shared by gather and scatter: how a batch position maps to base offsets in the operand and in the
 * window-side array (gather's output, scatter's updates), and the window as rows of contiguous runs.
 *
 * <p>Window axes of size 1 are skipped; from the innermost window axis outwards, axes whose stride equals the run
 * so far in both arrays merge into one contiguous run, so an embedding lookup moves whole rows at once.
 */
final class WindowPlan {
  final int batches;         // product of the indices' batch shape (all axes but the last)
  final boolean emptyWindow; // a batching axis has window size 0: the window holds no operand element
  final int[] opRow, winRow; // start offset of each window row in the operand / window-side array
  final int run;             // contiguous elements per row

  private final int k;                 // index-vector length
  private final int[] startDim;        // operand axis of each index component
  private final int[] startMax;        // largest valid start per component (operand dim - window); < 0: none
  private final int[] startStride;     // operand stride of each component's axis
  private final int[] batchExtent;     // the indices' batch shape
  private final int[] batchOpStride;   // operand stride per batch axis (0 unless it is an indices batching axis)
  private final int[] batchWinStride;  // window-side stride per batch axis

  private WindowPlan(int batches, boolean emptyWindow, int[] opRow, int[] winRow, int run, int k, int[] startDim,
                     int[] startMax, int[] startStride, int[] batchExtent, int[] batchOpStride, int[] batchWinStride) {
    this.batches = batches;
    this.emptyWindow = emptyWindow;
    this.opRow = opRow;
    this.winRow = winRow;
    this.run = run;
    this.k = k;
    this.startDim = startDim;
    this.startMax = startMax;
    this.startStride = startStride;
    this.batchExtent = batchExtent;
    this.batchOpStride = batchOpStride;
    this.batchWinStride = batchWinStride;
  }

  /**
   * The plan for {@code operand}, {@code indices} (index vector last) and the window-side array {@code win}, with
   * {@code window[d]} the window extent along operand axis {@code d}.
   */
  static WindowPlan of(Shape operand, Shape indices, Shape win, GatherScatter.Dims dims, int[] window) {
    int[] opStride = operand.strides(), winStride = win.strides();
    int k = indices.dim(indices.rank() - 1);
    int[] startDim = dims.startDims().toArray(), startMax = new int[k], startStride = new int[k];
    for (int c = 0; c < k; c++) {
      startMax[c] = operand.dim(startDim[c]) - window[startDim[c]];
      startStride[c] = opStride[startDim[c]];
    }
    int nb = indices.rank() - 1, batches = 1;
    int[] batchExtent = new int[nb], batchOpStride = new int[nb], batchWinStride = new int[nb];
    for (int j = 0, w = 0; j < nb; j++) {
      batchExtent[j] = indices.dim(j);
      batches *= batchExtent[j];
      while (dims.windowDims().contains(w)) w++;
      batchWinStride[j] = winStride[w++];
    }
    boolean empty = false;
    for (int i = 0; i < dims.operandBatchingDims().size(); i++) {
      int d = dims.operandBatchingDims().get(i);
      batchOpStride[dims.indicesBatchingDims().get(i)] = opStride[d];
      empty |= window[d] == 0;
    }
    int[][] rows = rows(operand, win, dims);
    int run = rows[2][0];
    return new WindowPlan(batches, empty, rows[0], rows[1], run, k, startDim, startMax, startStride, batchExtent,
        batchOpStride, batchWinStride);
  }

  /**
   * The window as rows: {@code {opRow, winRow, {run}}}. Window axes of extent 1 are skipped; from the innermost axis
   * out, axes whose stride equals the run so far in both arrays merge into the run.
   */
  private static int[][] rows(Shape operand, Shape win, GatherScatter.Dims dims) {
    int[] opStride = operand.strides(), winStride = win.strides();
    int nw = dims.windowDims().size();
    int[] size = new int[nw], os = new int[nw], ws = new int[nw];
    int m = 0;
    for (int d = 0, w = 0; d < operand.rank(); d++) {
      if (dims.notWindow(d)) continue;
      int wd = dims.windowDims().get(w++);
      if (win.dim(wd) == 1) continue;
      size[m] = win.dim(wd); os[m] = opStride[d]; ws[m] = winStride[wd]; m++;
    }
    int run = 1;
    while (m > 0 && os[m - 1] == run && ws[m - 1] == run) run *= size[--m];
    int rows = 1;
    for (int i = 0; i < m; i++) rows *= size[i];
    int[] opRow = new int[rows], winRow = new int[rows], c = new int[m];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < m; i++) { opRow[r] += c[i] * os[i]; winRow[r] += c[i] * ws[i]; }
      for (int i = m - 1; i >= 0; i--) { if (++c[i] < size[i]) break; c[i] = 0; }
    }
    return new int[][] {opRow, winRow, {run}};
  }

  /** Elements in one window. */
  int windowElements() { return opRow.length * run; }

  /**
   * Base offsets of batch positions {@code [lo, lo + n)}: {@code opBase[i]} into the operand (-1 when a start is
   * out of range and {@code clip} is false, or when no start is valid at all) and {@code winBase[i]} into the
   * window-side array.
   */
  void bases(long[] idx, int lo, int n, boolean clip, int[] opBase, int[] winBase) {
    int nb = batchExtent.length;
    for (int i = 0; i < n; i++) {
      int b = lo + i, rest = b, op = 0, win = 0;
      for (int j = nb - 1; j >= 0; j--) {
        int cj = rest % batchExtent[j];
        rest /= batchExtent[j];
        op += cj * batchOpStride[j];
        win += cj * batchWinStride[j];
      }
      for (int c = 0; c < k && op >= 0; c++) {
        long s = idx[b * k + c];
        int max = startMax[c];
        if (max < 0) op = -1;
        else if (s >= 0 && s <= max) op += (int) s * startStride[c];
        else if (clip) op += (s < 0 ? 0 : max) * startStride[c];
        else op = -1;
      }
      opBase[i] = op;
      winBase[i] = win;
    }
  }
}
