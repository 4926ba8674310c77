package io.graft.jit.cpu;

import io.graft.jit.kernel.UnaryFn;
import io.graft.jit.kernel.KernelText;
import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Unary;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fused f32 sums add in f64 on every backend (scalar loop, block evaluator, register vector loop), so they equal the
 * f64 sum of the body's f32 values rounded once; and their chunking is a function of the sizes, not the threads.
 */
class FusedSumsTest {
  private static final int N = 1 << 22;
  private static final Input X = new Input(0);

  private static Kernel sumKernel(Expr body) {
    Shape space = Shape.of(N);
    return new Kernel(DType.F32, space, List.of(Access.contiguous(DType.F32, space)), body, Reduction.SUM, Ints.of(0), DType.F32);
  }

  /** The f64 sum of the body's f32 values (written by an elementwise kernel of the same body), rounded to f32. */
  private static float reference(Expr body, NdArray x) {
    Shape space = Shape.of(N);
    Kernel write = new Kernel(DType.F32, space, List.of(Access.contiguous(DType.F32, space)), body, Reduction.NONE, Ints.of(), DType.F32);
    double s = 0;
    for (float v : FusedKernels.compileUncached(write, false).apply(x).f32()) s += v;
    return (float) s;
  }

  @Test void everyBackendSumsInF64() {
    float[] a = new float[N];
    Arrays.fill(a, 0.1f);
    NdArray x = NdArray.wrap(Shape.of(N), a);
    Expr twice = new Binary(BinaryFn.MUL, X, new Constant(2));                          // register vector loop
    Expr inlined = new Binary(BinaryFn.ADD, new Unary(UnaryFn.ABS, new Unary(UnaryFn.EXP, new Unary(UnaryFn.NEG, X))),
        new Unary(UnaryFn.TANH, X));                                                    // two transcendentals: register loop
    Expr blocks = new Binary(BinaryFn.ADD, new Binary(BinaryFn.MUL, new Unary(UnaryFn.FLOOR, new Binary(BinaryFn.MUL, X,
        new Constant(1000))), new Constant(0.001)), new Unary(UnaryFn.TANH, X));         // floor: blocks
    for (Expr body : List.of(twice, inlined, blocks)) {
      Kernel k = sumKernel(body);
      float want = reference(body, x);
      for (boolean simd : new boolean[] {true, false}) {
        float got = FusedKernels.compileUncached(k, simd).apply(x).f32()[0];
        assertEquals(want, got, KernelText.render(k) + " simd=" + simd);
      }
    }
  }

  @Test void foldChunksDependOnSizesOnly() {
    Kernel k = sumKernel(new Binary(BinaryFn.MUL, X, new Constant(2)));
    LoopNest nest = LoopNest.of(k);
    assertEquals(NestRunner.MAX_CHUNKS, NestRunner.foldChunks(nest), "2^22 elements: the cap, whatever the thread count");
    Shape cols = Shape.of(1 << 16, 256);
    Kernel byCols = new Kernel(DType.F32, cols, List.of(Access.contiguous(DType.F32, cols)), X, Reduction.SUM, Ints.of(0), DType.F32);
    assertEquals(64, NestRunner.foldChunks(LoopNest.of(byCols)));
    Shape wide = Shape.of(2, 1 << 20);
    Kernel byWide = new Kernel(DType.F32, wide, List.of(Access.contiguous(DType.F32, wide)), X, Reduction.SUM, Ints.of(0), DType.F32);
    assertEquals(1, NestRunner.foldChunks(LoopNest.of(byWide)), "partials bounded by MAX_PARTIAL doubles");
  }
}
