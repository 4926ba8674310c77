package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.GatherScatter;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
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
 * Linear in (operand, updates): the transpose passes the cotangent to the operand and gathers it for the updates.
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
    checkWindows(x, idx, upd, ctx);
    return x;
  }

  private void checkWindows(ShapedType x, ShapedType idx, ShapedType upd, Supplier<String> ctx) {
    int parts = dims.updateWindowDims().size() + dims.insertedWindowDims().size() + dims.operandBatchingDims().size();
    if (parts != x.rank())
      throw new ShapeError(name() + ": every operand axis must be a window axis (one per update_window_dims entry), "
          + "inserted or batching, but update_window_dims " + dims.updateWindowDims() + ", inserted_window_dims "
          + dims.insertedWindowDims() + " and operand_batching_dims " + dims.operandBatchingDims() + " account for "
          + parts + " of its " + x.rank() + ctx.get());
    for (int d = 0, w = 0; d < x.rank(); d++) {
      if (dims.insertedWindowDims().contains(d) || dims.operandBatchingDims().contains(d)) continue;
      int ud = dims.updateWindowDims().get(w++);
      if (upd.shape().dim(ud) > x.shape().dim(d))
        throw new ShapeError(name() + ": updates " + upd + " window axis " + ud + " (" + upd.shape().dim(ud) + ") exceeds "
            + "operand " + x + " axis " + d + " (" + x.shape().dim(d) + "); a window must fit in the operand" + ctx.get());
    }
    for (int u = 0, j = 0; u < upd.rank(); u++) {
      if (dims.updateWindowDims().contains(u)) continue;
      if (upd.shape().dim(u) != idx.shape().dim(j))
        throw new ShapeError(name() + ": updates " + upd + " scatter axis " + u + " (" + upd.shape().dim(u) + ") must equal "
            + "scatter_indices " + idx + " axis " + j + " (" + idx.shape().dim(j) + ")" + ctx.get());
      j++;
    }
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return GatherScatter.scatterAdd(in.get(0), in.get(1), in.get(2), dims.kernelDims(), mode == ScatterMode.CLIP);
  }
}
