package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.trace.UnboundAxisError;
import io.vavr.Tuple2;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Collectives under {@code vmap} with an axis name against explicit loops, through grad, jvp, nesting and jit. */
class CollectivesTest {
  static Array gaussian(Random r, int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
    return Array.of(a, shape);
  }

  private static void near(double[] want, Array got, double tol) { assertArrayEquals(want, got.toDoubleArray(), tol); }

  private static Function<Array, Array> named(Function<Array, Array> f) { return Graft.vmap(f, 0, 0, "i"); }

  /** Rows of {@code xs} (shape (n, k)) reduced elementwise over the rows by {@code op}, repeated n times. */
  private static double[] rowsReduced(double[] xs, int n, int k, java.util.function.DoubleBinaryOperator op) {
    double[] acc = new double[k], out = new double[n * k];
    for (int j = 0; j < k; j++) { acc[j] = xs[j]; for (int b = 1; b < n; b++) acc[j] = op.applyAsDouble(acc[j], xs[b * k + j]); }
    for (int b = 0; b < n; b++) System.arraycopy(acc, 0, out, b * k, k);
    return out;
  }

  @Test void psumIsTheSumOverTheMappedAxisGivenToEveryExample() {
    Array xs = gaussian(new Random(1), 4, 3);
    double[] x = xs.toDoubleArray();
    near(rowsReduced(x, 4, 3, Double::sum), named(v -> Lax.psum(v, "i")).apply(xs), 1e-12);
    // the result is the same on every member, so it may leave the map unmapped (out axis null)
    near(java.util.Arrays.copyOf(rowsReduced(x, 4, 3, Double::sum), 3), Graft.vmap((Array v) -> Lax.psum(v, "i"), 0, null, "i").apply(xs), 1e-12);
    // an operand the same on every member (a constant) sums to size * value
    near(new double[] {8, 8, 8, 8}, named(v -> Lax.psum(Array.scalar(2.0), "i").add(v.sum().mul(0.0))).apply(xs), 0);
  }

  @Test void pmeanPmaxPminAgainstLoops() {
    Array xs = gaussian(new Random(2), 5, 2);
    double[] x = xs.toDoubleArray(), sum = rowsReduced(x, 5, 2, Double::sum), mean = new double[sum.length];
    for (int i = 0; i < sum.length; i++) mean[i] = sum[i] / 5;
    near(mean, named(v -> Lax.pmean(v, "i")).apply(xs), 1e-12);
    near(rowsReduced(x, 5, 2, Math::max), named(v -> Lax.pmax(v, "i")).apply(xs), 0);
    near(rowsReduced(x, 5, 2, Math::min), named(v -> Lax.pmin(v, "i")).apply(xs), 0);
    // centring a batch: x - pmean(x)
    double[] centred = new double[x.length];
    for (int i = 0; i < x.length; i++) centred[i] = x[i] - mean[i];
    near(centred, named(v -> v.sub(Lax.pmean(v, "i"))).apply(xs), 1e-12);
  }

  @Test void allGatherStacksOrConcatenatesEveryMembersValue() {
    Array xs = gaussian(new Random(3), 3, 2, 4);   // 3 members, each (2, 4)
    double[] x = xs.toDoubleArray();
    Array stacked0 = named(v -> Lax.allGather(v, "i")).apply(xs);           // (3 members) x (3, 2, 4)
    Array stacked1 = named(v -> Lax.allGather(v, "i", 1, false)).apply(xs); // (3) x (2, 3, 4)
    Array tiled1 = named(v -> Lax.allGather(v, "i", 1, true)).apply(xs);    // (3) x (2, 12)
    assertArrayEquals(new int[] {3, 3, 2, 4}, stacked0.shape());
    assertArrayEquals(new int[] {3, 2, 3, 4}, stacked1.shape());
    assertArrayEquals(new int[] {3, 2, 12}, tiled1.shape());
    double[] s0 = stacked0.toDoubleArray(), s1 = stacked1.toDoubleArray(), t1 = tiled1.toDoubleArray();
    for (int m = 0; m < 3; m++)
      for (int b = 0; b < 3; b++)
        for (int r = 0; r < 2; r++)
          for (int c = 0; c < 4; c++) {
            double want = x[(b * 2 + r) * 4 + c];
            assertEquals(want, s0[((m * 3 + b) * 2 + r) * 4 + c], 0);
            assertEquals(want, s1[((m * 2 + r) * 3 + b) * 4 + c], 0);
            assertEquals(want, t1[(m * 2 + r) * 12 + b * 4 + c], 0);
          }
  }

