package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.Value;
import io.vavr.collection.Vector;

/**
 * Batching rules of {@link Gather} and {@link ScatterAdd} that take the batch axis natively, in place of JAX's
 * move-to-front ({@code _gather_batching_rule}, {@code _scatter_batching_rule}); only the dimension numbers change:
 * <ul>
 *   <li>indices unmapped: the batch axis is one more window axis of the operand (slice size {@code size}), placed
 *       in the output (updates) after the window axes that precede it in the operand;</li>
 *   <li>indices mapped: the batch axis is one more batching axis pair, operand axis with indices axis (slice size
 *       1), and in the output (updates) it sits among the batch axes where the indices have it.</li>
 * </ul>
 * A value is transposed only when it must be: indices whose batch axis is last (the index vector must stay last),
 * and updates whose batch axis is not where the operand's window order puts it. Unmapped scatter operands and
 * updates are broadcast, since the result varies along the batch. Out-of-range handling is unchanged: the batch
 * axis is never part of a start index, so it is never clipped or filled.
 */
final class IndexingBatching {
  private IndexingBatching() {}

  /** {@code g} on a batch; the result's batch axis. */
  static Batched gather(Gather g, Vector<Value> args, Ints bdims, int size) {
    GatherDims d = g.dims();
    Value x = args.get(0), idx = args.get(1);
    int od = bdims.get(0), ib = bdims.get(1);
    if (ib == Batched.NOT_MAPPED) {   // a window axis of the operand
      int w = countBelow(windowAxes(x.type().rank() - 1, d.collapsedSliceDims(), d.operandBatchingDims()), od);
      int p = windowSlot(d.offsetDims(), w);
      GatherDims nd = new GatherDims(insertAt(bump(d.offsetDims(), p), w, p), bump(d.collapsedSliceDims(), od),
          bump(d.startIndexMap(), od), bump(d.operandBatchingDims(), od), d.startIndicesBatchingDims());
      return bind(new Gather(nd, insertAt(g.sliceSizes(), od, size), g.mode(), g.fillValue()), x, idx, p);
    }
    if (ib == idx.type().rank() - 1) idx = Batching.moveAxis(idx, ib, --ib);
    int p = nthBatchAxis(d.offsetDims(), ib);
    Ints offsets = bump(d.offsetDims(), p), indicesBatching = bump(d.startIndicesBatchingDims(), ib);
    if (od == Batched.NOT_MAPPED)   // one more batch axis of the indices
      return bind(new Gather(new GatherDims(offsets, d.collapsedSliceDims(), d.startIndexMap(), d.operandBatchingDims(),
          indicesBatching), g.sliceSizes(), g.mode(), g.fillValue()), x, idx, p);
    Ints operandBatching = bump(d.operandBatchingDims(), od);   // both: one more batching axis pair
    int k = countBelow(operandBatching, od);
    GatherDims nd = new GatherDims(offsets, bump(d.collapsedSliceDims(), od), bump(d.startIndexMap(), od),
        insertAt(operandBatching, k, od), insertAt(indicesBatching, k, ib));
    return bind(new Gather(nd, insertAt(g.sliceSizes(), od, Math.min(size, 1)), g.mode(), g.fillValue()), x, idx, p);
  }

