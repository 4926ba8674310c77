package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Jitted2;
import io.graft.Random;
import io.graft.data.Batch;
import io.graft.data.Dataset;
import io.graft.data.DatasetNotFoundError;
import io.graft.data.Examples;
import io.graft.data.FashionMnist;
import io.graft.data.Splits;
import io.graft.nn.Activation;
import io.graft.nn.Losses;
import io.graft.nn.Metrics;
import io.graft.nn.Mlp;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * W10: Fashion-MNIST epochs of a 784-256-10 ReLU {@link Mlp} (Dense's LeCun-normal kernels, zero biases, key 0):
 * mean softmax cross-entropy {@code -mean_i log softmax(z_i)[y_i]}, Adam (lr 1e-3, β = 0.9, 0.999, ε = 1e-8), batch
 * 128 shuffled per epoch (seed = epoch, the last partial batch dropped: 468 steps), images / 255 in memory, the whole
 * train step ({@code valueAndGrad}, Adam, the update) one {@code Graft.jit} of a two-argument function, as a user writes
 * it, donating the state it replaces ({@code donatingArgs(0)}, JAX's {@code donate_argnums=0}: the new parameters and
 * moments take the old ones' buffers, as PyTorch's in-place optimiser step writes over its tensors). Figure: seconds per epoch, SingleShotTime, 5 measured iterations and no warm-up in one fork: iteration k is epoch
 * k, training on from the state the previous one left. After each epoch (outside the timing) the test accuracy over the
 * 10,000 test images goes to stderr; after epoch 1, the mean ms per step of steps 1-100 against steps 301-400 (warm-up
 * of the generated kernels against steady state; {@link #stepSummary}). With {@code -p stepsPerEpoch=N} (run.sh
 * {@code --smoke}) an iteration runs N steps instead of a full epoch. Without the data files the setup fails with
 * {@link DatasetNotFoundError}'s message (where the files are looked for, how to get them: {@code ./graft demo}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class W10FashionMnist {
  /** The workload's sizes and learning rate. */
  public static final int IN = 784, HIDDEN = 256, CLASSES = 10, BATCH = 128;
  public static final double LR = 1e-3;
  /** The step ranges of the warm-up summary (1-based, inclusive). */
  static final int FIRST_TO = 100, STEADY_FROM = 301, STEADY_TO = 400;

  /** The model and Adam's state, a pytree. */
  public record TrainState(Mlp model, OptState.Chain opt) {}

  /** Steps per iteration: 0 for a full epoch (468); run.sh's --smoke sets a few hundred. */
  @Param({"0"})
  public int stepsPerEpoch;

  private Dataset<Examples> train;
  private Examples test;
  private Jitted2<TrainState, Examples, Tuple2<TrainState, Array>> step;
  private Jitted<TrainState, Array> accuracy;
  private TrainState state;
  private int epoch;
  private long[] stepNanos;

  /** The adam(1e-3) state of a fresh model initialised from key {@code seed}. */
  static TrainState init(int seed, GradientTransformation<OptState.Chain> adam) {
    Mlp model = Mlp.init(Random.key(seed), Activation.RELU, IN, HIDDEN, CLASSES);
    return new TrainState(model, adam.init(model));
  }

  /** Mean softmax cross-entropy of {@code model} on a batch of flat images {@code f32[n, 784]} and labels {@code i32[n]}. */
  static Array loss(Mlp model, Examples b) {
    return Losses.softmaxCrossEntropyWithIntegerLabels(model.apply(b.inputs()), b.labels()).mean();
  }

  /** One train step: the loss and its gradient, Adam's update, the new state; (new state, loss before the step). */
  static Tuple2<TrainState, Array> step(GradientTransformation<OptState.Chain> adam, TrainState s, Examples b) {
    Tuple2<Array, Mlp> lossAndGrad = Graft.valueAndGrad((Mlp m) -> loss(m, b)).apply(s.model());
    Update<Mlp, OptState.Chain> u = adam.update(lossAndGrad._2, s.opt(), s.model());
    return Tuple.of(new TrainState(Optim.applyUpdates(s.model(), u.updates()), u.state()), lossAndGrad._1);
  }

  /** The step, jitted as a user writes it: {@code Graft.jit((State s, Examples b) -> ...)}. */
  static Jitted2<TrainState, Examples, Tuple2<TrainState, Array>> jitStep(GradientTransformation<OptState.Chain> adam) {
    return Graft.jit((TrainState s, Examples b) -> step(adam, s, b));
  }

  /** Images {@code f32[n, 28, 28]} flattened to {@code f32[n, 784]}. */
  static Examples flat(Examples e) { return new Examples(e.inputs().reshape(e.size(), IN), e.labels()); }

  /** Fashion-MNIST flattened; DatasetNotFoundError (its message says where to get the files) when absent. */
  static Splits load() {
    try {
      Splits s = FashionMnist.load();
      return new Splits(flat(s.train()), flat(s.test()));
    } catch (DatasetNotFoundError e) {
      throw new DatasetNotFoundError("W10FashionMnist needs the Fashion-MNIST files (./graft demo fetches them): " + e.getMessage());
    }
  }

  @Setup(Level.Trial) public void setup() {
    Splits data = load();
    train = Dataset.of(data.train());
    test = data.test();
    var adam = Optim.adam(LR);
    state = init(0, adam);
    step = jitStep(adam).donatingArgs(0);   // the state each step replaces, as jax.jit(step, donate_argnums=0)
    Examples t = test;
    accuracy = Graft.jit((TrainState s) -> Metrics.accuracy(s.model().apply(t.inputs()), t.labels()));
    epoch = 0;
  }

  /** One epoch (or {@link #stepsPerEpoch} steps) of training, continuing from the previous iteration's state. */
  @Benchmark public TrainState epoch() {
    epoch++;
    Iterator<Batch<Examples>> batches = train.batches(BATCH, epoch, Dataset.Remainder.DROP);
    if (stepsPerEpoch > 0) batches = batches.take(stepsPerEpoch);
    boolean timeSteps = epoch == 1;
    long[] nanos = new long[train.batchCount(BATCH, Dataset.Remainder.DROP)];
    int n = 0;
    while (batches.hasNext()) {
      Examples b = batches.next().data();
      long t0 = timeSteps ? System.nanoTime() : 0;
      state = step.apply(state, b)._1;
      if (timeSteps) nanos[n] = System.nanoTime() - t0;
      n++;
    }
    if (timeSteps) stepNanos = java.util.Arrays.copyOf(nanos, n);
    return state;
  }

  /** After each epoch, untimed: the test accuracy; after epoch 1, the first steps against steady state. */
  @TearDown(Level.Iteration) public void report() {
    System.err.printf(Locale.ROOT, "W10 epoch %d: test accuracy %.4f%n", epoch, accuracy.apply(state).item().doubleValue());
    if (epoch == 1 && stepNanos != null) System.err.println(stepSummary(stepNanos));
  }

  /**
   * Mean ms per step of steps 1-100 against steps 301-400, or against the last 100 steps (at least from step 101) in
   * an epoch shorter than 400 steps (run.sh --smoke).
   */
  static String stepSummary(long[] nanos) {
    int n = nanos.length;
    if (n <= FIRST_TO) return "W10 epoch 1 (" + n + " steps): too few steps to compare steps 1-" + FIRST_TO + " with later ones";
    int from = n >= STEADY_TO ? STEADY_FROM : Math.max(FIRST_TO + 1, n - 99), to = Math.min(STEADY_TO, n);
    double first = meanMs(nanos, 1, FIRST_TO), steady = meanMs(nanos, from, to);
    return String.format(Locale.ROOT, "W10 epoch 1 (%d steps): steps 1-%d %.3f ms/step, steps %d-%d %.3f ms/step (first / steady = %.1f)",
        n, FIRST_TO, first, from, to, steady, first / steady);
  }

  private static double meanMs(long[] nanos, int from, int to) {
    long sum = 0;
    for (int i = from - 1; i < to; i++) sum += nanos[i];
    return sum / 1e6 / (to - from + 1);
  }

  /**
   * {@code n} images {@code f32[n, 784]} in [0, 1] and labels {@code i % 10} that the MLP can learn: noise (seed 21)
   * at half scale plus 0.5 on the label's own block of 78 pixels. For the checks where the real files are absent.
   */
  static Examples synthetic(int n) {
    float[] x = Inputs.uniformFloats(21, n * IN, 0, 0.5f);
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % CLASSES;
      for (int j = y[i] * 78; j < (y[i] + 1) * 78; j++) x[i * IN + j] += 0.5f;
    }
    return new Examples(Array.of(x, n, IN), Array.of(y, n));
  }

  /**
   * On {@code data} (flat images): one jitted step equals one eager step (loss and every new parameter within 1e-4),
   * 50 more jitted steps of batch 128 (shuffled epochs over {@code data}) reuse the one compiled program and lower the
   * mean loss over {@code data} to below {@code maxRatio} of the initial one.
   */
  public static void check(Examples data, double maxRatio) {
    var adam = Optim.adam(LR);
    TrainState s0 = init(0, adam);
    var jitted = jitStep(adam);
    Dataset<Examples> ds = Dataset.of(data);
    Examples first = ds.batches(BATCH, 1, Dataset.Remainder.DROP).next().data();
    Tuple2<TrainState, Array> eager = step(adam, s0, first), jit = jitted.apply(s0, first);
    Inputs.near("W10 first loss, jit vs eager", eager._2.item().doubleValue(), jit._2.item().doubleValue(), 1e-4);
    for (int l = 0; l < 2; l++) {
      float[] a = eager._1.model().layers().get(l).kernel().toFloatArray(), b = jit._1.model().layers().get(l).kernel().toFloatArray();
      for (int i = 0; i < a.length; i++) Inputs.near("W10 layer " + l + " kernel[" + i + "] after one step, jit vs eager", a[i], b[i], 1e-4);
      float[] c = eager._1.model().layers().get(l).bias().toFloatArray(), d = jit._1.model().layers().get(l).bias().toFloatArray();
      for (int i = 0; i < c.length; i++) Inputs.near("W10 layer " + l + " bias[" + i + "] after one step, jit vs eager", c[i], d[i], 1e-4);
    }
    double before = loss(s0.model(), data).item().doubleValue();
    TrainState s = s0;
    int steps = 0;
    for (int e = 1; steps < 50; e++)
      for (var it = ds.batches(BATCH, e, Dataset.Remainder.DROP); it.hasNext() && steps < 50; steps++)
        s = jitted.apply(s, it.next().data())._1;
    if (jitted.compiledSignatures() != 1)
      throw new AssertionError("W10: the jitted step compiled " + jitted.compiledSignatures() + " times over 51 calls of one signature, want 1");
    double after = loss(s.model(), data).item().doubleValue();
    if (!(after < maxRatio * before))
      throw new AssertionError(String.format(Locale.ROOT, "W10: 50 steps took the loss from %.4f to %.4f, want below %.2f of it", before, after, maxRatio));
  }
}