  @Test void psumScatterGivesEachMemberItsBlockOfTheSum() {
    Array xs = gaussian(new Random(4), 3, 3, 2);   // 3 members, each (3, 2): untiled along axis 0
    double[] x = xs.toDoubleArray(), sum = new double[6];
    for (int b = 0; b < 3; b++) for (int i = 0; i < 6; i++) sum[i] += x[b * 6 + i];
    Array untiled = named(v -> Lax.psumScatter(v, "i")).apply(xs);   // member m: sum[m, :]
    near(sum, untiled, 1e-12);
    Array ys = gaussian(new Random(5), 3, 2, 6);   // tiled along axis 1: member m keeps columns 2m, 2m+1
    double[] y = ys.toDoubleArray(), ysum = new double[12];
    for (int b = 0; b < 3; b++) for (int i = 0; i < 12; i++) ysum[i] += y[b * 12 + i];
    Array tiled = named(v -> Lax.psumScatter(v, "i", 1, true)).apply(ys);
    assertArrayEquals(new int[] {3, 2, 2}, tiled.shape());
    double[] t = tiled.toDoubleArray();
    for (int m = 0; m < 3; m++) for (int r = 0; r < 2; r++) for (int c = 0; c < 2; c++)
      assertEquals(ysum[r * 6 + m * 2 + c], t[(m * 2 + r) * 2 + c], 1e-12);
  }

  @Test void axisIndexNumbersTheMembers() {
    Array xs = gaussian(new Random(6), 4, 2);
    Array idx = named(v -> Lax.axisIndex("i").astype(DType.F64).add(v.mul(0.0))).apply(xs);
    near(new double[] {0, 0, 1, 1, 2, 2, 3, 3}, idx, 0);
    assertEquals(4, Graft.vmap((Array v) -> Array.scalar(Lax.axisSize("i")), 0, null, "i").apply(xs).item().intValue());
  }

  @Test void anUnboundAxisNameIsATypedErrorNamingTheAxisTheBoundNamesAndTheFunction() {
    Array x = Array.of(new double[] {1, 2});
    var eager = assertThrows(UnboundAxisError.class, () -> Lax.psum(x, "i"));
    assertTrue(eager.getMessage().startsWith("psum: axis name 'i' is not bound by any enclosing vmap (no axis names are bound)"), eager.getMessage());
    assertTrue(eager.getMessage().contains("Graft.vmap(f, inAxes, outAxes, \"i\")"), eager.getMessage());
    var wrong = assertThrows(UnboundAxisError.class, () -> Graft.vmap((Array v) -> Lax.pmax(v, "i"), 0, 0, "j").apply(x));
    assertTrue(wrong.getMessage().contains("bound names: 'j'") && wrong.getMessage().contains("inside vmap(")
        && wrong.getMessage().contains("CollectivesTest.java"), wrong.getMessage());
    var jitted = assertThrows(UnboundAxisError.class, () -> Graft.jit((Array v) -> Lax.allGather(v, "batch")).apply(x));
    assertTrue(jitted.getMessage().startsWith("all_gather: axis name 'batch'") && jitted.getMessage().contains("inside jit("), jitted.getMessage());
    assertThrows(UnboundAxisError.class, () -> Lax.axisIndex("i"));
    // an unnamed vmap binds no name
    assertThrows(UnboundAxisError.class, () -> Graft.vmap((Array v) -> Lax.psum(v, "i")).apply(x));
  }

