package io.graft.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Np;
import io.graft.Tree;
import io.graft.numerics.DType;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Each optimiser run for several steps on a small record of f64 parameters against its formula written out in plain
 * Java doubles over the flattened elements ({@code w} first, then {@code b}).
 */
class OptimizersTest {
  record Params(Array w, Array b) {}

  private static final int STEPS = 6;
  private static final int N = 9;                       // w: 2x3, b: 3
  private static final boolean[] IS_W = {true, true, true, true, true, true, false, false, false};

  private static Params params(double[] flat) {
    return new Params(Array.of(java.util.Arrays.copyOfRange(flat, 0, 6), 2, 3), Array.of(java.util.Arrays.copyOfRange(flat, 6, 9)));
  }

  private static double[] flat(Params p) {
    double[] out = new double[N];
    System.arraycopy(p.w().toDoubleArray(), 0, out, 0, 6);
    System.arraycopy(p.b().toDoubleArray(), 0, out, 6, 3);
    return out;
  }

  private static double[] initial() {
    double[] p = new double[N];
    for (int i = 0; i < N; i++) p[i] = 0.5 * Math.cos(1.7 * i) - 0.1 * i;
    return p;
  }

  /** A gradient depending on the step and the parameters, with mixed signs and magnitudes. */
  private static double[] grad(double[] p, int step) {
    double[] g = new double[N];
    for (int i = 0; i < N; i++) g[i] = Math.sin(1.3 * i + 0.7 * step) * (1 + 0.5 * step) + 0.3 * p[i];
    return g;
  }

  /** The reference: one step from (params, gradient, 1-based step t) to new params, its own state captured. */
  interface Reference { double[] step(double[] p, double[] g, int t); }

  private static <S> void check(GradientTransformation<S> opt, Reference ref) {
    double[] want = initial();
    Params p = params(want);
    S state = opt.init(p);
    for (int t = 1; t <= STEPS; t++) {
      double[] g = grad(want, t);
      Update<Params, S> u = opt.update(params(g), state, p);
      p = Optim.applyUpdates(p, u.updates());
      state = u.state();
      want = ref.step(want, g, t);
      double[] got = flat(p);
      for (int i = 0; i < N; i++)
        assertEquals(want[i], got[i], 1e-12 * (1 + Math.abs(want[i])), "step " + t + " element " + i);
    }
  }

  @Test void sgd() {
    check(Optim.sgd(0.1), (p, g, t) -> { double[] q = p.clone(); for (int i = 0; i < N; i++) q[i] -= 0.1 * g[i]; return q; });
  }

  @Test void sgdWithMomentum() {
    double[] m = new double[N];
    check(Optim.sgd(0.1, 0.9, false), (p, g, t) -> {
      double[] q = p.clone();
      for (int i = 0; i < N; i++) { m[i] = g[i] + 0.9 * m[i]; q[i] -= 0.1 * m[i]; }
      return q;
    });
  }

  @Test void sgdWithNesterovMomentum() {
    double[] m = new double[N];
    check(Optim.sgd(0.1, 0.9, true), (p, g, t) -> {
      double[] q = p.clone();
      for (int i = 0; i < N; i++) { m[i] = g[i] + 0.9 * m[i]; q[i] -= 0.1 * (g[i] + 0.9 * m[i]); }
      return q;
    });
  }

  /** Adam's direction, updating the moments in place. */
  private static double adam(double[] m, double[] v, int i, double g, int t, double b1, double b2, double eps) {
    m[i] = (1 - b1) * g + b1 * m[i];
    v[i] = (1 - b2) * g * g + b2 * v[i];
    double mHat = m[i] / (1 - Math.pow(b1, t)), vHat = v[i] / (1 - Math.pow(b2, t));
    return mHat / (Math.sqrt(vHat) + eps);
  }

