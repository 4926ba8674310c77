package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Random;
import io.graft.nn.Losses;
import io.graft.nn.Policy;
import io.graft.nn.ResNet;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.function.Function;
import org.openjdk.jmh.annotations.*;

/**
 * W7: one ResNet-18 train step, the reference network ({@link ResNet#resnet18}: 7×7/2 stem, 3×3/2 max pool,
 * BasicBlocks [2, 2, 2, 2], global average pool, fc 10) on {@code 3×32×32} images (channels last here, NCHW in the
 * PyTorch peer), batch 32, BatchNorm in train mode (batch statistics, running statistics updated), softmax
 * cross-entropy, Adam lr 1e-3: forward + backward + update, jitted ({@code Graft.jit(step).donatingArgs(0)}: the
 * state it replaces is donated, as JAX users do and as PyTorch's optimiser writes in place; compiled in
 * {@code @Setup}). Figure: ms / step. The benchmark keeps training the same model from call to call. {@link W7Bf16} is
 * the same step under the bf16 policy (W7-bf16).
 */
public class W7ResNet extends AverageTimeWorkload {
  /** The workload's sizes and learning rate. */
  public static final int BATCH = 32, SIZE = 32, CLASSES = 10;
  public static final double LR = 1e-3;

  /**
   * What the step carries.
   *
   * @param model the parameters
   * @param stats BatchNorm running statistics
   * @param opt   Adam's state
   */
  public record TrainState(ResNet model, ResNet.State stats, OptState.Chain opt) {}

  static final GradientTransformation<OptState.Chain> ADAM = Optim.adam(LR);

