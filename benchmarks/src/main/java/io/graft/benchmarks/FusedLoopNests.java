package io.graft.benchmarks;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.cpu.CompiledKernel;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Unary;
import io.graft.jit.cpu.FusedKernels;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The fused loop-nest kernels of the jit (kernel IR {@code io.graft.jit.kernel}, CPU backend {@code io.graft.jit.cpu}) alone, f32:
 * {@link #w2Sum} = W2's {@code sum(tanh(x)*y + exp(-x*x))} over N = 2^22 as one kernel (GB/s = 8N / t);
 * {@link #biasAddRelu} = {@code max(a + b, 0)} for a: [256,1024], b: [1024] broadcast over rows (GB/s = 8 * 256K / t,
 * read a + write out); {@link #sumAxis0} = {@code sum(a, axis 0)} of [256,1024] (GB/s = 4 * 256K / t). The
 * {@code ...PlainLoop} methods are hand-written single-threaded Java loops of the same work, for scale.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FusedLoopNests {
  static final int N = 1 << 22, ROWS = 256, COLS = 1024;
  private static final Expr X = new Input(0), Y = new Input(1);

  private NdArray x, y, a, b;
  private CompiledKernel w2, biasRelu, sum0, rowSum;

  @Setup public void setup() {
    x = NdArray.wrap(Shape.of(N), Inputs.uniformFloats(3, N, -1, 1));
    y = NdArray.wrap(Shape.of(N), Inputs.uniformFloats(4, N, -1, 1));
    a = NdArray.wrap(Shape.of(ROWS, COLS), Inputs.uniformFloats(5, ROWS * COLS, -1, 1));
    b = NdArray.wrap(Shape.of(COLS), Inputs.uniformFloats(6, COLS, -1, 1));
    Expr w2Body = new Binary(BinaryFn.ADD, new Binary(BinaryFn.MUL, new Unary(UnaryFn.TANH, X), Y),
        new Unary(UnaryFn.EXP, new Unary(UnaryFn.NEG, new Binary(BinaryFn.MUL, X, X))));
    w2 = FusedKernels.compile(Kernel.reduceAll(DType.F32, Shape.of(N), 2, w2Body, Reduction.SUM));
    Shape sp = Shape.of(ROWS, COLS);
    biasRelu = FusedKernels.compile(new Kernel(DType.F32, sp,
        List.of(Access.contiguous(DType.F32, sp), Access.broadcast(DType.F32, Shape.of(COLS), Ints.of(1), sp)),
        new Binary(BinaryFn.MAX, new Binary(BinaryFn.ADD, X, Y), new Constant(0)), Reduction.NONE, Ints.of(), DType.F32));
    sum0 = FusedKernels.compile(new Kernel(DType.F32, sp, List.of(Access.contiguous(DType.F32, sp)), X,
        Reduction.SUM, Ints.of(0), DType.F32));
    Shape narrow = Shape.of(ROWS * COLS / 10, 10);
    rowSum = FusedKernels.compile(new Kernel(DType.F32, narrow, List.of(Access.contiguous(DType.F32, narrow)),
        new Unary(UnaryFn.EXP, X), Reduction.SUM, Ints.of(1), DType.F32));
  }

  @Benchmark public NdArray w2Sum() { return w2.apply(x, y); }

  @Benchmark public NdArray biasAddRelu() { return biasRelu.apply(a, b); }

  @Benchmark public NdArray sumAxis0() { return sum0.apply(a); }

  /** Softmax-style {@code sum(exp(a), axis 1)} of [26214, 10]: many short rows. */
  @Benchmark public NdArray expSumShortRows() { return rowSum.apply(a); }

  /** Reference point: {@link #biasAddRelu} as a plain single-threaded Java loop (C2 auto-vectorises it). */
  @Benchmark public float[] biasAddReluPlainLoop() {
    float[] av = a.f32(), bv = b.f32(), out = new float[ROWS * COLS];
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < COLS; j++) out[i * COLS + j] = Math.max(av[i * COLS + j] + bv[j], 0f);
    }
    return out;
  }

  /** Reference point: {@link #sumAxis0} as a plain single-threaded Java loop (f32 accumulators). */
  @Benchmark public float[] sumAxis0PlainLoop() {
    float[] av = a.f32(), out = new float[COLS];
    for (int i = 0; i < ROWS; i++) {
      for (int j = 0; j < COLS; j++) out[j] += av[i * COLS + j];
    }
    return out;
  }

  /** Each kernel against plain Java loops. */
  public static void check() {
    FusedLoopNests f = new FusedLoopNests();
    f.setup();
    float[] xv = f.x.f32(), yv = f.y.f32(), av = f.a.f32(), bv = f.b.f32();
    double want = 0;
    for (int i = 0; i < N; i++) want += Math.tanh(xv[i]) * yv[i] + Math.exp(-(double) xv[i] * xv[i]);
    Inputs.near("fused W2 sum", want, f.w2Sum().f32()[0], 1e-5);
    float[] relu = f.biasAddRelu().f32(), sum0 = f.sumAxis0().f32();
    for (int j = 0; j < COLS; j++) {
      double s = 0;
      for (int i = 0; i < ROWS; i++) {
        s += av[i * COLS + j];
        Inputs.near("fused bias+relu", Math.max(av[i * COLS + j] + bv[j], 0f), relu[i * COLS + j], 0);
      }
      Inputs.near("fused sum over axis 0", s, sum0[j], 1e-5);
    }
  }
}
