package io.graft.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Np;
import io.graft.Tree;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.TreeMap;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

/** Chaining, clipping, the global norm and the schedules at their key steps. */
class TransformationsTest {
  /** Two leaves, (3) and (4): global norm 5. */
  private static final Tuple2<Array, Array> G = Tuple.of(Array.of(new double[] {3}), Array.of(new double[] {4}));

  private static double[] both(Tuple2<Array, Array> t) {
    return new double[] {t._1.toDoubleArray()[0], t._2.toDoubleArray()[0]};
  }

  private static <S> Tuple2<Array, Array> once(GradientTransformation<S> t, Tuple2<Array, Array> g) {
    return t.update(g, t.init(g)).updates();
  }

  @Test void globalNormIsOverAllLeaves() {
    assertEquals(5.0, Optim.globalNorm(G).item().doubleValue(), 0);
    Array m = Array.of(new double[] {1, 2, 2, 4}, 2, 2);          // 1 + 4 + 4 + 16 = 25, plus 3² + 4²
    assertEquals(Math.sqrt(50), Optim.globalNorm(Vector.of(m, G._1, G._2)).item().doubleValue(), 1e-12);
    assertEquals(0.0, Optim.globalNorm(Vector.empty()).item().doubleValue(), 0);
  }

  @Test void clipByGlobalNormScalesAllLeavesTogether() {
    assertArrayEquals(new double[] {0.6, 0.8}, both(once(Optim.clipByGlobalNorm(1), G)), 1e-15);
    assertArrayEquals(new double[] {3 * 2.5 / 5, 4 * 2.5 / 5}, both(once(Optim.clipByGlobalNorm(2.5), G)), 1e-15);
    assertArrayEquals(new double[] {3, 4}, both(once(Optim.clipByGlobalNorm(5.5), G)), 0);    // below: unchanged
    assertThrows(IllegalArgumentException.class, () -> Optim.clipByGlobalNorm(0));
  }

  @Test void chainAppliesInOrder() {
    // scale then clip: (6, 8) clipped to norm 1; clip then scale: (0.6, 0.8) doubled
    assertArrayEquals(new double[] {0.6, 0.8}, both(once(Optim.chain(Optim.scale(2), Optim.clipByGlobalNorm(1)), G)), 1e-15);
    assertArrayEquals(new double[] {1.2, 1.6}, both(once(Optim.chain(Optim.clipByGlobalNorm(1), Optim.scale(2)), G)), 1e-15);
    // momentum sees the clipped gradient: state after one step holds (0.6, 0.8), not (3, 4)
    var chain = Optim.chain(Optim.clipByGlobalNorm(1), Optim.trace(0.9, false));
    var u = chain.update(G, chain.init(G));
    assertEquals(2, u.state().states().size());
    @SuppressWarnings("unchecked") var trace = (Tuple2<Array, Array>) ((OptState.Trace) u.state().states().get(1)).trace();
    assertArrayEquals(new double[] {0.6, 0.8}, both(trace), 1e-15);
  }

  @Test void chainRejectsAForeignState() {
    var two = Optim.chain(Optim.scale(1), Optim.scale(2));
    var e = assertThrows(IllegalArgumentException.class, () -> two.update(G, new OptState.Chain(Vector.of(new OptState.Empty()))));
    assertTrue(e.getMessage().startsWith("chain: the state holds 1 inner states but the chain has 2"), e.getMessage());
  }

  @Test void constantAndLinear() {
    assertEquals(0.3, Schedule.constant(0.3).valueAt(17), 0);
    Schedule lin = Schedule.linear(1.0, 0.0, 4);
    assertArrayEquals(new double[] {1, 0.75, 0.5, 0.25, 0, 0}, values(lin, 0, 1, 2, 3, 4, 10), 1e-15);
    Schedule poly = Schedule.polynomial(2.0, 1.0, 2, 4, 2);   // (2-1)(1 - clip(t-2,0,4)/4)^2 + 1
    assertArrayEquals(new double[] {2, 2, 1 + 0.5625, 1 + 0.25, 1, 1}, values(poly, 0, 2, 3, 4, 6, 9), 1e-15);
  }

