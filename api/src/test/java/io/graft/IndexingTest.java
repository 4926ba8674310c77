package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.Graph;
import io.graft.trace.prim.GatherDims;
import io.graft.trace.prim.GatherMode;
import io.graft.trace.prim.ScatterDims;
import io.graft.trace.prim.ScatterMode;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The indexing facades: Array.take, Np.take / takeAlongAxis, Lax.gather / scatterAdd. */
class IndexingTest {
  record Lookup(Array table, Array ids) {}

  private static final Array M = Array.of(new float[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}, 3, 4);
  private static final GatherDims ROWS = GatherDims.of(new int[] {1}, new int[] {0}, new int[] {0});

  @Test void takeRowsColumnsAndFlat() {
    Array ids = Array.of(new int[] {2, -4});
    assertArrayEquals(new int[] {2, 4}, M.take(ids, 0).shape());
    assertArrayEquals(new float[] {20, 21, 22, 23, 0, 1, 2, 3}, M.take(ids, 0).toFloatArray());
    assertArrayEquals(new float[] {2, 0, 12, 10, 22, 20}, Np.take(M, ids, -1).toFloatArray());
    assertArrayEquals(new float[] {2, 20}, M.take(Array.of(new long[] {2, -4})).toFloatArray());
    assertArrayEquals(new float[] {2, 20}, Np.take(M, Array.of(new long[] {2, 8})).toFloatArray());
  }

  @Test void takeModes() {
    Array ids = Array.of(new int[] {0, 3});
    assertArrayEquals(new float[] {0, 1, 2, 3, 20, 21, 22, 23}, Np.take(M, ids, 0, GatherMode.CLIP).toFloatArray());
    float[] filled = Np.take(M, ids, 0, GatherMode.FILL).toFloatArray();
    assertEquals(0, filled[0]);
    assertTrue(Float.isNaN(filled[4]) && Float.isNaN(filled[7]));
    assertArrayEquals(new float[] {0, 1, 2, 3, 20, 21, 22, 23}, Np.take(M, ids, 0, GatherMode.PROMISE_IN_BOUNDS).toFloatArray());
  }

  @Test void embeddingLookupGraph() {
    Lookup l = new Lookup(ShapeDtype.of(Np.float32, 5, 3).array(), ShapeDtype.of(Np.int32, 4).array());
    Function<Lookup, Array> embed = q -> Np.take(q.table(), q.ids(), 0);
    Graph g = Graft.makeGraph(embed).apply(l);
    assertEquals("""
        { lambda ; a:f32[5,3] b:i32[4]. let
            c:i32[4] = min b 0:i32[]
            d:i32[4] = max c -1:i32[]
            e:i32[4] = mul d 5:i32[]
            f:i32[4] = sub b e
            g:i32[4,1] = reshape[new_sizes=(4, 1)] f
            h:f32[4,3] = gather[dimension_numbers=GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,), \
        start_index_map=(0,), operand_batching_dims=(), start_indices_batching_dims=()) slice_sizes=(1, 3) mode=clip \
        fill_value=None] a g
          in (h) }""", g.toString());
    Array table = Array.of(new float[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}, 5, 3);
    Array ids = Array.of(new int[] {4, -2, 0, 9});
    Array out = Graft.evalGraph(g, table, ids).head();
    assertArrayEquals(embed.apply(new Lookup(table, ids)).toFloatArray(), out.toFloatArray());
    assertArrayEquals(new float[] {4, 4, 4, 3, 3, 3, 0, 0, 0, 4, 4, 4}, out.toFloatArray());
  }

  @Test void closedOverIndicesWrapWithoutEquations() {
    Array ids = Array.of(new int[] {1, -1});
    Graph g = Graft.makeGraph((Array t) -> t.take(ids, 0)).apply(ShapeDtype.of(Np.float32, 5, 3).array());
    assertEquals("""
        { lambda a:i32[2] ; b:f32[5,3]. let
            c:i32[2,1] = reshape[new_sizes=(2, 1)] a
            d:f32[2,3] = gather[dimension_numbers=GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,), \
        start_index_map=(0,), operand_batching_dims=(), start_indices_batching_dims=()) slice_sizes=(1, 3) mode=clip \
        fill_value=None] b c
          in (d) }""", g.toString());
    assertArrayEquals(new int[] {1, 4}, g.consts().head().i32());
  }

