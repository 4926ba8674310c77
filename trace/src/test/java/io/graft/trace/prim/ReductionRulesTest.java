package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Type rules, printing and error messages of the reduction and window primitives. */
class ReductionRulesTest {
  private static final ShapedType F23 = ShapedType.of(DType.F32, 2, 3);
  private static final Ints W = Ints.of(1, 2, 2, 1), ONES = Ints.of(1, 1, 1, 1);

  private static ShapedType type(Primitive.Single p, ShapedType... in) { return p.type(Vector.of(in)); }

  private static void fails(Class<? extends Throwable> kind, Executable e, String... parts) {
    Throwable t = assertThrows(kind, e);
    for (String p : parts) assertTrue(t.getMessage().contains(p), "message lacks '" + p + "': " + t.getMessage());
  }

  @Test void reducePrintsAndTypes() {
    Reduce r = new Reduce(ReduceOp.SUM, Ints.of(0));
    assertEquals("reduce_sum", r.name());
    assertEquals("axes=(0,)", r.params());
    assertEquals("reduce_max", new Reduce(ReduceOp.MAX, Ints.of()).name());
    assertEquals("reduce_min", new Reduce(ReduceOp.MIN, Ints.of()).name());
    assertEquals("axes=(0, 1)", new Reduce(ReduceOp.PROD, Ints.of(0, 1)).params());
    assertEquals(ShapedType.of(DType.F32, 3), type(r, F23));
    assertEquals(ShapedType.of(DType.F32), type(new Reduce(ReduceOp.MAX, Ints.of(0, 1)), F23));
    assertEquals(F23, type(new Reduce(ReduceOp.MIN, Ints.of()), F23));
    ShapedType weak = new ShapedType(Shape.of(4), DType.F64, true);
    assertTrue(type(r, weak).weak(), "weakness is kept");
    assertEquals(DType.BOOL, type(new Reduce(ReduceOp.MAX, Ints.of(0)), ShapedType.of(DType.BOOL, 3)).dtype());
    assertEquals(DType.I64, type(new Reduce(ReduceOp.PROD, Ints.of(0)), ShapedType.of(DType.I64, 3)).dtype());
  }

  /** Sum and prod of bool count into strong i32 (jnp's dtype), with the bool operand read directly. */
  @Test void boolSumAndProdCountInI32() {
    ShapedType b23 = new ShapedType(Shape.of(2, 3), DType.BOOL, false);
    assertEquals(new ShapedType(Shape.of(2), DType.I32, false), type(new Reduce(ReduceOp.SUM, Ints.of(1)), b23));
    assertEquals(new ShapedType(Shape.of(3), DType.I32, false), type(new Reduce(ReduceOp.PROD, Ints.of(0)), b23));
    NdArray x = NdArray.wrap(Shape.of(2, 3), new boolean[] {true, false, true, true, true, true});
    assertArrayEquals(new int[] {2, 3}, new Reduce(ReduceOp.SUM, Ints.of(1)).eval(Vector.of(x)).i32());
    assertArrayEquals(new int[] {0, 1}, new Reduce(ReduceOp.PROD, Ints.of(1)).eval(Vector.of(x)).i32());
  }

  @Test void reduceErrors() {
    fails(ShapeError.class, () -> type(new Reduce(ReduceOp.SUM, Ints.of(2)), F23), "reduce_sum", "f32[2,3]", "axis 2", "axes=(2,)");
    fails(ShapeError.class, () -> type(new Reduce(ReduceOp.SUM, Ints.of(-1)), F23), "reduce_sum", "f32[2,3]");
    fails(ShapeError.class, () -> type(new Reduce(ReduceOp.MAX, Ints.of(1, 0)), F23), "reduce_max", "f32[2,3]", "sorted");
    fails(ShapeError.class, () -> type(new Reduce(ReduceOp.MIN, Ints.of(1, 1)), F23), "reduce_min", "unique");
    fails(ShapeError.class, () -> type(new Reduce(ReduceOp.SUM, Ints.of(0)), F23, F23), "reduce_sum", "expects 1");
  }

