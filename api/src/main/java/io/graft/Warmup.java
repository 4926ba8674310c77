package io.graft;

import io.graft.nn.Activation;
import io.graft.nn.Losses;
import io.graft.nn.Mlp;
import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warms Graft's own code on a background thread while a program sets itself up: the JVM compiles what a first jitted
 * train step runs (tracing, differentiation, the jit's passes, kernel generation, the run-time dispatch, the Vector
 * API's fallbacks) before the program's first step instead of during its first epoch.
 *
 * <p>The thread ({@code graft-warmup}, a daemon) trains tiny MLPs on random data with jitted steps, one program after
 * another: the activations tanh, gelu and relu, softmax cross-entropy and mean squared error, Adam and SGD with
 * momentum, a few features and a batch of about ten, twenty steps each. It stops at the first jit compilation of
 * another thread (the program's own first step has begun; from there the two would only compete for the cores), after
 * {@value #PROGRAMS} programs or 3 s, or at its first error (logged at {@code DEBUG}, never thrown). Its results are
 * thrown away, and nothing it does changes a value a program computes: the kernels' generated classes it leaves in
 * {@code LoopClasses} are the ones the same kernels would generate.
 *
 * <pre>{@code
 * Warmup.start();                       // first thing in main: overlaps the warm-up with everything before step 1
 * Splits data = FashionMnist.load();    // reading a dataset (Idx, Cifar10) starts it too
 * }</pre>
 *
 * <p>It does not start with {@code -Dgraft.warmup=false}, or on a JVM with fewer than two processors (it would take
 * the program's only core). W10 (Fashion-MNIST, {@code benchmarks}, 2-core machine): the first epoch went from 2.02
 * to 1.60 s in JMH, and in a plain JVM from 1.78 to 1.63 s, the time from the JVM's start to the end of the first epoch
 * from 2.73 to 2.66 s (the rest of what the warm-up costs is spent beside the data loading); see
 * {@code docs/architecture.md}, "A warm-up beside the set-up".
 */
public final class Warmup {
  private Warmup() {}

  /** The most programs one warm-up trains. */
  static final int PROGRAMS = 24;
  /** Jitted steps per program. */
  static final int STEPS = 20;
  /**
   * The longest a warm-up runs: a program that reads data and then never jits (eager training) gets its second core
   * back after this at the latest.
   */
  static final long MAX_NANOS = 3_000_000_000L;

  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final AtomicInteger DONE = new AtomicInteger();
  private static volatile Thread thread;
  private static volatile boolean stop;

  /**
   * Starts the warm-up once per JVM and returns at once; later calls, and calls where it is switched off, do nothing.
   */
  public static void start() {
    if (enabled(System.getProperty("graft.warmup"), Runtime.getRuntime().availableProcessors())) startThread();
  }

  /** Whether {@link #start} starts the thread, given {@code -Dgraft.warmup} (or null) and the processor count. */
  static boolean enabled(String property, int processors) { return !"false".equals(property) && processors >= 2; }

  /** Starts the thread whatever the property says (tests); false if it had started before. */
  static boolean startThread() {
    if (!STARTED.compareAndSet(false, true)) return false;
    Thread t = new Thread(Warmup::run, "graft-warmup");
    t.setDaemon(true);
    thread = t;
    t.start();
    return true;
  }

  /** Called by each jit compilation: another thread's first compilation ends the warm-up after its current step. */
  static void compiling() {
    Thread t = thread;
    if (t != null && !stop && Thread.currentThread() != t) stop = true;
  }

  /** The warm-up's thread, or null before it started. */
  static Thread thread() { return thread; }

  /** How many programs the warm-up has finished. */
  static int programsDone() { return DONE.get(); }

  private static void run() {
    long deadline = System.nanoTime() + MAX_NANOS;
    java.util.function.BooleanSupplier over = () -> stop || System.nanoTime() - deadline > 0;
    try {
      for (int r = 0; r < PROGRAMS && !over.getAsBoolean(); r++) {
        program(r, over);
        DONE.incrementAndGet();
      }
    } catch (Throwable e) {
      System.getLogger(Warmup.class.getName()).log(System.Logger.Level.DEBUG, "Graft's warm-up stopped at an error", e);
    }
  }

  /**
   * Program {@code r}: a tiny MLP trained {@link #STEPS} jitted steps (fewer once stopped); the choices rotate with
   * {@code r}. Returns the loss before the first and before the last step it ran ({@code NaN} if {@code stopped} said
   * true before the first).
   */
  static double[] program(int r, java.util.function.BooleanSupplier stopped) {
    int in = 12 + r % 7, hidden = 20 + r % 5, out = 4 + r % 3, batch = 8 + r % 4;
    Activation act = r % 3 == 0 ? Activation.TANH : r % 3 == 1 ? Activation.GELU : Activation.RELU;
    boolean crossEntropy = r % 3 != 1;
    GradientTransformation<OptState.Chain> opt = r % 2 == 0 ? Optim.adam(1e-3) : Optim.sgd(1e-2, 0.9, false);
    Mlp model = Mlp.init(Random.key(r), act, in, hidden, out);
    Array x = Random.normal(Random.key(r + 1000), batch, in);
    Array y = crossEntropy ? Random.randint(Random.key(r + 2000), new int[] {batch}, 0, out)
        : Random.normal(Random.key(r + 2000), batch, out);
    Jitted2<Tuple2<Mlp, OptState.Chain>, Array, Tuple2<Tuple2<Mlp, OptState.Chain>, Array>> step =
        Graft.jit((Tuple2<Mlp, OptState.Chain> s, Array xb) -> {
          Tuple2<Array, Mlp> lossAndGrad = Graft.valueAndGrad((Mlp m) -> crossEntropy
              ? Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(xb), y).mean()
              : Losses.mse(m.apply(xb), y)).apply(s._1);
          Update<Mlp, OptState.Chain> u = opt.update(lossAndGrad._2, s._2, s._1);
          return Tuple.of(Tuple.of(Optim.applyUpdates(s._1, u.updates()), u.state()), lossAndGrad._1);
        }).donatingArgs(0);
    Tuple2<Mlp, OptState.Chain> s = Tuple.of(model, opt.init(model));
    double first = Double.NaN, last = Double.NaN;
    for (int i = 0; i < STEPS && !stopped.getAsBoolean(); i++) {
      Tuple2<Tuple2<Mlp, OptState.Chain>, Array> next = step.apply(s, x);
      s = next._1;
      last = next._2.item().doubleValue();
      if (i == 0) first = last;
    }
    return new double[] {first, last};
  }
}
