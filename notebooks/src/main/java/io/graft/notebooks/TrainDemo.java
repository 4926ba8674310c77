package io.graft.notebooks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted2;
import io.graft.Random;
import io.graft.ShapeDtype;
import io.graft.data.Batch;
import io.graft.data.Dataset;
import io.graft.data.Examples;
import io.graft.data.FashionMnist;
import io.graft.data.Prefetch;
import io.graft.data.Splits;
import io.graft.io.Checkpoints;
import io.graft.nn.Losses;
import io.graft.nn.Metrics;
import io.graft.nn.SmallCnn;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Schedule;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.Tuple4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training demo that {@code ./graft demo} runs: {@link SmallCnn} (conv 3×3 16 → relu → max-pool 2 → conv 3×3 32 →
 * relu → max-pool 2 → dense 128 → relu → dense 10) trained on Fashion-MNIST with Adam (peak learning rate 3.5e-3 after
 * 50 warm-up steps, cosine decay to a hundredth of it over the epochs trained; batch 128) by a jitted train step, a progress line per tenth of an epoch (loss, accuracy, examples/s, global gradient norm),
 * test accuracy per epoch, a {@code .npz} checkpoint after every epoch ({@link Checkpoints}) and a PNG of the loss
 * and accuracy curves ({@link Plots}). {@code --resume} continues from the checkpoint, curves included;
 * {@code --epochs N} sets how many epochs this run trains (default 2), {@code --widths c1,c2,hidden} and {@code --lr PEAK}
 * the model and the schedule. Output goes to {@code notebooks/target/demo}.
 */
public final class TrainDemo {
  private TrainDemo() {}

  /** What the train step carries from step to step: the model and Adam's state. */
  public record State(SmallCnn model, OptState.Chain opt) {}

  /**
   * The curves so far, saved with the model so a resumed run continues them.
   *
   * @param loss         mean training loss per tenth of an epoch
   * @param testAccuracy test accuracy after each epoch
   */
  public record Curves(Array loss, Array testAccuracy) {}

  /** The checkpoint: state, curves and the number of epochs trained. */
  public record Checkpoint(State state, Curves curves, Array epochs) {}

  static final int BATCH = 128;
  static final int C1 = 16, C2 = 32, HIDDEN = 128;
  static final double LEARNING_RATE = 3.5e-3;
  static final int WARMUP_STEPS = 50;
  static final int LOGS_PER_EPOCH = 10;

