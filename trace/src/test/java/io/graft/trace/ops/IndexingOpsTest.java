package io.graft.trace.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.GraphBuilder;
import io.graft.trace.Graphs;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.GatherMode;
import io.vavr.collection.Vector;
import java.util.Random;
import java.util.function.BinaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** NumPy-level indexing: take, take_along_axis, segment_sum, at[].add, eagerly and traced. */
class IndexingOpsTest {
  private static Const f32(Shape s, float... v) { return Const.of(NdArray.wrap(s, v)); }

  private static Const i32(Shape s, int... v) { return Const.of(NdArray.wrap(s, v)); }

  private static NdArray eager(Value v) { return ((Const) v).array(); }

  /** {@code f(x, idx)} traced with both as graph parameters, then the graph evaluated on the concrete values. */
  private static NdArray traced(BinaryOperator<Value> f, Const x, Const idx) {
    var t = GraphBuilder.trace("test", "f", Vector.of(x.type(), idx.type()), a -> Vector.of(f.apply(a.get(0), a.get(1))));
    Graphs.check(t.graph());
    return eager(t.graph().eval(Vector.of(x, idx)).head());
  }

  private static final Const M = f32(Shape.of(3, 4), 0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23);

  @Test void takeAlongEachAxis() {
    Const idx = i32(Shape.of(2), 2, 0);
    NdArray rows = eager(Indexing.take(M, idx, 0));
    assertEquals(Shape.of(2, 4), rows.shape());
    assertArrayEquals(new float[] {20, 21, 22, 23, 0, 1, 2, 3}, rows.f32());
    NdArray cols = eager(Indexing.take(M, idx, -1));
    assertEquals(Shape.of(3, 2), cols.shape());
    assertArrayEquals(new float[] {2, 0, 12, 10, 22, 20}, cols.f32());
  }

  @Test void takeWithMultiDimensionalIndicesInsertsTheirShape() {
    Const idx = Const.of(NdArray.wrap(Shape.of(2, 2), new long[] {3, 0, 1, 1}));
    NdArray out = eager(Indexing.take(M, idx, 1));
    assertEquals(Shape.of(3, 2, 2), out.shape());
    assertArrayEquals(new float[] {3, 0, 1, 1, 13, 10, 11, 11, 23, 20, 21, 21}, out.f32());
  }

  @Test void negativeIndicesWrapEagerlyAndTraced() {
    Const idx = i32(Shape.of(4), -1, -3, 0, 5);
    float[] want = {20, 0, 0, 20};       // -1 -> 2, -3 -> 0, 5 clamps to 2
    assertArrayEquals(want, column(eager(Indexing.take(M, idx, 0))));
    assertArrayEquals(want, column(traced((x, i) -> Indexing.take(x, i, 0), M, idx)));
    Const far = i32(Shape.of(2), -4, -9);  // still negative after wrapping: clamp to 0
    assertArrayEquals(new float[] {0, 0}, column(traced((x, i) -> Indexing.take(x, i, 0), M, far)));
  }

  private static float[] column(NdArray rows) {
    float[] c = new float[rows.shape().dim(0)];
    for (int i = 0; i < c.length; i++) c[i] = rows.f32()[i * rows.shape().dim(1)];
    return c;
  }

  @Test void fillModeGivesNanForOutOfRange() {
    NdArray out = eager(Indexing.take(M, i32(Shape.of(3), 1, 3, -1), 0, GatherMode.FILL));
    assertEquals(10, out.f32()[0]);
    for (int j = 0; j < 4; j++) assertTrue(Float.isNaN(out.f32()[4 + j]));
    assertEquals(20, out.f32()[8]);
    NdArray ints = eager(Indexing.take(i32(Shape.of(2), 5, 6), i32(Shape.of(2), 0, 2), 0, GatherMode.FILL));
    assertArrayEquals(new int[] {5, Integer.MIN_VALUE}, ints.i32());
  }

  @Test void takeWithoutAxisFlattens() {
    NdArray out = eager(Indexing.take(M, i32(Shape.of(3), 5, -1, 0)));
    assertArrayEquals(new float[] {11, 23, 0}, out.f32());
    NdArray scalar = eager(Indexing.take(M, i32(Shape.scalar(), 2), 1));
    assertEquals(Shape.of(3), scalar.shape());
    assertArrayEquals(new float[] {2, 12, 22}, scalar.f32());
  }

  @Test void embeddingLookupIsTakeOnAxisZero() {
    Const table = Const.of(NdArray.wrap(Shape.of(5, 3), new double[] {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}));
    Const ids = i32(Shape.of(2, 3), 4, 0, 4, 1, 2, 3);
    NdArray out = traced((t, i) -> Indexing.take(t, i, 0), table, ids);
    assertEquals(Shape.of(2, 3, 3), out.shape());
    assertArrayEquals(new double[] {4, 4, 4, 0, 0, 0, 4, 4, 4, 1, 1, 1, 2, 2, 2, 3, 3, 3}, out.f64());
  }

