package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.GatherScatter;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.function.Supplier;
import java.util.Objects;

/**
 * XLA's gather ({@code lax.gather}): {@code out[o] = operand[clamp(S) + B + W]}, where for output position
 * {@code o} with batch coordinates {@code G} (the axes not in {@code offset_dims}), {@code S} places
 * {@code indices[G, :]} on the {@code start_index_map} axes, {@code B} places {@code G}'s batching coordinates on the
 * operand batching axes, and {@code W} places {@code o}'s offset coordinates on the window axes. See
 * {@link GatherDims}. Operands: {@code (operand, start_indices)}, indices i32 or i64 with the index vector last.
 * <pre>{@code
 * x f32[3,4], idx i32[2,1] = [[2],[0]]
 * gather[dimension_numbers=GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0,),
 *   operand_batching_dims=(), start_indices_batching_dims=()) slice_sizes=(1, 4) mode=clip fill_value=None] x idx
 *   = rows 2 and 0 of x, f32[2,4]
 * }</pre>
 * Linear in the operand; its transpose is {@link ScatterAdd} with {@link ScatterDims#fromGather}.
 *
 * @param dims       the dimension numbers
 * @param sliceSizes window extent per operand axis (1 on collapsed axes, 0 or 1 on batching axes)
 * @param mode       out-of-range handling; {@code fill_value=None} prints the JAX default fill (see {@link GatherMode})
 */
public record Gather(GatherDims dims, Ints sliceSizes, GatherMode mode) implements Indexing {
  /** Validates presence. */
  public Gather {
    Objects.requireNonNull(dims, "dims is null");
    Objects.requireNonNull(sliceSizes, "sliceSizes is null");
    Objects.requireNonNull(mode, "mode is null");
  }

  @Override public String name() { return "gather"; }

  @Override public String params() {
    return "dimension_numbers=" + dims + " slice_sizes=" + sliceSizes + " mode=" + mode.printName() + " fill_value=None";
  }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 2);
    ShapedType x = in.get(0), idx = in.get(1);
    Supplier<String> ctx = () -> "; got operand " + x + ", start_indices " + idx + ", dimension_numbers=" + dims + ", slice_sizes=" + sliceSizes;
    IndexingRules.indices(name(), "start_indices", idx, ctx);
    int outRank = dims.offsetDims().size() + idx.rank() - 1;
    IndexingRules.sortedAxes(name(), "offset_dims", dims.offsetDims(), outRank, "output axes", ctx);
    IndexingRules.startMap(name(), "start_index_map", dims.startIndexMap(), x, idx, ctx);
    IndexingRules.sortedAxes(name(), "collapsed_slice_dims", dims.collapsedSliceDims(), x.rank(), "operand axes", ctx);
    IndexingRules.batching(name(), dims.operandBatchingDims(), "start_indices_batching_dims",
        dims.startIndicesBatchingDims(), x, idx, ctx);
    IndexingRules.disjoint(name(), "collapsed_slice_dims", dims.collapsedSliceDims(), "operand_batching_dims",
        dims.operandBatchingDims(), ctx);
    IndexingRules.disjoint(name(), "start_index_map", dims.startIndexMap(), "operand_batching_dims",
        dims.operandBatchingDims(), ctx);
    checkSliceSizes(x, ctx);
    Shape out = GatherScatter.gatherShape(idx.shape(), dims.kernelDims(), sliceSizes.toArray());
    return new ShapedType(out, x.dtype(), x.weak());
  }

  private void checkSliceSizes(ShapedType x, Supplier<String> ctx) {
    if (sliceSizes.size() != x.rank())
      throw new ShapeError(name() + ": slice_sizes " + sliceSizes + " has " + sliceSizes.size() + " entries for the "
          + x.rank() + " axes of operand " + x + "; give one slice size per operand axis" + ctx.get());
    int parts = dims.offsetDims().size() + dims.collapsedSliceDims().size() + dims.operandBatchingDims().size();
    if (parts != x.rank())
      throw new ShapeError(name() + ": every operand axis must be a window axis (one per offset_dims entry), collapsed or "
          + "batching, but offset_dims " + dims.offsetDims() + ", collapsed_slice_dims " + dims.collapsedSliceDims()
          + " and operand_batching_dims " + dims.operandBatchingDims() + " account for " + parts + " of its " + x.rank() + ctx.get());
    for (int d = 0; d < x.rank(); d++) {
      int s = sliceSizes.get(d);
      if (s < 0 || s > x.shape().dim(d))
        throw new ShapeError(name() + ": slice_sizes " + sliceSizes + " axis " + d + " is " + s + ", out of range for "
            + "operand " + x + " (must be in [0, " + x.shape().dim(d) + "])" + ctx.get());
      if (dims.collapsedSliceDims().contains(d) && s != 1)
        throw new ShapeError(name() + ": collapsed axis " + d + " must have slice size 1, got slice_sizes " + sliceSizes + ctx.get());
      if (dims.operandBatchingDims().contains(d) && s > 1)
        throw new ShapeError(name() + ": batching axis " + d + " must have slice size 0 or 1, got slice_sizes " + sliceSizes + ctx.get());
    }
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return GatherScatter.gather(in.get(0), in.get(1), dims.kernelDims(), sliceSizes.toArray(), mode.fills());
  }
}