  /** {@code s} on a batch; the result's batch axis (the operand's). */
  static Batched scatterAdd(ScatterAdd s, Vector<Value> args, Ints bdims, int size) {
    ScatterDims d = s.dims();
    Value x = args.get(0), idx = args.get(1), upd = args.get(2);
    int od = bdims.get(0), ib = bdims.get(1), ud = bdims.get(2);
    Ints u = d.updateWindowDims();
    if (ib == Batched.NOT_MAPPED) {   // a window axis of the operand and the updates
      int rank = x.type().rank() - (od == Batched.NOT_MAPPED ? 0 : 1);
      Ints windows = windowAxes(rank, d.insertedWindowDims(), d.operandBatchingDims());
      int w = od != Batched.NOT_MAPPED ? countBelow(windows, od) : countBelow(u, ud);
      int at = od != Batched.NOT_MAPPED ? od : windowSlot(windows, w);
      int q = ud != Batched.NOT_MAPPED && countBelow(u, ud) == w ? ud : windowSlot(u, w);
      ScatterDims nd = new ScatterDims(insertAt(bump(u, q), w, q), bump(d.insertedWindowDims(), at),
          bump(d.scatterDimsToOperandDims(), at), bump(d.operandBatchingDims(), at), d.scatterIndicesBatchingDims());
      return scatter(new ScatterAdd(nd, s.mode()), x, od, at, idx, upd, ud, q, size);
    }
    if (ib == idx.type().rank() - 1) idx = Batching.moveAxis(idx, ib, --ib);
    int at = od == Batched.NOT_MAPPED ? 0 : od;   // one more batching axis pair
    int q = ud != Batched.NOT_MAPPED && ud - countBelow(u, ud) == ib ? ud : nthBatchAxis(u, ib);
    Ints operandBatching = bump(d.operandBatchingDims(), at);
    int k = countBelow(operandBatching, at);
    ScatterDims nd = new ScatterDims(bump(u, q), bump(d.insertedWindowDims(), at), bump(d.scatterDimsToOperandDims(), at),
        insertAt(operandBatching, k, at), insertAt(bump(d.scatterIndicesBatchingDims(), ib), k, ib));
    return scatter(new ScatterAdd(nd, s.mode()), x, od, at, idx, upd, ud, q, size);
  }

  private static Batched scatter(ScatterAdd s, Value x, int od, int at, Value idx, Value upd, int ud, int q, int size) {
    Value operand = Batching.moveTo(new Batched(x, od), at, size), updates = Batching.moveTo(new Batched(upd, ud), q, size);
    return new Batched(Bind.bind1(s, operand, idx, updates), at);
  }

  private static Batched bind(Gather g, Value x, Value idx, int outDim) { return new Batched(Bind.bind1(g, x, idx), outDim); }

  /** The axes of a rank-{@code rank} operand in neither list, ascending. */
  private static Ints windowAxes(int rank, Ints dropped, Ints batching) {
    int[] r = new int[rank];
    int n = 0;
    for (int a = 0; a < rank; a++) if (!dropped.contains(a) && !batching.contains(a)) r[n++] = a;
    return Ints.of(java.util.Arrays.copyOf(r, n));
  }

  /** How many entries of {@code xs} are below {@code v}. */
  private static int countBelow(Ints xs, int v) {
    int n = 0;
    for (int i = 0; i < xs.size(); i++) if (xs.get(i) < v) n++;
    return n;
  }

  /**
   * Where a new axis goes so that exactly {@code w} of the (ascending) {@code windows} stay below it: just before
   * window {@code w}, or just after the last window.
   */
  private static int windowSlot(Ints windows, int w) {
    if (w < windows.size()) return windows.get(w);
    return w == 0 ? 0 : windows.get(w - 1) + 1;
  }

  /**
   * Where a new axis goes so that it is the {@code n}-th of the axes outside {@code windowDims} (which then shift
   * past it): the smallest {@code p} with {@code n} non-window axes below it.
   */
  private static int nthBatchAxis(Ints windowDims, int n) {
    int p = 0;
    while (p - countBelow(windowDims, p) < n) p++;
    return p;
  }

  /** {@code xs} renumbered for a new axis at {@code at}: entries {@code >= at} move up by one. */
  private static Ints bump(Ints xs, int at) {
    int[] r = xs.toArray();
    for (int i = 0; i < r.length; i++) if (r[i] >= at) r[i]++;
    return Ints.of(r);
  }

  /** {@code xs} with {@code v} inserted at position {@code i}. */
  private static Ints insertAt(Ints xs, int i, int v) {
    int[] r = new int[xs.size() + 1];
    for (int j = 0, k = 0; j < r.length; j++) r[j] = j == i ? v : xs.get(k++);
    return Ints.of(r);
  }
}