  /** Images uniform in [-1, 1) (seed 21), {@code f32[batch, 32, 32, 3]}; the label of row i is (7i + 3) mod 10. */
  static Tuple2<Array, Array> batch(int batch) {
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) labels[i] = (7 * i + 3) % CLASSES;
    return Tuple.of(Inputs.uniform(21, -1, 1, batch, SIZE, SIZE, 3), Array.of(labels));
  }

  static TrainState init() {
    ResNet m = ResNet.resnet18(Random.key(7), CLASSES);
    return new TrainState(m, m.initState(), ADAM.init(m));
  }

  /** The train step on a fixed batch: state -> (new state, loss before the update). */
  static Function<TrainState, Tuple2<TrainState, Array>> step(Array x, Array labels) { return step(x, labels, null); }

  /**
   * The train step under a mixed-precision {@code policy} (null: none, all f32): model, images and BatchNorm statistics
   * cast to the compute dtype for the passes, the logits to the output dtype for the loss, the new statistics back to
   * the parameter dtype; parameters, gradients and Adam's state stay f32.
   */
  static Function<TrainState, Tuple2<TrainState, Array>> step(Array x, Array labels, Policy policy) {
    return s -> {
      Tuple2<Tuple2<Array, ResNet.State>, ResNet> lg = Graft.valueAndGradWithAux((ResNet m) -> {
        if (policy == null) {
          Tuple2<Array, ResNet.State> r = m.apply(x, s.stats(), true);
          return Tuple.of(Losses.softmaxCrossEntropyWithIntegerLabels(r._1, labels).mean(), r._2);
        }
        Tuple2<Array, ResNet.State> r = policy.castToCompute(m).apply(policy.castToCompute(x), policy.castToCompute(s.stats()), true);
        return Tuple.of(Losses.softmaxCrossEntropyWithIntegerLabels(policy.castToOutput(r._1), labels).mean(),
            policy.castToParam(r._2));
      }).apply(s.model());
      Update<ResNet, OptState.Chain> u = ADAM.update(lg._2, s.opt(), s.model());
      return Tuple.of(new TrainState(Optim.applyUpdates(s.model(), u.updates()), lg._1._2, u.state()), lg._1._1);
    };
  }

  /**
   * The model every W7 run starts from ({@link ResNet#resnet18} with key 7 and 10 classes, 11,181,642 parameters): the
   * JVM peers copy its parameters, so a peer's first loss is Graft's.
   *
   * @return the initial model
   */
  public static ResNet initialModel() { return init().model(); }

  /**
   * The W7 inputs at {@code batch}.
   *
   * @param batch the batch size (32 in the benchmark)
   * @return images {@code f32[batch, 32, 32, 3]} uniform in [-1, 1) (seed 21) and labels {@code i32[batch]},
   *         {@code (7i + 3) mod 10}
   */
  public static Tuple2<Array, Array> inputs(int batch) { return batch(batch); }

  /**
   * The losses of Graft's first {@code steps} jitted W7 steps at batch 32 from {@link #initialModel()}: what a peer's
   * W7 (same parameters, inputs and math) reproduces before it is timed.
   *
   * @param steps how many
   * @return the loss before each step's update
   */
  public static double[] referenceLosses(int steps) {
    Tuple2<Array, Array> xy = batch(BATCH);
    Jitted<TrainState, Tuple2<TrainState, Array>> jit = Graft.jit(step(xy._1, xy._2));
    TrainState s = init();
    double[] losses = new double[steps];
    for (int i = 0; i < steps; i++) {
      Tuple2<TrainState, Array> r = jit.apply(s);
      losses[i] = r._2.item().doubleValue();
      s = r._1;
    }
    return losses;
  }

  /** {@link #initialModel()}'s parameter count, computed once (initialising the model takes seconds). */
  private static final class InitialCount {
    static final long VALUE = initialModel().parameterCount();
  }

  /** Tolerances of {@link #checkPeer}: the first loss (forward only), then the losses after Adam updates. */
  static final double FIRST_LOSS_TOL = 1e-4, LATER_LOSS_TOL = 1e-3;

  /**
   * Throws an {@link AssertionError} naming {@code peer} unless its W7 network has Graft's parameter count, its loss
   * falls over the steps given, and its losses match {@code reference} (Graft's, from {@link #referenceLosses}): the
   * first one within {@code 1e-4} (same parameters and inputs: the forward pass is the same function), the later ones
   * within {@code 1e-3} (relative above 1, absolute below: Adam's first steps move every parameter by about
   * {@code ±lr} whatever its gradient's size, so rounding differences in tiny gradients show up as small loss
   * differences; TF-Java and DJL land within 1e-4 of Graft over three steps). Prints the peer's count and losses beside
   * Graft's first (the benchmark log's record of the check).
   *
   * @param peer           the peer's name, for the message
   * @param parameterCount the peer's trainable parameter count
   * @param losses         the peer's losses of its first steps (at least 2)
   * @param reference      Graft's losses of as many steps
   */
  public static void checkPeer(String peer, long parameterCount, double[] losses, double[] reference) {
    long want = InitialCount.VALUE;
    System.out.println(peer + " W7: " + parameterCount + " parameters (Graft " + want + "), losses "
        + java.util.Arrays.toString(losses) + " (Graft " + java.util.Arrays.toString(reference) + ")");
    if (parameterCount != want)
      throw new AssertionError(peer + " W7: " + parameterCount + " parameters, Graft's ResNet-18 (10 classes) has " + want);
    if (losses.length < 2 || reference.length != losses.length)
      throw new IllegalArgumentException(peer + " W7: need at least 2 losses and as many reference losses, got "
          + losses.length + " and " + reference.length);
    for (int i = 0; i < losses.length; i++)
      Inputs.near(peer + " W7 loss at step " + i, reference[i], losses[i], i == 0 ? FIRST_LOSS_TOL : LATER_LOSS_TOL);
    if (!(losses[losses.length - 1] < losses[0]))
      throw new AssertionError(peer + " W7: loss did not fall over " + losses.length + " Adam steps on one batch: "
          + java.util.Arrays.toString(losses));
  }

  private TrainState state;
  private Jitted<TrainState, Tuple2<TrainState, Array>> jitStep;

  @Setup public void setup() {
    Tuple2<Array, Array> xy = batch(BATCH);
    jitStep = Graft.jit(step(xy._1, xy._2)).donatingArgs(0);   // the state it replaces (jax.jit donate_argnums=0)
    state = jitStep.apply(init())._1;   // trace and compile here, not in the first warm-up iteration
  }

  @Benchmark public Array trainStepJit() {
    Tuple2<TrainState, Array> r = jitStep.apply(state);
    state = r._1;
    return r._2;
  }

  /** W7-bf16: {@link W7ResNet}'s step under {@code Policy.parse("params=f32,compute=bf16,output=f32")}. */
  public static class W7Bf16 extends AverageTimeWorkload {
    /** The policy. */
    public static final Policy BF16 = Policy.parse("params=f32,compute=bf16,output=f32");

    private TrainState state;
    private Jitted<TrainState, Tuple2<TrainState, Array>> jitStep;

    @Setup public void setup() {
      Tuple2<Array, Array> xy = batch(BATCH);
      jitStep = Graft.jit(step(xy._1, xy._2, BF16)).donatingArgs(0);
      state = jitStep.apply(init())._1;
    }

    @Benchmark public Array trainStepJit() {
      Tuple2<TrainState, Array> r = jitStep.apply(state);
      state = r._1;
      return r._2;
    }
  }

  /**
   * Peak memory of W7 steps: compiles the step, runs {@code args[0]} (default 5) steps at batch 32 and prints the
   * process's peak resident set ({@code VmHWM}: heap, metaspace, code cache, thread stacks and native buffers
   * together; it depends on the heap limit, {@code -Xmx}) and the heap still live after a full GC (the model, Adam's state,
   * the compiled program). The PyTorch peer's figure for the same
   * step is {@code peers/run_peers.py --w7-memory} (its {@code ru_maxrss}).
   *
   * @param args the number of steps, optionally
   * @throws java.io.IOException if {@code /proc/self/status} cannot be read
   */
  public static void main(String[] args) throws java.io.IOException {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    W7ResNet w = new W7ResNet();
    w.setup();
    for (int i = 0; i < steps; i++) w.trainStepJit().item();
    System.gc();
    long live = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long hwmKb = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmHWM:")).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
    System.out.printf(java.util.Locale.ROOT, "W7 Graft after %d steps (+1 compiling): peak RSS %.0f MiB, heap live "
        + "after a full GC %.0f MiB (max heap %.0f MiB)%n", steps, hwmKb / 1024.0, live / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
  }

  /**
   * At batch 4: the jitted step gives eager's loss and BatchNorm statistics; the loss on the fixed batch falls over
   * 5 jitted steps; the step profiles ({@link Jitted#profile}) with convolutions among its kernels.
   */
  public static void check() {
    Tuple2<Array, Array> xy = batch(4);
    Function<TrainState, Tuple2<TrainState, Array>> step = step(xy._1, xy._2);
    Jitted<TrainState, Tuple2<TrainState, Array>> jit = Graft.jit(step);
    TrainState s = init();
    Tuple2<TrainState, Array> eager = step.apply(s), jitted = jit.apply(s);
    Inputs.near("W7 jit loss", eager._2.item().doubleValue(), jitted._2.item().doubleValue(), 1e-4);
    float[] me = eager._1.stats().stem().mean().toFloatArray(), mj = jitted._1.stats().stem().mean().toFloatArray();
    for (int k = 0; k < me.length; k++) Inputs.near("W7 jit stem running mean[" + k + "]", me[k], mj[k], 1e-4);
    double first = jitted._2.item().doubleValue(), last = first;
    s = jitted._1;
    for (int i = 0; i < 5; i++) {
      Tuple2<TrainState, Array> r = jit.apply(s);
      s = r._1;
      last = r._2.item().doubleValue();
    }
    if (!(last < first)) throw new AssertionError("W7: loss did not fall over 6 Adam steps on one batch: " + first + " -> " + last);
    String table = jit.profile(s).toString();
    if (!table.contains("conv_general_dilated")) throw new AssertionError("W7: no convolution in the profile:\n" + table);
    // W7-bf16: the first step's loss within 5 % of f32's, the parameters still f32 after it
    Tuple2<TrainState, Array> half = Graft.jit(step(xy._1, xy._2, W7Bf16.BF16)).apply(init());
    Inputs.near("W7-bf16 first loss vs f32", first, half._2.item().doubleValue(), 0.05);
    if (half._1.model().fc().kernel().dtype() != io.graft.Np.float32)
      throw new AssertionError("W7-bf16: parameters left f32: " + half._1.model().fc().kernel().dtype());
  }
}
