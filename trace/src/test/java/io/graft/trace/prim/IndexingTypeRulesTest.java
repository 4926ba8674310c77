package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

/** The gather and scatter_add type rules: result types, and every error path naming the op, parameter and shapes. */
class IndexingTypeRulesTest {
  private static final ShapedType X = ShapedType.of(DType.F32, 3, 4);
  private static final ShapedType IDX = ShapedType.of(DType.I32, 2, 1);
  private static final ShapedType UPD = ShapedType.of(DType.F32, 2, 4);
  private static final int[] NONE = {};

  private static GatherDims g(int[] offset, int[] collapsed, int[] map, int[] opBatch, int[] idxBatch) {
    return GatherDims.of(offset, collapsed, map, opBatch, idxBatch);
  }

  private static ShapedType gather(GatherDims d, int[] slice, ShapedType... in) {
    return new Gather(d, Ints.of(slice), GatherMode.CLIP).type(Vector.of(in));
  }

  private static ShapedType scatter(ScatterDims d, ShapedType... in) {
    return new ScatterAdd(d, ScatterMode.FILL_OR_DROP).type(Vector.of(in));
  }

  private static <E extends RuntimeException> void fails(Class<E> type, Runnable r, String... mentions) {
    E e = assertThrows(type, r::run);
    for (String m : mentions) assertTrue(e.getMessage().contains(m), "missing '" + m + "' in: " + e.getMessage());
  }

  private static void gatherFails(Class<? extends RuntimeException> t, GatherDims d, int[] slice, ShapedType x, ShapedType idx, String param) {
    fails(t, () -> gather(d, slice, x, idx), "gather: ", param, x.toString(), idx.toString());
  }

