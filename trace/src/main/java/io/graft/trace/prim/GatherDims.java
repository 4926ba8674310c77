package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.kernels.GatherScatter;
import java.util.Objects;

/**
 * Dimension numbers of {@link Gather} ({@code lax.GatherDimensionNumbers}); the index vector is always the last axis
 * of the start indices.
 *
 * <p>For output position {@code out}: the batch coordinates {@code G} are {@code out} at the axes not in
 * {@code offsetDims}; {@code startIndices[G, :]} gives the starts of operand axes {@code startIndexMap};
 * operand axis {@code operandBatchingDims[i]} starts at {@code G}'s coordinate on indices axis
 * {@code startIndicesBatchingDims[i]}; the window offset along the remaining operand axes (not collapsed, not
 * batching, in order) is {@code out} at {@code offsetDims}.
 * <pre>{@code GatherDims.of(new int[] {1}, new int[] {0}, new int[] {0})   // rows of a matrix: x[idx, :]}</pre>
 *
 * @param offsetDims               output axes holding the window, ascending
 * @param collapsedSliceDims       operand axes of slice size 1 that get no output axis, ascending
 * @param startIndexMap            the operand axis of each index-vector component
 * @param operandBatchingDims      operand axes indexed by the batch position, ascending
 * @param startIndicesBatchingDims the start-indices axis paired with each operand batching axis
 */
public record GatherDims(Ints offsetDims, Ints collapsedSliceDims, Ints startIndexMap, Ints operandBatchingDims,
                         Ints startIndicesBatchingDims) {
  /** Validates presence (the consistency checks need the operand shapes: see {@link Gather}). */
  public GatherDims {
    Objects.requireNonNull(offsetDims, "offsetDims is null");
    Objects.requireNonNull(collapsedSliceDims, "collapsedSliceDims is null");
    Objects.requireNonNull(startIndexMap, "startIndexMap is null");
    Objects.requireNonNull(operandBatchingDims, "operandBatchingDims is null");
    Objects.requireNonNull(startIndicesBatchingDims, "startIndicesBatchingDims is null");
  }

  /** Dimension numbers without batching axes. */
  public static GatherDims of(int[] offsetDims, int[] collapsedSliceDims, int[] startIndexMap) {
    return of(offsetDims, collapsedSliceDims, startIndexMap, new int[0], new int[0]);
  }

  /** Dimension numbers from int arrays (copied). */
  public static GatherDims of(int[] offsetDims, int[] collapsedSliceDims, int[] startIndexMap,
                              int[] operandBatchingDims, int[] startIndicesBatchingDims) {
    return new GatherDims(Ints.of(offsetDims), Ints.of(collapsedSliceDims), Ints.of(startIndexMap),
        Ints.of(operandBatchingDims), Ints.of(startIndicesBatchingDims));
  }

  /** The kernel's view of these dimension numbers. */
  GatherScatter.Dims kernelDims() {
    return new GatherScatter.Dims(offsetDims, collapsedSliceDims, startIndexMap, operandBatchingDims, startIndicesBatchingDims);
  }

  /** JAX's printed form: {@code GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,), ...)}. */
  @Override public String toString() {
    return "GatherDimensionNumbers(offset_dims=" + offsetDims + ", collapsed_slice_dims=" + collapsedSliceDims
        + ", start_index_map=" + startIndexMap + ", operand_batching_dims=" + operandBatchingDims
        + ", start_indices_batching_dims=" + startIndicesBatchingDims + ")";
  }
}
