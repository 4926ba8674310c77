package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.graft.trace.Graph;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Facts about the structural family's rules that the generic {@link RuleProperties} cannot see: vmap over batched
 * start indices (including out-of-range ones, which clamp exactly as the unbatched primitive does), replacing
 * updates that keep NaN, infinities, signed zeros and bools bit for bit, batched padding values, the symbolic zeros
 * the JVP rules instantiate, and the graphs the rules produce.
 */
class StructuralRulesTest {
  private static final double NAN = Double.NaN, INF = Double.POSITIVE_INFINITY;

  // ---------------------------------------------------------------- helpers

  /** Exact equality: dtype, shape and every element (NaN equals NaN, -0.0 differs from 0.0). */
  private static void same(Array expected, Array got, String what) {
    assertEquals(expected.dtype(), got.dtype(), what + " dtype");
    assertArrayEquals(expected.shape(), got.shape(), what + " shape");
    if (expected.dtype() == DType.BOOL) assertArrayEquals(expected.toBooleanArray(), got.toBooleanArray(), what);
    else if (expected.dtype().isInteger()) assertArrayEquals(expected.toLongArray(), got.toLongArray(), what);
    else assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), 0, what);
  }

  /**
   * {@code vmap(f)} over {@code examples} (one argument vector per example), argument {@code k} mapped along
   * {@code axes[k]} (0, or -1 for a new last axis) or unmapped ({@code null}: every example then uses example 0's
   * value), against {@code f} applied to each example.
   */
  private static void vmapMatchesLoop(String what, Function<Vector<Array>, Array> f, Vector<Vector<Array>> examples,
                                      Vector<Integer> axes) {
    int n = axes.size();
    Vector<Array> stacked = Vector.range(0, n).map(k -> {
      Integer ax = axes.get(k);
      if (ax == null) return examples.get(0).get(k);
      return Np.stack(ax == -1 ? examples.get(0).get(k).ndim() : ax, examples.map(e -> e.get(k)).toJavaArray(Array[]::new));
    });
    Vector<Integer> inAxes = Vector.range(0, n).map(k -> axes.get(k) == null ? null
        : axes.get(k) == -1 ? stacked.get(k).ndim() - 1 : axes.get(k));
    Array batched = Graft.vmap(f, AxisSpec.tree(inAxes), AxisSpec.of(0)).apply(stacked);
    for (int i = 0; i < examples.size(); i++) {
      int ex = i;
      Vector<Array> args = Vector.range(0, n).map(k -> examples.get(axes.get(k) == null ? 0 : ex).get(k));
      same(f.apply(args), batched.get(i), what + " (in axes " + inAxes + ") example " + i);
    }
  }

  /** Concrete i32 start indices. */
  private static Array[] starts(int... s) {
    Array[] out = new Array[s.length];
    for (int i = 0; i < s.length; i++) out[i] = Array.scalar(s[i]);
    return out;
  }

  private static Array f64(double[] d, int... shape) { return Array.of(d, shape); }

  private static Array grid(int rows, int cols, double offset) {
    double[] d = new double[rows * cols];
    for (int i = 0; i < d.length; i++) d[i] = offset + i;
    return Array.of(d, rows, cols);
  }

  /** Start indices per example: in range, negative, past the end, at the edge. */
  private static final int[] STARTS_A = {1, -3, 7, 3}, STARTS_B = {0, 4, -1, 9};

  private static Vector<Vector<Array>> examples(int count, Function<Integer, Vector<Array>> example) {
    return Vector.range(0, count).map(example::apply);
  }

  // ---------------------------------------------------------------- dynamic_slice with batched indices

  @Test void dynamicSliceWithBatchedIndicesMatchesALoop() {
    Function<Vector<Array>, Array> f = a -> Lax.dynamicSlice(a.get(0), new Array[] {a.get(1), a.get(2)}, new int[] {2, 3});
    Vector<Vector<Array>> ex = examples(4, i -> Vector.of(grid(5, 6, 10 * i), Array.scalar(STARTS_A[i]),
        Array.scalar(STARTS_B[i])));
    vmapMatchesLoop("dynamic_slice", f, ex, Vector.of(0, 0, 0));
    vmapMatchesLoop("dynamic_slice", f, ex, Vector.of(-1, 0, 0));
    vmapMatchesLoop("dynamic_slice", f, ex, Vector.of(null, 0, 0));
    vmapMatchesLoop("dynamic_slice", f, ex, Vector.of(0, null, 0));
    vmapMatchesLoop("dynamic_slice", f, ex, Vector.of(null, 0, null));
    Vector<Vector<Array>> wide = examples(4, i -> Vector.of(grid(5, 6, i), Array.scalar((long) STARTS_A[i]), Array.scalar(2L)));
    vmapMatchesLoop("dynamic_slice i64", f, wide, Vector.of(-1, 0, null));
  }

  @Test void dynamicSliceWithBatchedIndicesIsOneGather() {
    Graph g = Graft.makeGraph((Tuple2<Array, Array> t) -> Graft.vmap((Function<Array, Array>) i ->
        Lax.dynamicSlice(t._1, new Array[] {i}, new int[] {2}), 0, 0).apply(t._2))
        .apply(Tuple.of(Array.of(new double[] {1, 2, 3, 4}), Array.of(new int[] {0, 3, -1})));
    assertEquals("""
        { lambda ; a:f64[4] b:i32[3]. let
            c:i32[3,1] = reshape[new_sizes=(3, 1)] b
            d:f64[3,2] = gather[dimension_numbers=GatherDimensionNumbers(offset_dims=(1,), collapsed_slice_dims=(), start_index_map=(0,), operand_batching_dims=(), start_indices_batching_dims=()) slice_sizes=(2,) mode=clip fill_value=None] a c
          in (d) }""", g.toString());
  }

  // ---------------------------------------------------------------- dynamic_update_slice with batched indices

  private static final double[] SPECIAL = {NAN, -0.0, INF, 0.0, -INF, 1.5, -2.0, 3.25, NAN, -0.0, 7, 8};

  @Test void dynamicUpdateSliceWithBatchedIndicesReplacesExactly() {
    Function<Vector<Array>, Array> f = a -> Lax.dynamicUpdateSlice(a.get(0), a.get(1), new Array[] {a.get(2), a.get(3)});
    Vector<Vector<Array>> ex = examples(4, i -> {
      double[] x = SPECIAL.clone(), u = {-0.0, NAN, 10 + i, -INF};
      x[i] = -x[i];
      return Vector.of(f64(x, 3, 4), f64(u, 2, 2), Array.scalar(STARTS_A[i]), Array.scalar(STARTS_B[i]));
    });
    vmapMatchesLoop("dynamic_update_slice", f, ex, Vector.of(0, 0, 0, 0));
    vmapMatchesLoop("dynamic_update_slice", f, ex, Vector.of(-1, 0, 0, null));
    vmapMatchesLoop("dynamic_update_slice", f, ex, Vector.of(null, -1, null, 0));
    vmapMatchesLoop("dynamic_update_slice", f, ex, Vector.of(0, null, 0, 0));
    vmapMatchesLoop("dynamic_update_slice", f, ex, Vector.of(null, null, 0, 0));
  }

  @Test void dynamicUpdateSliceWithBatchedIndicesKeepsIntegersAndBools() {
    Function<Vector<Array>, Array> f = a -> Lax.dynamicUpdateSlice(a.get(0), a.get(1), new Array[] {a.get(2)});
    Vector<Vector<Array>> bools = examples(4, i -> Vector.of(Array.of(new boolean[] {true, false, true, false, true}),
        Array.of(new boolean[] {i % 2 == 0, true}), Array.scalar((long) STARTS_B[i])));
    vmapMatchesLoop("dynamic_update_slice bool", f, bools, Vector.of(null, 0, 0));
    vmapMatchesLoop("dynamic_update_slice bool", f, bools, Vector.of(0, null, 0));
    Vector<Vector<Array>> ints = examples(4, i -> Vector.of(Array.of(new long[] {Long.MAX_VALUE, -5, 6, 7, Long.MIN_VALUE}),
        Array.of(new long[] {100 + i, Long.MIN_VALUE + i, 3}), Array.scalar(STARTS_A[i])));
    vmapMatchesLoop("dynamic_update_slice i64", f, ints, Vector.of(0, 0, 0));
    vmapMatchesLoop("dynamic_update_slice i64", f, ints, Vector.of(null, 0, 0));
  }

  @Test void dynamicUpdateSliceOfAnEmptyUpdateLeavesTheOperand() {
    Function<Vector<Array>, Array> f = a -> Lax.dynamicUpdateSlice(a.get(0), a.get(1), new Array[] {a.get(2), a.get(3)});
    Vector<Vector<Array>> ex = examples(3, i -> Vector.of(grid(2, 3, i), Array.of(new double[0], 2, 0),
        Array.scalar(STARTS_A[i]), Array.scalar(STARTS_B[i])));
    vmapMatchesLoop("dynamic_update_slice empty", f, ex, Vector.of(0, 0, 0, 0));
  }

  // ---------------------------------------------------------------- pad with a batched padding value

  @Test void padWithABatchedPaddingValueMatchesALoop() {
    int[][] config = {{1, -2, 1}, {-1, 2, 0}};
    Function<Vector<Array>, Array> f = a -> Lax.pad(a.get(0), a.get(1), config);
    double[] values = {INF, -0.0, NAN};
    Vector<Vector<Array>> ex = examples(3, i -> Vector.of(f64(SPECIAL, 4, 3).add(i), Array.scalar(values[i])));
    vmapMatchesLoop("pad", f, ex, Vector.of(0, 0));
    vmapMatchesLoop("pad", f, ex, Vector.of(-1, 0));
    vmapMatchesLoop("pad", f, ex, Vector.of(null, 0));
    vmapMatchesLoop("pad", f, ex, Vector.of(-1, null));
    Function<Vector<Array>, Array> scalar = a -> Lax.pad(a.get(0), a.get(1), new int[0][]);
    vmapMatchesLoop("pad rank 0", scalar, examples(3, i -> Vector.of(Array.scalar(1.0 + i), Array.scalar(-1.0 * i))),
        Vector.of(null, 0));
    Function<Vector<Array>, Array> empty = a -> Lax.pad(a.get(0), a.get(1), new int[][] {{2, 1, 3}});
    vmapMatchesLoop("pad empty", empty, examples(3, i -> Vector.of(Array.of(new double[0]), Array.scalar(2.0 + i))),
        Vector.of(null, 0));
    Function<Vector<Array>, Array> bools = a -> Lax.pad(a.get(0), a.get(1), new int[][] {{1, 1, 1}});
    vmapMatchesLoop("pad bool", bools, examples(2, i -> Vector.of(Array.of(new boolean[] {i == 0, true}), Array.scalar(i == 1))),
        Vector.of(0, 0));
  }

  // ---------------------------------------------------------------- batching keeps axes in place

  /** The graph of {@code vmap(f)} over axis 2 of an {@code f64[2,1,3,4]} batch, results along {@code outAxis}. */
  private static String vmapGraph(Function<Array, Array> f, int outAxis) {
    return Graft.makeGraph(Graft.vmap(f, 2, outAxis)).apply(Array.of(new double[24], 2, 1, 3, 4)).toString();
  }

  /** Each rule takes the batch axis where it is (out axes chosen so that vmap itself moves nothing). */
  @Test void batchingKeepsTheBatchAxisInPlace() {
    assertEquals("""
        { lambda ; a:f64[2,1,3,4]. let b:f64[2,3,4] = squeeze[dimensions=(1,)] a in (b) }""",
        vmapGraph(e -> Lax.squeeze(e, 1), 1));
    assertEquals("""
        { lambda ; a:f64[2,1,3,4]. let b:f64[2,1,3,4] = rev[dimensions=(0, 3)] a in (b) }""",
        vmapGraph(e -> Lax.rev(e, 0, 2), 2));
    assertEquals("""
        { lambda ; a:f64[2,1,3,4]. let
            b:f64[1,1,3,2] = slice[start_indices=(1, 0, 0, 1) limit_indices=(2, 1, 3, 4) strides=(1, 1, 1, 2)] a
          in (b) }""",
        vmapGraph(e -> Lax.slice(e, new int[] {1, 0, 1}, new int[] {2, 1, 4}, new int[] {1, 1, 2}), 2));
    assertEquals("""
        { lambda ; a:f64[2,1,3,4]. let b:f64[4,2,3,1] = transpose[permutation=(3, 0, 2, 1)] a in (b) }""",
        vmapGraph(e -> Lax.transpose(e, 2, 0, 1), 2));
    assertEquals("""
        { lambda ; a:f64[2,1,3,4]. let
            b:f64[2,5,1,3,4] = broadcast_in_dim[shape=(2, 5, 1, 3, 4) broadcast_dimensions=(0, 2, 3, 4)] a
          in (b) }""",
        vmapGraph(e -> Lax.broadcastInDim(e, new int[] {2, 5, 1, 4}, new int[] {0, 2, 3}), 3));
    assertEquals("""
        { lambda ; a:f64[2,1,3,4]. let
            b:f64[3,1,3,8] = pad[padding_config=((1, 0, 0), (0, 0, 0), (0, 0, 0), (0, 1, 1))] a 0.0:f64[]
          in (b) }""",
        vmapGraph(e -> Lax.pad(e, Array.scalar(0.0), new int[][] {{1, 0, 0}, {0, 0, 0}, {0, 1, 1}}), 2));
    assertEquals("""
        { lambda ; a:f64[2,1,3,4]. let
            b:f64[1,1,3,2] = dynamic_slice[slice_sizes=(1, 1, 3, 2)] a 1:i32[] 0:i32[] 0:i32[] 2:i32[]
          in (b) }""",
        vmapGraph(e -> Lax.dynamicSlice(e, starts(1, 0, 2), new int[] {1, 1, 2}), 2));
  }

  // ---------------------------------------------------------------- JVP: symbolic zeros instantiated where needed

  @Test void jvpInstantiatesOnlyTheMissingTangents() {
    Array x = Array.of(new double[] {1, 2, 3}), t = Array.of(new double[] {0.5, -1, 2});
    Array v = Array.scalar(7.0), tv = Array.scalar(-3.0);
    // pad: zero operand tangent, nonzero padding-value tangent
    same(Array.of(new double[] {-3, 0, -3, 0, -3, 0, -3}),
        Graft.jvp((Array p) -> Lax.pad(x, p, new int[][] {{1, 1, 1}}), v, tv)._2, "pad value tangent");
    // concatenate with a constant operand
    same(Array.of(new double[] {0.5, -1, 2, 0, 0, 0}), Graft.jvp((Array a) -> Lax.concatenate(0, a, x), x, t)._2, "concatenate");
    // dynamic_update_slice: only the update varies, then only the operand
    Array u = Array.of(new double[] {9});
    same(Array.of(new double[] {0, 0, 4}),
        Graft.jvp((Array w) -> Lax.dynamicUpdateSlice(x, w, starts(5)), u, Array.of(new double[] {4}))._2, "update");
    same(Array.of(new double[] {0.5, 0, 2}),
        Graft.jvp((Array a) -> Lax.dynamicUpdateSlice(a, u, starts(1)), x, t)._2, "operand");
    assertEquals("""
        { lambda a:f64[3] ; b:f64[]. let
            c:f64[4] = pad[padding_config=((1, 0, 0),)] a b
            d:f64[3] = broadcast_in_dim[shape=(3,) broadcast_dimensions=()] 0.0:f64[]
            e:f64[4] = pad[padding_config=((1, 0, 0),)] d -3.0:f64[]
          in (e) }""", Graft.makeGraph((Array p) -> Graft.jvp((Array q) -> Lax.pad(x, q, new int[][] {{1, 0, 0}}), p, tv)._2)
        .apply(v).toString());
  }

  // ---------------------------------------------------------------- transposes as graphs

  /** The graph of {@code ct -> vjp(f, x)(ct)}. */
  private static String vjpGraph(Function<Array, Array> f, Array x, Array ct) {
    return Graft.makeGraph((Array c) -> Graft.vjp(f, x)._2.apply(c)).apply(ct).toString();
  }

  @Test void transposeRulesProduceTheExpectedPrimitives() {
    Array x = grid(3, 4, 0);
    assertEquals("""
        { lambda a:f64[3,4] ; b:f64[2,2]. let
            c:f64[2,2] = slice[start_indices=(1, 0) limit_indices=(3, 4) strides=(1, 3)] a
            d:f64[3,4] = pad[padding_config=((1, 0, 0), (0, 0, 2))] b 0.0:f64[]
          in (d) }""", vjpGraph(a -> Lax.slice(a, new int[] {1, 0}, new int[] {3, 4}, new int[] {1, 3}), x, grid(2, 2, 0)));
    assertEquals("""
        { lambda a:f64[3,4] ; b:f64[6,4]. let
            c:f64[6,4] = pad[padding_config=((-1, 2, 1), (0, 0, 0))] a 0.0:f64[]
            d:f64[7,4] = pad[padding_config=((1, 0, 0), (0, 0, 0))] b 0.0:f64[]
            e:f64[3,4] = slice[start_indices=(0, 0) limit_indices=(5, 4) strides=(2, 1)] d
          in (e) }""", vjpGraph(a -> Lax.pad(a, Array.scalar(0.0), new int[][] {{-1, 2, 1}, {0, 0, 0}}), x, grid(6, 4, 0)));
    assertEquals("""
        { lambda a:f64[3,4] ; b:f64[2,2]. let
            c:f64[2,2] = dynamic_slice[slice_sizes=(2, 2)] a 2:i32[] -1:i32[]
            d:f64[3,4] = broadcast_in_dim[shape=(3, 4) broadcast_dimensions=()] 0.0:f64[]
            e:f64[3,4] = dynamic_update_slice d b 2:i32[] -1:i32[]
          in (e) }""", vjpGraph(a -> Lax.dynamicSlice(a, starts(2, -1), new int[] {2, 2}), x, grid(2, 2, 0)));
    assertEquals("""
        { lambda a:f64[3,4] ; b:f64[3,12]. let
            c:f64[3,12] = concatenate[dimension=1] a a a
            d:f64[3,4] = broadcast_in_dim[shape=(3, 4) broadcast_dimensions=()] 0.0:f64[]
            e:f64[3,4] = slice[start_indices=(0, 4) limit_indices=(3, 8) strides=None] b
            f:f64[3,4] = slice[start_indices=(0, 8) limit_indices=(3, 12) strides=None] b
            g:f64[3,4] = add e f
          in (g) }""", vjpGraph(a -> Lax.concatenate(1, x, a, a), x, grid(3, 12, 0)));
    assertEquals("""
        { lambda a:f64[3,4] ; b:f64[2,2,3]. let
            c:f64[3,2,2] = reshape[new_sizes=(3, 2, 2)] a
            d:f64[2,2,3] = transpose[permutation=(1, 2, 0)] c
            e:f64[3,2,2] = transpose[permutation=(2, 0, 1)] b
            f:f64[3,4] = reshape[new_sizes=(3, 4)] e
          in (f) }""", vjpGraph(a -> Lax.transpose(a.reshape(3, 2, 2), 1, 2, 0), x, Array.of(new double[12], 2, 2, 3)));
  }

  @Test void padTransposeGivesThePaddingValueTheRest() {
    Array x = Array.of(new double[] {1, 2, 3, 4});
    Function<Vector<Array>, Array> f = a -> Lax.pad(a.get(0), a.get(1), new int[][] {{-1, 2, 1}});
    Vector<Array> cts = Graft.vjp(f, Vector.of(x, Array.scalar(0.5)))._2.apply(Array.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}));
    same(Array.of(new double[] {0, 2, 4, 6}), cts.get(0), "operand cotangent");     // elements 1, 3, 5 of the cropped output
    same(Array.scalar(1.0 + 3 + 5 + 7 + 8), cts.get(1), "padding value cotangent");
  }

  @Test void dynamicUpdateSliceTransposeSplitsTheCotangent() {
    Array x = Array.of(new double[] {1, 2, 3, 4}), u = Array.of(new double[] {10, 20});
    Vector<Array> cts = Graft.vjp((Vector<Array> a) -> Lax.dynamicUpdateSlice(a.get(0), a.get(1), starts(3)),
        Vector.of(x, u))._2.apply(Array.of(new double[] {1, 2, 3, 4}));
    same(Array.of(new double[] {1, 2, 0, 0}), cts.get(0), "operand: window zeroed (start clamped to 2)");
    same(Array.of(new double[] {3, 4}), cts.get(1), "update: the window");
  }

  // ---------------------------------------------------------------- compositions

  @Test void vmapOfTheTransposeOfADynamicSliceWithBatchedIndices() {
    Array x = grid(4, 5, 0);
    Function<Vector<Array>, Array> back = a -> Graft.vjp((Array y) -> Lax.dynamicSlice(y, new Array[] {a.get(0), a.get(1)},
        new int[] {2, 3}), x)._2.apply(a.get(2));
    Vector<Vector<Array>> ex = examples(4, i -> Vector.of(Array.scalar(STARTS_A[i]), Array.scalar(STARTS_B[i]),
        grid(2, 3, 100 * i)));
    vmapMatchesLoop("vjp of dynamic_slice", back, ex, Vector.of(0, 0, 0));
    vmapMatchesLoop("vjp of dynamic_slice", back, ex, Vector.of(0, null, -1));
  }

  @Test void jacobiansOfStructuralFunctionsAgree() {
    Array x = grid(2, 3, 1), row = Array.of(new double[] {-1, -2, -3, -4}, 1, 4);
    ArrayFn f = a -> {
      Array padded = Lax.concatenate(0, Lax.pad(Lax.rev(a, 1), Array.scalar(0.0), new int[][] {{1, -1, 1}, {0, 1, 0}}), row);
      Array cut = Lax.slice(Lax.transpose(padded, 1, 0), new int[] {1, 0}, new int[] {4, 4}, new int[] {2, 1});
      return Lax.squeeze(Lax.dynamicSlice(cut.reshape(2, 1, 4), starts(1, 0, -1), new int[] {1, 1, 3}), 1);
    };
    Array fwd = Graft.jacfwd(f).apply(x), rev = Graft.jacrev(f).apply(x);
    same(fwd, rev, "jacfwd vs jacrev");
    assertArrayEquals(new int[] {1, 3, 2, 3}, fwd.shape());
  }

  @Test void iotaIsAConstantUnderEveryTransform() {
    Function<Array, Array> f = a -> Lax.concatenate(0, a, Lax.iota(Np.float64, 2));
    Array x = Array.of(new double[] {5, 6});
    same(Array.of(new double[] {1, 1, 0, 0}), Graft.jvp(f, x, Array.of(new double[] {1, 1}))._2, "jvp");
    assertEquals("""
        { lambda ; a:f64[3,2]. let
            b:f64[2] = iota[dtype=f64 shape=(2,) dimension=0]
            c:f64[3,2] = broadcast_in_dim[shape=(3, 2) broadcast_dimensions=(1,)] b
            d:f64[3,4] = concatenate[dimension=1] a c
          in (d) }""", Graft.makeGraph(Graft.vmap(f)).apply(Array.of(new double[6], 3, 2)).toString());
  }
}
