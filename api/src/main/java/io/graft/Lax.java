package io.graft;

import static io.graft.StructuralArgs.arg;
import static io.graft.StructuralArgs.args;
import static io.graft.StructuralArgs.ints;

import io.graft.numerics.DType;
import io.graft.trace.ops.Creation;
import io.graft.trace.ops.Shapes;
import io.graft.trace.prim.PadConfig;
import java.util.Objects;

/**
 * {@code jax.lax}: the primitive-level operations, with the primitives' strict semantics (no implicit
 * broadcasting or promotion beyond what each primitive defines). One-line delegations.
 */
public final class Lax {
  private Lax() {}

  // ---------------------------------------------------------------- elementwise family

  // ---------------------------------------------------------------- structural family

  /** {@code lax.broadcast_in_dim}: operand axis {@code i} becomes axis {@code dims[i]} of {@code shape}. */
  public static Array broadcastInDim(Array x, int[] shape, int[] dims) {
    return new Array(Shapes.broadcastInDim(arg(x, "x"), ints(shape, "shape"), ints(dims, "dims")));
  }

  /** {@code lax.reshape}: {@code x} under exactly {@code newSizes} (no {@code -1}). */
  public static Array reshape(Array x, int... newSizes) { return new Array(Shapes.laxReshape(arg(x, "x"), ints(newSizes, "newSizes"))); }

  /** {@code lax.squeeze}: {@code x} without {@code dims}, each of extent 1. */
  public static Array squeeze(Array x, int... dims) { return new Array(Shapes.laxSqueeze(arg(x, "x"), ints(dims, "dims"))); }

  /** {@code lax.transpose}: result axis {@code k} is axis {@code perm[k]}; {@code perm} lists every axis once. */
  public static Array transpose(Array x, int... perm) { return new Array(Shapes.laxTranspose(arg(x, "x"), ints(perm, "perm"))); }

  /** {@code lax.rev}: {@code x} reversed along {@code dims}. */
  public static Array rev(Array x, int... dims) { return new Array(Shapes.rev(arg(x, "x"), ints(dims, "dims"))); }

  /** {@code lax.pad}: {@code x} padded with the rank-0 {@code padValue} (same dtype) per {@code config}; negative lo/hi crop. */
  public static Array pad(Array x, Array padValue, PadConfig config) {
    return new Array(Shapes.laxPad(arg(x, "x"), arg(padValue, "padValue"), Objects.requireNonNull(config, "config is null")));
  }

  /** {@code lax.pad} with {@code config} as rows {@code {lo, hi, interior}}, one per axis. */
  public static Array pad(Array x, Array padValue, int[][] config) {
    return pad(x, padValue, PadConfig.of(Objects.requireNonNull(config, "config is null")));
  }

  /** {@code lax.concatenate}: operands of one dtype joined along {@code dimension}. */
  public static Array concatenate(int dimension, Array... xs) { return new Array(Shapes.laxConcatenate(dimension, args(xs, "xs"))); }

  /** {@code lax.slice} with unit strides: strict bounds {@code 0 <= starts <= limits <= shape}. */
  public static Array slice(Array x, int[] starts, int[] limits) {
    return new Array(Shapes.laxSlice(arg(x, "x"), ints(starts, "starts"), ints(limits, "limits"), null));
  }

  /** {@code lax.slice}: elements {@code starts + i * strides} below {@code limits}, with strict bounds. */
  public static Array slice(Array x, int[] starts, int[] limits, int[] strides) {
    return new Array(Shapes.laxSlice(arg(x, "x"), ints(starts, "starts"), ints(limits, "limits"),
        ints(strides, "strides")));
  }

  /** {@code lax.dynamic_slice}: a {@code sizes} window at run-time {@code starts} (rank-0 integers), clamped into {@code x}. */
  public static Array dynamicSlice(Array x, Array[] starts, int[] sizes) {
    return new Array(Shapes.dynamicSlice(arg(x, "x"), args(starts, "starts"), ints(sizes, "sizes")));
  }

  /** {@code lax.dynamic_update_slice}: {@code x} with {@code update} (same dtype) written at run-time {@code starts}, clamped. */
  public static Array dynamicUpdateSlice(Array x, Array update, Array[] starts) {
    return new Array(Shapes.dynamicUpdateSlice(arg(x, "x"), arg(update, "update"), args(starts, "starts")));
  }

  /** {@code lax.iota}: {@code [0, ..., size-1]} as {@code dtype}. */
  public static Array iota(DType dtype, int size) { return new Array(Creation.iota(Objects.requireNonNull(dtype, "dtype is null"), size)); }

  /** {@code lax.broadcasted_iota}: the index along {@code dimension} over {@code shape}, as {@code dtype}. */
  public static Array broadcastedIota(DType dtype, int[] shape, int dimension) {
    return new Array(Creation.broadcastedIota(Objects.requireNonNull(dtype, "dtype is null"), ints(shape, "shape"), dimension));
  }

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
