package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.Graph;
import io.graft.trace.prim.WindowOp;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The reductions family through the user facades: values, golden graphs, graph evaluation, null checks. */
class ReductionsTest {
  private static final Array X = Array.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

  private static String graph(Function<Array, ?> f, Array x) { return Graft.makeGraph(f).apply(x).toString(); }

  @Test void arrayReductions() {
    assertEquals(21f, X.sum().item());
    assertArrayEquals(new float[] {5, 7, 9}, X.sum(0).toFloatArray());
    assertArrayEquals(new int[] {2, 1}, X.sum(new int[] {-1}, true).shape());
    assertArrayEquals(new float[] {2, 5}, X.mean(1).toFloatArray());
    assertEquals(3.5f, X.mean().item());
    assertArrayEquals(new int[] {1, 1}, X.mean(null, true).shape());
    assertEquals(6f, X.max().item());
    assertArrayEquals(new float[] {4, 5, 6}, X.max(0).toFloatArray());
    assertArrayEquals(new float[] {1, 4}, X.min(new int[] {1}, false).toFloatArray());
    assertEquals(1f, X.min().item());
    assertEquals(720f, X.prod().item());
    assertArrayEquals(new float[] {6, 120}, X.prod(1).toFloatArray());
    assertArrayEquals(new int[] {1, 3}, X.prod(new int[] {0}, true).shape());
    assertEquals(35f / 12, (float) X.var().item(), 1e-6f);
    assertArrayEquals(new float[] {2.25f, 2.25f, 2.25f}, X.var(0).toFloatArray(), 1e-6f);
    assertArrayEquals(new float[] {4.5f, 4.5f, 4.5f}, X.var(new int[] {0}, 1, false).toFloatArray(), 1e-6f);
    assertArrayEquals(new int[] {2, 1}, X.var(new int[] {1}, true).shape());
    assertEquals(5, X.argmax().item());
    assertEquals(0, X.argmin().item());
    assertArrayEquals(new int[] {2, 2}, X.argmax(1).toIntArray());
    assertArrayEquals(new int[] {0, 0, 0}, X.argmin(0).toIntArray());
    assertArrayEquals(new float[] {1, 2, 3, 5, 7, 9}, X.cumsum(0).toFloatArray());
  }

