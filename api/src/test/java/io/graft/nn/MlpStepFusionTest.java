package io.graft.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted2;
import io.graft.Random;
import io.graft.Tree;
import io.graft.data.Examples;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * W10's train step (a relu MLP, integer-label softmax cross-entropy, Adam) at small sizes, jitted: which steps the
 * executor runs, and that they give eager's values bit for bit.
 */
class MlpStepFusionTest {
  record TrainState(Mlp model, OptState.Chain opt) {}

  private static final int IN = 24, HIDDEN = 16, CLASSES = 10, BATCH = 8;

  private static Tuple2<TrainState, Array> step(GradientTransformation<OptState.Chain> adam, TrainState s, Examples b) {
    Tuple2<Array, Mlp> lg = Graft.valueAndGrad(
        (Mlp m) -> Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(b.inputs()), b.labels()).mean()).apply(s.model());
    Update<Mlp, OptState.Chain> u = adam.update(lg._2, s.opt(), s.model());
    return Tuple.of(new TrainState(Optim.applyUpdates(s.model(), u.updates()), u.state()), lg._1);
  }

  private static Examples batch() {
    float[] x = new float[BATCH * IN];
    for (int i = 0; i < x.length; i++) x[i] = (float) Math.abs(Math.sin(0.37 * i));
    int[] y = new int[BATCH];
    for (int i = 0; i < BATCH; i++) y[i] = (3 * i + 1) % CLASSES;
    return new Examples(Array.of(x).reshape(BATCH, IN), Array.of(y));
  }

  @Test void theStepRunsThirteenLoopsAndThirteenKernelsAndEqualsEagerBitForBit() {
    var adam = Optim.adam(1e-2);
    Mlp model = Mlp.init(Random.key(0), Activation.RELU, IN, HIDDEN, CLASSES);
    TrainState s = new TrainState(model, adam.init(model));
    Examples b = batch();
    Jitted2<TrainState, Examples, Tuple2<TrainState, Array>> jitted = Graft.jit((TrainState t, Examples e) -> step(adam, t, e));
    String lowered = jitted.lower(s, b);
    List<String> kernels = new java.util.ArrayList<>();
    int loops = 0;
    int adamPasses = 0;
    Matcher m = Pattern.compile("(?m)^\\s+\\d+: ([^=]+) = (fused|\\S+) ").matcher(lowered.substring(lowered.indexOf("steps:")));
    while (m.find()) {
      if (!m.group(2).equals("fused")) {
        kernels.add(m.group(2));
        continue;
      }
      loops++;
      if (m.group(1).trim().split(" ").length == 3) adamPasses++;
    }
    // the products, the labels' float form, the exp row sum, the bias gradients' column sums, one scalar division and Adam's i32 step
    // counter; relu's mask, the bias adds, the label compare (no gather, no scatter) all sit inside loops
    assertEquals(List.of("dot_general", "dot_general", "convert_element_type", "reduce_sum", "div", "reduce_sum", "dot_general",
        "dot_general", "reduce_sum", "dot_general", "lt", "add", "select_n"), kernels, lowered);
    // multi-output loops: per leaf, Adam's m, v and parameter updates are one pass writing three results (the update
    // recomputes m and v rather than reading them back); sibling loops over one space that share an operand (the
    // softmax's masked row sum and exp, the two labelled gradients, the two bias corrections) are one step each
    assertEquals(13, loops, lowered);
    assertEquals(4, adamPasses, "one three-output step per Adam leaf:\n" + lowered);
    TrainState e = s, j = s;
    for (int k = 0; k < 3; k++) {
      Tuple2<TrainState, Array> re = step(adam, e, b), rj = jitted.apply(j, b);
      assertEquals(re._2.item().floatValue(), rj._2.item().floatValue(), 0f, "loss at step " + k);
      e = re._1;
      j = rj._1;
      var le = Tree.leaves(e);
      var lj = Tree.leaves(j);
      for (int i = 0; i < le.size(); i++)
        assertArrayEquals(le.get(i).toDoubleArray(), lj.get(i).toDoubleArray(), 0, "leaf " + i + " after step " + k);
    }
  }
}
