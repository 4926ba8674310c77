package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.trace.TransformError;
import io.vavr.Tuple;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CustomDerivativesTest {
  private static final Array X = Array.of(new double[] {0.5, -1.0, 2.0});

  private static double[] d(Array a) { return a.toDoubleArray(); }

  /** The classic: log(1 + e^x) has a NaN gradient at large x unless the rule says logistic(x). */
  @Test void customJvpFixesAnUnstableGradient() {
    Function<Array, Array> naive = x -> x.exp().log1p();
    Function<Array, Array> stable = Graft.customJvp(naive, (x, t) -> Tuple.of(x.exp().log1p(), t.mul(x.logistic())));
    Array big = Array.of(new double[] {1000.0});
    assertTrue(Double.isNaN(d(Graft.grad((Array x) -> naive.apply(x).sum()).apply(big))[0]));
    assertEquals(1.0, d(Graft.grad((Array x) -> stable.apply(x).sum()).apply(big))[0], 0);
  }

  /** A rule that lies (3·t) proves the rule is what transforms use, in every composition. */
  @Test void theRuleIsUsedUnderEveryTransform() {
    Function<Array, Array> f = Graft.customJvp(x -> x.sin(), (x, t) -> Tuple.of(x.sin(), t.mul(3.0)));
    assertArrayEquals(new double[] {3, 3, 3}, d(Graft.jvp(f, X, Np.onesLike(X))._2), 0);
    assertArrayEquals(new double[] {3, 3, 3}, d(Graft.grad((Array x) -> f.apply(x).sum()).apply(X)), 0);
    assertArrayEquals(new double[] {3, 3, 3}, d(Graft.grad((Array x) -> Graft.vmap(f).apply(x).sum()).apply(X)), 0);
    ArrayFn perExample = Graft.vmap(Graft.grad((Array x) -> f.apply(x).sum()));
    assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3}, d(perExample.apply(Np.stack(0, X, X))), 0);
    assertArrayEquals(d(f.apply(X)), d(X.sin()), 0);
  }

  @Test void rulesAreDifferentiableAgain() {
    Function<Array, Array> f = Graft.customJvp(x -> x.sin(), (x, t) -> Tuple.of(x.sin(), t.mul(x.cos())));
    ArrayFn d1 = Graft.grad((Array x) -> f.apply(x).sum());
    ArrayFn d2 = Graft.grad((Array x) -> d1.apply(x).sum());
    double[] x = d(X);
    double[] got = d(d2.apply(X));
    for (int i = 0; i < 3; i++) assertEquals(-Math.sin(x[i]), got[i], 1e-12);
  }

  @Test void customVjpUsesBwdAndRefusesForwardMode() {
    Function<Array, Array> f = Graft.customVjp((Array x) -> x.sin(), x -> Tuple.of(x.sin(), x.cos()),
        (Array cos, Array ct) -> ct.mul(cos).mul(2.0));
    double[] x = d(X);
    double[] g = d(Graft.grad((Array v) -> f.apply(v).sum()).apply(X));
    for (int i = 0; i < 3; i++) assertEquals(2 * Math.cos(x[i]), g[i], 1e-12);
    double[] gv = d(Graft.grad((Array v) -> Graft.vmap(f).apply(v).sum()).apply(X));
    for (int i = 0; i < 3; i++) assertEquals(2 * Math.cos(x[i]), gv[i], 1e-12);
    Array rows = Np.stack(0, X, X.mul(2.0));
    Array per = Graft.vmap(Graft.grad((Array v) -> f.apply(v).sum())).apply(rows);
    assertArrayEquals(d(Graft.grad((Array v) -> f.apply(v).sum()).apply(X.mul(2.0))), d(per.get(1)), 1e-12);
    var e = assertThrows(TransformError.class, () -> Graft.jvp(f, X, Np.onesLike(X)));
    assertTrue(e.getMessage().contains("customVjp") && e.getMessage().contains("forward-mode"), e.getMessage());
    assertArrayEquals(d(X.sin()), d(f.apply(X)), 0);
  }

  @Test void checkpointRecomputesInTheBackwardPass() {
    Function<Array, Array> block = x -> x.sin().mul(x).tanh();
    Function<Array, Array> remat = Graft.checkpoint(block);
    ArrayFn plain = x -> block.apply(block.apply(x)).sum();
    ArrayFn saved = x -> remat.apply(remat.apply(x)).sum();
    assertArrayEquals(d(Graft.grad(plain).apply(X)), d(Graft.grad(saved).apply(X)), 1e-12);
    assertArrayEquals(d(Graft.hessian(plain).apply(X)), d(Graft.hessian(saved).apply(X)), 1e-10);
    Array rows = Np.stack(0, X, X.mul(0.5));
    assertArrayEquals(d(Graft.vmap(Graft.grad(plain)).apply(rows)), d(Graft.vmap(Graft.grad(saved)).apply(rows)), 1e-12);
    String g = Graft.makeGraph(Graft.grad(saved)).apply(ShapeDtype.of(Np.float64, 3).array()).toString();
    // forward: two checkpoint equations (their insides only in the call graphs); backward: each block's sin is
    // recomputed from the block's input instead of being saved
    assertEquals(2, g.lines().filter(l -> l.contains(" = checkpoint[")).count(), g);
    assertEquals(2, g.lines().filter(l -> l.matches("\\s+\\w+:f64\\[3\\] = sin \\w+")).count(), g);
  }
}
