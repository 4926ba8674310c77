package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.trace.Bind;
import io.graft.trace.prim.AllSpecs;
import io.graft.trace.prim.Gather;
import io.graft.trace.prim.GatherDims;
import io.graft.trace.prim.GatherMode;
import io.graft.trace.prim.Primitive;
import io.graft.trace.prim.ScatterAdd;
import io.graft.trace.prim.Spec;
import io.graft.numerics.Ints;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Facts about the gather and scatter_add rules that the generic rule properties cannot see: batching with mapped
 * indices and updates (the generic check maps only float operands), fill values of tangents and cotangents, the
 * embedding-lookup gradient, composition with vmap, and the graphs the rules build.
 */
class IndexingRulesTest {
  private static final Array TABLE = Array.of(new double[] {0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32, 40, 41, 42}, 5, 3);
  private static final Array IDS = Array.of(new int[] {0, 2, 0, 4, 2, 2});
  private static final Array W = Array.of(new double[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}, 6, 3);

  private static Array segmentSum(Array data, Array ids, int n) {
    return Array.wrap(io.graft.trace.ops.Indexing.segmentSum(data.value(), ids.value(), n));
  }

  /** The spec's operands for example {@code i}: floats (as f64) perturbed, indices shifted by {@code i - 1}. */
  private static Vector<Array> example(Spec s, int i, boolean intOperand) {
    Vector<Array> out = Vector.empty();
    for (int k = 0; k < s.args().size(); k++) {
      NdArray a = s.args().get(k);
      Array v;
      if (a.dtype().isFloating()) {
        double[] d = a.astype(DType.F64).f64().clone();
        for (int j = 0; j < d.length; j++) d[j] += 0.25 * i + 0.01 * j;
        v = Array.of(d, a.shape().dims());
        if (intOperand && k == 0) v = v.astype(DType.I32);
      } else {
        long[] d = a.astype(DType.I64).i64().clone();
        for (int j = 0; j < d.length; j++) d[j] += i - 1;
        v = Array.of(d, a.shape().dims()).astype(a.dtype());
      }
      out = out.append(v);
    }
    return out;
  }

  private static boolean indexing(Primitive p) { return p instanceof Gather || p instanceof ScatterAdd; }

