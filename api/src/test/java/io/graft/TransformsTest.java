package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.TracerLeakError;
import io.vavr.Function2;
import io.vavr.Function3;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private static final Array X = Array.of(new double[] {0.3, -1.2, 2.0});

  private static void near(double[] expected, Array got, double tol) {
    assertArrayEquals(expected, got.toDoubleArray(), tol);
  }

  private static double[] map(Array x, java.util.function.DoubleUnaryOperator f) {
    double[] d = x.toDoubleArray();
    for (int i = 0; i < d.length; i++) d[i] = f.applyAsDouble(d[i]);
    return d;
  }

  @Test void gradOfSinSumIsCos() {
    near(map(X, Math::cos), Graft.grad(x -> x.sin().sum()).apply(X), 1e-12);
  }

  @Test void gradComposes() {
    ArrayFn d1 = Graft.grad(x -> x.sin().sum());
    ArrayFn d2 = Graft.grad(x -> d1.apply(x).sum());
    ArrayFn d3 = Graft.grad(x -> d2.apply(x).sum());
    near(map(X, v -> -Math.sin(v)), d2.apply(X), 1e-12);
    near(map(X, v -> -Math.cos(v)), d3.apply(X), 1e-12);
  }

  @Test void jvpAndLinearizeAndVjpAgree() {
    Function<Array, Array> f = x -> x.mul(x).sin();
    Array t = Array.of(new double[] {1, 2, 3});
    Tuple2<Array, Array> jv = Graft.jvp(f, X, t);
    double[] x = X.toDoubleArray(), tt = t.toDoubleArray(), want = new double[3];
    for (int i = 0; i < 3; i++) want[i] = Math.cos(x[i] * x[i]) * 2 * x[i] * tt[i];
    near(want, jv._2, 1e-12);
    near(map(X, v -> Math.sin(v * v)), jv._1, 1e-12);
    near(want, Graft.linearize(f, X)._2.apply(t), 1e-12);
    Array ct = Array.of(new double[] {1, 0, -1});
    double[] back = Graft.vjp(f, X)._2.apply(ct).toDoubleArray();
    for (int i = 0; i < 3; i++) assertEquals(Math.cos(x[i] * x[i]) * 2 * x[i] * ct.toDoubleArray()[i], back[i], 1e-12);
  }

  @Test void vmapEqualsALoop() {
    Array w = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Function<Array, Array> f = row -> row.matmul(w).tanh();
    Array xs = Array.of(new double[] {1, 0, -1, 2, 2, 2, 0.5, 0.25, 0}, 3, 3);
    Array batched = Graft.vmap(f).apply(xs);
    for (int i = 0; i < 3; i++) near(f.apply(xs.get(i)).toDoubleArray(), batched.get(i), 1e-12);
    Array cols = Graft.vmap(f, 1, 0).apply(xs.transpose());
    near(batched.toDoubleArray(), cols, 1e-12);
    Array last = Graft.vmap(f, -1, -1).apply(xs.transpose());
    near(batched.transpose().toDoubleArray(), last, 1e-12);
  }

  @Test void vmapOfVmapAndUnmappedArguments() {
    Function2<Array, Array, Array> outer = (a, b) -> a.mul(b);
    Array a = Np.arange(6).reshape(2, 3).astype(Np.float64), b = Array.of(new double[] {10, 20, 30});
    Array r = Graft.vmap(outer, 0, null).apply(a, b);
    near(a.mul(b).toDoubleArray(), r, 0);
    Function<Array, Array> inner = Graft.vmap((Array x) -> x.mul(2.0).sum());
    near(a.mul(2.0).toDoubleArray(), Graft.vmap(inner).apply(a.reshape(2, 3, 1)), 0);
  }

  /** The classic perturbation-confusion check: d/dx [x · d/dy (x + y)] = 1, not 2. */
  @Test void nestedGradsDoNotConfuseTheirVariables() {
    ArrayFn f = x -> x.mul(Graft.grad(y -> x.add(y).sum()).apply(Array.scalar(1.0))).sum();
    assertEquals(1.0, Graft.grad(f).apply(Array.scalar(3.0)).item().doubleValue(), 0);
    ArrayFn g = x -> Graft.jvp((Array y) -> x.mul(y), Array.scalar(2.0), Array.scalar(1.0))._2;
    assertEquals(1.0, Graft.grad(g).apply(Array.scalar(5.0)).item().doubleValue(), 0);
  }

  record Params(Array w, Array b) {}

  @Test void gradientsHaveTheArgumentsStructure() {
    Params p = new Params(Array.of(new double[] {1, 2}), Array.scalar(0.5));
    Array x = Array.of(new double[] {3, 4});
    TreeFn<Params> loss = q -> q.w().mul(x).sum().add(q.b()).mul(q.b());
    Params g = Graft.grad(loss).apply(p);
    near(new double[] {1.5, 2}, g.w(), 1e-12);
    assertEquals(2 * 0.5 + 11, g.b().item().doubleValue(), 1e-12);
    Tuple2<Array, Params> vg = Graft.valueAndGrad(loss).apply(p);
    assertEquals((11 + 0.5) * 0.5, vg._1.item().doubleValue(), 1e-12);
  }

  @Test void argnumsAndAux() {
    Function2<Array, Array, Array> f = (a, b) -> a.mul(b).sum();
    Array a = Array.of(new double[] {1, 2}), b = Array.of(new double[] {3, 4});
    near(b.toDoubleArray(), Graft.grad(f).apply(a, b), 0);
    near(a.toDoubleArray(), Graft.grad(f, Argnums.SECOND).apply(a, b), 0);
    Tuple2<Array, Array> both = Graft.grad(f, Argnums.ALL).apply(a, b);
    near(b.toDoubleArray(), both._1, 0);
    near(a.toDoubleArray(), both._2, 0);
    Function3<Array, Array, Array, Array> g = (x, y, z) -> x.mul(y).mul(z).sum();
    near(new double[] {3, 8}, Graft.grad(g, Argnums.THIRD).apply(a, b, Np.onesLike(a)), 0);
    var withAux = Graft.gradWithAux((Array x) -> Tuple.of(x.mul(x).sum(), x.mul(3.0))).apply(a);
    near(new double[] {2, 4}, withAux._1, 0);
    near(new double[] {3, 6}, withAux._2, 0);
  }

  /** Workload W4: per-example gradients of the logistic loss by vmap(grad), against the closed form. */
  @Test void perExampleLogisticGradientsMatchTheClosedForm() {
    int b = 16, d = 10;
    Array xs = Np.linspace(-1, 1, b * d).reshape(b, d).mul(Np.linspace(1, 2, d)).astype(Np.float64);
    double[] labels = new double[b];
    for (int i = 0; i < b; i++) labels[i] = i % 3 == 0 ? 1 : -1;
    Array ys = Array.of(labels);
    Array w = Np.linspace(-0.5, 0.5, d).astype(Np.float64);
    Function3<Array, Array, Array, Array> loss = (wv, x, y) -> y.neg().mul(wv.dot(x)).exp().add(1.0).log();
    Array grads = Graft.vmap(Graft.grad(loss), null, 0, 0).apply(w, xs, ys);
    assertArrayEquals(new int[] {b, d}, grads.shape());
    double[] g = grads.toDoubleArray(), x = xs.toDoubleArray(), y = ys.toDoubleArray(), wv = w.toDoubleArray();
    for (int i = 0; i < b; i++) {
      double m = 0;
      for (int j = 0; j < d; j++) m += wv[j] * x[i * d + j];
      double s = 1 / (1 + Math.exp(y[i] * m));            // sigmoid(-y w.x)
      for (int j = 0; j < d; j++) assertEquals(-y[i] * x[i * d + j] * s, g[i * d + j], 1e-12);
    }
  }

  private static Array rosenbrock(Array x) {
    int d = x.size();
    Array a = x.slice(0, d - 1), b = x.slice(1, d);
    return b.sub(a.mul(a)).mul(b.sub(a.mul(a))).mul(100.0).add(a.neg().add(1.0).mul(a.neg().add(1.0))).sum();
  }

  /** Workload W6: the Rosenbrock Hessian by hessian (forward over reverse), against the closed form. */
  @Test void rosenbrockHessianMatchesTheClosedForm() {
    int d = 12;
    Array x = Np.linspace(-1.5, 1.5, d).astype(Np.float64);
    Array h = Graft.hessian(TransformsTest::rosenbrock).apply(x);
    assertArrayEquals(new int[] {d, d}, h.shape());
    double[] xv = x.toDoubleArray(), hv = h.toDoubleArray();
    for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) {
      double want = 0;
      if (i == j) want = (i < d - 1 ? 2 - 400 * xv[i + 1] + 1200 * xv[i] * xv[i] : 0) + (i > 0 ? 200 : 0);
      else if (j == i + 1) want = -400 * xv[i];
      else if (i == j + 1) want = -400 * xv[j];
      assertEquals(want, hv[i * d + j], 1e-9, "H[" + i + "][" + j + "]");
    }
    near(h.toDoubleArray(), Graft.jacrev(Graft.grad(TransformsTest::rosenbrock)).apply(x), 1e-9);
  }

  @Test void jacobiansAgree() {
    ArrayFn f = x -> x.sin().mul(x.sum());
    near(Graft.jacfwd(f).apply(X).toDoubleArray(), Graft.jacrev(f).apply(X), 1e-12);
    assertArrayEquals(new int[] {3, 3}, Graft.jacfwd(f).apply(X).shape());
    Params p = new Params(Array.of(new double[] {1, 2}), Array.scalar(0.5));
    Function<Params, Params> jf = Graft.jacfwd((Params q) -> q.w().mul(q.b()));
    Function<Params, Params> jr = Graft.jacrev((Params q) -> q.w().mul(q.b()));
    near(jf.apply(p).w().toDoubleArray(), jr.apply(p).w(), 0);
    near(new double[] {1, 2}, jr.apply(p).b(), 0);
  }

  @Test void perExampleLossClosingOverTheVmappedRow() {
    Array w = Array.of(new double[] {0.5, -0.25});
    Array rows = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    ArrayFn perRow = row -> Graft.grad(wv -> wv.mul(row).sum().tanh()).apply(w);
    Array g = Graft.vmap(perRow).apply(rows);
    for (int i = 0; i < 3; i++) near(perRow.apply(rows.get(i)).toDoubleArray(), g.get(i), 1e-12);
  }

  @Test void errorsNameTheTransformAndTheFunction() {
    var e = assertThrows(ShapeError.class, () -> Graft.grad(x -> x.sin()).apply(X));
    assertTrue(e.getMessage().startsWith("grad(fn @ TransformsTest.java:"), e.getMessage());
    assertTrue(e.getMessage().contains("must return a scalar, got f64[3]") && e.getMessage().contains("jacrev"), e.getMessage());
    var i = assertThrows(DTypeError.class, () -> Graft.grad(x -> x.sum().astype(Np.float32)).apply(Array.of(new int[] {1})));
    assertTrue(i.getMessage().contains("i32[1]") && i.getMessage().contains("floating"), i.getMessage());
    Function2<Array, Array, Array> add = Array::add;
    var v = assertThrows(ShapeError.class, () -> Graft.vmap(add, 0, 0).apply(Np.zeros(3), Np.zeros(4)));
    assertTrue(v.getMessage().contains("argument[0]: f32[3] axis 0 has size 3") && v.getMessage().contains("argument[1]: f32[4] axis 0 has size 4"), v.getMessage());
    Array[] leak = new Array[1];
    Graft.grad(x -> { leak[0] = x.sin(); return x.sum(); }).apply(X);
    var l = assertThrows(TracerLeakError.class, () -> leak[0].cos());
    assertTrue(l.getMessage().contains("jvp(fn @ TransformsTest.java:") || l.getMessage().contains("grad(fn @ TransformsTest.java:"), l.getMessage());
  }

  @Test void nullsAreRejectedAtTheBoundary() {
    var e = assertThrows(NullPointerException.class, () -> Graft.grad((ArrayFn) null));
    assertEquals("f is null", e.getMessage());
    assertEquals("x is null", assertThrows(NullPointerException.class, () -> Graft.grad(x -> x.sum()).apply(null)).getMessage());
  }

  @Test void makeGraphOfGradShowsTheBackwardPass() {
    var g = Graft.makeGraph(Graft.grad(x -> x.sin().sum())).apply(ShapeDtype.of(Np.float32, 3).array());
    assertEquals("""
        { lambda ; a:f32[3]. let
            b:f32[3] = sin a
            c:f32[3] = cos a
            d:f32[] = reduce_sum[axes=(0,)] b
            e:f32[3] = broadcast_in_dim[shape=(3,) broadcast_dimensions=()] 1.0:f32[]
            f:f32[3] = mul e c
          in (f) }""", g.toString());
  }
}
