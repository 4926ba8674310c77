package io.graft.dist;

import io.graft.Array;
import io.graft.ShapeDtype;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Const;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaves of one dtype (f32 or f64) packed one after another into a native buffer for one {@code MPI_Allreduce}.
 * {@link #layout} groups a pytree's leaves into buckets; {@link #pack} fills one; {@link #unpack} makes arrays of the
 * reduced buffer.
 *
 * @param dtype  the leaves' dtype
 * @param buf    the packed elements
 * @param leaves the leaves' positions in the pytree's flattening order, in packing order
 * @param shapes their shapes
 */
record Bucket(DType dtype, MemorySegment buf, int[] leaves, int[][] shapes) {
  /**
   * The buckets of leaves with types {@code leaves}, each a list of leaf positions in packing order: leaves in
   * reverse flattening order (a backward pass computes the last layers' gradients first, as PyTorch DDP assumes),
   * consecutive leaves of one dtype sharing a bucket up to {@code bucketBytes} (a larger leaf is a bucket of its own).
   */
  static List<int[]> layout(List<ShapeDtype> leaves, long bucketBytes) {
    List<int[]> layout = new ArrayList<>();
    int i = leaves.size() - 1;
    while (i >= 0) {
      DType d = leaves.get(i).dtype();
      int bytes = d.bits() / 8;
      long count = 0;
      int j = i;
      while (j >= 0 && leaves.get(j).dtype() == d && (j == i || (count + leaves.get(j).shape().size()) * bytes <= bucketBytes)) {
        count += leaves.get(j).shape().size();
        j--;
      }
      int[] members = new int[i - j];
      for (int k = 0; k < members.length; k++) members[k] = i - k;
      layout.add(members);
      i = j;
    }
    return layout;
  }

  /** Packs {@code values[k]} for {@code k} in {@code members}, in order, into {@code buf} (exactly their size). */
  static Bucket pack(DType d, MemorySegment buf, int[] members, Array[] values) {
    long off = 0;
    int[][] shapes = new int[members.length][];
    for (int m = 0; m < members.length; m++) {
      Array x = values[members[m]];
      copyIn(x, d, buf, off);
      off += x.size();
      shapes[m] = x.shape();
    }
    return new Bucket(d, buf, members.clone(), shapes);
  }

  /**
   * Copies leaf {@code x} into {@code buf} at element {@code off}: straight from the array's own heap store when it
   * holds its elements as {@code d}, else through a converted copy.
   */
  private static void copyIn(Array x, DType d, MemorySegment buf, long off) {
    if (x.value() instanceof Const c && c.array().dtype() == d) {
      if (d == DType.F32) MemorySegment.copy(c.array().f32(), 0, buf, ValueLayout.JAVA_FLOAT, off * 4, x.size());
      else MemorySegment.copy(c.array().f64(), 0, buf, ValueLayout.JAVA_DOUBLE, off * 8, x.size());
    } else if (d == DType.F32) {
      MemorySegment.copy(x.toFloatArray(), 0, buf, ValueLayout.JAVA_FLOAT, off * 4, x.size());
    } else {
      MemorySegment.copy(x.toDoubleArray(), 0, buf, ValueLayout.JAVA_DOUBLE, off * 8, x.size());
    }
  }

  /** The reduced leaves, each divided by {@code divisor}, into {@code out} at their positions. */
  void unpack(Array[] out, int divisor) {
    long off = 0;
    for (int j = 0; j < leaves.length; j++) {
      Shape shape = Shape.of(shapes[j]);
      int n = shape.size();
      if (dtype == DType.F32) {
        float[] a = new float[n];
        MemorySegment.copy(buf, ValueLayout.JAVA_FLOAT, off * 4, a, 0, n);
        if (divisor != 1) for (int i = 0; i < n; i++) a[i] /= divisor;
        out[leaves[j]] = Array.wrap(Const.of(NdArray.wrap(shape, a)));   // a is ours alone: no defensive copy
      } else {
        double[] a = new double[n];
        MemorySegment.copy(buf, ValueLayout.JAVA_DOUBLE, off * 8, a, 0, n);
        if (divisor != 1) for (int i = 0; i < n; i++) a[i] /= divisor;
        out[leaves[j]] = Array.wrap(Const.of(NdArray.wrap(shape, a)));
      }
      off += n;
    }
  }
}