  @Test void npReductions() {
    assertEquals(21f, Np.sum(X).item());
    assertArrayEquals(new float[] {6, 15}, Np.sum(X, -1).toFloatArray());
    assertArrayEquals(new int[] {1, 3}, Np.sum(X, new int[] {0}, true).shape());
    assertEquals(3.5f, Np.mean(X).item());
    assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, Np.mean(X, 0).toFloatArray());
    assertArrayEquals(new int[] {2, 1}, Np.mean(X, new int[] {1}, true).shape());
    assertEquals(35f / 12, (float) Np.var(X).item(), 1e-6f);
    assertArrayEquals(new float[] {2f / 3, 2f / 3}, Np.var(X, 1).toFloatArray(), 1e-6f);
    assertArrayEquals(new int[] {1, 3}, Np.var(X, new int[] {0}, true).shape());
    assertArrayEquals(new float[] {1, 1}, Np.var(X, new int[] {1}, 1, false).toFloatArray(), 1e-6f);
    assertEquals(6f, Np.max(X).item());
    assertArrayEquals(new float[] {3, 6}, Np.max(X, 1).toFloatArray());
    assertArrayEquals(new int[] {2, 1}, Np.max(X, new int[] {1}, true).shape());
    assertEquals(1f, Np.min(X).item());
    assertArrayEquals(new float[] {1, 2, 3}, Np.min(X, 0).toFloatArray());
    assertArrayEquals(new int[] {1, 1}, Np.min(X, null, true).shape());
    assertEquals(720f, Np.prod(X).item());
    assertArrayEquals(new float[] {4, 10, 18}, Np.prod(X, 0).toFloatArray());
    assertArrayEquals(new int[] {2, 1}, Np.prod(X, new int[] {1}, true).shape());
    assertEquals(5, Np.argmax(X).item());
    assertArrayEquals(new int[] {1, 1, 1}, Np.argmax(X, 0).toIntArray());
    assertArrayEquals(new int[] {2, 1}, Np.argmax(X, 1, true).shape());
    assertEquals(0, Np.argmin(X).item());
    assertArrayEquals(new int[] {0, 0}, Np.argmin(X, -1).toIntArray());
    assertArrayEquals(new int[] {1, 3}, Np.argmin(X, 0, true).shape());
    assertArrayEquals(new float[] {1, 3, 6, 10, 15, 21}, Np.cumsum(X).toFloatArray());
    assertArrayEquals(new float[] {1, 3, 6, 4, 9, 15}, Np.cumsum(X, 1).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 6, 24, 120, 720}, Np.cumprod(X).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 3, 4, 10, 18}, Np.cumprod(X, 0).toFloatArray());
    assertEquals(3, Np.sum(Array.of(new boolean[] {true, false, true, true})).item());
  }

  @Test void npSoftmaxFamily() {
    Array r = Array.of(new double[] {0, Math.log(3)});
    assertArrayEquals(new double[] {0.25, 0.75}, Np.softmax(r).toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {Math.log(0.25), Math.log(0.75)}, Np.logSoftmax(r).toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {0.25, 0.75}, Np.softmax(r, 0).toDoubleArray(), 1e-12);
    assertArrayEquals(new double[] {Math.log(0.25), Math.log(0.75)}, Np.logSoftmax(r, -1).toDoubleArray(), 1e-12);
    assertEquals(Math.log(4), (double) Np.logsumexp(r).item(), 1e-12);
    assertArrayEquals(new double[] {Math.log(4)}, Np.logsumexp(r, 0).toDoubleArray(), 1e-12);
    assertArrayEquals(new int[] {1}, Np.logsumexp(r, new int[] {0}, true).shape());
  }

  @Test void laxReductionsAndWindows() {
    assertArrayEquals(new float[] {5, 7, 9}, Lax.reduceSum(X, 0).toFloatArray());
    assertArrayEquals(new float[] {3, 6}, Lax.reduceMax(X, 1).toFloatArray());
    assertEquals(1f, Lax.reduceMin(X, 0, 1).item());
    assertArrayEquals(new float[] {6, 120}, Lax.reduceProd(X, -1).toFloatArray());
    assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY}, Lax.reduceMax(Np.zeros(0, 1), 0).toFloatArray());
    assertEquals(Np.int64, Lax.argmax(X, 1, Np.int64).dtype());
    assertArrayEquals(new long[] {2, 2}, Lax.argmax(X, 1, Np.int64).toLongArray());
    assertArrayEquals(new int[] {0, 0}, Lax.argmin(X, 1, Np.int32).toIntArray());
    assertArrayEquals(new float[] {6, 5, 3, 15, 11, 6}, Lax.cumsum(X, 1, true).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 6, 4, 20, 120}, Lax.cumprod(X, 1, false).toFloatArray());
    assertArrayEquals(new float[] {6, 6, 6, 6, 6, 6}, Lax.cummax(Array.of(new float[] {6, 1, 2, 3, 4, 5}), 0, false).toFloatArray());
    assertArrayEquals(new float[] {1, 1, 2, 3, 4, 5}, Lax.cummin(Array.of(new float[] {6, 1, 2, 3, 4, 5}), 0, true).toFloatArray());
    int[][] none = {{0, 0}, {0, 0}};
    assertArrayEquals(new float[] {2, 3, 5, 6}, Lax.reduceWindow(X, WindowOp.MAX, new int[] {1, 2}, new int[] {1, 1}, none).toFloatArray());
    assertArrayEquals(new float[] {4, 10}, Lax.reduceWindow(X, WindowOp.SUM, new int[] {1, 2}, new int[] {1, 1}, none,
        new int[] {1, 1}, new int[] {1, 2}).toFloatArray());
    assertArrayEquals(new float[] {1, 2, 4, 5}, Lax.reduceWindow(X, WindowOp.MIN, new int[] {1, 2}, new int[] {1, 1}, none).toFloatArray());
    Array g = Lax.selectAndScatterAdd(Array.of(new float[] {10, 20, 30, 40}, 2, 2), X, new int[] {1, 2}, new int[] {1, 1}, none);
    assertArrayEquals(new float[] {0, 10, 20, 0, 30, 40}, g.toFloatArray());
  }

  @Test void goldenGraphs() {
    Array v = Array.of(new float[] {1, 2, 3});
    assertEquals("{ lambda ; a:f32[3]. let b:f32[] = reduce_sum[axes=(0,)] a in (b) }", graph(x -> x.sum(), v));
    assertEquals("{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[] = reduce_sum[axes=(0,)] b in (c) }", graph(x -> x.sin().sum(), v));
    assertEquals("{ lambda ; a:f32[3]. let b:f32[] = reduce_sum[axes=(0,)] a; c:f32[] = div b 3.0:f32[] in (c) }", graph(Array::mean, v));
    assertEquals("{ lambda ; a:f32[2,3]. let b:i32[2] = argmax[axes=(1,) index_dtype=i32] a in (b) }", graph(x -> x.argmax(1), X));
    assertEquals("{ lambda ; a:f32[2,3]. let b:f32[2,3] = cumsum[axis=0 reverse=False] a in (b) }", graph(x -> x.cumsum(0), X));
    assertEquals("{ lambda ; a:f32[2,3]. let b:f32[2] = reduce_max[axes=(1,)] a; c:f32[2,1] = reshape[new_sizes=(2, 1)] b in (c) }",
        graph(x -> x.max(new int[] {1}, true), X));
    assertEquals("{ lambda ; a:bool[3]. let b:i32[] = reduce_sum[axes=(0,)] a in (b) }",
        graph(Np::sum, Array.of(new boolean[] {true, false, true})));   // counted from the mask: no i32 copy
    assertEquals("{ lambda ; a:f32[1,4,4,1]. let\n"
        + "    b:f32[1,2,2,1] = reduce_window_max[window_dimensions=(1, 2, 2, 1) window_strides=(1, 2, 2, 1) "
        + "padding=((0, 0), (0, 0), (0, 0), (0, 0)) base_dilation=(1, 1, 1, 1) window_dilation=(1, 1, 1, 1)] a\n  in (b) }",
        graph(x -> Lax.reduceWindow(x, WindowOp.MAX, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, new int[4][2]),
            ShapeDtype.of(Np.float32, 1, 4, 4, 1).array()));
  }

  @Test void evaluatingTheGraphMatchesTheFunction() {
    Array x = Array.of(new double[] {0.5, -1, 2, 7, 3, -4}, 2, 3);
    java.util.List<Function<Array, Array>> fs = java.util.List.of(
        a -> Np.softmax(a), a -> Np.logsumexp(a, 1), a -> a.var(0), a -> Np.argmin(a, 1), a -> Np.cumprod(a, 1),
        a -> a.mean(new int[] {0, 1}, true), a -> Lax.reduceWindow(a, WindowOp.SUM, new int[] {2, 2}, new int[] {1, 1},
            new int[][] {{1, 0}, {0, 1}}), a -> Lax.selectAndScatterAdd(Np.max(a, new int[] {1}, true), a,
            new int[] {1, 3}, new int[] {1, 1}, new int[][] {{0, 0}, {0, 0}}));
    for (Function<Array, Array> f : fs) {
      Graph g = Graft.makeGraph(f).apply(x);
      Array want = f.apply(x), got = Graft.evalGraph(g, x).head();
      assertArrayEquals(want.shape(), got.shape(), g.toString());
      assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0, g.toString());
    }
  }

  private static void npe(String name, Executable e) {
    assertEquals(name + " is null", assertThrows(NullPointerException.class, e).getMessage());
  }

  @Test void nullArgumentsFailAtOnce() {
    npe("x", () -> Np.sum(null));
    npe("x", () -> Np.mean(null, 0));
    npe("x", () -> Np.var(null, new int[] {0}, true));
    npe("x", () -> Np.argmax(null));
    npe("x", () -> Np.cumsum(null, 0));
    npe("x", () -> Np.logsumexp(null));
    npe("x", () -> Np.softmax(null));
    npe("x", () -> Np.logSoftmax(null, 0));
    npe("x", () -> Lax.reduceSum(null, 0));
    npe("x", () -> Lax.argmax(null, 0, Np.int32));
    npe("x", () -> Lax.cummax(null, 0, false));
    npe("x", () -> Lax.reduceWindow(null, WindowOp.MAX, new int[] {1}, new int[] {1}, new int[][] {{0, 0}}));
    npe("source", () -> Lax.selectAndScatterAdd(null, X, new int[] {1, 1}, new int[] {1, 1}, new int[2][2]));
    npe("operand", () -> Lax.selectAndScatterAdd(X, null, new int[] {1, 1}, new int[] {1, 1}, new int[2][2]));
    npe("axes", () -> X.sum((int[]) null));
    npe("axes", () -> Np.max(X, (int[]) null));
    npe("indexDtype", () -> Lax.argmin(X, 0, null));
    npe("window", () -> Lax.reduceWindow(X, WindowOp.MAX, null, new int[] {1, 1}, new int[2][2]));
    npe("padding", () -> Lax.reduceWindow(X, WindowOp.MAX, new int[] {1, 1}, new int[] {1, 1}, null));
    npe("baseDilation", () -> Lax.reduceWindow(X, WindowOp.MAX, new int[] {1, 1}, new int[] {1, 1}, new int[2][2], null, new int[] {1, 1}));
  }

  @Test void errorsNameTheOpAndTheShapes() {
    var e = assertThrows(ShapeError.class, () -> X.sum(0, -2));
    assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("f32[2,3]"), e.getMessage());
    var d = assertThrows(DTypeError.class, () -> Lax.reduceSum(Array.of(new boolean[] {true}), 0));
    assertTrue(d.getMessage().contains("reduce_sum") && d.getMessage().contains("bool[1]"), d.getMessage());
    var z = assertThrows(ShapeError.class, () -> Np.max(Np.zeros(0)));
    assertTrue(z.getMessage().contains("f32[0]"), z.getMessage());
    var w = assertThrows(ShapeError.class, () -> Lax.reduceWindow(X, WindowOp.MAX, new int[] {2}, new int[] {1}, new int[][] {{0, 0}}));
    assertTrue(w.getMessage().contains("reduce_window_max") && w.getMessage().contains("f32[2,3]"), w.getMessage());
  }
}
