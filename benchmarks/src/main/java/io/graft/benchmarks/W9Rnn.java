package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.Lax;
import io.graft.TreeFn;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.control.Option;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.*;

/**
 * W9: a tanh RNN {@code h' = tanh(x W + h U + b)}, input and hidden 256, batch 32, sequence 100, f32: the loss
 * {@code sum(h_T) + sum_t sum(h_t)} and its gradient with respect to {@code (W, U, b)}, jitted. {@link #scanGrad} writes
 * the recurrence with {@code Lax.scan} (one forward scan stacking residuals, one reverse scan); {@link #loopGrad} with
 * a Java loop, unrolled into the graph (the "Python loop with autograd" shape). Figure: ms per call (the issue's
 * "ms / step" divides by 100). {@link #scanGradUnhoisted} is {@link #scanGrad} compiled with the jit's {@code scan_hoist}
 * pass off ({@code -Dgraft.scanHoist=false} while it compiles), for a before/after comparison in one run.
 * {@link W9Compile} measures trace + compile time against the sequence length.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class W9Rnn {
  /** The RNN's parameters. */
  public record Params(Array w, Array u, Array b) {}

  @Param({"100"})
  public int steps;

  private Params params;
  private Function<Params, Params> scan, scanUnhoisted, loop;

  /** The parameters for input and hidden size {@code n}. */
  static Params init(int n) {
    return new Params(Inputs.uniform(11, -0.06f, 0.06f, n, n), Inputs.uniform(12, -0.06f, 0.06f, n, n), Inputs.uniform(13, -0.06f, 0.06f, n));
  }

  /** The loss by {@code Lax.scan}. */
  static Array lossScan(Params p, Array xs, Array h0) {
    Tuple2<Array, Array> r = Lax.scan((Array h, Array x) -> {
      Array h2 = x.matmul(p.w()).add(h.matmul(p.u())).add(p.b()).tanh();
      return Tuple.of(h2, h2.sum());
    }, h0, xs);
    return r._1.sum().add(r._2.sum());
  }

  /** The same loss by a Java loop (unrolled when traced). */
  static Array lossLoop(Params p, Array xs, Array h0) {
    Array h = h0, total = null;
    for (int t = 0; t < xs.shape()[0]; t++) {
      h = xs.get(t).matmul(p.w()).add(h.matmul(p.u())).add(p.b()).tanh();
      total = total == null ? h.sum() : total.add(h.sum());
    }
    return h.sum().add(total);
  }

  static Function<Params, Params> gradScan(Array xs, Array h0) { return Graft.jit(Graft.grad((TreeFn<Params>) p -> lossScan(p, xs, h0))); }

  static Function<Params, Params> gradLoop(Array xs, Array h0) { return Graft.jit(Graft.grad((TreeFn<Params>) p -> lossLoop(p, xs, h0))); }

  @Setup public void setup() {
    params = init(256);
    Array xs = Inputs.uniform(14, -1, 1, steps, 32, 256), h0 = Inputs.uniform(15, -1, 1, 32, 256);
    scan = gradScan(xs, h0);
    loop = gradLoop(xs, h0);
    String was = System.getProperty("graft.scanHoist");
    System.setProperty("graft.scanHoist", "false");   // read while compiling: the first call
    try {
      scanUnhoisted = gradScan(xs, h0);
      scanUnhoisted.apply(params);
    } finally {
      if (was == null) System.clearProperty("graft.scanHoist");
      else System.setProperty("graft.scanHoist", was);
    }
  }

  @Benchmark public Params scanGrad() { return scan.apply(params); }

  @Benchmark public Params scanGradUnhoisted() { return scanUnhoisted.apply(params); }

  @Benchmark public Params loopGrad() { return loop.apply(params); }

  /** At small sizes: the scan's gradient equals the unrolled loop's, eagerly and jitted. */
  public static void check() {
    Params p = init(8);
    Array xs = Inputs.uniform(14, -1, 1, 5, 3, 8), h0 = Inputs.uniform(15, -1, 1, 3, 8);
    Params want = Graft.grad((TreeFn<Params>) q -> lossLoop(q, xs, h0)).apply(p);
    for (Params got : new Params[] {Graft.grad((TreeFn<Params>) q -> lossScan(q, xs, h0)).apply(p), gradScan(xs, h0).apply(p)}) {
      float[] a = want.u().toFloatArray(), b = got.u().toFloatArray();
      for (int i = 0; i < a.length; i++) Inputs.near("W9 dL/dU[" + i + "] scan vs loop", a[i], b[i], 1e-4);
      float[] c = want.w().toFloatArray(), d = got.w().toFloatArray();
      for (int i = 0; i < c.length; i++) Inputs.near("W9 dL/dW[" + i + "] scan vs loop", c[i], d[i], 1e-4);
    }
  }

  /**
   * Trace + compile + first run of a fresh {@code jit(grad(scan))} for 10 and 10,000 steps (hidden 32, batch 4): with
   * the body traced once and compiled once, it should not grow with the length beyond the run itself (subtract the
   * steady-state call of {@link W9Rnn} at the same length to isolate it). Figure: ms (SingleShotTime).
   */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 30)      // the tracer and compiler warm up too: with 5, traceAndCompile read 5.4 / 12.2 ms
  @Measurement(iterations = 20) // (10 / 10,000 steps); a probe after 30 compiles, 3.1 / 3.6 ms
  @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
  public static class W9Compile {
    @Param({"10", "10000"})
    public int steps;

    private Params params;
    private Array xs, h0;
    private Function<Params, Params> steady;

    @Setup(Level.Trial) public void setup() {
      params = init(32);
      xs = Inputs.uniform(14, -1, 1, steps, 4, 32);
      h0 = Inputs.uniform(15, -1, 1, 4, 32);
      steady = gradScan(xs, h0);
      steady.apply(params);
    }

    /** A fresh jit: trace, compile, one run. */
    @Benchmark public Params firstCall() { return gradScan(xs, h0).apply(params); }

    /** The steady-state call, to subtract. */
    @Benchmark public Params steadyCall() { return steady.apply(params); }

    /**
     * Trace + compile alone of a fresh {@code jit(grad(scan))}: {@code lower} traces and compiles for the arguments'
     * signature without running, so the figure is what {@code firstCall - steadyCall} estimates, without the noise of
     * two runs of 10,000 steps.
     */
    @SuppressWarnings("unchecked")
    @Benchmark public String traceAndCompile() { return ((Jitted<Params, Params>) gradScan(xs, h0)).lower(params); }
  }
}