  @Test void adam() {
    double[] m = new double[N], v = new double[N];
    check(Optim.adam(0.01, 0.8, 0.95, 1e-3), (p, g, t) -> {
      double[] q = p.clone();
      for (int i = 0; i < N; i++) q[i] -= 0.01 * adam(m, v, i, g[i], t, 0.8, 0.95, 1e-3);
      return q;
    });
  }

  @Test void adamwDecaysOnlyMaskedLeavesDecoupled() {
    double[] m = new double[N], v = new double[N];
    Predicate<String> onlyW = path -> path.equals(".w");
    check(Optim.adamw(0.01, 0.9, 0.99, 1e-4, 0.5, onlyW), (p, g, t) -> {
      double[] q = p.clone();
      for (int i = 0; i < N; i++) q[i] -= 0.01 * (adam(m, v, i, g[i], t, 0.9, 0.99, 1e-4) + (IS_W[i] ? 0.5 * p[i] : 0));
      return q;
    });
  }

  @Test void rmsprop() {
    double[] v = new double[N];
    check(Optim.rmsprop(0.01, 0.9, 1e-2), (p, g, t) -> {
      double[] q = p.clone();
      for (int i = 0; i < N; i++) { v[i] = 0.1 * g[i] * g[i] + 0.9 * v[i]; q[i] -= 0.01 * g[i] / Math.sqrt(v[i] + 1e-2); }
      return q;
    });
  }

  @Test void rmspropWithMomentum() {
    double[] v = new double[N], m = new double[N];
    check(Optim.rmsprop(0.01, 0.9, 1e-2, 0.5, false), (p, g, t) -> {
      double[] q = p.clone();
      for (int i = 0; i < N; i++) {
        v[i] = 0.1 * g[i] * g[i] + 0.9 * v[i];
        m[i] = -0.01 * g[i] / Math.sqrt(v[i] + 1e-2) + 0.5 * m[i];
        q[i] += m[i];
      }
      return q;
    });
  }

  @Test void lion() {
    double[] m = new double[N];
    check(Optim.lion(0.01, 0.9, 0.99, 0.1, path -> !path.equals(".b")), (p, g, t) -> {
      double[] q = p.clone();
      for (int i = 0; i < N; i++) {
        double c = (1 - 0.9) * g[i] + 0.9 * m[i];
        q[i] -= 0.01 * (Math.signum(c) + (IS_W[i] ? 0.1 * p[i] : 0));
        m[i] = (1 - 0.99) * g[i] + 0.99 * m[i];
      }
      return q;
    });
  }

  @Test void maskedAppliesTheInnerTransformationToSelectedLeavesOnly() {
    double[] m = new double[N];
    var opt = Optim.chain(Optim.masked(Optim.chain(Optim.trace(0.9, false), Optim.addDecayedWeights(0.3)), path -> path.equals(".w")),
        Optim.scaleByLearningRate(0.1));
    check(opt, (p, g, t) -> {
      double[] q = p.clone();
      for (int i = 0; i < N; i++) {
        if (IS_W[i]) { m[i] = g[i] + 0.9 * m[i]; q[i] -= 0.1 * (m[i] + 0.3 * p[i]); }
        else q[i] -= 0.1 * g[i];
      }
      return q;
    });
    OptState.Masked state = (OptState.Masked) opt.init(params(initial())).states().get(0);
    assertEquals(1, Tree.leaves(state).size(), "momentum kept for w only: " + state);
    assertArrayEquals(new int[] {2, 3}, Tree.leaves(state).head().shape());
  }

  @Test void sgdWithScheduleReadsTheCountBeforeTheUpdate() {
    Schedule lr = Schedule.piecewiseConstant(0.2, io.vavr.collection.TreeMap.of(2, 0.5, 4, 0.1));
    check(Optim.sgd(lr), (p, g, t) -> {
      double eta = t - 1 < 2 ? 0.2 : t - 1 < 4 ? 0.1 : 0.01;      // the schedule at count t - 1
      double[] q = p.clone();
      for (int i = 0; i < N; i++) q[i] -= eta * g[i];
      return q;
    });
  }

