package io.graft.quant;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted2;
import io.graft.nn.Losses;
import io.graft.nn.Metrics;
import io.graft.nn.Mlp;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple2;

/** Full-batch Adam training of a small MLP for the quantization tests. */
final class Training {
  private Training() {}

  record State(Mlp model, OptState.Chain opt) {}

  /** {@code steps} jitted Adam (lr 1e-2) steps of mean softmax cross-entropy on all of {@code (x, y)}. */
  static Mlp fit(Mlp init, Array x, Array y, int steps) {
    GradientTransformation<OptState.Chain> adam = Optim.adam(1e-2);
    Jitted2<State, Array, State> step = Graft.jit((State s, Array labels) -> {
      Tuple2<Array, Mlp> lg = Graft.valueAndGrad((Mlp m) ->
          Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(x), labels).mean()).apply(s.model());
      Update<Mlp, OptState.Chain> u = adam.update(lg._2, s.opt(), s.model());
      return new State(Optim.applyUpdates(s.model(), u.updates()), u.state());
    });
    State s = new State(init, adam.init(init));
    for (int i = 0; i < steps; i++) s = step.apply(s, y);
    return s.model();
  }

  /** The fraction of rows whose argmax is the label. */
  static double accuracy(Array logits, Array labels) { return Metrics.accuracy(logits, labels).item().doubleValue(); }
}