  @Test void argMinMaxPrintsTypesAndFails() {
    ArgMinMax a = new ArgMinMax(ArgOp.MAX, 1, DType.I32);
    assertEquals("argmax", a.name());
    assertEquals("argmin", new ArgMinMax(ArgOp.MIN, 0, DType.I64).name());
    assertEquals("axes=(1,) index_dtype=i32", a.params());
    assertEquals(ShapedType.of(DType.I32, 2), type(a, new ShapedType(Shape.of(2, 3), DType.F32, true)));
    assertFalse(type(a, new ShapedType(Shape.of(2, 3), DType.F32, true)).weak(), "indices are strongly typed");
    assertEquals(DType.I64, type(new ArgMinMax(ArgOp.MIN, 0, DType.I64), F23).dtype());
    fails(ShapeError.class, () -> type(new ArgMinMax(ArgOp.MAX, 2, DType.I32), F23), "argmax", "f32[2,3]", "axis=2");
    fails(DTypeError.class, () -> type(new ArgMinMax(ArgOp.MAX, 0, DType.F32), F23), "argmax", "f32[2,3]", "index_dtype=f32");
    fails(ShapeError.class, () -> type(new ArgMinMax(ArgOp.MIN, 1, DType.I32), ShapedType.of(DType.F32, 2, 0)), "argmin", "f32[2,0]", "size 0");
  }

  @Test void cumulativePrintsTypesAndFails() {
    Cumulative c = new Cumulative(CumulativeOp.SUM, 0, false);
    assertEquals("cumsum", c.name());
    assertEquals("axis=0 reverse=False", c.params());
    assertEquals("axis=1 reverse=True", new Cumulative(CumulativeOp.MAX, 1, true).params());
    assertEquals("cumprod", new Cumulative(CumulativeOp.PROD, 0, false).name());
    assertEquals("cummax", new Cumulative(CumulativeOp.MAX, 0, false).name());
    assertEquals("cummin", new Cumulative(CumulativeOp.MIN, 0, false).name());
    assertEquals(F23, type(c, F23));
    fails(ShapeError.class, () -> type(new Cumulative(CumulativeOp.SUM, 2, false), F23), "cumsum", "f32[2,3]", "axis=2");
    fails(DTypeError.class, () -> type(new Cumulative(CumulativeOp.MAX, 0, false), ShapedType.of(DType.BOOL, 2)), "cummax", "bool[2]");
  }

  @Test void reduceWindowPrintsAndTypes() {
    ReduceWindow r = new ReduceWindow(WindowOp.SUM, W, W, Padding.none(4), ONES, ONES);
    assertEquals("reduce_window_sum", r.name());
    assertEquals("window_dimensions=(1, 2, 2, 1) window_strides=(1, 2, 2, 1) padding=((0, 0), (0, 0), (0, 0), (0, 0)) "
        + "base_dilation=(1, 1, 1, 1) window_dilation=(1, 1, 1, 1)", r.params());
    assertEquals("reduce_window_max", new ReduceWindow(WindowOp.MAX, W, W, Padding.none(4), ONES, ONES).name());
    assertEquals("reduce_window_min", new ReduceWindow(WindowOp.MIN, W, W, Padding.none(4), ONES, ONES).name());
    assertEquals(ShapedType.of(DType.F32, 8, 16, 16, 3), type(r, ShapedType.of(DType.F32, 8, 32, 33, 3)));
    // (5 + 1 + 2 - 3) / 2 + 1 = 3; dilated base (4-1)*2+1 = 7, dilated window (2-1)*3+1 = 4: (7 - 4) / 1 + 1 = 4
    ReduceWindow d = new ReduceWindow(WindowOp.MAX, Ints.of(3, 2), Ints.of(2, 1), Padding.of(new int[][] {{1, 2}, {0, 0}}),
        Ints.of(1, 2), Ints.of(1, 3));
    assertEquals(ShapedType.of(DType.I32, 3, 4), type(d, ShapedType.of(DType.I32, 5, 4)));
    assertEquals("((0, 0),)", Padding.none(1).toString());
    assertEquals(ShapedType.of(DType.F32, 0), type(new ReduceWindow(WindowOp.MAX, Ints.of(3), Ints.of(1), Padding.none(1),
        Ints.of(1), Ints.of(1)), ShapedType.of(DType.F32, 2)));
  }

