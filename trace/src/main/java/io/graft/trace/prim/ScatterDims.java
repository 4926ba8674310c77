package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.kernels.GatherScatter;
import java.util.Objects;

/**
 * Dimension numbers of {@link ScatterAdd} ({@code lax.ScatterDimensionNumbers}); the index vector is always the
 * last axis of the scatter indices. The mirror image of {@link GatherDims}, with the updates in place of the
 * gather output.
 *
 * <p>For update position {@code u}: the batch coordinates {@code G} are {@code u} at the axes not in
 * {@code updateWindowDims}; {@code scatterIndices[G, :]} gives the starts of operand axes
 * {@code scatterDimsToOperandDims}; operand axis {@code operandBatchingDims[i]} starts at {@code G}'s coordinate on
 * indices axis {@code scatterIndicesBatchingDims[i]}; the remaining operand axes (not inserted, not batching, in
 * order) are offset by {@code u} at {@code updateWindowDims}.
 * <pre>{@code ScatterDims.of(new int[] {1}, new int[] {0}, new int[] {0})   // x.at[idx, :].add(rows)}</pre>
 *
 * @param updateWindowDims           updates axes holding the window, ascending
 * @param insertedWindowDims         operand axes of window size 1 that have no updates axis, ascending
 * @param scatterDimsToOperandDims   the operand axis of each index-vector component
 * @param operandBatchingDims        operand axes indexed by the batch position, ascending
 * @param scatterIndicesBatchingDims the scatter-indices axis paired with each operand batching axis
 */
public record ScatterDims(Ints updateWindowDims, Ints insertedWindowDims, Ints scatterDimsToOperandDims,
                          Ints operandBatchingDims, Ints scatterIndicesBatchingDims) {
  /** Validates presence (the consistency checks need the operand shapes: see {@link ScatterAdd}). */
  public ScatterDims {
    Objects.requireNonNull(updateWindowDims, "updateWindowDims is null");
    Objects.requireNonNull(insertedWindowDims, "insertedWindowDims is null");
    Objects.requireNonNull(scatterDimsToOperandDims, "scatterDimsToOperandDims is null");
    Objects.requireNonNull(operandBatchingDims, "operandBatchingDims is null");
    Objects.requireNonNull(scatterIndicesBatchingDims, "scatterIndicesBatchingDims is null");
  }

  /** Dimension numbers without batching axes. */
  public static ScatterDims of(int[] updateWindowDims, int[] insertedWindowDims, int[] scatterDimsToOperandDims) {
    return of(updateWindowDims, insertedWindowDims, scatterDimsToOperandDims, new int[0], new int[0]);
  }

  /** Dimension numbers from int arrays (copied). */
  public static ScatterDims of(int[] updateWindowDims, int[] insertedWindowDims, int[] scatterDimsToOperandDims,
                               int[] operandBatchingDims, int[] scatterIndicesBatchingDims) {
    return new ScatterDims(Ints.of(updateWindowDims), Ints.of(insertedWindowDims), Ints.of(scatterDimsToOperandDims),
        Ints.of(operandBatchingDims), Ints.of(scatterIndicesBatchingDims));
  }

  /** The gather dimension numbers that read back what these write (JAX's transpose pairing). */
  public GatherDims toGather() {
    return new GatherDims(updateWindowDims, insertedWindowDims, scatterDimsToOperandDims, operandBatchingDims,
        scatterIndicesBatchingDims);
  }

  /** The scatter dimension numbers that write where {@code g} reads (JAX's transpose pairing). */
  public static ScatterDims fromGather(GatherDims g) {
    return new ScatterDims(g.offsetDims(), g.collapsedSliceDims(), g.startIndexMap(), g.operandBatchingDims(),
        g.startIndicesBatchingDims());
  }

  /** The kernel's view of these dimension numbers. */
  GatherScatter.Dims kernelDims() {
    return new GatherScatter.Dims(updateWindowDims, insertedWindowDims, scatterDimsToOperandDims, operandBatchingDims,
        scatterIndicesBatchingDims);
  }

  /** JAX's printed form: {@code ScatterDimensionNumbers(update_window_dims=(1,), inserted_window_dims=(0,), ...)}. */
  @Override public String toString() {
    return "ScatterDimensionNumbers(update_window_dims=" + updateWindowDims + ", inserted_window_dims="
        + insertedWindowDims + ", scatter_dims_to_operand_dims=" + scatterDimsToOperandDims + ", operand_batching_dims="
        + operandBatchingDims + ", scatter_indices_batching_dims=" + scatterIndicesBatchingDims + ")";
  }
}
