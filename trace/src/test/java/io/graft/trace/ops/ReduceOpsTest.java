package io.graft.trace.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.prim.ArgOp;
import io.graft.trace.prim.CumulativeOp;
import io.graft.trace.prim.ReduceOp;
import io.graft.trace.prim.WindowOp;
import org.junit.jupiter.api.Test;

/** NumPy-level reductions: promotion, axes handling, keepdims, and the numerically careful compositions. */
class ReduceOpsTest {
  private static final Value X = Const.of(NdArray.wrap(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6}));

  static NdArray arr(Value v) { return ((Const) v).array(); }

  @Test void sumOverAxesWithKeepdimsAndNegativeAxes() {
    assertArrayEquals(new float[] {21}, arr(Reduce.sum(X, null, false)).f32());
    assertEquals(Shape.scalar(), arr(Reduce.sum(X, null, false)).shape());
    assertArrayEquals(new float[] {6, 15}, arr(Reduce.sum(X, new int[] {-1}, false)).f32());
    assertEquals(Shape.of(2, 1), arr(Reduce.sum(X, new int[] {1}, true)).shape());
    assertEquals(Shape.of(1, 1), arr(Reduce.sum(X, null, true)).shape());
    assertArrayEquals(new float[] {21}, arr(Reduce.sum(X, new int[] {1, 0}, false)).f32());
    assertEquals(Shape.of(2, 3), arr(Reduce.sum(X, new int[0], false)).shape());
    var e = assertThrows(ShapeError.class, () -> Reduce.sum(X, new int[] {1, -1}, false));
    assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("twice") && e.getMessage().contains("f32[2,3]"), e.getMessage());
    assertThrows(ShapeError.class, () -> Reduce.sum(X, new int[] {2}, false));
  }

  @Test void boolSumsCountInI32AndMaxIsAny() {
    Value b = Const.of(NdArray.wrap(Shape.of(4), new boolean[] {true, false, true, true}));
    NdArray s = arr(Reduce.sum(b, null, false));
    assertEquals(DType.I32, s.dtype());
    assertEquals(3, s.i32()[0]);
    assertEquals(0, arr(Reduce.prod(b, null, false)).i32()[0]);
    assertTrue(arr(Reduce.max(b, null, false)).bool()[0]);
    assertEquals(false, arr(Reduce.min(b, null, false)).bool()[0]);
    assertArrayEquals(new int[] {1, 1, 2, 3}, arr(Reduce.cumsum(b, null)).i32());
  }

  @Test void maxAndMinOfZeroSizeAxesAreErrorsButLaxGivesTheIdentity() {
    Value e = Const.of(NdArray.zeros(DType.F32, Shape.of(2, 0)));
    var ex = assertThrows(ShapeError.class, () -> Reduce.max(e, new int[] {1}, false));
    assertTrue(ex.getMessage().contains("max") && ex.getMessage().contains("f32[2,0]") && ex.getMessage().contains("Lax.reduceMax"), ex.getMessage());
    assertThrows(ShapeError.class, () -> Reduce.min(e, null, false));
    assertEquals(Shape.of(0), arr(Reduce.max(e, new int[] {0}, false)).shape());
    assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, arr(Reduce.reduce(ReduceOp.MAX, e, 1)).f32());
    assertArrayEquals(new float[] {0, 0}, arr(Reduce.sum(e, new int[] {1}, false)).f32());
  }

  @Test void meanAndVar() {
    assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, arr(Reduce.mean(X, new int[] {0}, false)).f32());
    Value ints = Const.of(NdArray.wrap(Shape.of(4), new int[] {1, 2, 3, 5}));
    NdArray m = arr(Reduce.mean(ints, null, false));
    assertEquals(DType.F32, m.dtype());
    assertEquals(2.75f, m.f32()[0]);
    assertEquals(2.1875f, arr(Reduce.var(ints, null, 0, false)).f32()[0], 1e-6);
    assertEquals(2.9166667f, arr(Reduce.var(ints, null, 1, false)).f32()[0], 1e-6);
    NdArray v = arr(Reduce.var(X, new int[] {1}, 0, true));
    assertEquals(Shape.of(2, 1), v.shape());
    assertArrayEquals(new float[] {2f / 3, 2f / 3}, v.f32(), 1e-6f);
    Value d = Const.of(NdArray.wrap(Shape.of(3), new double[] {1e8 + 1, 1e8 + 2, 1e8 + 3}));
    assertEquals(2.0 / 3, arr(Reduce.var(d, null, 0, false)).f64()[0], 1e-9, "two passes: no cancellation");
    assertTrue(Float.isNaN(arr(Reduce.mean(Const.of(NdArray.zeros(DType.F32, Shape.of(0))), null, false)).f32()[0]));
  }

  @Test void argmaxFlattenedAlongAxesAndKeepdims() {
    Value y = Const.of(NdArray.wrap(Shape.of(2, 3), new float[] {1, 9, 9, 7, 0, 8}));
    assertEquals(1, arr(Reduce.argmax(y, null, false)).i32()[0]);
    assertEquals(4, arr(Reduce.argmin(y, null, false)).i32()[0]);
    assertArrayEquals(new int[] {1, 2}, arr(Reduce.argmax(y, -1, false)).i32());
    assertArrayEquals(new int[] {1, 0, 0}, arr(Reduce.argmax(y, 0, false)).i32());
    assertEquals(Shape.of(1, 3), arr(Reduce.argmin(y, 0, true)).shape());
    assertEquals(Shape.of(1, 1), arr(Reduce.argmin(y, null, true)).shape());
    assertEquals(DType.I64, arr(Reduce.argMinMax(ArgOp.MAX, y, 1, DType.I64)).dtype());
    assertThrows(ShapeError.class, () -> Reduce.argmax(Const.of(NdArray.zeros(DType.F32, Shape.of(0))), null, false));
  }

  @Test void scans() {
    assertArrayEquals(new float[] {1, 3, 6, 10, 15, 21}, arr(Reduce.cumsum(X, null)).f32());
    assertArrayEquals(new float[] {1, 2, 3, 5, 7, 9}, arr(Reduce.cumsum(X, 0)).f32());
    assertArrayEquals(new float[] {1, 2, 6, 4, 20, 120}, arr(Reduce.cumprod(X, -1)).f32());
    assertArrayEquals(new float[] {6, 5, 3, 15, 11, 6}, arr(Reduce.cumulative(CumulativeOp.SUM, X, 1, true)).f32());
    Value z = Const.of(NdArray.wrap(Shape.of(4), new int[] {3, 1, 4, 1}));
    assertArrayEquals(new int[] {3, 3, 4, 4}, arr(Reduce.cummax(z, 0)).i32());
    assertArrayEquals(new int[] {3, 1, 1, 1}, arr(Reduce.cummin(z, null)).i32());
  }

  @Test void logsumexpIsStable() {
    Value big = Const.of(NdArray.wrap(Shape.of(3), new float[] {1000, 1000, 999}));
    double want = 1000 + Math.log(2 + Math.exp(-1));
    assertEquals(want, arr(Reduce.logsumexp(big, null, false)).f32()[0], 1e-3);
    Value negInf = Const.of(NdArray.wrap(Shape.of(2), new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}));
    assertEquals(Float.NEGATIVE_INFINITY, arr(Reduce.logsumexp(negInf, null, false)).f32()[0]);
    Value posInf = Const.of(NdArray.wrap(Shape.of(2), new double[] {Double.POSITIVE_INFINITY, 1}));
    assertEquals(Double.POSITIVE_INFINITY, arr(Reduce.logsumexp(posInf, null, false)).f64()[0]);
    assertEquals(Float.NEGATIVE_INFINITY, arr(Reduce.logsumexp(Const.of(NdArray.zeros(DType.F32, Shape.of(0))), null, false)).f32()[0]);
    NdArray rows = arr(Reduce.logsumexp(X, new int[] {1}, true));
    assertEquals(Shape.of(2, 1), rows.shape());
    assertEquals(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), rows.f32()[0], 1e-5);
    assertEquals(DType.F32, arr(Reduce.logsumexp(Const.of(NdArray.wrap(Shape.of(2), new int[] {0, 0})), null, false)).dtype());
  }

  @Test void windowBuilders() {
    Value img = Const.of(NdArray.wrap(Shape.of(4), new float[] {1, 5, 2, 0}));
    assertArrayEquals(new float[] {5, 2}, arr(Reduce.reduceWindow(img, WindowOp.MAX, new int[] {2}, new int[] {2},
        new int[][] {{0, 0}}, null, null)).f32());
    assertArrayEquals(new float[] {1, 0, 5, 0, 2, 0, 0}, arr(Reduce.reduceWindow(img, WindowOp.SUM, new int[] {1}, new int[] {1},
        new int[][] {{0, 0}}, new int[] {2}, null)).f32(), 0f, "base dilation inserts identity holes");
    Value src = Const.of(NdArray.wrap(Shape.of(2), new float[] {10, 20}));
    assertArrayEquals(new float[] {0, 10, 20, 0}, arr(Reduce.selectAndScatterAdd(src, img, new int[] {2}, new int[] {2},
        new int[][] {{0, 0}})).f32());
  }
}
