package io.graft.nn;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Random;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.function.Function;

/**
 * A hand-run probe (not a test): times the jitted Adam train step of {@link SmallCnn} at batch 128 on 28×28×1
 * inputs. {@code main(c1, c2, steps, print)}; run it with the api test class path.
 */
final class CnnStepProbe {
  record TrainState(SmallCnn model, OptState.Chain opt) {}

  public static void main(String[] args) {
    int c1 = args.length > 0 ? Integer.parseInt(args[0]) : 16, c2 = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    boolean print = args.length > 3 && args[3].equals("print");
    Array x = Random.normal(Random.key(1), 128, 28, 28, 1);
    Array y = Random.randint(Random.key(2), new int[] {128}, 0, 10);
    GradientTransformation<OptState.Chain> opt = Optim.adam(1e-3);
    Function<TrainState, Tuple2<TrainState, Array>> step = s -> {
      Tuple2<Array, SmallCnn> lg = Graft.valueAndGrad(
          (SmallCnn m) -> Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(x), y).mean()).apply(s.model());
      Update<SmallCnn, OptState.Chain> u = opt.update(lg._2, s.opt(), s.model());
      return Tuple.of(new TrainState(Optim.applyUpdates(s.model(), u.updates()), u.state()), lg._1);
    };
    Jitted<TrainState, Tuple2<TrainState, Array>> jitted = Graft.jit(step);
    SmallCnn m0 = SmallCnn.init(Random.key(7), 28, 28, 1, c1, c2, 128, 10);
    TrainState s = new TrainState(m0, opt.init(m0));
    if (print) System.out.println(jitted.lower(s));
    long t0 = System.nanoTime();
    var r = jitted.apply(s);
    System.out.printf("first step (trace+compile+run) %.0f ms, loss %.4f%n", (System.nanoTime() - t0) / 1e6, r._2.item().doubleValue());
    s = r._1;
    double best = Double.MAX_VALUE, sum = 0;
    for (int i = 0; i < steps; i++) {
      long a = System.nanoTime();
      r = jitted.apply(s);
      double loss = r._2.item().doubleValue();
      double ms = (System.nanoTime() - a) / 1e6;
      s = r._1;
      best = Math.min(best, ms); sum += ms;
      System.out.printf("step %d %.1f ms loss %.4f%n", i, ms, loss);
    }
    System.out.printf("c1=%d c2=%d: best %.1f ms, mean %.1f ms over %d steps%n", c1, c2, best, sum / steps, steps);
  }
}
