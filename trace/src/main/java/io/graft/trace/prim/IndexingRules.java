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
}