  @Test void takeEdgeCasesAndErrors() {
    assertEquals(Shape.of(3, 0), eager(Indexing.take(M, i32(Shape.of(0)), 1)).shape());
    Const empty = f32(Shape.of(0, 2));
    assertEquals(Shape.of(0, 2), eager(Indexing.take(empty, i32(Shape.of(0)), 0)).shape());
    var e = assertThrows(ShapeError.class, () -> Indexing.take(empty, i32(Shape.of(1), 0), 0));
    assertTrue(e.getMessage().contains("take") && e.getMessage().contains("f32[0,2]"), e.getMessage());
    var d = assertThrows(DTypeError.class, () -> Indexing.take(M, f32(Shape.of(1), 0), 0));
    assertTrue(d.getMessage().contains("take") && d.getMessage().contains("f32[1]") && d.getMessage().contains("f32[3,4]"), d.getMessage());
    assertThrows(ShapeError.class, () -> Indexing.take(M, i32(Shape.of(1), 0), 2));
    assertThrows(ShapeError.class, () -> Indexing.take(f32(Shape.scalar(), 1), i32(Shape.of(1), 0), 0));
  }

  @Test void takeAlongAxisPicksPerRow() {
    Const idx = i32(Shape.of(3, 2), 3, 0, -1, 1, 2, 2);
    NdArray out = traced((x, i) -> Indexing.takeAlongAxis(x, i, 1), M, idx);
    assertArrayEquals(new float[] {3, 0, 13, 11, 22, 22}, out.f32());
    NdArray byCol = eager(Indexing.takeAlongAxis(M, i32(Shape.of(1, 4), 2, 1, 0, 2), 0));
    assertArrayEquals(new float[] {20, 11, 2, 23}, byCol.f32());
  }

  @Test void takeAlongAxisBroadcastsTheOtherAxes() {
    NdArray out = eager(Indexing.takeAlongAxis(M, i32(Shape.of(1, 2), 1, 0), 1));   // indices broadcast over rows
    assertEquals(Shape.of(3, 2), out.shape());
    assertArrayEquals(new float[] {1, 0, 11, 10, 21, 20}, out.f32());
    Const row = f32(Shape.of(1, 3), 5, 6, 7);                                       // x broadcast over rows
    NdArray out2 = eager(Indexing.takeAlongAxis(row, i32(Shape.of(2, 1), 2, 0), 1));
    assertEquals(Shape.of(2, 1), out2.shape());
    assertArrayEquals(new float[] {7, 5}, out2.f32());
    var e = assertThrows(ShapeError.class, () -> Indexing.takeAlongAxis(M, i32(Shape.of(2, 1), 0, 0), 1));
    assertTrue(e.getMessage().contains("takeAlongAxis") && e.getMessage().contains("i32[2,1]") && e.getMessage().contains("f32[3,4]"));
    assertThrows(ShapeError.class, () -> Indexing.takeAlongAxis(M, i32(Shape.of(2), 0, 0), 1));
    assertEquals(Shape.of(3, 0), eager(Indexing.takeAlongAxis(M, i32(Shape.of(3, 0)), 1)).shape());
  }

  /** take_along_axis agrees with NumPy's definition on random shapes (rank 1-3, any axis, negative indices). */
  @Property(tries = 50)
  void takeAlongAxisMatchesNumpy(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rank) {
    Random r = new Random(seed);
    int[] xs = new int[rank], is = new int[rank];
    int axis = r.nextInt(rank);
    for (int d = 0; d < rank; d++) {
      xs[d] = 1 + r.nextInt(3);
      is[d] = d == axis ? r.nextInt(4) : (r.nextBoolean() ? xs[d] : 1);
    }
    double[] xv = new double[Shape.of(xs).size()];
    for (int i = 0; i < xv.length; i++) xv[i] = i;
    int[] iv = new int[Shape.of(is).size()];
    for (int i = 0; i < iv.length; i++) iv[i] = r.nextInt(2 * xs[axis]) - xs[axis];
    NdArray x = NdArray.wrap(Shape.of(xs), xv), idx = NdArray.wrap(Shape.of(is), iv);
    NdArray got = eager(Indexing.takeAlongAxis(Const.of(x), Const.of(idx), axis - rank));
    int[] os = is.clone();
    for (int d = 0; d < rank; d++) if (d != axis) os[d] = xs[d];
    assertEquals(Shape.of(os), got.shape());
    for (int p = 0; p < got.size(); p++) {
      int[] o = unravel(p, Shape.of(os)), src = o.clone(), ip = o.clone();
      for (int d = 0; d < rank; d++) if (is[d] == 1) ip[d] = 0;
      int k = iv[ravel(ip, Shape.of(is))];
      src[axis] = k < 0 ? k + xs[axis] : k;
      assertEquals(xv[ravel(src, Shape.of(xs))], got.f64()[p]);
    }
  }

