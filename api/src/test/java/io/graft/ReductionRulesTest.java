package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.LinearArg;
import io.graft.trace.prim.Padding;
import io.graft.trace.prim.SelectAndGatherAdd;
import io.graft.trace.prim.TransposeError;
import io.graft.trace.prim.WindowOp;
import io.vavr.collection.Vector;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What the generic rule properties cannot see for the reductions and windows: how ties share a tangent, exactness of
 * the product rules at zeros, the max-pool gradient as {@code select_and_scatter_add}, dilated pooling in both
 * modes, and batching through pooling gradients.
 */
class ReductionRulesTest {
  private static final int[][] NO_PAD_4 = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  private static final int[] POOL = {1, 2, 2, 1};

  private static Array vec(double... d) { return Array.of(d); }

  /** The Jacobian {@code J[i][j] = d f(x)[i] / d x[j]}, column by column with forward mode. */
  private static double[][] jacobianByJvp(Function<Array, Array> f, Array x) {
    int n = x.size(), m = f.apply(x).size();
    double[][] j = new double[m][n];
    for (int c = 0; c < n; c++) {
      double[] e = new double[n];
      e[c] = 1;
      double[] col = Graft.jvp(f, x, Array.of(e).reshape(x.shape()))._2.toDoubleArray();
      for (int r = 0; r < m; r++) j[r][c] = col[r];
    }
    return j;
  }

  private static void near(double[][] expected, double[][] got) {
    for (int r = 0; r < expected.length; r++) assertArrayEquals(expected[r], got[r], 1e-12, "row " + r);
  }

  // ---------------------------------------------------------------- ties

  @Test void maxAndMinSplitTiesEqually() {
    assertArrayEquals(new double[] {0, .5, .5}, Graft.grad((Array x) -> Lax.reduceMax(x, 0)).apply(vec(1, 3, 3)).toDoubleArray(), 0);
    assertArrayEquals(new double[] {1. / 3, 0, 1. / 3, 1. / 3},
        Graft.grad((Array x) -> Lax.reduceMin(x, 0)).apply(vec(-2, 4, -2, -2)).toDoubleArray(), 1e-15);
    near(new double[][] {{0, .5, .5}}, jacobianByJvp(x -> Lax.reduceMax(x, 0).reshape(1), vec(1, 3, 3)));
    Array rows = Array.of(new double[] {5, 1, 5, 2, 7, 0}, 2, 3);
    assertArrayEquals(new double[] {.5, 0, .5, 0, 1, 0}, Graft.grad((Array x) -> Lax.reduceMax(x, 1).sum()).apply(rows).toDoubleArray(), 0);
  }

