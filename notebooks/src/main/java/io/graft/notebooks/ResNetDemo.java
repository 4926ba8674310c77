package io.graft.notebooks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted3;
import io.graft.Jitted2;
import io.graft.Profile;
import io.graft.Random;
import io.graft.data.Batch;
import io.graft.data.Cifar10;
import io.graft.data.Dataset;
import io.graft.data.Examples;
import io.graft.data.FashionMnist;
import io.graft.data.Splits;
import io.graft.io.Checkpoints;
import io.graft.nn.Losses;
import io.graft.nn.Metrics;
import io.graft.nn.Policy;
import io.graft.nn.ResNet;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Schedule;
import io.graft.optim.Update;
import io.graft.quant.Calibrator;
import io.graft.quant.Quantize;
import io.graft.quant.QuantizedResNet;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.Tuple4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The reference workflow that {@code ./graft demo resnet} runs: an environment check (the gradient of
 * {@code Σ x² + 3x} at {@code [1, 2]} must be {@code [5, 7]}), then ResNet-18 (CIFAR variant, {@link ResNet#resnet18Cifar})
 * trained by a jitted step with Adam (warm-up then cosine decay), {@link Optim#clipByGlobalNorm} at 1, the global
 * gradient norm in every progress line, a {@code .npz} checkpoint after every epoch ({@link Checkpoints};
 * {@code --resume} continues from it), test accuracy per epoch and, at the end, the {@link Profile} table of one
 * train step and the deployment step: INT8 post-training quantization ({@link Quantize#resnet}), its test accuracy
 * against f32, and the ONNX QDQ export ({@code resnet18-int8-qdq.onnx} beside the checkpoint).
 *
 * <p>Data: {@code --cifar DIR} reads the CIFAR-10 binary batches in {@code DIR} ({@link Cifar10}); without it the
 * demo trains on Fashion-MNIST (what {@code ./graft demo} downloads into {@code ~/.graft/data}), each 28×28 image
 * padded to 32×32 and repeated over 3 channels, and says so; {@code --synthetic N} uses {@code N} random images
 * (no files; for smoke tests). ResNet-18 is ~0.56 GFLOP per 32×32 image forward, so on a laptop's two cores the
 * defaults are small and finish in a few minutes: 2 epochs of {@code --steps 5} batches of {@code --batch 16} from the
 * start of the training set (an epoch here is a pass over those {@code steps × batch} examples) and {@code --eval 64}
 * test images. {@code --full} trains on the whole training set per epoch and evaluates on the whole test set;
 * {@code --epochs N}, {@code --lr PEAK} (default 1e-3) and {@code --out DIR} (default {@code target/demo}) as named.
 *
 * <p>Mixed precision: {@code --precision bf16} (the default) trains under the {@link Policy}
 * {@code params=f32,compute=bf16,output=f32}: the parameters, the optimiser state and the BatchNorm running statistics
 * stay f32, the forward and backward passes compute in bf16 (products and reductions accumulate in f32), the logits
 * come back in f32 for the loss, and the gradients arrive in f32 through the casts. {@code --precision f32} turns it
 * off. (f16 compute would need {@link Optim#dynamicLossScale}; bf16 has f32's range and needs none.)
 */
public final class ResNetDemo {
  private ResNetDemo() {}

  /**
   * What the train step carries from step to step.
   *
   * @param model the parameters
   * @param stats the BatchNorm running statistics
   * @param opt   the optimiser's state
   */
  public record State(ResNet model, ResNet.State stats, OptState.Chain opt) {}

  /**
   * The checkpoint.
   *
   * @param state  the train state
   * @param epochs epochs trained, {@code i32[]}
   */
  public record Checkpoint(State state, Array epochs) {}

  static final double CLIP = 1.0;

  /** The command line: {@code --flag value} pairs and bare flags. */
  record Options(List<String> opts) {
    int integer(String flag, int otherwise) {
      return opts.contains(flag) ? Integer.parseInt(opts.get(opts.indexOf(flag) + 1)) : otherwise;
    }

    String string(String flag) { return opts.contains(flag) ? opts.get(opts.indexOf(flag) + 1) : null; }

    boolean has(String flag) { return opts.contains(flag); }
  }

  public static void main(String[] args) throws Exception {
    String line = args.length > 0 ? String.join(" ", args) : System.getenv().getOrDefault("GRAFT_DEMO_ARGS", "");
    Options o = new Options(List.of(line.trim().split("\\s+")));
    int epochs = o.integer("--epochs", 2), batch = o.integer("--batch", 16), stepsOption = o.integer("--steps", 5);
    int evalOption = o.integer("--eval", 64);
    boolean full = o.has("--full"), resume = o.has("--resume");
    double lr = o.has("--lr") ? Double.parseDouble(o.string("--lr")) : 1e-3;
    String precision = o.has("--precision") ? o.string("--precision") : "bf16";
    if (!precision.equals("bf16") && !precision.equals("f32"))
      throw new IllegalArgumentException("ResNetDemo: --precision must be bf16 or f32, got " + precision);
    Policy policy = Policy.parse("params=f32,compute=" + precision + ",output=f32");
    Path out = Path.of(o.has("--out") ? o.string("--out") : "target/demo").toAbsolutePath();
    Files.createDirectories(out);
    Path ckpt = out.resolve("resnet18.npz");

    environmentCheck();

    long t0 = System.nanoTime();
    Splits data;
    boolean gray;
    if (o.has("--synthetic")) {
      int n = o.integer("--synthetic", 64);
      data = new Splits(synthetic(n, 1), synthetic(Math.max(evalOption, batch), 2));
      gray = false;
      System.out.printf(Locale.ROOT, "data: %d synthetic random 32x32x3 images (smoke test; no files read)%n", n);
    } else if (o.has("--cifar")) {
      data = Cifar10.load(Path.of(o.string("--cifar")), true);
      gray = false;
      System.out.printf(Locale.ROOT, "data: CIFAR-10 from %s, %d training and %d test images, loaded in %.1f s%n",
          o.string("--cifar"), data.train().size(), data.test().size(), seconds(t0));
    } else {
      data = FashionMnist.load();
      gray = true;
      System.out.printf(Locale.ROOT, "data: no --cifar DIR given, so Fashion-MNIST instead (%d training, %d test images), "
          + "each 28x28 image padded to 32x32 and repeated over 3 channels; loaded in %.1f s%n",
          data.train().size(), data.test().size(), seconds(t0));
    }
    int subset = full ? data.train().size() : Math.min(data.train().size(), stepsOption * batch);
    Examples train = first(data.train(), subset), test = first(data.test(), full ? data.test().size() : evalOption);
    int steps = subset / batch;
    if (steps < 1) throw new IllegalArgumentException("ResNetDemo: " + subset + " training examples make no batch of " + batch);

    ResNet init = ResNet.resnet18Cifar(Random.key(0), 10);
    System.out.printf(Locale.ROOT, "ResNet-18 (CIFAR variant: 3x3 stem, no pool), %,d parameters; Adam, peak learning rate %.1e "
        + "(warm-up, cosine), clipByGlobalNorm(%.1f); batch %d, %d steps per epoch (%s); policy %s%n", init.parameterCount(), lr, CLIP,
        batch, steps, full ? "the whole training set" : "a subset of " + subset + " examples; --full for all", policy);
    // the state's structure (what a checkpoint loads into) is the same for every schedule
    State state = new State(init, init.initState(), optimiser(Schedule.constant(lr)).init(init));
    int done = 0;
    if (resume && Files.exists(ckpt)) {
      Checkpoint c = Checkpoints.load(ckpt, new Checkpoint(state, Array.of(new int[] {0}, new int[0])));
      state = c.state();
      done = c.epochs().item().intValue();
      System.out.printf(Locale.ROOT, "resumed from %s after %d epoch%s%n", ckpt, done, done == 1 ? "" : "s");
    } else if (resume) {
      System.out.println("no checkpoint at " + ckpt + ": training from the start");
    }

    int total = (done + epochs) * steps, warmup = Math.max(1, Math.min(100, total / 10));
    GradientTransformation<OptState.Chain> opt = optimiser(Schedule.warmupCosineDecay(0, lr, warmup,
        Math.max(warmup + 1, total), lr / 100));
    Jitted2<State, Examples, Tuple4<State, Array, Array, Array>> step = Graft.jit((State s, Examples b) -> {
      // the policy: model, inputs and running statistics cast to the compute dtype for the passes; logits back to the
      // output dtype for the loss, the new statistics back to the parameter dtype; gradients arrive in f32
      Tuple2<Tuple2<Array, Tuple2<Array, ResNet.State>>, ResNet> lg = Graft.valueAndGradWithAux((ResNet m) -> {
        Tuple2<Array, ResNet.State> r = policy.castToCompute(m).apply(policy.castToCompute(b.inputs()),
            policy.castToCompute(s.stats()), true);
        Array logits = policy.castToOutput(r._1);
        return Tuple.of(Losses.softmaxCrossEntropyWithIntegerLabels(logits, b.labels()).mean(),
            Tuple.of(logits, policy.castToParam(r._2)));
      }).apply(s.model());
      ResNet grads = lg._2;
      Update<ResNet, OptState.Chain> u = opt.update(grads, s.opt(), s.model());
      return Tuple.of(new State(Optim.applyUpdates(s.model(), u.updates()), lg._1._2._2, u.state()), lg._1._1,
          Metrics.accuracy(lg._1._2._1, b.labels()), Optim.globalNorm(grads));
    });
    Jitted3<ResNet, ResNet.State, Examples, Array> correct = Graft.jit((ResNet m, ResNet.State s, Examples b) ->
        Metrics.accuracy(policy.castToOutput(policy.castToCompute(m).apply(policy.castToCompute(b.inputs()),
            policy.castToCompute(s), false)._1), b.labels()).mul((double) b.size()));

    Dataset<Examples> trainSet = Dataset.of(train);
    int every = Math.max(1, steps / 20);
    Examples last = null;
    for (int epoch = done + 1; epoch <= done + epochs; epoch++) {
      long e0 = System.nanoTime();
      Iterator<Batch<Examples>> batches = trainSet.batches(batch, epoch, Dataset.Remainder.DROP);
      while (batches.hasNext()) {
        Batch<Examples> b = batches.next();
        last = rgb32(b.data(), gray);
        Tuple4<State, Array, Array, Array> r = step.apply(state, last);
        state = r._1;
        int k = b.index() + 1;
        if (k % every == 0 || k == steps)
          System.out.println(progress(epoch, k, steps, r._2.item().doubleValue(), r._3.item().doubleValue(),
              k * batch / seconds(e0), r._4.item().doubleValue()));
      }
      double acc = evaluate(correct, state, test, Math.min(batch, test.size()), gray);
      System.out.printf(Locale.ROOT, "epoch %d: test accuracy %.2f%% on %d images, epoch %.1f s, %.1f s since start%n",
          epoch, 100 * acc, test.size() / Math.min(batch, test.size()) * Math.min(batch, test.size()), seconds(e0), seconds(t0));
      Checkpoints.save(ckpt, new Checkpoint(state, Array.of(new int[] {epoch}, new int[0])));
    }
    System.out.println("checkpoint: " + ckpt + " (--resume continues from it)");
    if (last != null) {
      Profile p = step.profile(state, last);
      System.out.println("one train step, profiled:");
      System.out.print(p.table(15));
    }
    deploy(state, trainSet, test, batch, gray, out);
  }

  /**
   * The deployment step: post-training INT8 quantization of the trained network ({@link Quantize#resnet}: BatchNorm
   * folded with the running statistics, activations calibrated with the 99.99th percentile over up to 4 training
   * batches), its test accuracy against the f32 network's in evaluation mode, and the ONNX QDQ export.
   */
  static void deploy(State state, Dataset<Examples> trainSet, Examples test, int batch, boolean gray, Path out) {
    long t0 = System.nanoTime();
    List<Array> calibration = new java.util.ArrayList<>();
    Iterator<Batch<Examples>> it = trainSet.batches(batch, 0, Dataset.Remainder.DROP);
    for (int i = 0; i < 4 && it.hasNext(); i++) calibration.add(rgb32(it.next().data(), gray).inputs());
    QuantizedResNet q = Quantize.resnet(state.model(), state.stats(), calibration, Calibrator.percentile(99.99));
    int size = Math.min(batch, test.size()), seen = 0;
    double f32 = 0, int8 = 0;
    Iterator<Batch<Examples>> tb = Dataset.of(test).batches(size, Dataset.Remainder.DROP);
    while (tb.hasNext()) {
      Examples b = rgb32(tb.next().data(), gray);
      f32 += Metrics.accuracy(state.model().apply(b.inputs(), state.stats(), false)._1, b.labels()).item().doubleValue() * size;
      int8 += Metrics.accuracy(q.apply(b.inputs()), b.labels()).item().doubleValue() * size;
      seen += size;
    }
    Path qdq = q.exportOnnx(out.resolve("resnet18-int8-qdq.onnx"), 32, 32, true);
    System.out.printf(Locale.ROOT, "int8: test accuracy %.2f%% (f32 in evaluation mode %.2f%%) on %d images; BatchNorm folded, "
        + "calibrated on %d batches; %.1f s; ONNX QDQ model: %s%n", 100 * int8 / seen, 100 * f32 / seen, seen,
        calibration.size(), seconds(t0), qdq);
  }

  /** Adam after clipping the gradient to global norm {@link #CLIP}. */
  static GradientTransformation<OptState.Chain> optimiser(Schedule lr) {
    return Optim.chain(Optim.clipByGlobalNorm(CLIP), Optim.adam(lr));
  }

  /**
   * Checks that transforms work before the long run: {@code f(x) = Σ x² + 3x}, whose gradient {@code 2x + 3} at
   * {@code [1, 2]} is {@code [5, 7]}.
   *
   * @throws IllegalStateException when the gradient is not {@code [5, 7]}
   */
  static void environmentCheck() {
    Array g = Graft.grad((Array x) -> x.square().add(x.mul(3)).sum()).apply(Array.of(new float[] {1, 2}));
    float[] v = g.toFloatArray();
    boolean ok = Arrays.equals(v, new float[] {5, 7});
    System.out.printf(Locale.ROOT, "environment: Java %s (%s), %d cores; grad of f(x) = x^2 + 3x at [1, 2] = %s %s%n",
        System.getProperty("java.version"), System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
        Arrays.toString(v), ok ? "(expected [5.0, 7.0]: ok)" : "(expected [5.0, 7.0])");
    if (!ok) throw new IllegalStateException("environment check failed: grad of x^2 + 3x at [1, 2] is " + Arrays.toString(v)
        + ", not [5.0, 7.0]; the installation computes wrong gradients");
  }

  /** Test accuracy over {@code set} in batches of {@code size} (the remainder dropped). */
  static double evaluate(Jitted3<ResNet, ResNet.State, Examples, Array> correct, State s, Examples set, int size, boolean gray) {
    double right = 0;
    int seen = 0;
    Iterator<Batch<Examples>> it = Dataset.of(set).batches(size, Dataset.Remainder.DROP);
    while (it.hasNext()) {
      right += correct.apply(s.model(), s.stats(), rgb32(it.next().data(), gray)).item().doubleValue();
      seen += size;
    }
    return right / seen;
  }

  /** The first {@code n} examples. */
  static Examples first(Examples e, int n) {
    int k = Math.min(n, e.size());
    return new Examples(e.inputs().slice(0, k), e.labels().slice(0, k));
  }

  /**
   * A batch as ResNet's input, {@code f32[n, 32, 32, 3]}: as it is for CIFAR-10; for gray 28×28 images each padded by
   * 2 on every side and repeated over 3 channels.
   */
  static Examples rgb32(Examples b, boolean gray) {
    if (!gray) return b;
    int n = b.size();
    float[] src = b.inputs().toFloatArray(), dst = new float[n * 32 * 32 * 3];
    for (int i = 0; i < n; i++)
      for (int y = 0; y < 28; y++)
        for (int x = 0; x < 28; x++) {
          float v = src[(i * 28 + y) * 28 + x];
          int at = ((i * 32 + y + 2) * 32 + x + 2) * 3;
          dst[at] = v;
          dst[at + 1] = v;
          dst[at + 2] = v;
        }
    return new Examples(Array.of(dst, n, 32, 32, 3), b.labels());
  }

  /** {@code n} random normal images {@code f32[n, 32, 32, 3]} with random labels 0..9. */
  static Examples synthetic(int n, int seed) {
    return new Examples(Random.normal(Random.key(seed), n, 32, 32, 3), Random.randint(Random.key(seed + 100), new int[] {n}, 0, 10));
  }

  static String progress(int epoch, int k, int steps, double loss, double acc, double perSecond, double gradNorm) {
    int width = 20, filled = k * width / steps;
    return String.format(Locale.ROOT, "epoch %d [%s%s] %3d/%d  loss %.4f  acc %5.1f%%  %6.1f ex/s  |g| %.3f",
        epoch, "=".repeat(filled), " ".repeat(width - filled), k, steps, loss, 100 * acc, perSecond, gradNorm);
  }

  static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }
}
