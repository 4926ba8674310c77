package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The composition matrix: pairs of transforms against the same quantity computed another way. */
class CompositionTest {
  private static final Array W = Array.of(new double[] {0.3, -0.7, 1.1, 0.2, -0.4, 0.9}, 3, 2);
  private static final ArrayFn F = x -> x.matmul(W).tanh().sum().add(x.mul(x).sin().sum());
  private static final Array XS = Array.of(new double[] {0.1, 0.2, -0.3, 1.0, -0.5, 0.25, 0.7, 0.0, -1.2}, 3, 3);
  private static final Array V = Array.of(new double[] {1.0, -2.0, 0.5});

  private static double[] d(Array a) { return a.toDoubleArray(); }

  private static Array loop(Function<Array, Array> f, Array xs) {
    Array[] rows = new Array[xs.shape()[0]];
    for (int i = 0; i < rows.length; i++) rows[i] = f.apply(xs.get(i));
    return Np.stack(0, rows);
  }

  @Test void vmapOfGradEqualsALoop() {
    assertArrayEquals(d(loop(Graft.grad(F), XS)), d(Graft.vmap(Graft.grad(F)).apply(XS)), 1e-12);
  }

  @Test void gradOfVmapEqualsPerRowGradients() {
    ArrayFn total = xs -> Graft.vmap(F).apply(xs).sum();
    assertArrayEquals(d(loop(Graft.grad(F), XS)), d(Graft.grad(total).apply(XS)), 1e-12);
  }

  @Test void vmapOfVmapEqualsNestedLoops() {
    ArrayFn g = x -> x.sin().mul(x.sum());
    Array cube = Np.stack(0, XS, XS.mul(2.0));
    Array want = Np.stack(0, loop(g, XS), loop(g, XS.mul(2.0)));
    assertArrayEquals(d(want), d(Graft.vmap(Graft.vmap(g)).apply(cube)), 1e-12);
  }

  @Test void hessianThreeWays() {
    Array x = XS.get(1);
    Array h = Graft.hessian(F).apply(x);
    assertArrayEquals(d(h), d(Graft.jacfwd(Graft.grad(F)).apply(x)), 1e-12);
    assertArrayEquals(d(h), d(Graft.jacrev(Graft.grad(F)).apply(x)), 1e-12);
    assertArrayEquals(d(h), d(Graft.jacrev(Graft.jacrev(F::apply)).apply(x).reshape(3, 3)), 1e-12);
  }

  @Test void hessianVectorProductsForwardOverReverseAndReverseOverReverse() {
    Array x = XS.get(2);
    Array hv = Graft.hessian(F).apply(x).matmul(V);
    assertArrayEquals(d(hv), d(Graft.jvp(Graft.grad(F), x, V)._2), 1e-12);
    assertArrayEquals(d(hv), d(Graft.grad(y -> Graft.grad(F).apply(y).mul(V).sum()).apply(x)), 1e-12);
    assertArrayEquals(d(hv), d(Graft.linearize(Graft.grad(F), x)._2.apply(V)), 1e-12);
  }

  @Test void vmapOfJacobiansAndHessians() {
    ArrayFn g = x -> x.matmul(W).tanh();
    assertArrayEquals(d(loop(Graft.jacrev(g), XS)), d(Graft.vmap(Graft.jacrev(g)).apply(XS)), 1e-12);
    assertArrayEquals(d(loop(Graft.jacfwd(g), XS)), d(Graft.vmap(Graft.jacfwd(g)).apply(XS)), 1e-12);
    assertArrayEquals(d(loop(Graft.hessian(F), XS)), d(Graft.vmap(Graft.hessian(F)).apply(XS)), 1e-12);
  }

  @Test void thirdOrderMixes() {
    ArrayFn s = x -> x.sin().sum();
    ArrayFn d3 = Graft.grad(x -> Graft.jvp(Graft.grad(s), x, Np.onesLike(x))._2.sum());
    double[] x = d(V), got = d(d3.apply(V));
    for (int i = 0; i < 3; i++) org.junit.jupiter.api.Assertions.assertEquals(-Math.cos(x[i]), got[i], 1e-12);
  }

  @Test void transformsOfMakeGraphEvaluation() {
    var graph = Graft.makeGraph(F).apply(XS.get(0));
    ArrayFn viaGraph = x -> Graft.evalGraph(graph, x).head();
    assertArrayEquals(d(Graft.grad(F).apply(XS.get(0))), d(Graft.grad(viaGraph).apply(XS.get(0))), 1e-12);
    assertArrayEquals(d(Graft.vmap(F).apply(XS)), d(Graft.vmap(viaGraph).apply(XS)), 1e-12);
  }
}