  /** JAX differentiates cummax through its associative-scan decomposition, whose binary max splits ties in half. */
  @Test void cummaxFollowsJaxAtTiesAndIsExactAwayFromThem() {
    near(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, .5, .5}}, jacobianByJvp(x -> Lax.cummax(x, 0, false), vec(1, 3, 3)));
    near(new double[][] {{1, 0, 0, 0}, {.5, .5, 0, 0}, {.25, .25, .5, 0}, {.25, .25, .25, .25}},
        jacobianByJvp(x -> Lax.cummax(x, 0, false), vec(3, 3, 3, 3)));
    near(new double[][] {{1, 0, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}}, jacobianByJvp(x -> Lax.cummax(x, 0, false), vec(3, 1, 2, 5)));
    near(new double[][] {{0, 0, 1, 0}, {0, 0, 1, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}, jacobianByJvp(x -> Lax.cummin(x, 0, true), vec(3, 1, -2, 5)));
    double[][] j = jacobianByJvp(x -> Lax.cummin(x, 0, false), vec(4, 2, 3, 1, 1, 6, 0));
    int[] arg = {0, 1, 1, 3, -1, -1, 6};                                         // running argmin; -1: the tie of x[3], x[4]
    for (int r = 0; r < 7; r++)
      for (int c = 0; c < 7; c++) if (arg[r] >= 0) assertEquals(c == arg[r] ? 1 : 0, j[r][c], 0, "d y" + r + " / d x" + c);
    assertEquals(1, j[4][3] + j[4][4], 1e-15, "a tie shares the whole tangent");
  }

  // ---------------------------------------------------------------- products with zeros

  /** {@code d prod(x) / d x[i]} as the product of the other elements, by brute force. */
  private static double[] othersProduct(double[] x) {
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      g[i] = 1;
      for (int k = 0; k < x.length; k++) if (k != i) g[i] *= x[k];
    }
    return g;
  }

  @Test void prodGradientIsExactWithZeros() {
    for (double[] x : new double[][] {{2, 3, 4}, {2, 0, 3}, {0, 5, 0}, {0}, {7}, {1.5, -2, 0, 4, 0.5}}) {
      near(new double[][] {othersProduct(x)}, jacobianByJvp(a -> Lax.reduceProd(a, 0).reshape(1), Array.of(x)));
      assertArrayEquals(othersProduct(x), Graft.grad((Array a) -> a.prod()).apply(Array.of(x)).toDoubleArray(), 1e-12);
    }
    Array m = Array.of(new double[] {2, 0, 3, 0, 1, 5}, 2, 3);              // columns (2, 0), (0, 1), (3, 5)
    assertArrayEquals(new double[] {0, 1, 5, 2, 0, 3}, Graft.grad((Array a) -> Lax.reduceProd(a, 0).sum()).apply(m).toDoubleArray(), 0);
  }

  /** {@code d y_k / d x_i} of {@code cumprod(x)}: the product of {@code x_j} over the scanned {@code j != i}, 0 outside the scan. */
  private static double[][] cumprodJacobian(double[] x, boolean reverse) {
    int n = x.length;
    double[][] j = new double[n][n];
    for (int k = 0; k < n; k++)
      for (int i = 0; i < n; i++) {
        if (reverse ? i < k : i > k) continue;
        j[k][i] = 1;
        for (int q = reverse ? k : 0; q <= (reverse ? n - 1 : k); q++) if (q != i) j[k][i] *= x[q];
      }
    return j;
  }

  @Test void cumprodJacobianIsExactWithZeros() {
    for (double[] x : new double[][] {{2, 0, 3, 4}, {0, 2, 0, 5, 1}, {1.5, -2, 3}, {0, 0, 2, 0, 3, 4, 0.5}}) {
      near(cumprodJacobian(x, false), jacobianByJvp(a -> Lax.cumprod(a, 0, false), Array.of(x)));
      near(cumprodJacobian(x, true), jacobianByJvp(a -> Lax.cumprod(a, 0, true), Array.of(x)));
      double[][] want = cumprodJacobian(x, false);
      double[] g = Graft.grad((Array a) -> Lax.cumprod(a, 0, false).sum()).apply(Array.of(x)).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        double s = 0;
        for (double[] row : want) s += row[i];
        assertEquals(s, g[i], 1e-12, "grad of sum(cumprod) [" + i + "]");
      }
    }
  }

  // ---------------------------------------------------------------- pooling

  private static Array image() {
    double[] d = new double[16];
    for (int i = 0; i < 16; i++) d[i] = (i * 7) % 16 - 5.5;                     // distinct: no ties
    return Array.of(d, 1, 4, 4, 1);
  }

  private static Array maxPool(Array x) { return Lax.reduceWindow(x, WindowOp.MAX, POOL, POOL, NO_PAD_4); }

  @Test void maxPoolGradientIsSelectAndScatterAdd() {
    Array x = image(), w = Array.of(new double[] {1, -2, 3, 0.5}, 1, 2, 2, 1);
    Graph jvp = Graft.makeGraph((Array a) -> Graft.jvp(ReductionRulesTest::maxPool, a, a)._2).apply(x);
    assertTrue(jvp.toString().contains("select_and_gather_add[window_dimensions=(1, 2, 2, 1)"), jvp.toString());
    Array g = Graft.vjp(ReductionRulesTest::maxPool, x)._2.apply(w);
    assertArrayEquals(Lax.selectAndScatterAdd(w, x, POOL, POOL, NO_PAD_4).toDoubleArray(), g.toDoubleArray(), 0);
    String pool = "window_dimensions=(1, 2, 2, 1) window_strides=(1, 2, 2, 1) padding=((0, 0), (0, 0), (0, 0), (0, 0))";
    assertEquals("""
        { lambda ; a:f64[1,4,4,1]. let
            b:f64[1,2,2,1] = reduce_window_max[%s base_dilation=(1, 1, 1, 1) window_dilation=(1, 1, 1, 1)] a
            c:f64[] = reduce_sum[axes=(0, 1, 2, 3)] b
            d:f64[1,2,2,1] = broadcast_in_dim[shape=(1, 2, 2, 1) broadcast_dimensions=()] 1.0:f64[]
            e:f64[1,4,4,1] = select_and_scatter_add[%s] d a
          in (e) }""".formatted(pool, pool), Graft.makeGraph(Graft.grad((Array a) -> maxPool(a).sum())).apply(x).toString());
  }

  @Test void minPoolChoosesTheFirstMinimum() {
    Array x = vec(4, 1, 1, 7, 2, 2);
    Function<Array, Array> minPool = a -> Lax.reduceWindow(a, WindowOp.MIN, new int[] {2}, new int[] {2}, new int[][] {{0, 0}});
    near(new double[][] {{0, 1, 0, 0, 0, 0}, {0, 0, 1, 0, 0, 0}, {0, 0, 0, 0, 1, 0}}, jacobianByJvp(minPool, x));
    assertArrayEquals(new double[] {0, 1, 1, 0, 1, 0}, Graft.grad((Array a) -> minPool.apply(a).sum()).apply(x).toDoubleArray(), 0);
  }

  @Test void vmapOfMaxPoolGradientEqualsALoop() {
    Array xs = Np.stack(0, image(), image().mul(-1.0), image().flip(1));
    ArrayFn plain = Graft.grad((Array a) -> maxPool(a).sum());                  // unmapped cotangent, mapped operand
    Array p = Graft.vmap(plain).apply(xs);
    for (int i = 0; i < 3; i++) assertArrayEquals(plain.apply(xs.get(i)).toDoubleArray(), p.get(i).toDoubleArray(), 0, "example " + i);
    ArrayFn g = Graft.grad((Array a) -> maxPool(a).mul(maxPool(a)).sum());
    Array batched = Graft.vmap(g).apply(xs);
    for (int i = 0; i < 3; i++) assertArrayEquals(g.apply(xs.get(i)).toDoubleArray(), batched.get(i).toDoubleArray(), 0, "example " + i);
    Array last = Graft.vmap(g, -1, -1).apply(xs.transpose(1, 2, 3, 4, 0));
    assertArrayEquals(batched.transpose(1, 2, 3, 4, 0).toDoubleArray(), last.toDoubleArray(), 0);
    String s = Graft.makeGraph(Graft.vmap(g)).apply(xs).toString();
    assertTrue(s.contains("select_and_scatter_add[window_dimensions=(1, 1, 2, 2, 1)"), s);
  }

  /** Base and window dilation are rewritten into undilated windows, in forward and in reverse mode. */
  @Test void dilatedMaxPoolDifferentiatesBothWays() {
    double[] d = new double[30];
    for (int i = 0; i < 30; i++) d[i] = (i * 11) % 30 - 14.5;
    Array x = Array.of(d, 5, 6);
    Function<Array, Array> pool = a -> Lax.reduceWindow(a, WindowOp.MAX, new int[] {2, 3}, new int[] {2, 2},
        new int[][] {{1, 1}, {1, 0}}, new int[] {2, 3}, new int[] {1, 2});
    Array y = pool.apply(x);
    double[][] j = jacobianByJvp(pool, x);
    double[] yv = y.toDoubleArray();
    for (int r = 0; r < j.length; r++) {                                         // each row: a one-hot at an element equal to the output
      int hot = -1;
      for (int c = 0; c < d.length; c++) if (j[r][c] != 0) { assertEquals(1, j[r][c], 0); assertEquals(-1, hot); hot = c; }
      if (Double.isFinite(yv[r])) assertEquals(yv[r], d[hot], 0, "output " + r);
    }
    Array ct = Np.arange(y.size()).astype(Np.float64).reshape(y.shape());
    double[] back = Graft.vjp(pool, x)._2.apply(ct).toDoubleArray();
    for (int c = 0; c < d.length; c++) {
      double s = 0;
      for (int r = 0; r < j.length; r++) s += j[r][c] * ct.toDoubleArray()[r];
      assertEquals(s, back[c], 0, "vjp [" + c + "]");
    }
  }

  @Test void batchingKeepsTheAxisAndAddsAUnitWindow() {
    Array xs = Array.of(new double[24], 2, 3, 4);
    String r = Graft.makeGraph(Graft.vmap((Array a) -> Lax.reduceMax(a, 1), 1, 0)).apply(xs.transpose(1, 0, 2)).toString();
    assertTrue(r.contains("reduce_max[axes=(2,)]"), r);
    String c = Graft.makeGraph(Graft.vmap((Array a) -> Lax.cumsum(a, 0, false), 2, 2)).apply(xs.transpose(0, 2, 1)).toString();
    assertTrue(c.contains("cumsum[axis=0 reverse=False]"), c);
    String w = Graft.makeGraph(Graft.vmap((Array a) -> Lax.reduceWindow(a, WindowOp.SUM, new int[] {2, 2}, new int[] {1, 2},
        new int[][] {{0, 1}, {1, 0}}), 1, 1)).apply(xs.transpose(1, 0, 2)).toString();
    assertTrue(w.contains("window_dimensions=(2, 1, 2) window_strides=(1, 1, 2) padding=((0, 1), (0, 0), (1, 0))"), w);
    assertEquals(DType.I32, Graft.vmap((Array a) -> Lax.argmax(a, 0, DType.I32), 2, 0).apply(xs).dtype());
  }

  @Test void selectAndGatherAddIsNotLinearInItsOperand() {
    ShapedType t = ShapedType.of(DType.F64, 4);
    SelectAndGatherAdd g = new SelectAndGatherAdd(Ints.of(2), Ints.of(2), Padding.none(1));
    TransposeError e = assertThrows(TransposeError.class, () -> g.transpose(vec(1, 2).value(),
        Vector.of(new LinearArg.Linear(t), new LinearArg.Linear(t))));
    assertTrue(e.getMessage().contains("select_and_gather_add"), e.getMessage());
  }
}
