package io.graft.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Np;
import io.graft.Random;
import io.graft.Tree;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Models as pytrees: a jitted Adam train step, jit ≡ eager, vmap over examples and over stacked models, Sequential state. */
class ModelsTest {
  record TrainState(SmallCnn model, OptState.Chain opt) {}

  private static final Array IMAGES = Random.normal(Random.key(100), 16, 12, 12, 1);
  private static final Array LABELS = Random.randint(Random.key(101), new int[] {16}, 0, 4);

  private static SmallCnn tinyCnn() { return SmallCnn.init(Random.key(7), 12, 12, 1, 4, 8, 16, 4); }

  private static Array loss(SmallCnn m) { return Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(IMAGES), LABELS).mean(); }

  @Test void jittedAdamTrainStepOfSmallCnnLowersTheLoss() {
    GradientTransformation<OptState.Chain> opt = Optim.adam(1e-2);
    Function<TrainState, Tuple2<TrainState, Array>> step = s -> {
      Tuple2<Array, SmallCnn> lg = Graft.valueAndGrad((SmallCnn m) -> loss(m)).apply(s.model());
      Update<SmallCnn, OptState.Chain> u = opt.update(lg._2, s.opt(), s.model());
      return Tuple.of(new TrainState(Optim.applyUpdates(s.model(), u.updates()), u.state()), lg._1);
    };
    Jitted<TrainState, Tuple2<TrainState, Array>> jitted = Graft.jit(step);
    SmallCnn m0 = tinyCnn();
    TrainState s = new TrainState(m0, opt.init(m0));
    double first = loss(m0).item().doubleValue(), last = first;
    // the first jitted step equals the eager one
    Tuple2<TrainState, Array> eager = step.apply(s), jit = jitted.apply(s);
    assertEquals(eager._2.item().doubleValue(), jit._2.item().doubleValue(), 1e-5);
    var le = Tree.leaves(eager._1.model()); var lj = Tree.leaves(jit._1.model());
    for (int k = 0; k < le.size(); k++) assertArrayEquals(le.get(k).toFloatArray(), lj.get(k).toFloatArray(), 1e-5f, "leaf " + k);
    s = jit._1;
    for (int i = 1; i < 20; i++) {
      var r = jitted.apply(s);
      s = r._1;
      last = r._2.item().doubleValue();
    }
    assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    assertEquals(1, jitted.compiledSignatures(), "one compilation for all steps");
    assertEquals(Np.float32, s.model().conv1().kernel().dtype());
  }

  @Test void defaultSmallCnnIsTheFashionMnistModel() {
    SmallCnn m = SmallCnn.init(Random.key(0));
    assertArrayEquals(new int[] {3, 3, 1, 32}, m.conv1().kernel().shape());
    assertArrayEquals(new int[] {3, 3, 32, 64}, m.conv2().kernel().shape());
    assertArrayEquals(new int[] {7 * 7 * 64, 128}, m.hidden().kernel().shape());
    assertArrayEquals(new int[] {128, 10}, m.output().kernel().shape());
    assertArrayEquals(new int[] {2, 10}, m.apply(Np.zeros(2, 28, 28, 1)).shape());
  }

  @Test void forwardPassJitsAsEagerAndVmapsOverExamples() {
    SmallCnn m = tinyCnn();
    Array eager = m.apply(IMAGES);
    Array jit = Graft.jit((SmallCnn p) -> p.apply(IMAGES)).apply(m);
    assertArrayEquals(eager.toFloatArray(), jit.toFloatArray(), 1e-5f);
    Array perExample = Graft.vmap((Array x) -> m.apply(x)).apply(IMAGES);   // each x is [12, 12, 1]
    assertArrayEquals(eager.toFloatArray(), perExample.toFloatArray(), 1e-5f);
    Array jitVmap = Graft.jit((Array xs) -> Graft.vmap((Array x) -> m.apply(x)).apply(xs)).apply(IMAGES);
    assertArrayEquals(eager.toFloatArray(), jitVmap.toFloatArray(), 1e-5f);
  }

  @Test void vmapOverAStackOfModels() {
    Mlp a = Mlp.init(Random.key(1), Activation.GELU, 3, 5, 2), b = Mlp.init(Random.key(2), Activation.GELU, 3, 5, 2);
    Mlp stacked = Tree.map2(a, b, (p, q) -> Np.stack(0, p, q));
    Array x = Random.normal(Random.key(3), 4, 3);
    Array both = Graft.vmap((Mlp m) -> m.apply(x)).apply(stacked);
    assertArrayEquals(new int[] {2, 4, 2}, both.shape());
    assertArrayEquals(a.apply(x).toFloatArray(), both.get(0).toFloatArray(), 1e-6f);
    assertArrayEquals(b.apply(x).toFloatArray(), both.get(1).toFloatArray(), 1e-6f);
    // the per-model gradients of a vmapped loss are each model's own
    Mlp g = Graft.grad((Mlp m) -> Graft.vmap((Mlp one) -> one.apply(x).square().sum()).apply(m).sum()).apply(stacked);
    Mlp ga = Graft.grad((Mlp m) -> m.apply(x).square().sum()).apply(a);
    assertArrayEquals(ga.layers().get(0).kernel().toFloatArray(), g.layers().get(0).kernel().get(0).toFloatArray(), 1e-5f);
  }

  @Test void mlpIsDenseActivationDense() {
    Mlp m = Mlp.init(Random.key(5), Activation.RELU, 4, 6, 3);
    Array x = Random.normal(Random.key(6), 2, 4);
    Array want = m.layers().get(1).apply(Np.relu(m.layers().get(0).apply(x)));
    assertArrayEquals(want.toFloatArray(), m.apply(x).toFloatArray(), 0);
    assertEquals(2, m.layers().size());
  }

  // ---------------------------------------------------------------- Sequential

  private static Sequential net() {
    Array k = Random.split(Random.key(9), 2);
    return Sequential.of(Dense.init(k.get(0), 3, 4), BatchNorm.init(4), new Lambda(Activation.RELU), new Dropout(0.5),
        Dense.init(k.get(1), 4, 2));
  }

  @Test void sequentialThreadsStateAndKeys() {
    Sequential net = net();
    Vector<Object> s0 = net.initState();
    assertEquals(5, s0.size());
    assertEquals(io.vavr.control.Option.none(), s0.get(0));
    assertTrue(s0.get(1) instanceof BatchNorm.State);
    Array x = Random.normal(Random.key(10), 8, 3), key = Random.key(11);
    Tuple2<Array, Vector<Object>> r = net.apply(x, s0, true, key);
    // by hand: layer i gets row i of split(key, 5)
    Array keys = Random.split(key, 5);
    Dense d0 = (Dense) net.layers().get(0), d4 = (Dense) net.layers().get(4);
    BatchNorm bn = (BatchNorm) net.layers().get(1);
    Tuple2<Array, BatchNorm.State> b = bn.apply(d0.apply(x), (BatchNorm.State) s0.get(1), true);
    Array want = d4.apply(new Dropout(0.5).apply(Np.relu(b._1), true, keys.get(3)));
    assertArrayEquals(want.toFloatArray(), r._1.toFloatArray(), 1e-6f);
    assertArrayEquals(b._2.mean().toFloatArray(), ((BatchNorm.State) r._2.get(1)).mean().toFloatArray(), 1e-7f);
    // eval: running statistics, no dropout, no key needed, state unchanged
    Tuple2<Array, Vector<Object>> e = net.apply(x, r._2, false, null);
    Array wantEval = d4.apply(Np.relu(bn.apply(d0.apply(x), (BatchNorm.State) r._2.get(1), false)._1));
    assertArrayEquals(wantEval.toFloatArray(), e._1.toFloatArray(), 1e-6f);
    assertEquals(r._2, e._2);
    // stateless layers alone: apply(x) and apply(x, train, key)
    Sequential plain = Sequential.of(d0, new Lambda(Activation.TANH), new Dropout(0.5), d4);
    assertArrayEquals(d4.apply(d0.apply(x).tanh()).toFloatArray(), plain.apply(x).toFloatArray(), 1e-6f);
    Array k4 = Random.split(key, 4).get(2);
    assertArrayEquals(d4.apply(new Dropout(0.5).apply(d0.apply(x).tanh(), true, k4)).toFloatArray(),
        plain.apply(x, true, key).toFloatArray(), 1e-6f);
  }

  record SeqState(Sequential net, Vector<Object> batchStats, OptState.Chain opt, Array key) {}

  @Test void jittedTrainStepThreadsBatchStatisticsAndKeys() {
    GradientTransformation<OptState.Chain> opt = Optim.adam(1e-2);
    Array x = Random.normal(Random.key(12), 32, 3);
    Array y = x.sum(1).gt(0.0).astype(Np.int32);
    Function<SeqState, Tuple2<SeqState, Array>> step = s -> {
      Array ks = Random.split(s.key(), 2);
      // the loss is differentiated; the new batch statistics ride along as aux
      Tuple2<Tuple2<Array, Vector<Object>>, Sequential> lg = Graft.valueAndGradWithAux((Sequential n) -> {
        Tuple2<Array, Vector<Object>> r = n.apply(x, s.batchStats(), true, ks.get(1));
        return Tuple.of(Losses.softmaxCrossEntropyWithIntegerLabels(r._1, y).mean(), r._2);
      }).apply(s.net());
      Update<Sequential, OptState.Chain> u = opt.update(lg._2, s.opt(), s.net());
      return Tuple.of(new SeqState(Optim.applyUpdates(s.net(), u.updates()), lg._1._2, u.state(), ks.get(0)), lg._1._1);
    };
    Sequential n0 = net();
    SeqState s = new SeqState(n0, n0.initState(), opt.init(n0), Random.key(13));
    Tuple2<SeqState, Array> e = step.apply(s);
    Jitted<SeqState, Tuple2<SeqState, Array>> jitted = Graft.jit(step);
    Tuple2<SeqState, Array> j = jitted.apply(s);
    assertEquals(e._2.item().doubleValue(), j._2.item().doubleValue(), 1e-5);
    var le = Tree.leaves(e._1); var lj = Tree.leaves(j._1);
    assertEquals(le.size(), lj.size());
    for (int k = 0; k < le.size(); k++) assertArrayEquals(le.get(k).toDoubleArray(), lj.get(k).toDoubleArray(), 1e-5, "leaf " + k);
    double first = j._2.item().doubleValue(), last = first;
    s = j._1;
    for (int i = 0; i < 30; i++) { var r = jitted.apply(s); s = r._1; last = r._2.item().doubleValue(); }
    assertTrue(last < first, "loss " + first + " -> " + last);
    assertEquals(1, jitted.compiledSignatures());
    BatchNorm.State st = (BatchNorm.State) s.batchStats().get(1);
    assertTrue(st.mean().abs().sum().item().doubleValue() > 0, "running mean moved off zero");
  }
}