  @Test void reduceWindowErrors() {
    ShapedType img = ShapedType.of(DType.F32, 1, 4, 4, 1);
    fails(ShapeError.class, () -> type(new ReduceWindow(WindowOp.MAX, Ints.of(2, 2), W, Padding.none(4), ONES, ONES), img),
        "reduce_window_max", "window_dimensions", "f32[1,4,4,1]", "rank 4");
    fails(ShapeError.class, () -> type(new ReduceWindow(WindowOp.MAX, W, Ints.of(1), Padding.none(4), ONES, ONES), img), "window_strides");
    fails(ShapeError.class, () -> type(new ReduceWindow(WindowOp.MAX, W, W, Padding.none(2), ONES, ONES), img), "padding has 2");
    fails(ShapeError.class, () -> type(new ReduceWindow(WindowOp.MAX, W, W, Padding.none(4), Ints.of(1), ONES), img), "base_dilation");
    fails(ShapeError.class, () -> type(new ReduceWindow(WindowOp.MAX, W, W, Padding.none(4), ONES, Ints.of(1)), img), "window_dilation");
    fails(ShapeError.class, () -> type(new ReduceWindow(WindowOp.SUM, Ints.of(1, 0, 2, 1), W, Padding.none(4), ONES, ONES), img),
        "reduce_window_sum", "window_dimensions=(1, 0, 2, 1)", ">= 1");
    fails(ShapeError.class, () -> type(new ReduceWindow(WindowOp.SUM, W, Ints.of(1, 0, 2, 1), Padding.none(4), ONES, ONES), img), "window_strides");
    fails(ShapeError.class, () -> type(new ReduceWindow(WindowOp.SUM, W, W, Padding.none(4), Ints.of(0, 1, 1, 1), ONES), img), "base_dilation");
    fails(ShapeError.class, () -> type(new ReduceWindow(WindowOp.SUM, W, W,
        Padding.of(new int[][] {{0, 0}, {-1, 0}, {0, 0}, {0, 0}}), ONES, ONES), img), "negative", "axis 1", "f32[1,4,4,1]");
    fails(DTypeError.class, () -> type(new ReduceWindow(WindowOp.SUM, W, W, Padding.none(4), ONES, ONES),
        ShapedType.of(DType.BOOL, 1, 4, 4, 1)), "reduce_window_sum", "bool[1,4,4,1]");
    assertEquals(DType.BOOL, type(new ReduceWindow(WindowOp.MAX, W, W, Padding.none(4), ONES, ONES), ShapedType.of(DType.BOOL, 1, 4, 4, 1)).dtype());
    assertThrows(IllegalArgumentException.class, () -> Padding.of(new int[][] {{1}}));
  }

  @Test void selectAndScatterAddTypesAndFails() {
    SelectAndScatterAdd s = new SelectAndScatterAdd(W, W, Padding.none(4));
    assertEquals("select_and_scatter_add", s.name());
    assertEquals("window_dimensions=(1, 2, 2, 1) window_strides=(1, 2, 2, 1) padding=((0, 0), (0, 0), (0, 0), (0, 0))", s.params());
    ShapedType img = ShapedType.of(DType.F32, 2, 4, 6, 3), src = ShapedType.of(DType.F32, 2, 2, 3, 3);
    assertEquals(img, type(s, src, img));
    fails(ShapeError.class, () -> type(s, ShapedType.of(DType.F32, 2, 2, 2, 3), img), "select_and_scatter_add", "f32[2,2,2,3]",
        "f32[2,4,6,3]", "[2,2,3,3]");
    fails(DTypeError.class, () -> type(s, ShapedType.of(DType.F64, 2, 2, 3, 3), img), "select_and_scatter_add", "f64[2,2,3,3]", "f32[2,4,6,3]");
    fails(DTypeError.class, () -> type(s, ShapedType.of(DType.BOOL, 2, 2, 3, 3), ShapedType.of(DType.BOOL, 2, 4, 6, 3)), "numeric");
    fails(ShapeError.class, () -> type(s, src), "expects 2");
    fails(ShapeError.class, () -> type(new SelectAndScatterAdd(Ints.of(2), Ints.of(2), Padding.none(1)), src, img), "window_dimensions");
  }

  @Test void selectAndGatherAddTypesAndFails() {
    SelectAndGatherAdd g = new SelectAndGatherAdd(W, W, Padding.none(4));
    assertEquals("select_and_gather_add", g.name());
    assertEquals("window_dimensions=(1, 2, 2, 1) window_strides=(1, 2, 2, 1) padding=((0, 0), (0, 0), (0, 0), (0, 0))", g.params());
    ShapedType img = ShapedType.of(DType.F32, 2, 4, 6, 3);
    assertEquals(ShapedType.of(DType.F32, 2, 2, 3, 3), type(g, img, img));
    ShapedType weak = new ShapedType(img.shape(), DType.F32, true);
    assertTrue(type(g, weak, weak).weak());
    assertFalse(type(g, weak, img).weak(), "weak iff both are");
    fails(ShapeError.class, () -> type(g, ShapedType.of(DType.F32, 2, 4, 6, 2), img), "select_and_gather_add", "f32[2,4,6,2]", "f32[2,4,6,3]");
    fails(DTypeError.class, () -> type(g, ShapedType.of(DType.F64, 2, 4, 6, 3), img), "select_and_gather_add", "f64[2,4,6,3]", "f32[2,4,6,3]");
    fails(DTypeError.class, () -> type(g, ShapedType.of(DType.BOOL, 2), ShapedType.of(DType.BOOL, 2)), "numeric");
    fails(ShapeError.class, () -> type(g, img), "expects 2");
    fails(ShapeError.class, () -> type(new SelectAndGatherAdd(Ints.of(2), Ints.of(2), Padding.none(1)), img, img), "window_dimensions");
    NdArray x = NdArray.wrap(Shape.of(4), new double[] {1, 5, 2, 0}), t = NdArray.wrap(Shape.of(4), new double[] {1, 2, 3, 4});
    assertArrayEquals(new double[] {2, 3}, new SelectAndGatherAdd(Ints.of(2), Ints.of(2), Padding.none(1)).eval(Vector.of(t, x)).f64());
  }

