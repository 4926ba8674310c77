package io.graft.benchmarks;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted;
import io.graft.benchmarks.W3MlpStep.Mlp;
import io.vavr.Tuple2;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.*;

/**
 * W8: time to first result of a compiled W3 train step: a fresh {@code Graft.jit} of the step per invocation, so each
 * measured call traces, optimises, compiles and runs it once. {@code @Setup(Level.Trial)} first compiles and runs
 * another function (W2's, on small inputs), so class loading and the first-ever compile are excluded, as the workload
 * asks; JMH's warm-up iterations (themselves first compiles of W3) warm the JVM further. Figure: ms
 * (SingleShotTime, one call per iteration).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class W8FirstCompile {
  private Mlp params;
  private Function<Mlp, Tuple2<Array, Mlp>> step;

  @Setup(Level.Trial) public void setup() {
    Tuple2<Array, Array> xy = W3MlpStep.batch(256, 784);
    params = Mlp.init(784, 1024);
    step = W3MlpStep.step(xy._1, xy._2);
    Array x = Inputs.uniform(3, -1, 1, 1024), y = Inputs.uniform(4, -1, 1, 1024);
    Graft.jit((Tuple2<Array, Array> t) -> W2FusedElementwise.f(t._1, t._2)).apply(new Tuple2<>(x, y)).item();
  }

  /** A fresh jit of the W3 step, traced, compiled and run once: the loss of its first result. */
  @Benchmark public Array firstCompiledStep() {
    Jitted<Mlp, Tuple2<Array, Mlp>> jitted = Graft.jit(step);
    return jitted.apply(params)._1;
  }

  /** A fresh jit compiles exactly once and returns eager's first loss (the small W3 sizes). */
  public static void check() {
    Tuple2<Array, Array> xy = W3MlpStep.batch(32, 64);
    Mlp p = Mlp.init(64, 48);
    Function<Mlp, Tuple2<Array, Mlp>> step = W3MlpStep.step(xy._1, xy._2);
    Jitted<Mlp, Tuple2<Array, Mlp>> jitted = Graft.jit(step);
    if (jitted.compiledSignatures() != 0) throw new AssertionError("W8: a fresh jit has compiled already");
    double got = jitted.apply(p)._1.item().doubleValue();
    if (jitted.compiledSignatures() != 1) throw new AssertionError("W8: want 1 compile, got " + jitted.compiledSignatures());
    Inputs.near("W8 first jitted loss vs eager", step.apply(p)._1.item().doubleValue(), got, 1e-5);
  }
}
