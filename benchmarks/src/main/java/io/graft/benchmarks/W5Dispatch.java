package io.graft.benchmarks;

import io.graft.Array;
import io.graft.ArrayFn;
import io.graft.Graft;
import io.graft.Jitted;
import io.vavr.Tuple2;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.*;

/**
 * W5: dispatch overhead. Value and gradient of {@code f(x) = sum(g^25(x))}, {@code g(x) = sin(x) * 1.01 + 0.1}, on
 * a 10-element f32 vector: 76 primitive ops forward. {@link #graftEager} runs it through {@code Graft.valueAndGrad}
 * eagerly; {@link #handCodedFloor} is the same forward and reverse pass hand-written in plain Java (no library), the
 * floor any framework overhead is measured against; {@link #graftJit} runs {@code Graft.jit} of the same
 * {@code valueAndGrad} (one compiled graph per call, still one kernel call per op). Figure: us / call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class W5Dispatch {
  static final int N = 10, DEPTH = 25;
  static final float SCALE = 1.01f, SHIFT = 0.1f;

  static Array f(Array x) {
    Array h = x;
    for (int i = 0; i < DEPTH; i++) h = h.sin().mul(SCALE).add(SHIFT);
    return h.sum();
  }

  /** {@code f} and its gradient in f32, by hand: keeps the 25 sin inputs, then walks them backwards. */
  static float handCoded(float[] x, float[] grad, float[][] tape) {
    float value = 0;
    for (int j = 0; j < x.length; j++) {
      float h = x[j];
      for (int i = 0; i < DEPTH; i++) {
        tape[i][j] = h;
        h = (float) Math.sin(h) * SCALE + SHIFT;
      }
      value += h;
      float ct = 1;
      for (int i = DEPTH - 1; i >= 0; i--) ct *= (float) Math.cos(tape[i][j]) * SCALE;
      grad[j] = ct;
    }
    return value;
  }

  private Array x;
  private float[] xs, grad;
  private float[][] tape;
  private Function<Array, Tuple2<Array, Array>> vg;
  private Jitted<Array, Tuple2<Array, Array>> jitted;

  @Setup public void setup() {
    x = Inputs.uniform(8, -1, 1, N);
    xs = x.toFloatArray();
    grad = new float[N];
    tape = new float[DEPTH][N];
    vg = Graft.valueAndGrad((ArrayFn) W5Dispatch::f);
    jitted = Graft.jit(vg);
  }

  @Benchmark public Tuple2<Array, Array> graftEager() { return vg.apply(x); }

  @Benchmark public Tuple2<Array, Array> graftJit() { return jitted.apply(x); }

  @Benchmark public float[] handCodedFloor() {
    grad[0] += handCoded(xs, grad, tape) * 0;   // the value feeds the result so it is not dead code
    return grad;
  }

  /** Graft's value and gradient, eager and jitted, agree with the hand-coded floor. */
  public static void check() {
    W5Dispatch s = new W5Dispatch();
    s.setup();
    Tuple2<Array, Array> got = s.graftEager();
    float[] grad = new float[N];
    float value = handCoded(s.xs, grad, new float[DEPTH][N]);
    Inputs.near("W5 value", value, got._1.item().doubleValue(), 1e-5);
    float[] g = got._2.toFloatArray();
    for (int j = 0; j < N; j++) Inputs.near("W5 grad[" + j + "]", grad[j], g[j], 1e-5);
    Tuple2<Array, Array> jit = s.graftJit();
    Inputs.near("W5 jit value", value, jit._1.item().doubleValue(), 1e-5);
    float[] jg = jit._2.toFloatArray();
    for (int j = 0; j < N; j++) Inputs.near("W5 jit grad[" + j + "]", grad[j], jg[j], 1e-5);
  }
}