  @Test void nestedNamedMapsReduceOverTheNamedAxisOnly() {
    Array xs = gaussian(new Random(7), 3, 4, 2);   // outer 'i' over 3, inner 'j' over 4
    double[] x = xs.toDoubleArray();
    Function<Array, Array> f = Graft.vmap((Array a) -> Graft.vmap((Array v) -> {
      Array si = Lax.psum(v, "i"), sj = Lax.psum(v, "j");
      Array ij = Lax.axisIndex("i").mul(10).add(Lax.axisIndex("j")).astype(DType.F64);
      return si.mul(2.0).add(sj.mul(3.0)).add(ij);
    }, 0, 0, "j").apply(a), 0, 0, "i");
    double[] got = f.apply(xs).toDoubleArray();
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) for (int k = 0; k < 2; k++) {
      double si = 0, sj = 0;
      for (int b = 0; b < 3; b++) si += x[(b * 4 + j) * 2 + k];
      for (int b = 0; b < 4; b++) sj += x[(i * 4 + b) * 2 + k];
      assertEquals(2 * si + 3 * sj + 10 * i + j, got[(i * 4 + j) * 2 + k], 1e-12);
    }
    // an unnamed map in between passes the named collective through to its own axis
    Function<Array, Array> g = Graft.vmap((Array a) -> Graft.vmap((Array v) -> Lax.psum(v, "i"), 0, 0).apply(a), 0, 0, "i");
    double[] gs = g.apply(xs).toDoubleArray();
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) for (int k = 0; k < 2; k++) {
      double si = 0;
      for (int b = 0; b < 3; b++) si += x[(b * 4 + j) * 2 + k];
      assertEquals(si, gs[(i * 4 + j) * 2 + k], 1e-12);
    }
  }

  @Test void gradThroughAMapWithCollectivesEqualsGradOfTheExplicitLoop() {
    Random r = new Random(8);
    Array xs = gaussian(r, 4, 3), w0 = gaussian(r, 3);
    // F(w) = sum_b x_b . psum(sin(w * x)) + sum_b sum(allGather(w * x_b)^2 * x_b) + sum_b pmax(w * x_b) . x_b
    ArrayFn viaCollectives = w -> Graft.vmap((Array x) -> {
      Array s = Lax.psum(w.mul(x).sin(), "i");
      Array g = Lax.allGather(w.mul(x), "i");   // (4, 3)
      return x.mul(s).sum().add(g.square().mul(x).sum()).add(Lax.pmax(w.mul(x), "i").mul(x).sum());
    }, 0, 0, "i").apply(xs).sum();
    ArrayFn explicit = w -> {
      Array wx = xs.mul(w);   // (4, 3)
      Array s = wx.sin().sum(0), g = wx, m = wx.max(0);
      Array total = Array.scalar(0.0);
      for (int b = 0; b < 4; b++) total = total.add(xs.get(b).mul(s).sum()).add(g.square().mul(xs.get(b)).sum()).add(m.mul(xs.get(b)).sum());
      return total;
    };
    assertEquals(explicit.apply(w0).item().doubleValue(), viaCollectives.apply(w0).item().doubleValue(), 1e-10);
    near(Graft.grad(explicit).apply(w0).toDoubleArray(), Graft.grad(viaCollectives).apply(w0), 1e-10);
    near(Graft.grad(explicit).apply(w0).toDoubleArray(), Graft.jit(Graft.grad(viaCollectives)).apply(w0), 1e-10);
  }

  @Test void dataParallelGradientAveragingEqualsTheGradientOfTheMeanLoss() {
    Random r = new Random(9);
    Array xs = gaussian(r, 6, 3), ys = gaussian(r, 6), w0 = gaussian(r, 3);
    io.vavr.Function2<Array, Array, Array> loss = (w, xy) -> xy.get(0).mul(w).sum().tanh().sub(xy.get(1).get(0)).square();
    Array data = Np.stack(1, xs, Np.concatenate(1, ys.reshape(6, 1), Np.zeros(DType.F64, 6, 2)));   // per example: row 0 = x, row 1 = (y, 0, 0)
    // per-member gradient, averaged across the 'batch' axis: the data-parallel step
    Function<Array, Array> perMember = Graft.vmap((Array xy) -> Lax.pmean(Graft.grad(loss).apply(w0, xy), "batch"), 0, 0, "batch");
    ArrayFn meanLoss = w -> {
      Array total = Array.scalar(0.0);
      for (int b = 0; b < 6; b++) total = total.add(loss.apply(w, data.get(b)));
      return total.div(6.0);
    };
    double[] want = Graft.grad(meanLoss).apply(w0).toDoubleArray();
    double[] got = perMember.apply(data).toDoubleArray(), jitted = Graft.jit(perMember).apply(data).toDoubleArray();
    for (int b = 0; b < 6; b++)
      for (int k = 0; k < 3; k++) { assertEquals(want[k], got[b * 3 + k], 1e-12); assertEquals(want[k], jitted[b * 3 + k], 1e-12); }
  }

  @Test void jvpOfPsumIsPsumOfTheTangentAndPmaxPassesTheWinnersTangent() {
    Array xs = Array.of(new double[] {1, 5, 3, 5}, 4), ts = Array.of(new double[] {0.1, 0.2, 0.3, 0.4}, 4);
    Tuple2<Array, Array> s = Graft.jvp(named(v -> Lax.psum(v.square(), "i")), xs, ts);
    near(new double[] {60, 60, 60, 60}, s._1, 1e-12);
    double dot = 2 * (1 * 0.1 + 5 * 0.2 + 3 * 0.3 + 5 * 0.4);
    near(new double[] {dot, dot, dot, dot}, s._2, 1e-12);
    Tuple2<Array, Array> m = Graft.jvp(named(v -> Lax.pmax(v, "i")), xs, ts);
    near(new double[] {5, 5, 5, 5}, m._1, 0);
    near(new double[] {0.3, 0.3, 0.3, 0.3}, m._2, 1e-12);   // the tie at 5 shares: (0.2 + 0.4) / 2
  }

  @Test void underJitCollectivesAreBatchedAwayBeforeLowering() {
    Array xs = gaussian(new Random(10), 4, 3);
    Function<Array, Array> f = named(v -> Lax.psum(v, "i").mul(v).add(Lax.allGather(v, "i").sum(0))
        .add(Lax.axisIndex("i").astype(DType.F64)).sub(Lax.pmin(v, "i")));
    double[] eager = f.apply(xs).toDoubleArray();
    near(eager, Graft.jit(f).apply(xs), 1e-12);                                   // jit(vmap(f))
    Function<Array, Array> inner = Graft.jit((Array v) -> Lax.psum(v, "i").mul(v).add(Lax.allGather(v, "i").sum(0))
        .add(Lax.axisIndex("i").astype(DType.F64)).sub(Lax.pmin(v, "i")));
    near(eager, named(inner).apply(xs), 1e-12);                                   // vmap(jit(f))
    near(eager, named(inner).apply(xs), 1e-12);                                   // again: no stale cached batching
  }

  @Test void collectivesInsideAScanBodyUseTheEnclosingNamedAxis() {
    Array xs = gaussian(new Random(11), 3, 2);
    double[] x = xs.toDoubleArray();
    Function<Array, Array> f = named(v -> Lax.scan((Array c, Array e) -> io.vavr.Tuple.of(Lax.psum(c.mul(0.5), "i").add(e), c), v, Np.zeros(DType.F64, 2, 2))._1);
    double[] got = f.apply(xs).toDoubleArray();
    double[] c = x.clone();
    for (int step = 0; step < 2; step++) {
      double[] s = rowsReduced(c, 3, 2, Double::sum);
      for (int i = 0; i < c.length; i++) c[i] = 0.5 * s[i];
    }
    assertArrayEquals(c, got, 1e-12);
  }
  @Test void collectivesInsideCondBranchesUseTheEnclosingNamedAxis() {
    Array xs = Array.of(new double[] {1, 2, -5, 1, 3, -1}, 3, 2);   // member sums 3, -4, 2
    double[] x = xs.toDoubleArray(), sum = rowsReduced(x, 3, 2, Double::sum), max = rowsReduced(x, 3, 2, Math::max);
    // a per-member predicate: both branches run on the whole group, then each member selects
    Function<Array, Array> f = named(v -> Lax.cond(v.sum().gt(0.0), (Array a) -> Lax.psum(a, "i"), (Array a) -> Lax.pmax(a, "i"), v));
    double[] want = new double[6];
    for (int b = 0; b < 3; b++) for (int k = 0; k < 2; k++) {
      boolean positive = x[b * 2] + x[b * 2 + 1] > 0;
      want[b * 2 + k] = positive ? sum[b * 2 + k] : max[b * 2 + k];
    }
    near(want, f.apply(xs), 1e-12);
    near(want, Graft.jit(f).apply(xs), 1e-12);
  }
  @Test void aReductionOverSeveralNamesReducesOverTheirProductGroup() {
    Array xs = gaussian(new Random(12), 2, 3, 2);   // outer 'i' over 2, inner 'j' over 3
    double[] x = xs.toDoubleArray();
    Function<Array, Array> f = Graft.vmap((Array a) -> Graft.vmap((Array v) ->
        Np.stack(0, Lax.psum(v, "i", "j"), Lax.pmean(v, "j", "i"), Lax.pmax(v, "i", "j"), Lax.pmin(v, "j", "i")), 0, 0, "j").apply(a), 0, 0, "i");
    double[] got = f.apply(xs).toDoubleArray();   // (2, 3, 4, 2)
    for (int k = 0; k < 2; k++) {
      double sum = 0, max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
      for (int b = 0; b < 6; b++) { double e = x[b * 2 + k]; sum += e; max = Math.max(max, e); min = Math.min(min, e); }
      for (int m = 0; m < 6; m++) {
        assertEquals(sum, got[(m * 4) * 2 + k], 1e-12);
        assertEquals(sum / 6, got[(m * 4 + 1) * 2 + k], 1e-12);
        assertEquals(max, got[(m * 4 + 2) * 2 + k], 0);
        assertEquals(min, got[(m * 4 + 3) * 2 + k], 0);
      }
    }
  }
}