  @Test void adamWithScheduleKeepsF32ParametersF32() {
    var opt = Optim.adam(Schedule.exponentialDecay(1e-2, 2, 0.5, 0, false), 0.9, 0.999, 1e-8);
    Params p = new Params(Np.ones(2, 3), Np.zeros(3));
    var state = opt.init(p);
    for (int t = 0; t < 3; t++) {
      var u = opt.update(Tree.map(p, a -> a.add(1.0)), state, p);
      p = Optim.applyUpdates(p, u.updates());
      state = u.state();
    }
    assertEquals(DType.F32, p.w().dtype());
    assertEquals(DType.F32, p.b().dtype());
    for (Array leaf : Tree.leaves(state)) assertEquals(leaf.dtype() == DType.I32 ? DType.I32 : DType.F32, leaf.dtype());
    // adam's first steps move each element by about the learning rate: 1e-2, then 1e-2 * 0.5^0.5, 1e-2 * 0.5
    assertEquals(1 - 1e-2 * (1 + Math.sqrt(0.5) + 0.5), p.w().toDoubleArray()[0], 1e-5);
  }

  @Test void adamFlushesSubnormalMomentsToZeroAsJaxOnCpuDoes() {
    // a zero gradient decays mu by b1 each step: 1.2e-38 * 0.9 is below f32's smallest normal (1.18e-38), so zero;
    // 2e-38 * 0.9 stays normal and keeps Optax's value; nu the same with b2 (and g^2 below tiny: zero)
    Array mu0 = Array.of(new float[] {1.2e-38f, 2e-38f, 0.5f}), nu0 = Array.of(new float[] {1.2e-38f, 4e-38f, 0.5f});
    Array g = Array.of(new float[] {0f, 0f, 1e-20f});
    var adam = Optim.scaleByAdam(0.9, 0.5, 1e-8, 0);
    var u = adam.update(g, new OptState.Adam(Np.zeros(DType.I32), mu0, nu0), null);
    float[] mu = ((Array) u.state().mu()).toFloatArray(), nu = ((Array) u.state().nu()).toFloatArray();
    assertEquals(0f, mu[0]);
    assertEquals(2e-38f * 0.9f, mu[1]);
    assertEquals(0.5f * 0.9f, mu[2], 1e-7f);
    assertEquals(0f, nu[0]);
    assertEquals(4e-38f * 0.5f, nu[1], 0f);
    assertEquals(0.25f, nu[2], 0f);
    float[] jit = ((Array) Graft.jit((Array x) -> adam.update(x, new OptState.Adam(Np.zeros(DType.I32), mu0, nu0), null)
        .state().mu()).apply(g)).toFloatArray();
    assertEquals(0f, jit[0]);
  }

  @Test void countsAreI32AndTheStateIsATreeLikeTheParams() {
    var state = Optim.adam(1e-3).init(params(initial()));
    OptState.Adam adam = (OptState.Adam) state.states().get(0);
    assertEquals(DType.I32, adam.count().dtype());
    assertEquals(0, adam.count().ndim());
    assertEquals(Tree.flatten(params(initial()))._2, Tree.flatten(adam.mu())._2);
    assertEquals(new OptState.Empty(), state.states().get(1));
  }

  @Test void weightDecayWithoutParamsSaysWhatToPass() {
    var opt = Optim.adamw(1e-3, 0.9, 0.999, 1e-8, 1e-4);
    Params p = params(initial());
    var e = assertThrows(IllegalArgumentException.class, () -> opt.update(p, opt.init(p)));
    assertEquals("addDecayedWeights: params is null; weight decay reads the parameters, so call update(grads, state, params)",
        e.getMessage());
  }

  @Test void applyUpdatesKeepsTheParamDtype() {
    Array p = Np.ones(3), u = Array.of(new double[] {0.5, 0.25, 0.125});
    Array q = Optim.applyUpdates(p, u);
    assertEquals(DType.F32, q.dtype());
    assertArrayEquals(new float[] {1.5f, 1.25f, 1.125f}, q.toFloatArray());
  }
}