  /** vmap equals a loop for every subset of mapped operands (indices and updates included), batch axis first or last. */
  @TestFactory Stream<DynamicTest> vmapEqualsLoopForEveryMapping() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Spec s : AllSpecs.all()) {
      if (!indexing(s.prim())) continue;
      int n = s.args().size();
      for (boolean intOperand : s.prim() instanceof Gather ? new boolean[] {false, true} : new boolean[] {false})
        for (int mask = 1; mask < 1 << n; mask++)
          for (boolean last : new boolean[] {false, true}) {
            int m = mask;
            String name = s.prim().name() + "[" + s.prim().params() + "] mapped " + Integer.toBinaryString(mask)
                + (last ? " last" : " first") + (intOperand ? " i32" : "");
            tests.add(DynamicTest.dynamicTest(name, () -> checkVmap(s, m, last, intOperand, name)));
          }
    }
    return tests.stream();
  }

  private static void checkVmap(Spec s, int mask, boolean last, boolean intOperand, String name) {
    int b = 3, n = s.args().size();
    Vector<Vector<Array>> ex = Vector.range(0, b).map(i -> example(s, i, intOperand));
    Vector<Integer> axes = Vector.range(0, n).map(k -> (mask >> k & 1) == 0 ? null : last ? ex.get(0).get(k).ndim() : 0);
    Vector<Array> stacked = Vector.range(0, n).map(k -> axes.get(k) == null ? ex.get(0).get(k)
        : Np.stack(axes.get(k), ex.map(e -> e.get(k)).toJavaArray(Array[]::new)));
    Function<Vector<Array>, Array> f = xs -> Array.wrap(Bind.bind(s.prim(), xs.map(Array::value)).head());
    Array batched = Graft.vmap(f, AxisSpec.tree(axes), AxisSpec.of(0)).apply(stacked);
    for (int i = 0; i < b; i++) {
      int e = i;
      Array want = f.apply(Vector.range(0, n).map(k -> axes.get(k) == null ? ex.get(0).get(k) : ex.get(e).get(k)));
      Array got = batched.get(i);
      assertEquals(want.dtype(), got.dtype(), name);
      assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-12, name + " example " + i);
    }
  }

  @Test void gatherJvpReadsZeroTangentsOutOfRange() {
    Array ids = Array.of(new int[] {1, 7, 3});
    Function<Array, Array> f = t -> Np.take(t, ids, 0, GatherMode.FILL);
    var jv = Graft.jvp(f, TABLE, Np.onesLike(TABLE));
    assertTrue(Double.isNaN(jv._1.toDoubleArray()[3]), "the primal reads the default fill, NaN");
    assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0, 1, 1, 1}, jv._2.toDoubleArray(), 0);
    String g = Graft.makeGraph((Array t) -> Graft.jvp(f, TABLE, t)._2).apply(TABLE).toString();
    assertTrue(g.contains("mode=fill fill_value=0]"), g);
  }

  @Test void explicitFillValuesPrintAndEvaluate() {
    GatherDims rows = GatherDims.of(new int[] {1}, new int[] {0}, new int[] {0});
    Gather g = new Gather(rows, Ints.of(1, 3), GatherMode.FILL, Option.some(-2.5));
    assertTrue(g.params().endsWith("mode=fill fill_value=-2.5"), g.params());
    assertTrue(new Gather(rows, Ints.of(1, 3), GatherMode.FILL).params().endsWith("fill_value=None"));
    Array idx = Array.of(new int[] {4, 9}, 2, 1);
    Array out = Array.wrap(Bind.bind1(g, TABLE.value(), idx.value()));
    assertArrayEquals(new double[] {40, 41, 42, -2.5, -2.5, -2.5}, out.toDoubleArray(), 0);
    Array ints = Array.wrap(Bind.bind1(new Gather(rows, Ints.of(1, 3), GatherMode.FILL, Option.some(7.0)),
        TABLE.astype(DType.I32).value(), idx.value()));
    assertArrayEquals(new int[] {40, 41, 42, 7, 7, 7}, ints.toIntArray());
  }

  /** The pullback of an embedding lookup sums the cotangent rows of each id: a segment sum. */
  @Test void vjpOfEmbeddingLookupIsSegmentSum() {
    Array back = Graft.vjp((Array t) -> Np.take(t, IDS, 0), TABLE)._2.apply(W);
    assertArrayEquals(segmentSum(W, IDS, 5).toDoubleArray(), back.toDoubleArray(), 0);
    Array oob = Array.of(new int[] {0, 2, 9, 4, 2, 6});   // fill mode: rows 9 and 6 read nothing, get nothing
    Array filled = Graft.vjp((Array t) -> Np.take(t, oob, 0, GatherMode.FILL), TABLE)._2.apply(W);
    assertArrayEquals(segmentSum(W, oob, 5).toDoubleArray(), filled.toDoubleArray(), 0);
  }

  /** The pullback of an embedding lookup is one scatter_add of the cotangent rows into zeros (e: the primal, unused). */
  @Test void pullbackGraphOfEmbeddingLookup() {
    String g = Graft.makeGraph((Array ct) -> Graft.vjp((Array t) -> Np.take(t, IDS, 0), TABLE)._2.apply(ct)).apply(W).toString();
    assertEquals("{ lambda a:i32[6] b:f64[5,3] ; c:f64[6,3]. let\n"
        + "    d:i32[6,1] = reshape[new_sizes=(6, 1)] a\n"
        + "    e:f64[6,3] = gather[dimension_numbers=GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(0,), "
        + "start_index_map=(0,), operand_batching_dims=(), start_indices_batching_dims=()) slice_sizes=(1, 3) mode=clip "
        + "fill_value=None] b d\n"
        + "    f:f64[5,3] = broadcast_in_dim[shape=(5, 3) broadcast_dimensions=()] 0.0:f64[]\n"
        + "    g:f64[5,3] = scatter_add[dimension_numbers=ScatterDimensionNumbers(update_window_dims=(1,), "
        + "inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,), operand_batching_dims=(), "
        + "scatter_indices_batching_dims=()) mode=clip] f d c\n"
        + "  in (g) }", g);
  }

  /** grad of an embedding-lookup loss: the weight rows summed per id (a segment sum of the cotangent rows). */
  @Test void gradOfEmbeddingLookupIsSegmentSum() {
    Array g = Graft.grad((Array t) -> Np.take(t, IDS, 0).mul(W).sum()).apply(TABLE);
    assertArrayEquals(segmentSum(W, IDS, 5).toDoubleArray(), g.toDoubleArray(), 0);
  }

  /** vmap(grad(loss)) of a take_along_axis loss, examples and indices batched, equals a loop. */
  @Test void vmapOfGradOfTakeAlongAxisLossEqualsLoop() {
    Array xs = Np.arange(18).astype(Np.float64).mul(0.1).reshape(3, 2, 3);
    Array idx = Array.of(new int[] {2, 0, 1, 1, 0, 0, 2, -1, 1, 0, 0, 2}, 3, 2, 2);
    io.vavr.Function2<Array, Array, Array> loss = (x, i) -> Np.takeAlongAxis(x, i, 1).sin().sum();
    io.vavr.Function2<Array, Array, Array> grad = Graft.grad(loss);
    Array batched = Graft.vmap(grad, 0, 0).apply(xs, idx);
    for (int k = 0; k < 3; k++)
      assertArrayEquals(grad.apply(xs.get(k), idx.get(k)).toDoubleArray(), batched.get(k).toDoubleArray(), 1e-12);
  }

  /** Dropped scatter updates get a zero cotangent; kept ones get the cotangent of their target row. */
  @Test void droppedUpdatesGetZeroCotangents() {
    Array ids = Array.of(new int[] {1, 5, 3});
    Array upd = Array.of(new double[] {1, 1, 1, 2, 2, 2, 3, 3, 3}, 3, 3);
    var vjp = Graft.vjp((Array u) -> Array.wrap(io.graft.trace.ops.Indexing.addAt(TABLE.value(), ids.value(), u.value())), upd);
    Array back = vjp._2.apply(TABLE);
    assertArrayEquals(new double[] {10, 11, 12, 0, 0, 0, 30, 31, 32}, back.toDoubleArray(), 0);
  }

  /** vmap over a pullback of take_along_axis (indices and cotangent batched) equals a loop. */
  @Test void vmapOfTakeAlongAxisPullbackEqualsLoop() {
    Array x = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Array idx = Array.of(new int[] {2, 0, 1, 1, 0, 0, 2, 2, 1, 0, 0, 2}, 3, 2, 2);
    Array ct = Np.arange(12).astype(Np.float64).reshape(3, 2, 2);
    io.vavr.Function2<Array, Array, Array> pullback =
        (i, c) -> Graft.vjp((Array t) -> Np.takeAlongAxis(t, i, 1), x)._2.apply(c);
    Array batched = Graft.vmap(pullback, 0, 0).apply(idx, ct);
    for (int k = 0; k < 3; k++)
      assertArrayEquals(pullback.apply(idx.get(k), ct.get(k)).toDoubleArray(), batched.get(k).toDoubleArray(), 0);
  }

  /** Batching keeps the batch axis where it is: no transposes, the batch axis in the dimension numbers. */
  @Test void batchingKeepsTheBatchAxisNative() {
    Array xs = Np.zeros(Np.float32, 5, 4, 3);
    String operand = Graft.makeGraph((Array x) -> Graft.vmap((Array t) -> Np.take(t, IDS, 0), 1, 1).apply(x)).apply(xs).toString();
    assertEquals("{ lambda a:i32[6] ; b:f32[5,4,3]. let\n"
        + "    c:i32[6,1] = reshape[new_sizes=(6, 1)] a\n"
        + "    d:f32[6,4,3] = gather[dimension_numbers=GatherDimensionNumbers(offset_dims=(1, 2), collapsed_slice_dims=(0,), "
        + "start_index_map=(0,), operand_batching_dims=(), start_indices_batching_dims=()) slice_sizes=(1, 4, 3) mode=clip "
        + "fill_value=None] b c\n"
        + "  in (d) }", operand);
    Array ids = Array.of(new int[] {0, 1, 2, 3, 4, 0}, 2, 3);   // traced ids: Lax.gather (take would stage negative wrapping)
    GatherDims rows = GatherDims.of(new int[] {1}, new int[] {0}, new int[] {0});
    io.vavr.Function2<Array, Array, Array> take = (t, j) -> Lax.gather(t, j.reshape(3, 1), rows, new int[] {1, 3}, GatherMode.FILL);
    String indices = Graft.makeGraph((Array i) -> Graft.vmap((Array j) -> take.apply(TABLE, j)).apply(i)).apply(ids).toString();
    assertEquals("{ lambda a:f64[5,3] ; b:i32[2,3]. let\n"
        + "    c:i32[2,3,1] = reshape[new_sizes=(2, 3, 1)] b\n"
        + "    d:f64[2,3,3] = gather[dimension_numbers=GatherDimensionNumbers(offset_dims=(2,), collapsed_slice_dims=(0,), "
        + "start_index_map=(0,), operand_batching_dims=(), start_indices_batching_dims=()) slice_sizes=(1, 3) mode=fill "
        + "fill_value=None] a c\n"
        + "  in (d) }", indices);
    String both = Graft.makeGraph((Vector<Array> a) -> Graft.vmap(take, 0, 0).apply(a.get(0), a.get(1)))
        .apply(Vector.of(Np.zeros(Np.float32, 2, 5, 3), ids)).toString();
    Array idx = Array.of(new int[] {1, 5, 1}, 3, 1);
    Function<Array, Array> scatter = u -> Lax.scatterAdd(Np.zeros(Np.float32, 5, 3), idx, u,
        io.graft.trace.prim.ScatterDims.fromGather(rows), io.graft.trace.prim.ScatterMode.FILL_OR_DROP);
    String updates = Graft.makeGraph((Array u) -> Graft.vmap(scatter, 1, 1).apply(u)).apply(Np.zeros(Np.float32, 3, 4, 3)).toString();
    assertEquals("{ lambda a:i32[3,1] ; b:f32[3,4,3]. let\n"
        + "    c:f32[5,3] = broadcast_in_dim[shape=(5, 3) broadcast_dimensions=()] 0.0:f32[]\n"
        + "    d:f32[5,4,3] = broadcast_in_dim[shape=(5, 4, 3) broadcast_dimensions=(0, 2)] c\n"
        + "    e:f32[5,4,3] = scatter_add[dimension_numbers=ScatterDimensionNumbers(update_window_dims=(1, 2), "
        + "inserted_window_dims=(0,), scatter_dims_to_operand_dims=(0,), operand_batching_dims=(), "
        + "scatter_indices_batching_dims=()) mode=fill_or_drop] d a b\n"
        + "  in (e) }", updates);
    assertEquals("{ lambda ; a:f32[2,5,3] b:i32[2,3]. let\n"
        + "    c:i32[2,3,1] = reshape[new_sizes=(2, 3, 1)] b\n"
        + "    d:f32[2,3,3] = gather[dimension_numbers=GatherDimensionNumbers(offset_dims=(2,), collapsed_slice_dims=(1,), "
        + "start_index_map=(1,), operand_batching_dims=(0,), start_indices_batching_dims=(0,)) slice_sizes=(1, 1, 3) "
        + "mode=fill fill_value=None] a c\n"
        + "  in (d) }", both);
  }
}
