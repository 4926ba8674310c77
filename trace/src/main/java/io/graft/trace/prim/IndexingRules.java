package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import java.util.function.Supplier;

/**
 * Checks shared by the gather and scatter type rules (XLA's {@code ValidateGatherDimensions} /
 * {@code ValidateScatterDimensions}). Every error names the primitive, the parameter, and ends with {@code ctx}:
 * the full operand types and parameters.
 */
final class IndexingRules {
  private IndexingRules() {}

  /** Indices must be i32 or i64 with the index vector as their last axis. */
  static void indices(String op, String name, ShapedType indices, Supplier<String> ctx) {
    if (indices.dtype() != DType.I32 && indices.dtype() != DType.I64)
      throw new DTypeError(op + ": " + name + " must be i32 or i64, got " + indices + "; convert with astype(Np.int32)" + ctx.get());
    if (indices.rank() == 0)
      throw new ShapeError(op + ": " + name + " " + indices + " has no index vector axis; the last axis holds the "
          + "index vector, so add a trailing axis of size 1 for scalar indices" + ctx.get());
  }

  /** {@code dims} ascending without repeats and each in {@code [0, rank)}. */
  static void sortedAxes(String op, String param, Ints dims, int rank, String of, Supplier<String> ctx) {
    for (int i = 1; i < dims.size(); i++)
      if (dims.get(i) <= dims.get(i - 1))
        throw new ShapeError(op + ": " + param + " " + dims + " must be strictly ascending (sorted, no repeats)" + ctx.get());
    axesInRange(op, param, dims, rank, of, ctx);
  }

  /** {@code dims} without repeats (any order) and each in {@code [0, rank)}. */
  static void distinctAxes(String op, String param, Ints dims, int rank, String of, Supplier<String> ctx) {
    for (int i = 0; i < dims.size(); i++)
      if (dims.indexOf(dims.get(i)) != i)
        throw new ShapeError(op + ": " + param + " " + dims + " must not repeat an axis (" + dims.get(i) + " repeats)" + ctx.get());
    axesInRange(op, param, dims, rank, of, ctx);
  }

  private static void axesInRange(String op, String param, Ints dims, int rank, String of, Supplier<String> ctx) {
    for (int i = 0; i < dims.size(); i++)
      if (dims.get(i) < 0 || dims.get(i) >= rank)
        throw new ShapeError(op + ": " + param + " " + dims + " has axis " + dims.get(i) + ", out of range for the "
            + rank + " " + of + "; use axes in [0, " + rank + ")" + ctx.get());
  }

  /** No axis in both lists. */
  static void disjoint(String op, String param1, Ints dims1, String param2, Ints dims2, Supplier<String> ctx) {
    for (int i = 0; i < dims1.size(); i++)
      if (dims2.contains(dims1.get(i)))
        throw new ShapeError(op + ": " + param1 + " " + dims1 + " and " + param2 + " " + dims2 + " must be disjoint; axis "
            + dims1.get(i) + " is in both" + ctx.get());
  }

  /** Batching axes pair up one to one with equal extents, and the indices' batching axes avoid the index vector. */
  static void batching(String op, Ints operandDims, String indicesParam, Ints indicesDims, ShapedType operand,
                       ShapedType indices, Supplier<String> ctx) {
    sortedAxes(op, "operand_batching_dims", operandDims, operand.rank(), "operand axes", ctx);
    distinctAxes(op, indicesParam, indicesDims, indices.rank(), "indices axes", ctx);
    if (indicesDims.contains(indices.rank() - 1))
      throw new ShapeError(op + ": " + indicesParam + " " + indicesDims + " contains the index vector axis "
          + (indices.rank() - 1) + " (the last axis of " + indices + "); batching axes must be other axes" + ctx.get());
    if (operandDims.size() != indicesDims.size())
      throw new ShapeError(op + ": operand_batching_dims " + operandDims + " and " + indicesParam + " " + indicesDims
          + " must have equal lengths; they pair up one to one" + ctx.get());
    for (int i = 0; i < operandDims.size(); i++) {
      int a = operand.shape().dim(operandDims.get(i)), b = indices.shape().dim(indicesDims.get(i));
      if (a != b)
        throw new ShapeError(op + ": batching axes disagree: operand " + operand + " axis " + operandDims.get(i) + " (" + a
            + ") vs indices " + indices + " axis " + indicesDims.get(i) + " (" + b + "); paired batching axes need equal extents" + ctx.get());
    }
  }

