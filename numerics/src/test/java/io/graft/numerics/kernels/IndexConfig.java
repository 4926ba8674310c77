package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A random valid gather configuration (small ranks and sizes, batching axes included); the same geometry read as a
 * scatter has the gather output's shape for its updates.
 *
 * @param operand the operand shape
 * @param indices the indices shape (index vector last)
 * @param dims    the dimension numbers
 * @param slice   slice sizes (window extents) per operand axis
 */
record IndexConfig(Shape operand, Shape indices, GatherScatter.Dims dims, int[] slice) {
  static IndexConfig random(Random r) {
    int rank = r.nextInt(4);
    int[] od = new int[rank], slice = new int[rank], role = new int[rank];   // role: 0 window, 1 collapsed, 2 batching
    List<Integer> collapsed = new ArrayList<>(), batching = new ArrayList<>(), startable = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      od[d] = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(4);
      role[d] = od[d] == 0 ? 0 : new int[] {0, 0, 1, 2}[r.nextInt(4)];
      slice[d] = role[d] == 0 ? r.nextInt(od[d] + 1) : 1;
      if (role[d] == 1) collapsed.add(d);
      if (role[d] == 2) batching.add(d); else startable.add(d);
    }
    Collections.shuffle(startable, r);
    List<Integer> starts = startable.subList(0, r.nextInt(startable.size() + 1));
    int nb = batching.size() + r.nextInt(3);
    List<Integer> positions = new ArrayList<>();
    for (int j = 0; j < nb; j++) positions.add(j);
    Collections.shuffle(positions, r);
    int[] idxShape = new int[nb + 1], idxBatching = new int[batching.size()];
    for (int j = 0; j < nb; j++) idxShape[j] = r.nextInt(4);
    for (int i = 0; i < batching.size(); i++) {
      idxBatching[i] = positions.get(i);
      idxShape[idxBatching[i]] = od[batching.get(i)];
    }
    idxShape[nb] = starts.size();
    int nw = rank - collapsed.size() - batching.size(), outRank = nw + nb;
    List<Integer> outAxes = new ArrayList<>();
    for (int i = 0; i < outRank; i++) outAxes.add(i);
    Collections.shuffle(outAxes, r);
    int[] window = outAxes.subList(0, nw).stream().mapToInt(Integer::intValue).sorted().toArray();
    GatherScatter.Dims dims = new GatherScatter.Dims(Ints.of(window), ints(collapsed), ints(starts), ints(batching),
        Ints.of(idxBatching));
    return new IndexConfig(Shape.of(od), Shape.of(idxShape), dims, slice);
  }

  private static Ints ints(List<Integer> xs) { return Ints.of(xs.stream().mapToInt(Integer::intValue).toArray()); }

  /** The gather output shape (the scatter updates shape). */
  Shape out() { return GatherScatterReference.gatherShape(indices, dims, slice); }

  /** Random start indices: in range, or spilling up to 2 past either end. */
  NdArray randomIndices(Random r, boolean i64, boolean inRange) {
    int n = indices.size(), k = indices.dim(indices.rank() - 1);
    long[] v = new long[n];
    for (int i = 0; i < n; i++) {
      int d = dims.startDims().get(i % k), hi = operand.dim(d) - slice[d];
      v[i] = inRange ? r.nextInt(hi + 1) : r.nextInt(hi + 5) - 2;
    }
    NdArray a = NdArray.wrap(indices, v);
    return i64 ? a : a.astype(DType.I32);
  }

  /** Small integer values (exact in every dtype), random booleans for bool. */
  static NdArray randomArray(Random r, DType dtype, Shape shape) {
    double[] v = new double[shape.size()];
    for (int i = 0; i < v.length; i++) v[i] = r.nextInt(19) - 9;
    return NdArray.wrap(shape, v).astype(dtype);
  }

  @Override public String toString() {
    return "operand " + operand + " indices " + indices + " window=" + dims.windowDims() + " dropped=" + dims.droppedDims()
        + " starts=" + dims.startDims() + " opBatch=" + dims.operandBatchingDims() + " idxBatch=" + dims.indicesBatchingDims()
        + " slice=" + Arrays.toString(slice);
  }
}