  private static int[] unravel(int flat, Shape s) {
    int[] o = new int[s.rank()];
    for (int i = s.rank() - 1; i >= 0; i--) { o[i] = flat % s.dim(i); flat /= s.dim(i); }
    return o;
  }

  private static int ravel(int[] o, Shape s) {
    int f = 0;
    for (int i = 0; i < o.length; i++) f = f * s.dim(i) + o[i];
    return f;
  }

  @Test void segmentSumAccumulatesDuplicatesAndDropsOutOfRange() {
    Const data = f32(Shape.of(5, 2), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    Const ids = i32(Shape.of(5), 0, 2, 0, 3, -1);
    NdArray out = traced((d, i) -> Indexing.segmentSum(d, i, 3), data, ids);
    assertEquals(Shape.of(3, 2), out.shape());
    assertArrayEquals(new float[] {6, 8, 0, 0, 3, 4}, out.f32());
    NdArray ints = eager(Indexing.segmentSum(i32(Shape.of(4), 1, 2, 3, 4), Const.of(NdArray.wrap(Shape.of(4), new long[] {1, 1, 0, 1})), 2));
    assertArrayEquals(new int[] {3, 7}, ints.i32());
    assertEquals(Shape.of(0, 2), eager(Indexing.segmentSum(data, ids, 0)).shape());
  }

  @Test void segmentSumErrors() {
    Const ids = i32(Shape.of(2), 0, 1);
    var b = assertThrows(DTypeError.class, () -> Indexing.segmentSum(Const.of(NdArray.zeros(DType.BOOL, Shape.of(2))), ids, 2));
    assertTrue(b.getMessage().contains("segmentSum") && b.getMessage().contains("bool[2]"), b.getMessage());
    var s = assertThrows(ShapeError.class, () -> Indexing.segmentSum(f32(Shape.of(3), 1, 2, 3), ids, 2));
    assertTrue(s.getMessage().contains("segmentSum") && s.getMessage().contains("i32[2]") && s.getMessage().contains("f32[3]"), s.getMessage());
    assertThrows(ShapeError.class, () -> Indexing.segmentSum(f32(Shape.of(2), 1, 2), ids, -1));
    assertThrows(DTypeError.class, () -> Indexing.segmentSum(f32(Shape.of(2), 1, 2), f32(Shape.of(2), 0, 1), 2));
  }

  @Test void addAtAccumulatesWrapsAndDrops() {
    Const x = f32(Shape.of(3, 2), 0, 0, 1, 1, 2, 2);
    Const idx = i32(Shape.of(4), 0, -1, 0, 7);
    Const upd = f32(Shape.of(4, 2), 1, 2, 3, 4, 5, 6, 7, 8);
    assertArrayEquals(new float[] {6, 8, 1, 1, 5, 6}, eager(Indexing.addAt(x, idx, upd)).f32());
    NdArray tracedOut = traced((a, i) -> Indexing.addAt(a, i, upd), x, idx);
    assertArrayEquals(new float[] {6, 8, 1, 1, 5, 6}, tracedOut.f32());
    Const one = new Const(NdArray.scalar(DType.F64, 1), true);                    // a weak literal broadcasts
    assertArrayEquals(new float[] {2, 2, 1, 1, 3, 3}, eager(Indexing.addAt(x, idx, one)).f32());
    NdArray ints = eager(Indexing.addAt(i32(Shape.of(2), 1, 1), i32(Shape.scalar(), 1), f32(Shape.scalar(), 2.7f)));
    assertArrayEquals(new int[] {1, 3}, ints.i32());                              // updates convert to x's dtype
    assertThrows(DTypeError.class, () -> Indexing.addAt(Const.of(NdArray.zeros(DType.BOOL, Shape.of(2))), idx, one));
    assertThrows(ShapeError.class, () -> Indexing.addAt(f32(Shape.scalar(), 1), idx, one));
  }

  @Test void inputsAreUnchanged() {
    Const idx = i32(Shape.of(2), -1, 0);
    Indexing.take(M, idx, 0);
    Indexing.addAt(M, idx, f32(Shape.scalar(), 1));
    assertArrayEquals(new int[] {-1, 0}, idx.array().i32());
    assertEquals(0f, M.array().f32()[0]);
  }

  @Test void tracedTypesMatch() {
    var t = GraphBuilder.trace("test", "f", Vector.of(ShapedType.of(DType.F32, 5, 3), ShapedType.of(DType.I64, 7)),
        a -> Vector.of(Indexing.take(a.get(0), a.get(1), 0)));
    assertEquals(ShapedType.of(DType.F32, 7, 3), t.graph().outTypes().head());
  }
}
