package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.ShapeError;
import io.graft.trace.TransformError;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link Lax}'s control flow: values against Java loops, and every transform against its reference. */
class ControlFlowTest {
  private static final Array X = Array.of(new double[] {0.3, -1.2, 2.0});

  private static void near(double[] expected, Array got, double tol) { assertArrayEquals(expected, got.toDoubleArray(), tol); }

  private static void near(Array expected, Array got, double tol) {
    assertArrayEquals(expected.shape(), got.shape());
    assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), tol);
  }

  /** Central finite difference of the scalar function f at x along v. */
  private static double fd(Function<Array, Array> f, Array x, Array v) {
    double h = 1e-6;
    return (f.apply(x.add(v.mul(h))).sum().item().doubleValue() - f.apply(x.sub(v.mul(h))).sum().item().doubleValue()) / (2 * h);
  }

  // ---------------------------------------------------------------- cond / switch

  private static Array piecewise(Array x) { return Lax.cond(x.sum().gt(0.0), v -> v.sin().mul(v), v -> v.cos(), x); }

  @Test void condRunsTheChosenBranch() {
    near(new double[] {Math.sin(0.3) * 0.3, Math.sin(-1.2) * -1.2, Math.sin(2.0) * 2.0}, piecewise(X), 1e-12);
    near(new double[] {Math.cos(-0.3), Math.cos(1.2), Math.cos(-2.0)}, piecewise(X.neg()), 1e-12);
  }

  @Test void switchCaseClampsTheIndex() {
    List<Function<Array, Array>> branches = List.of(v -> v.add(1.0), v -> v.mul(2.0), v -> v.neg());
    for (int k = -2; k < 5; k++) {
      int want = Math.max(0, Math.min(2, k));
      Array got = Lax.switchCase(Array.scalar(k), branches, X);
      near(branches.get(want).apply(X), got, 1e-12);
      near(got, Graft.jit((Array i) -> Lax.switchCase(i, branches, X)).apply(Array.scalar(k)), 1e-12);
    }
  }

  @Test void condOverPytrees() {
    Tuple2<Array, Array> in = Tuple.of(X, X.mul(2.0));
    Tuple2<Array, Array> r = Lax.cond(Array.scalar(false), t -> Tuple.of(t._2, t._1), t -> Tuple.of(t._1.neg(), t._2.neg()), in);
    near(X.neg(), r._1, 0);
    near(X.mul(-2.0), r._2, 0);
  }

  @Test void condJitEqualsEagerAndGradMatchesEachBranch() {
    near(piecewise(X), Graft.jit(ControlFlowTest::piecewise).apply(X), 1e-12);
    near(new double[] {Math.cos(0.3) * 0.3 + Math.sin(0.3), Math.cos(-1.2) * -1.2 + Math.sin(-1.2), Math.cos(2.0) * 2 + Math.sin(2.0)},
        Graft.grad((Array x) -> piecewise(x).sum()).apply(X), 1e-12);
    near(new double[] {-Math.sin(-0.3), -Math.sin(1.2), -Math.sin(-2.0)}, Graft.grad((Array x) -> piecewise(x).sum()).apply(X.neg()), 1e-12);
    near(Graft.grad((Array x) -> piecewise(x).sum()).apply(X), Graft.jit(Graft.grad((Array x) -> piecewise(x).sum())).apply(X), 1e-12);
  }

  @Test void hessianOfAFunctionWithCond() {
    ArrayFn f = x -> Lax.cond(x.sum().gt(0.0), v -> v.mul(v).mul(v).sum(), v -> v.sin().sum(), x);
    Array h = Graft.hessian(f).apply(X);
    double[] x = X.toDoubleArray();
    double[] want = new double[9];
    for (int i = 0; i < 3; i++) want[i * 4] = 6 * x[i];
    near(want, h, 1e-9);
  }

  @Test void vmapOfCondEqualsWhere() {
    Array xs = Array.of(new double[] {0.5, -1.0, 2.0, -0.25, 0.0, 3.0}, 6);
    Function<Array, Array> f = x -> Lax.cond(x.gt(0.0), v -> v.sin(), v -> v.cos(), x);
    near(Np.where(xs.gt(0.0), xs.sin(), xs.cos()), Graft.vmap(f).apply(xs), 1e-12);
    near(Np.where(xs.gt(0.0), xs.sin(), xs.cos()), Graft.jit(Graft.vmap(f)).apply(xs), 1e-12);
  }

  @Test void vmapOfCondWithAnUnbatchedPredicateKeepsTheCond() {
    Array xs = Array.of(new double[] {0.5, -1.0, 2.0, -0.25, 0.0, 3.0}, 2, 3);
    Array flag = Array.scalar(true);
    Function<Array, Array> f = x -> Lax.cond(flag, v -> v.sin(), v -> v.cos(), x);
    near(xs.sin(), Graft.vmap(f).apply(xs), 1e-12);
    String g = Graft.makeGraph(Graft.vmap(f)).apply(xs).toString();
    assertTrue(g.contains("cond[") && !g.contains("select_n"), g);
  }

  @Test void mismatchedBranchesNameBothStructuresAndEveryDifferingLeaf() {
    var e = assertThrows(ShapeError.class, () -> Lax.cond(Array.scalar(true),
        (Tuple2<Array, Array> t) -> Tuple.of(t._1, t._2), t -> Tuple.of(t._1.astype(DType.F32), t._2.sum()), Tuple.of(X, X)));
    String m = e.getMessage();
    assertTrue(m.startsWith("cond(fn @ ControlFlowTest.java:"), m);
    assertTrue(m.contains("trueFn: Tuple(*, *) with leaves (f64[3], f64[3])"), m);
    assertTrue(m.contains("falseFn: Tuple(*, *) with leaves (f32[3], f64[])"), m);
    assertTrue(m.contains("leaf 0 [0]: falseFn f32[3], trueFn f64[3]") && m.contains("leaf 1 [1]: falseFn f64[], trueFn f64[3]"), m);
  }

  // ---------------------------------------------------------------- while / fori

  private static Array newtonSqrt(Array a) {
    Tuple2<Array, Array> r = Lax.whileLoop(
        (Tuple2<Array, Array> c) -> Np.logicalAnd(c._1.lt(50L), c._2.mul(c._2).sub(a).abs().gt(1e-12)),
        c -> Tuple.of(c._1.add(1), c._2.add(a.div(c._2)).mul(0.5)),
        Tuple.of(Array.scalar(0).astype(DType.I32), a.add(1.0)));
    return r._2;
  }

  @Test void whileLoopCountsLikeAJavaLoop() {
    Array n = Lax.whileLoop((Array i) -> i.lt(10L), i -> i.add(3), Array.scalar(1).astype(DType.I32));
    int i = 1;
    while (i < 10) i += 3;
    assertEquals(i, n.item().intValue());
    assertEquals(Math.sqrt(2.0), newtonSqrt(Array.scalar(2.0)).item().doubleValue(), 1e-12);
    assertEquals(Math.sqrt(2.0), Graft.jit(ControlFlowTest::newtonSqrt).apply(Array.scalar(2.0)).item().doubleValue(), 1e-12);
  }

  @Test void vmapOfNewtonOverAThousandValues() {
    double[] a = new double[1000];
    for (int i = 0; i < a.length; i++) a[i] = 0.01 + i * 0.37;
    Array roots = Graft.vmap(ControlFlowTest::newtonSqrt).apply(Array.of(a));
    double[] r = roots.toDoubleArray();
    for (int i = 0; i < a.length; i++) assertEquals(Math.sqrt(a[i]), r[i], 1e-9 * Math.max(1, Math.sqrt(a[i])));
    near(roots, Graft.jit(Graft.vmap(ControlFlowTest::newtonSqrt)).apply(Array.of(a)), 0);
  }

  @Test void jvpOfWhileLoopCarriesTangents() {
    Function<Array, Array> f = x -> Lax.whileLoop((Tuple2<Array, Array> c) -> c._1.lt(4L), c -> Tuple.of(c._1.add(1), c._2.sin()),
        Tuple.of(Array.scalar(0).astype(DType.I32), x))._2;
    Array v = Array.of(new double[] {1, -2, 0.5});
    Array t = Graft.jvp(f, X, v)._2;
    double[] x = X.toDoubleArray(), vv = v.toDoubleArray(), want = new double[3];
    for (int i = 0; i < 3; i++) {
      double y = x[i], d = 1;
      for (int k = 0; k < 4; k++) { d *= Math.cos(y); y = Math.sin(y); }
      want[i] = d * vv[i];
    }
    near(want, t, 1e-12);
    assertEquals(fd(f, X, v), t.sum().item().doubleValue(), 1e-6);
  }

  @Test void gradOfWhileLoopIsTheDocumentedError() {
    var e = assertThrows(TransformError.class, () -> Graft.grad((Array x) -> newtonSqrt(x)).apply(Array.scalar(2.0)));
    assertTrue(e.getMessage().contains("Lax.scan") && e.getMessage().contains("foriLoop"), e.getMessage());
  }

  @Test void gradOfForiLoopPolynomialEqualsTheClosedForm() {
    // Horner: p(x) = sum_k c_k x^k with c = (1, 2, 3, 4)
    double[] c = {1, 2, 3, 4};
    Array coef = Array.of(c);
    ArrayFn p = x -> Lax.foriLoop(0, 4, (i, acc) -> acc.mul(x).add(coef.take(Array.scalar(3).astype(DType.I32).sub(i))), Array.scalar(0.0));
    double x0 = 0.7;
    assertEquals(1 + 2 * x0 + 3 * x0 * x0 + 4 * x0 * x0 * x0, p.apply(Array.scalar(x0)).item().doubleValue(), 1e-12);
    assertEquals(2 + 6 * x0 + 12 * x0 * x0, Graft.grad(p).apply(Array.scalar(x0)).item().doubleValue(), 1e-12);
    assertEquals(2 + 6 * x0 + 12 * x0 * x0, Graft.jit(Graft.grad(p)).apply(Array.scalar(x0)).item().doubleValue(), 1e-12);
    // traced bounds lower to a while loop
    Function<Array, Array> q = n -> Lax.foriLoop(Array.scalar(0).astype(DType.I32), n, (i, acc) -> acc.add(i.astype(DType.F64)), Array.scalar(0.0));
    assertEquals(45.0, Graft.jit(q).apply(Array.scalar(10).astype(DType.I32)).item().doubleValue(), 0);
  }

  // ---------------------------------------------------------------- scan

  @Test void scanIsACumulativeSumAndReverseRunsBackwards() {
    Array xs = Array.of(new double[] {1, 2, 3, 4});
    Tuple2<Array, Array> r = Lax.scan((Array c, Array x) -> Tuple.of(c.add(x), c.add(x)), Array.scalar(0.0), xs);
    near(new double[] {1, 3, 6, 10}, r._2, 0);
    assertEquals(10.0, r._1.item().doubleValue(), 0);
    Tuple2<Array, Array> b = Lax.scan((Array c, Array x) -> Tuple.of(c.add(x), c.add(x)), Array.scalar(0.0), xs, ScanOptions.DEFAULT.reversed());
    near(new double[] {10, 9, 7, 4}, b._2, 0);
    Tuple2<Array, Array> n = Lax.scan((Array c) -> Tuple.of(c.mul(2.0), c), Array.scalar(1.0), 5);
    near(new double[] {1, 2, 4, 8, 16}, n._2, 0);
    near(xs.mul(xs), Lax.map((Array x) -> x.mul(x), xs), 0);
  }

  private static final int H = 4, I = 3, T = 6;

  private static Array rnd(long seed, int... shape) {
    java.util.Random r = new java.util.Random(seed);
    int n = 1;
    for (int d : shape) n *= d;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = r.nextGaussian() * 0.5;
    return Array.of(a, shape);
  }

  record Rnn(Array w, Array u, Array b) {}

  private static Array rnnLossScan(Rnn p, Array xs, Array h0) {
    Tuple2<Array, Array> r = Lax.scan((Array h, Array x) -> {
      Array h2 = x.matmul(p.w()).add(h.matmul(p.u())).add(p.b()).tanh();
      return Tuple.of(h2, h2.sum());
    }, h0, xs);
    return r._1.mul(r._1).sum().add(r._2.sum());
  }

  private static Array rnnLossLoop(Rnn p, Array xs, Array h0) {
    Array h = h0, total = Array.scalar(0.0);
    for (int t = 0; t < xs.shape()[0]; t++) {
      h = xs.get(t).matmul(p.w()).add(h.matmul(p.u())).add(p.b()).tanh();
      total = total.add(h.sum());
    }
    return h.mul(h).sum().add(total);
  }

  @Test void gradOfAScanRnnEqualsTheUnrolledLoopsGrad() {
    Rnn p = new Rnn(rnd(1, I, H), rnd(2, H, H), rnd(3, H));
    Array xs = rnd(4, T, I), h0 = rnd(5, H);
    assertEquals(rnnLossLoop(p, xs, h0).item().doubleValue(), rnnLossScan(p, xs, h0).item().doubleValue(), 1e-12);
    Rnn g = Graft.grad((Rnn q) -> rnnLossScan(q, xs, h0)).apply(p);
    Rnn want = Graft.grad((Rnn q) -> rnnLossLoop(q, xs, h0)).apply(p);
    near(want.w(), g.w(), 1e-10);
    near(want.u(), g.u(), 1e-10);
    near(want.b(), g.b(), 1e-10);
    Rnn jg = Graft.jit(Graft.grad((Rnn q) -> rnnLossScan(q, xs, h0))).apply(p);
    near(want.u(), jg.u(), 1e-10);
    // and the inputs' gradient, through the stacked xs
    near(Graft.grad((Array x) -> rnnLossLoop(p, x, h0)).apply(xs), Graft.grad((Array x) -> rnnLossScan(p, x, h0)).apply(xs), 1e-10);
    // finite differences along a random direction
    Array v = rnd(6, H, H);
    Function<Array, Array> fu = u -> rnnLossScan(new Rnn(p.w(), u, p.b()), xs, h0);
    assertEquals(fd(fu, p.u(), v), g.u().mul(v).sum().item().doubleValue(), 1e-6);
  }

  @Test void jvpOfScanMatchesFiniteDifferences() {
    Array xs = rnd(7, T, I), w = rnd(8, I, H);
    Function<Array, Array> f = h0 -> Lax.scan((Array h, Array x) -> Tuple.of(h.mul(x.matmul(w)).sin(), h.cos()), h0, xs)._2;
    Array h0 = rnd(9, H), v = rnd(10, H);
    assertEquals(fd(f, h0, v), Graft.jvp(f, h0, v)._2.sum().item().doubleValue(), 1e-7);
  }

  @Test void vmapOfScanEqualsALoopAndJitEqualsEager() {
    Rnn p = new Rnn(rnd(1, I, H), rnd(2, H, H), rnd(3, H));
    Array xs = rnd(11, 5, T, I), h0 = rnd(5, H);
    Function<Array, Array> f = x -> rnnLossScan(p, x, h0);
    Array batched = Graft.vmap(f).apply(xs);
    for (int b = 0; b < 5; b++) assertEquals(f.apply(xs.get(b)).item().doubleValue(), batched.get(b).item().doubleValue(), 1e-12);
    near(batched, Graft.jit(Graft.vmap(f)).apply(xs), 1e-12);
    // vmap of grad: per-example gradients
    Array per = Graft.vmap((Array x) -> Graft.grad((Array h) -> rnnLossScan(p, x, h)).apply(h0)).apply(xs);
    for (int b = 0; b < 5; b++) { Array xb = xs.get(b); near(Graft.grad((Array h) -> rnnLossLoop(p, xb, h)).apply(h0), per.get(b), 1e-10); }
  }

  @Test void nestedScanInsideCondInsideScanDifferentiates() {
    Array xs = rnd(12, 4, 3);
    Function<Array, Array> nested = w -> Lax.scan((Array c, Array x) -> {
      Array inner = Lax.cond(x.sum().gt(0.0),
          v -> Lax.scan((Array a, Array e) -> Tuple.of(a.mul(e).add(w).sin(), a), v, x)._1,
          v -> v.cos().mul(w), c);
      return Tuple.of(inner, inner.sum());
    }, Array.scalar(0.5), xs)._2.sum();
    Function<Array, Array> loop = w -> {
      Array c = Array.scalar(0.5), total = Array.scalar(0.0);
      for (int t = 0; t < 4; t++) {
        Array x = xs.get(t);
        if (x.sum().item().doubleValue() > 0) {
          Array a = c;
          for (int k = 0; k < 3; k++) a = a.mul(x.get(k)).add(w).sin();
          c = a;
        } else {
          c = c.cos().mul(w);
        }
        total = total.add(c.sum());
      }
      return total;
    };
    Array w = Array.scalar(0.8);
    assertEquals(loop.apply(w).item().doubleValue(), nested.apply(w).item().doubleValue(), 1e-12);
    // vmap over w: the inner cond's index does not depend on w, so it stays a cond; hessian through all three levels
    Array ws = Array.of(new double[] {0.8, -0.3, 1.1});
    Array batched = Graft.vmap(nested).apply(ws);
    for (int b = 0; b < 3; b++) assertEquals(loop.apply(ws.get(b)).item().doubleValue(), batched.get(b).item().doubleValue(), 1e-12);
    double h = 1e-5, fdSecond = (Graft.grad((Array q) -> loop.apply(q)).apply(Array.scalar(0.8 + h)).item().doubleValue()
        - Graft.grad((Array q) -> loop.apply(q)).apply(Array.scalar(0.8 - h)).item().doubleValue()) / (2 * h);
    assertEquals(fdSecond, Graft.hessian((Array q) -> nested.apply(q)).apply(w).item().doubleValue(), 1e-6);
    assertEquals(Graft.grad((Array q) -> loop.apply(q)).apply(w).item().doubleValue(),
        Graft.grad((Array q) -> nested.apply(q)).apply(w).item().doubleValue(), 1e-10);
    assertEquals(nested.apply(w).item().doubleValue(), Graft.jit((Array q) -> nested.apply(q)).apply(w).item().doubleValue(), 1e-12);
    assertEquals(Graft.grad((Array q) -> loop.apply(q)).apply(w).item().doubleValue(),
        Graft.jit(Graft.grad((Array q) -> nested.apply(q))).apply(w).item().doubleValue(), 1e-10);
  }

  // ---------------------------------------------------------------- traced once, compiled once

  private static final Array ONE = Array.scalar(1.0).astype(DType.F64);

  @Test void theBodyIsTracedOnceWhateverTheLengthAndJitCompilesItAsOneSubProgram() {
    int[] traces = {0};
    java.util.function.BiFunction<Array, Array, Tuple2<Array, Array>> body = (c, x) -> { traces[0]++; return Tuple.of(c.add(x), c); };
    Array xs = Array.of(new double[200]);
    Lax.scan(body, ONE, xs);
    assertEquals(1, traces[0]);
    Lax.scan(body, Array.scalar(1.0), xs);   // a weak initial carry: one more trace finds its dtype, still not per step
    assertEquals(3, traces[0]);
    traces[0] = 1;
    JittedArrayFn j = Graft.jit((Array x) -> Lax.scan(body, ONE, x)._1);
    assertEquals(1.0, j.apply(xs).item().doubleValue(), 0);
    assertEquals(2, traces[0]);
    String lowered = j.lower(xs);
    assertTrue(lowered.contains("scan <- 1 compiled sub-program(s)"), lowered);
    // the graph does not grow with the length: 10 and 10,000 steps print the same but for the lengths
    String g10 = Graft.makeGraph((Array x) -> Lax.scan(body, ONE, x)._1).apply(Array.of(new double[10])).toString();
    String g10k = Graft.makeGraph((Array x) -> Lax.scan(body, ONE, x)._1).apply(Array.of(new double[10_000])).toString();
    assertEquals(g10.replace("10", "N"), g10k.replace("10000", "N"));
  }

  @Test void checkpointAndJitInsideAScanBodyCompose() {
    Array xs = rnd(13, 5, 3);
    Function<Array, Array> cell = Graft.checkpoint((Array h) -> h.sin().mul(h).add(0.1));
    ArrayFn f = w -> Lax.scan((Array h, Array x) -> {
      Array h2 = cell.apply(h.mul(w).add(x));
      return Tuple.of(Graft.jit((Array v) -> v.tanh()).apply(h2), h2.sum());
    }, rnd(14, 3), xs)._2.sum();
    ArrayFn loop = w -> {
      Array h = rnd(14, 3), total = Array.scalar(0.0);
      for (int t = 0; t < 5; t++) {
        Array h2 = h.mul(w).add(xs.get(t)).sin().mul(h.mul(w).add(xs.get(t))).add(0.1);
        total = total.add(h2.sum());
        h = h2.tanh();
      }
      return total;
    };
    Array w = rnd(15, 3);
    assertEquals(loop.apply(w).item().doubleValue(), f.apply(w).item().doubleValue(), 1e-12);
    near(Graft.grad(loop).apply(w), Graft.grad(f).apply(w), 1e-10);
    near(Graft.grad(loop).apply(w), Graft.jit(Graft.grad(f)).apply(w), 1e-10);
  }

  @Test void vmapOfAForiLoopWithTracedBoundsKeepsAnUnbatchedPredicate() {
    Array xs = rnd(16, 4, 3);
    Function<Array, Array> f = x -> Lax.foriLoop(Array.scalar(0).astype(DType.I32), Array.scalar(3).astype(DType.I32),
        (i, acc) -> acc.sin().add(x), x);
    Array got = Graft.vmap(f).apply(xs);
    for (int b = 0; b < 4; b++) near(f.apply(xs.get(b)), got.get(b), 1e-12);
    String g = Graft.makeGraph(Graft.vmap(f)).apply(xs).toString();
    assertTrue(g.contains("while[") && !g.contains("select_n"), g);
  }

  @Test void scanErrorsNameTheFunctionAndTheCarryStructures() {
    var e = assertThrows(ShapeError.class, () -> Lax.scan((Tuple2<Array, Array> c, Array x) -> Tuple.of(Tuple.of(c._1, c._2.sum()), x),
        Tuple.of(X, X), Array.of(new double[4])));
    String m = e.getMessage();
    assertTrue(m.startsWith("scan(fn @ ControlFlowTest.java:"), m);
    assertTrue(m.contains("leaf 1 [1]: init f64[3], f's new carry f64[]"), m);
    var len = assertThrows(ShapeError.class, () -> Lax.scan((Array c, Tuple2<Array, Array> x) -> Tuple.of(c, c),
        X, Tuple.of(Array.of(new double[4]), Array.of(new double[5]))));
    assertTrue(len.getMessage().contains("xs leaf 1[1] is f64[5] but the scan's length is 4"), len.getMessage());
    var w = assertThrows(io.graft.numerics.DTypeError.class, () -> Lax.whileLoop((Array c) -> c.sum(), c -> c, X));
    assertTrue(w.getMessage().startsWith("whileLoop(condFn fn @ ControlFlowTest.java:") && w.getMessage().contains("bool[] scalar"), w.getMessage());
  }

  @Test void aWeaklyTypedInitialCarryTakesTheBodysDtypeAsInJax() {
    Array xs = Array.of(new float[] {1, 2, 3});
    Tuple2<Array, Array> r = Lax.scan((Array c, Array x) -> Tuple.of(c.add(x), c), Array.scalar(0.0), xs);
    assertEquals(DType.F32, r._1.dtype());
    assertEquals(DType.F32, r._2.dtype());
    assertEquals(6.0, r._1.item().doubleValue(), 0);
    Array w = Lax.whileLoop((Array c) -> c.lt(10.0), c -> c.add(xs.sum()), Array.scalar(1.0));
    assertEquals(DType.F32, w.dtype());
    assertEquals(13.0, w.item().doubleValue(), 0);
  }

  @Test void vmapOfGradOfCondWithABatchedPredicateAndGradOfVmap() {
    Array xs = Array.of(new double[] {0.5, -1.0, 2.0, -0.25});
    ArrayFn f = x -> Lax.cond(x.gt(0.0), v -> v.sin().mul(v), v -> v.cos(), x);
    Array want = Np.where(xs.gt(0.0), xs.cos().mul(xs).add(xs.sin()), xs.sin().neg());
    near(want, Graft.vmap(Graft.grad(f)).apply(xs), 1e-12);
    near(want, Graft.jit(Graft.vmap(Graft.grad(f))).apply(xs), 1e-12);
    near(want, Graft.grad((Array x) -> Graft.vmap(f).apply(x).sum()).apply(xs), 1e-12);
  }

  // ---------------------------------------------------------------- Java control flow on concrete primals

  @Test void javaControlFlowOnConcretePrimalsWorksUnderGradAndJvpButNotUnderJitOrVmap() {
    ArrayFn f = x -> x.sum().item().doubleValue() > 0 ? x.sin().sum() : x.cos().sum();
    near(X.cos(), Graft.grad(f).apply(X), 1e-12);
    near(X.neg().sin().neg(), Graft.grad(f).apply(X.neg()), 1e-12);
    ArrayFn loop = x -> {   // a data-dependent Java loop: Newton steps until converged
      Array r = x;
      while (r.mul(r).sub(x).abs().item().doubleValue() > 1e-12) r = r.add(x.div(r)).mul(0.5);
      return r;
    };
    assertEquals(0.5 / Math.sqrt(2.0), Graft.grad(loop).apply(Array.scalar(2.0)).item().doubleValue(), 1e-9);
    assertEquals(-Math.sin(-0.3) - Math.sin(1.2) - Math.sin(-2.0), Graft.jvp(f, X.neg(), Array.of(new double[] {1, 1, 1}))._2.item().doubleValue(), 1e-12);
    var jit = assertThrows(io.graft.trace.ConcretizationError.class, () -> Graft.jit(Graft.grad(f)).apply(X));
    assertTrue(jit.getMessage().contains("Lax.cond("), jit.getMessage());
    assertThrows(io.graft.trace.ConcretizationError.class, () -> Graft.vmap((Array x) -> Graft.grad(f).apply(x)).apply(Array.of(new double[] {1, 2, 3, 4}, 2, 2)));
  }

  @Test void badIndicesAndPredicatesAreDTypeErrors() {
    var f = assertThrows(io.graft.numerics.DTypeError.class, () -> Lax.switchCase(Array.scalar(1.0), List.<Function<Array, Array>>of(v -> v), X));
    assertTrue(f.getMessage().contains("index must be an integer scalar, got f64[]"), f.getMessage());
    var p = assertThrows(io.graft.numerics.DTypeError.class, () -> Lax.cond(X.gt(0.0), v -> v, v -> v, X));
    assertTrue(p.getMessage().contains("predicate must be a bool[] scalar, got bool[3]"), p.getMessage());
  }

  @Test void aBranchReturningAJavaLiteralTakesTheOtherBranchsDtype() {
    Array xf = Array.of(new float[] {1, 2, 3});
    Array r = Lax.cond(Array.scalar(false), v -> v.sum(), v -> Array.scalar(0.0), xf);
    assertEquals(DType.F32, r.dtype());
    assertEquals(0.0, r.item().doubleValue(), 0);
    assertEquals(6.0, Graft.jit((Array v) -> Lax.cond(Array.scalar(true), (Array u) -> u.sum(), u -> Array.scalar(0.0), v)).apply(xf).item().doubleValue(), 0);
  }
}