  @Test void takeAlongAxisSortsLikeNumpy() {
    Array x = Array.of(new double[] {3, 1, 2, 9, 7, 8}, 2, 3);
    Array order = Array.of(new int[] {1, 2, 0, 1, 2, 0}, 2, 3);          // argsort of each row
    assertArrayEquals(new double[] {1, 2, 3, 7, 8, 9}, Np.takeAlongAxis(x, order, 1).toDoubleArray());
    Array first = Array.of(new int[] {0, 0, -1}, 1, 3);                  // one index per column, along axis 0
    assertArrayEquals(new double[] {3, 1, 8}, Np.takeAlongAxis(x, first, 0).toDoubleArray());
    Graph g = Graft.makeGraph((Array a) -> Np.takeAlongAxis(a, order, 1)).apply(x);
    assertArrayEquals(new double[] {1, 2, 3, 7, 8, 9}, Graft.evalGraph(g, x).head().toDoubleArray());
    assertTrue(g.toString().contains("operand_batching_dims=(0,), start_indices_batching_dims=(0,)"), g.toString());
  }

  @Test void laxGatherAndScatterAdd() {
    Array idx = Array.of(new int[] {2, 0, 2}, 3, 1);
    Array rows = Lax.gather(M, idx, ROWS, new int[] {1, 2}, GatherMode.CLIP);
    assertArrayEquals(new int[] {3, 2}, rows.shape());
    assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21}, rows.toFloatArray());
    Array acc = Lax.scatterAdd(Np.zeros(3, 2), idx, Array.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2),
        ScatterDims.fromGather(ROWS), ScatterMode.FILL_OR_DROP);
    assertArrayEquals(new float[] {3, 4, 0, 0, 6, 8}, acc.toFloatArray());
    Graph g = Graft.makeGraph((Array u) -> Lax.scatterAdd(Np.zeros(3, 2), idx, u, ScatterDims.fromGather(ROWS), ScatterMode.CLIP))
        .apply(ShapeDtype.of(Np.float32, 3, 2).array());
    assertTrue(g.toString().contains("scatter_add[dimension_numbers=ScatterDimensionNumbers(update_window_dims=(1,), "
        + "inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,), operand_batching_dims=(), "
        + "scatter_indices_batching_dims=()) mode=clip]"), g.toString());
    assertThrows(DTypeError.class, () -> Lax.scatterAdd(Np.zeros(Np.bool, 3, 2), idx, Np.zeros(Np.bool, 3, 2),
        ScatterDims.fromGather(ROWS), ScatterMode.CLIP));
    assertThrows(ShapeError.class, () -> Lax.gather(M, idx, ROWS, new int[] {2, 2}, GatherMode.CLIP));
  }

  /** Rows of an embedding lookup are the table's rows, traced or eager, for any valid ids. */
  @Property(tries = 50)
  void embeddingRowsAreTableRows(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int vocab,
                                 @ForAll @IntRange(min = 0, max = 5) int n) {
    Random r = new Random(seed);
    double[] t = new double[vocab * 2];
    for (int i = 0; i < t.length; i++) t[i] = r.nextGaussian();
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = r.nextInt(2 * vocab) - vocab;
    Array table = Array.of(t, vocab, 2), idx = Array.of(ids);
    Array eager = table.take(idx, 0);
    Graph g = Graft.makeGraph((Lookup l) -> l.table().take(l.ids(), 0)).apply(new Lookup(table, idx));
    double[] traced = Graft.evalGraph(g, table, idx).head().toDoubleArray();
    for (int i = 0; i < n; i++) {
      int row = ids[i] < 0 ? ids[i] + vocab : ids[i];
      for (int j = 0; j < 2; j++) {
        assertEquals(t[row * 2 + j], eager.toDoubleArray()[i * 2 + j]);
        assertEquals(t[row * 2 + j], traced[i * 2 + j]);
      }
    }
  }

  @Test void nullArgumentsAreRejected() {
    Array ids = Array.of(new int[] {0});
    npe("indices is null", () -> M.take(null, 0));
    npe("indices is null", () -> M.take(null));
    npe("x is null", () -> Np.take(null, ids));
    npe("x is null", () -> Np.take(null, ids, 0));
    npe("indices is null", () -> Np.take(M, null, 0));
    npe("mode is null", () -> Np.take(M, ids, 0, null));
    npe("x is null", () -> Np.takeAlongAxis(null, ids, 0));
    npe("indices is null", () -> Np.takeAlongAxis(M, null, 0));
    npe("operand is null", () -> Lax.gather(null, ids, ROWS, new int[] {1, 4}, GatherMode.CLIP));
    npe("dims is null", () -> Lax.gather(M, ids, null, new int[] {1, 4}, GatherMode.CLIP));
    npe("sliceSizes is null", () -> Lax.gather(M, ids, ROWS, null, GatherMode.CLIP));
    npe("updates is null", () -> Lax.scatterAdd(M, ids, null, ScatterDims.fromGather(ROWS), ScatterMode.CLIP));
    npe("mode is null", () -> Lax.scatterAdd(M, ids, M, ScatterDims.fromGather(ROWS), null));
  }

  private static void npe(String message, Runnable r) {
    assertEquals(message, assertThrows(NullPointerException.class, r::run).getMessage());
  }
}
