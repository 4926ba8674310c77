package io.graft;

/**
 * {@code jax.lax}: the primitive-level operations, with the primitives' strict semantics (no implicit
 * broadcasting or promotion beyond what each primitive defines). One-line delegations.
 */
public final class Lax {
  private Lax() {}

  // ---------------------------------------------------------------- elementwise family

  // ---------------------------------------------------------------- structural family

  // ---------------------------------------------------------------- reductions family

  // ---------------------------------------------------------------- linalg family

  // ---------------------------------------------------------------- indexing family
  /**
   * {@code lax.gather}: XLA's gather with general dimension numbers; {@code indices} (i32/i64) has the index vector
   * as its last axis. See {@link io.graft.trace.prim.Gather}.
   */
  public static Array gather(Array operand, Array indices, io.graft.trace.prim.GatherDims dims, int[] sliceSizes,
                             io.graft.trace.prim.GatherMode mode) {
    java.util.Objects.requireNonNull(operand, "operand is null");
    java.util.Objects.requireNonNull(indices, "indices is null");
    java.util.Objects.requireNonNull(dims, "dims is null");
    java.util.Objects.requireNonNull(sliceSizes, "sliceSizes is null");
    java.util.Objects.requireNonNull(mode, "mode is null");
    return Array.wrap(io.graft.trace.ops.Indexing.gather(operand.value(), indices.value(), dims,
        io.graft.numerics.Ints.of(sliceSizes), mode));
  }

  /**
   * {@code lax.scatter_add}: {@code operand} with each update window added at its start (duplicates accumulate);
   * {@code indices} (i32/i64) has the index vector as its last axis. See {@link io.graft.trace.prim.ScatterAdd}.
   */
  public static Array scatterAdd(Array operand, Array indices, Array updates, io.graft.trace.prim.ScatterDims dims,
                                 io.graft.trace.prim.ScatterMode mode) {
    java.util.Objects.requireNonNull(operand, "operand is null");
    java.util.Objects.requireNonNull(indices, "indices is null");
    java.util.Objects.requireNonNull(updates, "updates is null");
    java.util.Objects.requireNonNull(dims, "dims is null");
    java.util.Objects.requireNonNull(mode, "mode is null");
    return Array.wrap(io.graft.trace.ops.Indexing.scatterAdd(operand.value(), indices.value(), updates.value(), dims, mode));
  }
}
