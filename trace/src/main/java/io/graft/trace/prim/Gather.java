package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.GatherScatter;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
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
 * Linear in the operand (indices are never differentiated): {@code jvp = gather(t)} with the same parameters, except
 * that in {@link GatherMode#FILL} the tangent's out-of-range windows read 0 ({@code fill_value=0}, as in JAX); the
 * transpose is {@link ScatterAdd} of the cotangent into zeros with {@link ScatterDims#fromGather} (modes: clip and
 * promise_in_bounds to clip, fill to fill_or_drop). Batching keeps the batch axis native: a window axis of a mapped
 * operand, a batch axis of mapped indices, a batching axis pair when both are mapped (see {@link IndexingBatching}).
 *
 * @param dims       the dimension numbers
 * @param sliceSizes window extent per operand axis (1 on collapsed axes, 0 or 1 on batching axes)
 * @param mode       out-of-range handling (see {@link GatherMode})
 * @param fillValue  the value of out-of-range windows in {@link GatherMode#FILL} (converted to the operand dtype);
 *                   {@code none} is JAX's {@code fill_value=None}: NaN, the integer minimum, or true
 */
public record Gather(GatherDims dims, Ints sliceSizes, GatherMode mode, Option<Double> fillValue) implements Indexing {
  /** Validates presence. */
  public Gather {
    Objects.requireNonNull(dims, "dims is null");
    Objects.requireNonNull(sliceSizes, "sliceSizes is null");
    Objects.requireNonNull(mode, "mode is null");
    Objects.requireNonNull(fillValue, "fillValue is null");
  }

  /** A gather with the default fill ({@code fill_value=None}). */
  public Gather(GatherDims dims, Ints sliceSizes, GatherMode mode) { this(dims, sliceSizes, mode, Option.none()); }

  @Override public String name() { return "gather"; }

  @Override public String params() {
    return "dimension_numbers=" + dims + " slice_sizes=" + sliceSizes + " mode=" + mode.printName() + " fill_value="
        + fillValue.map(IndexingRules::printNumber).getOrElse("None");
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
    IndexingRules.sliceSizes(name(), dims, sliceSizes, x, ctx);
    Shape out = GatherScatter.gatherShape(idx.shape(), dims.kernelDims(), sliceSizes.toArray());
    return new ShapedType(out, x.dtype(), x.weak());
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    NdArray x = in.get(0);
    double fill = fillValue.getOrElse(() -> GatherScatter.fillValue(x.dtype()));
    return GatherScatter.gather(x, in.get(1), dims.kernelDims(), sliceSizes.toArray(), mode.fills(), fill);
  }

  /** {@code gather(t, indices)}; out-of-range windows of the tangent read 0 in {@link GatherMode#FILL}. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    if (!primals.get(0).type().dtype().isFloating()) return Option.none();
    Gather tangentGather = mode.fills() ? new Gather(dims, sliceSizes, mode, Option.some(0.0)) : this;
    return tangents.get(0).map(t -> Bind.bind1(tangentGather, t, primals.get(1)));
  }

  /**
   * The operand's cotangent: {@code ct} scatter-added into zeros where the windows were read (dropped where
   * {@link GatherMode#FILL} filled them); zero when a batching axis has slice size 0 (nothing is read).
   */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    ShapedType x = args.get(0).type();
    if (!args.get(0).isLinear() || !x.dtype().isFloating()) return Vector.of(Option.none(), Option.none());
    boolean readsNothing = false;
    Ints batching = dims.operandBatchingDims();
    for (int i = 0; i < batching.size(); i++) readsNothing |= sliceSizes.get(batching.get(i)) == 0;
    if (readsNothing) return Vector.of(Option.of(Tangents.zeros(x)), Option.none());
    ScatterMode m = mode.fills() ? ScatterMode.FILL_OR_DROP : ScatterMode.CLIP;
    Value indices = args.get(1).known(name());
    Value scattered = Bind.bind1(new ScatterAdd(ScatterDims.fromGather(dims), m), Tangents.zeros(x), indices, ct);
    return Vector.of(Option.of(scattered), Option.none());
  }

  /** Keeps the batch axis where it is (see {@link IndexingBatching#gather}). */
  @Override public Batched batch(Vector<Value> args, Ints bdims, int size) {
    return IndexingBatching.gather(this, args, bdims, size);
  }
}
