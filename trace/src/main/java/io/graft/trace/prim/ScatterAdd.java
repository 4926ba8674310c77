package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.GatherScatter;
import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Supplier;
import java.util.Objects;

/**
 * XLA's scatter with addition ({@code lax.scatter_add}): {@code out = operand}, then for every update position
 * {@code u} with batch coordinates {@code G} (the axes not in {@code update_window_dims}),
 * {@code out[clamp(S) + B + W] += updates[u]}, with {@code S}, {@code B}, {@code W} as in {@link Gather} (see
 * {@link ScatterDims}). Duplicate indices accumulate. Operands: {@code (operand, scatter_indices, updates)}; operand
 * and updates share a numeric dtype (f32, f64, i32, i64); indices i32 or i64 with the index vector last.
 * <pre>{@code
 * zeros f32[3], idx i32[3,1] = [[0],[2],[0]], upd f32[3] = [1, 2, 3]
 * scatter_add[dimension_numbers=ScatterDimensionNumbers(update_window_dims=(), inserted_window_dims=(0,),
 *   scatter_dims_to_operand_dims=(0,), operand_batching_dims=(), scatter_indices_batching_dims=()) mode=fill_or_drop]
 *   = [4, 0, 2]
 * }</pre>
 * Linear in (operand, updates): {@code jvp = scatter_add(t_operand, indices, t_updates)}; the transpose passes the
 * cotangent to the operand and gathers it for the updates with {@link ScatterDims#toGather} (in
 * {@link GatherMode#FILL} with fill 0 for fill_or_drop, so dropped updates get a zero cotangent; clip for clip).
 * Batching keeps the batch axis native (see {@link IndexingBatching#scatterAdd}).
 * NB: JAX prints this primitive as {@code scatter-add}; Graft prints {@code scatter_add}.
 *
 * @param dims the dimension numbers
 * @param mode out-of-range handling
 */
public record ScatterAdd(ScatterDims dims, ScatterMode mode) implements Indexing {
  /** Validates presence. */
  public ScatterAdd {
    Objects.requireNonNull(dims, "dims is null");
    Objects.requireNonNull(mode, "mode is null");
  }

  @Override public String name() { return "scatter_add"; }

  @Override public String params() { return "dimension_numbers=" + dims + " mode=" + mode.printName(); }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 3);
    ShapedType x = in.get(0), idx = in.get(1), upd = in.get(2);
    Supplier<String> ctx = () -> "; got operand " + x + ", scatter_indices " + idx + ", updates " + upd + ", dimension_numbers=" + dims;
    if (x.dtype() != upd.dtype() || x.dtype().isBool())
      throw new DTypeError(name() + ": operand and updates must share one numeric dtype (f32, f64, i32, i64), got operand "
          + x + " and updates " + upd + "; convert with astype(...)" + ctx.get());
    IndexingRules.indices(name(), "scatter_indices", idx, ctx);
    int updRank = idx.rank() - 1 + dims.updateWindowDims().size();
    if (upd.rank() != updRank)
      throw new ShapeError(name() + ": updates " + upd + " must have rank " + updRank + " (the " + (idx.rank() - 1)
          + " batch axes of scatter_indices plus " + dims.updateWindowDims().size() + " update_window_dims)" + ctx.get());
    IndexingRules.sortedAxes(name(), "update_window_dims", dims.updateWindowDims(), upd.rank(), "updates axes", ctx);
    IndexingRules.sortedAxes(name(), "inserted_window_dims", dims.insertedWindowDims(), x.rank(), "operand axes", ctx);
    IndexingRules.batching(name(), dims.operandBatchingDims(), "scatter_indices_batching_dims",
        dims.scatterIndicesBatchingDims(), x, idx, ctx);
    IndexingRules.disjoint(name(), "inserted_window_dims", dims.insertedWindowDims(), "operand_batching_dims",
        dims.operandBatchingDims(), ctx);
    IndexingRules.startMap(name(), "scatter_dims_to_operand_dims", dims.scatterDimsToOperandDims(), x, idx, ctx);
    IndexingRules.disjoint(name(), "scatter_dims_to_operand_dims", dims.scatterDimsToOperandDims(),
        "operand_batching_dims", dims.operandBatchingDims(), ctx);
    IndexingRules.scatterWindows(name(), dims, x, idx, upd, ctx);
    return x;
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return GatherScatter.scatterAdd(in.get(0), in.get(1), in.get(2), dims.kernelDims(), mode == ScatterMode.CLIP);
  }

  /** {@code scatter_add(t_operand, indices, t_updates)}, skipping the scatter when the updates' tangent is zero. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    ShapedType x = primals.get(0).type();
    if (!x.dtype().isFloating()) return Option.none();
    if (tangents.get(2).isEmpty()) return tangents.get(0);
    return Option.of(Bind.bind1(this, Tangents.instantiate(tangents.get(0), x), primals.get(1), tangents.get(2).get()));
  }

  /** The operand's cotangent is {@code ct}; the updates' is {@code ct} gathered at their windows (0 where dropped). */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    ShapedType x = args.get(0).type(), upd = args.get(2).type();
    if (!x.dtype().isFloating()) return Vector.of(Option.none(), Option.none(), Option.none());
    Option<Value> ctOperand = args.get(0).isLinear() ? Option.of(ct) : Option.none();
    if (!args.get(2).isLinear()) return Vector.of(ctOperand, Option.none(), Option.none());
    if (upd.shape().size() == 0 || x.shape().size() == 0)   // nothing was added anywhere
      return Vector.of(ctOperand, Option.none(), Option.of(Tangents.zeros(upd)));
    int[] slice = new int[x.rank()];
    for (int d = 0, w = 0; d < x.rank(); d++)
      slice[d] = dims.insertedWindowDims().contains(d) || dims.operandBatchingDims().contains(d) ? 1
          : upd.shape().dim(dims.updateWindowDims().get(w++));
    Gather g = mode == ScatterMode.CLIP ? new Gather(dims.toGather(), Ints.of(slice), GatherMode.CLIP)
        : new Gather(dims.toGather(), Ints.of(slice), GatherMode.FILL, Option.some(0.0));
    Value ctUpdates = Bind.bind1(g, ct, args.get(1).known(name()));
    return Vector.of(ctOperand, Option.none(), Option.of(ctUpdates));
  }

  /** Keeps the batch axis where it is (see {@link IndexingBatching#scatterAdd}). */
  @Override public Batched batch(Vector<Value> args, Ints bdims, int size) {
    return IndexingBatching.scatterAdd(this, args, bdims, size);
  }
}