  /**
   * select_and_scatter_add is the gradient of {@code f(x) = sum(source * reduce_window_max(x))}: compare with
   * central differences where every window maximum is unique (distinct values, a step far below their gaps).
   */
  @Test void selectAndScatterAddIsTheGradientOfMaxPooling() {
    Random rnd = new Random(5);
    int[][] shapes = {{1, 5, 6, 2}, {2, 4, 4, 1}};
    Ints[] wins = {Ints.of(1, 3, 2, 1), Ints.of(1, 2, 2, 1)};
    Ints[] strs = {Ints.of(1, 2, 1, 1), Ints.of(1, 1, 2, 1)};
    Padding[] pads = {Padding.of(new int[][] {{0, 0}, {1, 1}, {0, 1}, {0, 0}}), Padding.none(4)};
    for (int c = 0; c < shapes.length; c++) {
      Shape shape = Shape.of(shapes[c]);
      double[] xs = new double[shape.size()];
      java.util.List<Integer> perm = new java.util.ArrayList<>();
      for (int i = 0; i < xs.length; i++) perm.add(i);
      java.util.Collections.shuffle(perm, rnd);
      for (int i = 0; i < xs.length; i++) xs[i] = perm.get(i) * 0.01;      // distinct, gaps of 0.01
      NdArray x = NdArray.wrap(shape, xs);
      ReduceWindow pool = new ReduceWindow(WindowOp.MAX, wins[c], strs[c], pads[c], ONES, ONES);
      Shape outShape = type(pool, ShapedType.of(DType.F64, shape)).shape();
      double[] src = new double[outShape.size()];
      for (int i = 0; i < src.length; i++) src[i] = rnd.nextDouble() * 2 - 1;
      NdArray source = NdArray.wrap(outShape, src);
      double[] grad = new SelectAndScatterAdd(wins[c], strs[c], pads[c]).eval(Vector.of(source, x)).f64();
      double h = 1e-4;
      for (int i = 0; i < xs.length; i++) {
        double[] up = xs.clone(), down = xs.clone();
        up[i] += h;
        down[i] -= h;
        double fd = (f(pool, up, shape, src) - f(pool, down, shape, src)) / (2 * h);
        assertEquals(fd, grad[i], 1e-8, "d/dx[" + i + "] for case " + c);
      }
    }
  }

  private static double f(ReduceWindow pool, double[] xs, Shape shape, double[] src) {
    double[] y = pool.eval(Vector.of(NdArray.wrap(shape, xs))).f64();
    double s = 0;
    for (int i = 0; i < y.length; i++) s += y[i] * src[i];
    return s;
  }

  @Test void evalRunsTheKernels() {
    NdArray x = NdArray.wrap(Shape.of(2, 3), new float[] {1, 5, 2, 0, 3, 3});
    assertArrayEquals(new float[] {8, 6}, new Reduce(ReduceOp.SUM, Ints.of(1)).eval(Vector.of(x)).f32());
    assertArrayEquals(new int[] {1, 1}, new ArgMinMax(ArgOp.MAX, 1, DType.I32).eval(Vector.of(x)).i32());
    assertArrayEquals(new float[] {1, 6, 8, 0, 3, 6}, new Cumulative(CumulativeOp.SUM, 1, false).eval(Vector.of(x)).f32());
    assertArrayEquals(new float[] {5, 5, 3, 3}, new ReduceWindow(WindowOp.MAX, Ints.of(1, 2), Ints.of(1, 1), Padding.none(2),
        Ints.of(1, 1), Ints.of(1, 1)).eval(Vector.of(x)).f32());
  }
}