  /** The index vector length equals the number of mapped operand axes, which are distinct operand axes. */
  static void startMap(String op, String param, Ints map, ShapedType operand, ShapedType indices, Supplier<String> ctx) {
    int k = indices.shape().dim(indices.rank() - 1);
    if (map.size() != k)
      throw new ShapeError(op + ": " + param + " " + map + " has " + map.size() + " entries but the index vector (last "
          + "axis of " + indices + ") has length " + k + "; give one operand axis per index component" + ctx.get());
    distinctAxes(op, param, map, operand.rank(), "operand axes", ctx);
  }

  /** Gather's slice sizes: one per operand axis, each within the operand, 1 on collapsed and at most 1 on batching axes. */
  static void sliceSizes(String name, GatherDims dims, Ints sliceSizes, ShapedType x, Supplier<String> ctx) {
    if (sliceSizes.size() != x.rank())
      throw new ShapeError(name + ": slice_sizes " + sliceSizes + " has " + sliceSizes.size() + " entries for the "
          + x.rank() + " axes of operand " + x + "; give one slice size per operand axis" + ctx.get());
    int parts = dims.offsetDims().size() + dims.collapsedSliceDims().size() + dims.operandBatchingDims().size();
    if (parts != x.rank())
      throw new ShapeError(name + ": every operand axis must be a window axis (one per offset_dims entry), collapsed or "
          + "batching, but offset_dims " + dims.offsetDims() + ", collapsed_slice_dims " + dims.collapsedSliceDims()
          + " and operand_batching_dims " + dims.operandBatchingDims() + " account for " + parts + " of its " + x.rank() + ctx.get());
    for (int d = 0; d < x.rank(); d++) {
      int s = sliceSizes.get(d);
      if (s < 0 || s > x.shape().dim(d))
        throw new ShapeError(name + ": slice_sizes " + sliceSizes + " axis " + d + " is " + s + ", out of range for "
            + "operand " + x + " (must be in [0, " + x.shape().dim(d) + "])" + ctx.get());
      if (dims.collapsedSliceDims().contains(d) && s != 1)
        throw new ShapeError(name + ": collapsed axis " + d + " must have slice size 1, got slice_sizes " + sliceSizes + ctx.get());
      if (dims.operandBatchingDims().contains(d) && s > 1)
        throw new ShapeError(name + ": batching axis " + d + " must have slice size 0 or 1, got slice_sizes " + sliceSizes + ctx.get());
    }
  }

  /** A number as JAX prints a parameter: integral values without a fraction, {@code nan}, {@code inf}. */
  static String printNumber(double v) {
    if (Double.isNaN(v)) return "nan";
    if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** Scatter's windows: every operand axis accounted for, windows that fit, update scatter axes matching the indices. */
  static void scatterWindows(String name, ScatterDims dims, ShapedType x, ShapedType idx, ShapedType upd, Supplier<String> ctx) {
    int parts = dims.updateWindowDims().size() + dims.insertedWindowDims().size() + dims.operandBatchingDims().size();
    if (parts != x.rank())
      throw new ShapeError(name + ": every operand axis must be a window axis (one per update_window_dims entry), "
          + "inserted or batching, but update_window_dims " + dims.updateWindowDims() + ", inserted_window_dims "
          + dims.insertedWindowDims() + " and operand_batching_dims " + dims.operandBatchingDims() + " account for "
          + parts + " of its " + x.rank() + ctx.get());
    for (int d = 0, w = 0; d < x.rank(); d++) {
      if (dims.insertedWindowDims().contains(d) || dims.operandBatchingDims().contains(d)) continue;
      int ud = dims.updateWindowDims().get(w++);
      if (upd.shape().dim(ud) > x.shape().dim(d))
        throw new ShapeError(name + ": updates " + upd + " window axis " + ud + " (" + upd.shape().dim(ud) + ") exceeds "
            + "operand " + x + " axis " + d + " (" + x.shape().dim(d) + "); a window must fit in the operand" + ctx.get());
    }
    for (int u = 0, j = 0; u < upd.rank(); u++) {
      if (dims.updateWindowDims().contains(u)) continue;
      if (upd.shape().dim(u) != idx.shape().dim(j))
        throw new ShapeError(name + ": updates " + upd + " scatter axis " + u + " (" + upd.shape().dim(u) + ") must equal "
            + "scatter_indices " + idx + " axis " + j + " (" + idx.shape().dim(j) + ")" + ctx.get());
      j++;
    }
  }
}