  public static void main(String[] args) throws Exception {
    List<String> opts = List.of((args.length > 0 ? String.join(" ", args) : System.getenv().getOrDefault("GRAFT_DEMO_ARGS", "")).trim().split("\\s+"));
    int epochs = opts.contains("--epochs") ? Integer.parseInt(opts.get(opts.indexOf("--epochs") + 1)) : 2;
    boolean resume = opts.contains("--resume");
    int[] widths = opts.contains("--widths")
        ? java.util.Arrays.stream(opts.get(opts.indexOf("--widths") + 1).split(",")).mapToInt(Integer::parseInt).toArray()
        : new int[] {C1, C2, HIDDEN};
    double lr = opts.contains("--lr") ? Double.parseDouble(opts.get(opts.indexOf("--lr") + 1)) : LEARNING_RATE;
    Path out = Path.of("target", "demo").toAbsolutePath();
    Files.createDirectories(out);
    Path ckpt = out.resolve("fashion-mnist-cnn.npz"), plot = out.resolve("curves.png");

    long t0 = System.nanoTime();
    Splits data = FashionMnist.load();
    Examples train = images(data.train()), test = images(data.test());
    System.out.printf(Locale.ROOT, "Fashion-MNIST: %d training and %d test images of 28x28, loaded in %.1f s%n",
        train.size(), test.size(), seconds(t0));

    SmallCnn init = SmallCnn.init(Random.key(0), 28, 28, 1, widths[0], widths[1], widths[2], 10);
    System.out.printf(Locale.ROOT, "SmallCnn: conv 3x3 %d, max-pool, conv 3x3 %d, max-pool, dense %d, dense 10; Adam, peak learning rate %g (warm-up, cosine), batch %d%n",
        widths[0], widths[1], widths[2], lr, BATCH);
    // the state's structure (the target a checkpoint loads into) is the same for every schedule
    State state = new State(init, Optim.adam(Schedule.constant(lr)).init(init));
    List<Float> lossCurve = new ArrayList<>();
    List<Float> accCurve = new ArrayList<>();
    int done = 0;
    if (resume && Files.exists(ckpt)) {
      Checkpoint c = Checkpoints.load(ckpt, target(ckpt, state));
      state = c.state();
      for (float v : c.curves().loss().toFloatArray()) lossCurve.add(v);
      for (float v : c.curves().testAccuracy().toFloatArray()) accCurve.add(v);
      done = c.epochs().item().intValue();
      System.out.printf(Locale.ROOT, "resumed from %s after %d epochs (test accuracy %.2f%%)%n", ckpt, done,
          100 * accCurve.get(accCurve.size() - 1));
    } else if (resume) {
      System.out.println("no checkpoint at " + ckpt + ": training from the start");
    }

    // warm-up then cosine decay to a hundredth of the peak over every epoch trained so far, this run's included
    int stepsPerEpoch = train.size() / BATCH;
    GradientTransformation<OptState.Chain> adam = Optim.adam(Schedule.warmupCosineDecay(0, lr, WARMUP_STEPS,
        Math.max(WARMUP_STEPS + 1, (done + epochs) * stepsPerEpoch), lr / 100));
    if (done == 0) state = new State(init, adam.init(init));
    Jitted2<State, Examples, Tuple4<State, Array, Array, Array>> step = Graft.jit((State s, Examples b) -> {
      Tuple2<Tuple2<Array, Array>, SmallCnn> lg = Graft.valueAndGradWithAux((SmallCnn m) -> {
        Array logits = m.apply(b.inputs());
        return Tuple.of(Losses.softmaxCrossEntropyWithIntegerLabels(logits, b.labels()).mean(), logits);
      }).apply(s.model());
      SmallCnn grads = lg._2;
      Update<SmallCnn, OptState.Chain> u = adam.update(grads, s.opt(), s.model());
      return Tuple.of(new State(Optim.applyUpdates(s.model(), u.updates()), u.state()), lg._1._1,
          Metrics.accuracy(lg._1._2, b.labels()), Optim.globalNorm(grads));
    }).donatingArgs(0);   // each step's state replaces the last: its buffers are recycled for the next
    Jitted2<SmallCnn, Examples, Array> correct = Graft.jit((SmallCnn m, Examples b) ->
        Metrics.accuracy(m.apply(b.inputs()), b.labels()).mul((double) b.size()));

    Dataset<Examples> trainSet = Dataset.of(train), testSet = Dataset.of(test);
    int steps = trainSet.batchCount(BATCH, Dataset.Remainder.DROP);
    double reached = Double.NaN;
    for (int epoch = done + 1; epoch <= done + epochs; epoch++) {
      long e0 = System.nanoTime();
      double lossSum = 0, accSum = 0;
      int inChunk = 0;
      try (Prefetch<Batch<Examples>> batches = Prefetch.of(trainSet.batches(BATCH, epoch, Dataset.Remainder.DROP), 4)) {
        while (batches.hasNext()) {
          Batch<Examples> b = batches.next();
          Tuple4<State, Array, Array, Array> r = step.apply(state, b.data());
          state = r._1;
          lossSum += r._2.item().doubleValue();
          accSum += r._3.item().doubleValue();
          inChunk++;
          int k = b.index() + 1;
          if (k * LOGS_PER_EPOCH / steps > (k - 1) * LOGS_PER_EPOCH / steps || k == steps) {
            lossCurve.add((float) (lossSum / inChunk));
            System.out.println(progress(epoch, k, steps, lossSum / inChunk, accSum / inChunk,
                k * BATCH / seconds(e0), r._4.item().doubleValue()));
            lossSum = accSum = 0;
            inChunk = 0;
          }
        }
      }
      double acc = evaluate(correct, state.model(), testSet);
      accCurve.add((float) acc);
      double total = seconds(t0);
      if (acc >= 0.9 && Double.isNaN(reached)) reached = total;
      System.out.printf(Locale.ROOT, "epoch %d: test accuracy %.2f%%, epoch %.1f s, %.1f s since start%n",
          epoch, 100 * acc, seconds(e0), total);
      Checkpoints.save(ckpt, new Checkpoint(state, new Curves(floats(lossCurve), floats(accCurve)), Array.of(new int[] {epoch}, new int[0])));
      Plots.lossAndAccuracy(lossCurve, accCurve, LOGS_PER_EPOCH, plot);
    }
    System.out.println("checkpoint: " + ckpt + " (./graft demo --resume continues from it)");
    System.out.println("curves:     " + plot);
    if (!Double.isNaN(reached))
      System.out.printf(Locale.ROOT, "reached 90%% test accuracy %.1f s after start (data loading and compilation included)%n", reached);
  }

  /** Images {@code f32[n, 28, 28]} as {@code f32[n, 28, 28, 1]} (channels last), labels as they are. */
  static Examples images(Examples e) {
    int[] s = e.inputs().shape();
    return new Examples(e.inputs().reshape(s[0], s[1], s[2], 1), e.labels());
  }

  /** Test accuracy over the whole set, in batches of 500 (the last one padded and masked by its size). */
  static double evaluate(Jitted2<SmallCnn, Examples, Array> correct, SmallCnn model, Dataset<Examples> set) {
    double right = 0;
    var it = set.batches(500, Dataset.Remainder.DROP);
    while (it.hasNext()) right += correct.apply(model, it.next().data()).item().doubleValue();
    return right / (set.size() / 500 * 500);
  }

  /** The checkpoint's structure for loading: the model and optimiser as now, curves as long as the file's. */
  static Checkpoint target(Path ckpt, State like) {
    var entries = Checkpoints.entries(ckpt);
    ShapeDtype loss = entries.get("curves.loss").getOrElseThrow(() -> new IllegalStateException(ckpt + " has no curves.loss"));
    ShapeDtype acc = entries.get("curves.testAccuracy").getOrElseThrow(() -> new IllegalStateException(ckpt + " has no curves.testAccuracy"));
    return new Checkpoint(like, new Curves(loss.array(), acc.array()), Array.of(new int[] {0}, new int[0]));
  }

  static String progress(int epoch, int k, int steps, double loss, double acc, double perSecond, double gradNorm) {
    int width = 20, filled = k * width / steps;
    return String.format(Locale.ROOT, "epoch %d [%s%s] %3d/%d  loss %.4f  acc %5.1f%%  %6.0f ex/s  |g| %.3f",
        epoch, "=".repeat(filled), " ".repeat(width - filled), k, steps, loss, 100 * acc, perSecond, gradNorm);
  }

  static Array floats(List<Float> xs) {
    float[] a = new float[xs.size()];
    for (int i = 0; i < a.length; i++) a[i] = xs.get(i);
    return Array.of(a);
  }

  static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }
}