  @Test void piecewiseConstantMultipliesFromEachBoundary() {
    Schedule s = Schedule.piecewiseConstant(1.0, TreeMap.of(6, 0.1, 3, 0.5));
    assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.05, 0.05}, values(s, 0, 2, 3, 5, 6, 100), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> Schedule.piecewiseConstant(1, TreeMap.of(3, -1.0)));
  }

  @Test void exponentialDecay() {
    Schedule smooth = Schedule.exponentialDecay(2.0, 10, 0.5, 5, false);
    assertArrayEquals(new double[] {2, 2, 2 * Math.pow(0.5, 0.5), 1, 0.5}, values(smooth, 0, 5, 10, 15, 25), 1e-14);
    Schedule stairs = Schedule.exponentialDecay(2.0, 10, 0.5, 0, true);
    assertArrayEquals(new double[] {2, 2, 1, 1, 0.5}, values(stairs, 0, 9, 10, 19, 20), 1e-15);
    Schedule floored = Schedule.exponentialDecay(2.0, 10, 0.5, 0, false, 0.4);
    assertArrayEquals(new double[] {2, 1, 0.5, 0.4, 0.4}, values(floored, 0, 10, 20, 30, 1000), 1e-14);
  }

  @Test void cosineDecay() {
    Schedule s = Schedule.cosineDecay(2.0, 100, 0.1, 1);
    double half = 2.0 * (0.9 * 0.5 + 0.1), quarter = 2.0 * (0.9 * 0.5 * (1 + Math.cos(Math.PI / 4)) + 0.1);
    assertArrayEquals(new double[] {2, quarter, half, 0.2, 0.2}, values(s, 0, 25, 50, 100, 500), 1e-14);
  }

  @Test void warmupCosineDecayAsOptax() {
    Schedule s = Schedule.warmupCosineDecay(0.0, 1.0, 10, 110, 0.1);
    // warm-up: linear 0 -> 1 over 10 steps; then end + (peak - end) * ½(1 + cos(π (t - 10) / 100))
    double[] want = {0, 0.5, 1, 0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), 0.55, 0.1, 0.1};
    assertArrayEquals(want, values(s, 0, 5, 10, 35, 60, 110, 1000), 1e-14);
    assertThrows(IllegalArgumentException.class, () -> Schedule.warmupCosineDecay(0, 1, 10, 10, 0));
  }

  @Test void schedulesTraceUnderJit() {
    Schedule s = Schedule.warmupCosineDecay(0.0, 1.0, 10, 110, 0.1);
    var jitted = Graft.jit((Array step) -> s.apply(step));
    for (int t : new int[] {0, 5, 10, 35, 60, 110, 1000})
      assertEquals(s.valueAt(t), jitted.apply(Array.scalar(t)).item().doubleValue(), 1e-15, "step " + t);
    assertEquals(1, jitted.compiledSignatures());
  }

  @Test void joinSwitchesAtBoundaries() {
    Schedule s = Schedule.join(Vector.of(Schedule.constant(1), Schedule.linear(4, 0, 4), Schedule.constant(9)), Vector.of(2, 6));
    assertArrayEquals(new double[] {1, 1, 4, 3, 1, 9, 9}, values(s, 0, 1, 2, 3, 5, 6, 7), 1e-15);
  }

  private static double[] values(Schedule s, int... steps) {
    double[] out = new double[steps.length];
    for (int i = 0; i < steps.length; i++) out[i] = s.valueAt(steps[i]);
    return out;
  }

  @Test void scheduleValuesAreF64Scalars() {
    Array v = Schedule.cosineDecay(1, 10, 0, 1).apply(Np.zeros(Np.int32));
    assertEquals(Np.float64, v.dtype());
    assertEquals(0, v.ndim());
    assertEquals(Tree.leaves(v).size(), 1);
  }
}
