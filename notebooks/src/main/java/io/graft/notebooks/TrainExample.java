package io.graft.notebooks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted2;
import io.graft.Random;
import io.graft.data.Dataset;
import io.graft.data.Examples;
import io.graft.data.FashionMnist;
import io.graft.io.Checkpoints;
import io.graft.nn.Losses;
import io.graft.nn.SmallCnn;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.nio.file.Path;

/** The README's training loop: a small CNN on Fashion-MNIST, Adam, a jitted step, a checkpoint per epoch. */
public class TrainExample {
  record State(SmallCnn model, OptState.Chain opt) {}

  public static void main(String[] args) {
    Examples train = FashionMnist.load().train();                 // f32[60000, 28, 28] in [0, 1], i32[60000]
    train = new Examples(train.inputs().reshape(60000, 28, 28, 1), train.labels());
    var adam = Optim.adam(1e-3);
    SmallCnn init = SmallCnn.init(Random.key(0));
    State state = new State(init, adam.init(init));
    Jitted2<State, Examples, Tuple2<State, Array>> step = Graft.jit((State s, Examples b) -> {
      Tuple2<Array, SmallCnn> lossAndGrad = Graft.valueAndGrad((SmallCnn m) ->
          Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(b.inputs()), b.labels()).mean()).apply(s.model());
      Update<SmallCnn, OptState.Chain> u = adam.update(lossAndGrad._2, s.opt(), s.model());
      return Tuple.of(new State(Optim.applyUpdates(s.model(), u.updates()), u.state()), lossAndGrad._1);
    }).donatingArgs(0);                                          // the new state reuses the old one's buffers
    for (int epoch = 1; epoch <= 3; epoch++) {
      var batches = Dataset.of(train).batches(128, epoch, Dataset.Remainder.DROP);   // shuffled by the seed
      Array loss = null;
      while (batches.hasNext()) {
        Tuple2<State, Array> r = step.apply(state, batches.next().data());
        state = r._1;
        loss = r._2;
      }
      System.out.println("epoch " + epoch + ": loss " + loss);
      Checkpoints.save(Path.of("model.npz"), state);                // atomic; Checkpoints.load(path, state) reads it
    }
  }
}