  @Test void gatherResultTypes() {
    GatherDims rows = g(new int[] {1}, new int[] {0}, new int[] {0}, NONE, NONE);
    assertEquals(ShapedType.of(DType.F32, 2, 4), gather(rows, new int[] {1, 4}, X, IDX));
    ShapedType weak = new ShapedType(X.shape(), DType.F32, true);
    assertTrue(gather(rows, new int[] {1, 4}, weak, IDX).weak(), "weak iff the operand is weak");
    GatherDims cols = g(new int[] {0}, new int[] {1}, new int[] {1}, NONE, NONE);
    assertEquals(ShapedType.of(DType.F32, 3, 5, 2), gather(cols, new int[] {3, 1}, X, ShapedType.of(DType.I64, 5, 2, 1)));
    GatherDims along = g(NONE, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0});
    assertEquals(ShapedType.of(DType.F32, 3, 7), gather(along, new int[] {1, 1}, X, ShapedType.of(DType.I32, 3, 7, 1)));
  }

  @Test void gatherIndexErrors() {
    GatherDims rows = g(new int[] {1}, new int[] {0}, new int[] {0}, NONE, NONE);
    fails(ShapeError.class, () -> new Gather(rows, Ints.of(1, 4), GatherMode.CLIP).type(Vector.of(X)), "gather", "2 operand");
    gatherFails(DTypeError.class, rows, new int[] {1, 4}, X, ShapedType.of(DType.F32, 2, 1), "start_indices");
    gatherFails(ShapeError.class, rows, new int[] {1, 4}, X, ShapedType.of(DType.I32), "index vector");
    gatherFails(ShapeError.class, rows, new int[] {1, 4}, X, ShapedType.of(DType.I32, 2, 2), "start_index_map");
  }

  @Test void gatherDimensionNumberErrors() {
    int[] s = {1, 4};
    gatherFails(ShapeError.class, g(new int[] {2}, new int[] {0}, new int[] {0}, NONE, NONE), s, X, IDX, "offset_dims");
    gatherFails(ShapeError.class, g(new int[] {1, 0}, NONE, new int[] {0}, NONE, NONE), new int[] {3, 4}, X, IDX, "offset_dims");
    gatherFails(ShapeError.class, g(new int[] {1}, new int[] {0}, new int[] {2}, NONE, NONE), s, X, IDX, "start_index_map");
    gatherFails(ShapeError.class, g(new int[] {1}, new int[] {0}, new int[] {0, 0}, NONE, NONE), s, X,
        ShapedType.of(DType.I32, 2, 2), "start_index_map");
    gatherFails(ShapeError.class, g(NONE, new int[] {1, 0}, new int[] {0}, NONE, NONE), new int[] {1, 1}, X, IDX, "collapsed_slice_dims");
    gatherFails(ShapeError.class, g(new int[] {1}, new int[] {5}, new int[] {0}, NONE, NONE), s, X, IDX, "collapsed_slice_dims");
  }

  @Test void gatherBatchingErrors() {
    int[] s = {1, 1};
    ShapedType idx3 = ShapedType.of(DType.I32, 3, 1);
    gatherFails(ShapeError.class, g(NONE, NONE, new int[] {1}, new int[] {1, 0}, new int[] {0, 0}), s, X, idx3, "operand_batching_dims");
    gatherFails(ShapeError.class, g(NONE, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {1}), s, X, idx3, "index vector");
    gatherFails(ShapeError.class, g(NONE, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0, 0}), s, X,
        ShapedType.of(DType.I32, 3, 3, 1), "start_indices_batching_dims");
    gatherFails(ShapeError.class, g(new int[] {0}, new int[] {1}, new int[] {1}, new int[] {0}, NONE), new int[] {1, 1}, X, idx3,
        "equal lengths");
    gatherFails(ShapeError.class, g(NONE, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0}), s, X,
        ShapedType.of(DType.I32, 2, 1), "batching axes disagree");
    gatherFails(ShapeError.class, g(NONE, new int[] {0, 1}, new int[] {1}, new int[] {0}, new int[] {0}), s, X, idx3, "disjoint");
    gatherFails(ShapeError.class, g(new int[] {1}, NONE, new int[] {0}, new int[] {0}, new int[] {0}), new int[] {1, 4}, X, idx3, "disjoint");
  }

  @Test void gatherSliceSizeErrors() {
    GatherDims rows = g(new int[] {1}, new int[] {0}, new int[] {0}, NONE, NONE);
    gatherFails(ShapeError.class, rows, new int[] {1}, X, IDX, "slice_sizes");
    gatherFails(ShapeError.class, rows, new int[] {1, 5}, X, IDX, "slice_sizes");
    gatherFails(ShapeError.class, rows, new int[] {2, 4}, X, IDX, "collapsed axis 0");
    gatherFails(ShapeError.class, g(new int[] {1}, NONE, new int[] {0}, NONE, NONE), new int[] {1, 4}, X, IDX, "account for 1 of its 2");
    GatherDims along = g(NONE, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0});
    gatherFails(ShapeError.class, along, new int[] {2, 1}, X, ShapedType.of(DType.I32, 3, 1), "batching axis 0");
  }

  private static ScatterDims sd(int[] window, int[] inserted, int[] map, int[] opBatch, int[] idxBatch) {
    return ScatterDims.of(window, inserted, map, opBatch, idxBatch);
  }

  private static void scatterFails(Class<? extends RuntimeException> t, ScatterDims d, ShapedType x, ShapedType idx, ShapedType upd, String param) {
    fails(t, () -> scatter(d, x, idx, upd), "scatter_add: ", param, x.toString(), idx.toString(), upd.toString());
  }

  @Test void scatterResultTypes() {
    ScatterDims rows = sd(new int[] {1}, new int[] {0}, new int[] {0}, NONE, NONE);
    assertEquals(X, scatter(rows, X, IDX, UPD));
    assertEquals(X, scatter(rows, X, IDX, ShapedType.of(DType.F32, 2, 3)));
    assertTrue(scatter(rows, new ShapedType(X.shape(), DType.F32, true), IDX, UPD).weak());
    assertEquals(rows, ScatterDims.fromGather(rows.toGather()));
  }

  @Test void scatterErrors() {
    ScatterDims rows = sd(new int[] {1}, new int[] {0}, new int[] {0}, NONE, NONE);
    scatterFails(DTypeError.class, rows, X, IDX, ShapedType.of(DType.F64, 2, 4), "numeric dtype");
    ShapedType b = ShapedType.of(DType.BOOL, 3, 4);
    scatterFails(DTypeError.class, rows, b, IDX, ShapedType.of(DType.BOOL, 2, 4), "numeric dtype");
    scatterFails(DTypeError.class, rows, X, ShapedType.of(DType.F32, 2, 1), UPD, "scatter_indices");
    scatterFails(ShapeError.class, rows, X, IDX, ShapedType.of(DType.F32, 2, 4, 1), "must have rank 2");
    scatterFails(ShapeError.class, sd(new int[] {1, 0}, NONE, new int[] {0}, NONE, NONE), X, ShapedType.of(DType.I32, 1),
        ShapedType.of(DType.F32, 3, 4), "update_window_dims");
    scatterFails(ShapeError.class, sd(new int[] {1}, new int[] {2}, new int[] {0}, NONE, NONE), X, IDX, UPD, "inserted_window_dims");
    scatterFails(ShapeError.class, sd(new int[] {1}, new int[] {0}, new int[] {0, 1}, NONE, NONE), X, IDX, UPD, "scatter_dims_to_operand_dims");
    scatterFails(ShapeError.class, sd(new int[] {1}, NONE, new int[] {0}, NONE, NONE), X, IDX, UPD, "account for 1 of its 2");
    scatterFails(ShapeError.class, rows, X, IDX, ShapedType.of(DType.F32, 2, 5), "exceeds");
    scatterFails(ShapeError.class, rows, X, IDX, ShapedType.of(DType.F32, 3, 4), "scatter axis 0");
  }

  @Test void scatterBatchingErrors() {
    ShapedType idx3 = ShapedType.of(DType.I32, 3, 1), upd3 = ShapedType.of(DType.F32, 3);
    ScatterDims ok = sd(NONE, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0});
    assertEquals(X, scatter(ok, X, idx3, upd3));
    scatterFails(ShapeError.class, sd(NONE, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {1}), X, idx3, upd3, "index vector");
    scatterFails(ShapeError.class, sd(NONE, new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0}), X,
        ShapedType.of(DType.I32, 2, 1), ShapedType.of(DType.F32, 2), "batching axes disagree");
    scatterFails(ShapeError.class, sd(NONE, new int[] {0, 1}, new int[] {1}, new int[] {0}, new int[] {0}), X, idx3, upd3, "disjoint");
    scatterFails(ShapeError.class, sd(new int[] {1}, NONE, new int[] {0}, new int[] {0}, new int[] {0}), X, idx3,
        ShapedType.of(DType.F32, 3, 4), "disjoint");
    scatterFails(ShapeError.class, sd(new int[] {1}, NONE, new int[] {1}, new int[] {0}, NONE), X, idx3,
        ShapedType.of(DType.F32, 3, 4), "equal lengths");
  }

  @Test void printsLikeJax() {
    GatherDims rows = g(new int[] {1}, new int[] {0}, new int[] {0}, NONE, NONE);
    assertEquals("dimension_numbers=GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,), start_index_map=(0,), "
        + "operand_batching_dims=(), start_indices_batching_dims=()) slice_sizes=(1, 3) mode=clip fill_value=None",
        new Gather(rows, Ints.of(1, 3), GatherMode.CLIP).params());
    assertEquals("dimension_numbers=ScatterDimensionNumbers(update_window_dims=(1,), inserted_window_dims=(0,), "
        + "scatter_dims_to_operand_dims=(0,), operand_batching_dims=(), scatter_indices_batching_dims=()) mode=fill_or_drop",
        new ScatterAdd(ScatterDims.fromGather(rows), ScatterMode.FILL_OR_DROP).params());
    assertEquals("scatter_add", new ScatterAdd(ScatterDims.fromGather(rows), ScatterMode.CLIP).name());
    assertEquals("mode=fill fill_value=None", new Gather(rows, Ints.of(1, 3), GatherMode.FILL).params().replaceAll(".* (mode=)", "$1"));
  }
}
