package io.graft.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Np;
import io.graft.Tree;
import io.graft.nn.Losses;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A whole training step, optimiser included, jitted over a record of parameters and optimiser state. */
class TrainStepTest {
  record Params(Array w, Array b) {}
  record TrainState(Params params, OptState.Chain opt) {}

  private static final int N = 32, D = 3;
  private static final Array X, Y;

  static {
    float[] x = new float[N * D], y = new float[N];
    java.util.Random rnd = new java.util.Random(7);
    double[] wTrue = {1.5, -2.0, 0.5};
    for (int i = 0; i < N; i++) {
      double s = 0.3;                                       // true bias
      for (int j = 0; j < D; j++) { x[i * D + j] = (float) rnd.nextGaussian(); s += wTrue[j] * x[i * D + j]; }
      y[i] = (float) s;
    }
    X = Array.of(x, N, D);
    Y = Array.of(y, N, 1);
  }

  private static Array loss(Params p) { return Losses.mse(X.matmul(p.w()).add(p.b()), Y); }

  private static Function<TrainState, Tuple2<TrainState, Array>> step(GradientTransformation<OptState.Chain> opt) {
    return s -> {
      Tuple2<Array, Params> lg = Graft.valueAndGrad((Params p) -> loss(p)).apply(s.params());
      Update<Params, OptState.Chain> u = opt.update(lg._2, s.opt(), s.params());
      return Tuple.of(new TrainState(Optim.applyUpdates(s.params(), u.updates()), u.state()), lg._1);
    };
  }

  private static TrainState start(GradientTransformation<OptState.Chain> opt) {
    Params p = new Params(Np.zeros(D, 1), Np.zeros(1));
    return new TrainState(p, opt.init(p));
  }

  private static GradientTransformation<OptState.Chain> optimiser() {
    return Optim.chain(Optim.clipByGlobalNorm(5.0),
        Optim.adamw(Schedule.warmupCosineDecay(0.0, 0.05, 3, 200, 0.001), 0.9, 0.999, 1e-8, 1e-2, path -> path.endsWith(".w")));
  }

  @Test void jittedTrainStepEqualsEager() {
    var opt = optimiser();
    Function<TrainState, Tuple2<TrainState, Array>> eager = step(opt);
    Jitted<TrainState, Tuple2<TrainState, Array>> jitted = Graft.jit(step(opt));
    TrainState a = start(opt), b = start(opt);
    for (int i = 0; i < 6; i++) {
      Tuple2<TrainState, Array> ea = eager.apply(a), jb = jitted.apply(b);
      assertEquals(ea._2.item().doubleValue(), jb._2.item().doubleValue(), 1e-5 * (1 + Math.abs(ea._2.item().doubleValue())));
      a = ea._1;
      b = jb._1;
      var la = Tree.leaves(a);
      var lb = Tree.leaves(b);
      assertEquals(la.size(), lb.size());
      for (int k = 0; k < la.size(); k++) {
        assertEquals(la.get(k).dtype(), lb.get(k).dtype(), "leaf " + k);
        assertArrayEquals(la.get(k).toDoubleArray(), lb.get(k).toDoubleArray(), 1e-5, "step " + i + " leaf " + k);
      }
    }
    assertEquals(Tree.flatten(a)._2, Tree.flatten(b)._2);
    assertEquals(1, jitted.compiledSignatures(), "the state's dtypes and structure stay the same from step to step");
    // outer chain (clip, adamw); adamw = chain (adam, decay, schedule): the schedule counted six updates
    var adamw = (OptState.Chain) b.opt().states().get(1);
    assertEquals(6, ((OptState.Count) adamw.states().get(2)).count().item().intValue());
    assertEquals(6, ((OptState.Adam) adamw.states().get(0)).count().item().intValue());
  }

  @Test void tinyRegressionLossFalls() {
    var opt = Optim.adam(0.05);
    Jitted<TrainState, Tuple2<TrainState, Array>> jitted = Graft.jit(step(opt));
    TrainState s = start(opt);
    double first = loss(s.params()).item().doubleValue(), last = first;
    for (int i = 0; i < 300; i++) {
      var r = jitted.apply(s);
      s = r._1;
      last = r._2.item().doubleValue();
    }
    assertTrue(last < 1e-3 * first, "loss " + first + " -> " + last);
    assertArrayEquals(new float[] {1.5f, -2.0f, 0.5f}, s.params().w().toFloatArray(), 1e-2f);
    assertArrayEquals(new float[] {0.3f}, s.params().b().toFloatArray(), 1e-2f);
  }
}
