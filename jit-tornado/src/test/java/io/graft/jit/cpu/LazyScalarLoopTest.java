package io.graft.jit.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Unary;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LazyScalarLoop}: generated on the first row that needs it, with the eager loop's bits. */
class LazyScalarLoopTest {
  private static final Expr BODY = new Binary(BinaryFn.MUL, new Unary(UnaryFn.EXP, new Input(0)), new Input(1));

  private static Kernel kernel(int n) {
    Shape s = Shape.of(n);
    return new Kernel(DType.F32, s, List.of(Access.contiguous(DType.F32, s), Access.contiguous(DType.F32, s)), BODY,
        Reduction.NONE, Ints.of(), DType.F32);
  }

  @Test void nothingIsGeneratedUntilARowNeedsIt() {
    LazyScalarLoop lazy = new LazyScalarLoop(kernel(19));
    assertFalse(lazy.generated());
    float[] x = new float[19], y = new float[19], got = new float[19], want = new float[19];
    for (int i = 0; i < 19; i++) { x[i] = i * 0.3f - 2; y[i] = 1.5f - i * 0.1f; }
    lazy.write(new Object[] {x, y}, new int[] {0, 0}, got, 0, 3, 19);
    assertTrue(lazy.generated());
    BytecodeBackend.load(kernel(19)).write(new Object[] {x, y}, new int[] {0, 0}, want, 0, 3, 19);
    for (int i = 0; i < 19; i++) assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "at " + i);
  }

  /** A SIMD kernel with and without a tail gives the scalar kernel's bits (its tail loop generated on demand). */
  @Test void simdKernelsWithLazyTailsGiveTheScalarBits() {
    for (int n : new int[] {7, 256, 263, 4096 + 3}) {
      Kernel k = kernel(n);
      float[] x = new float[n], y = new float[n];
      for (int i = 0; i < n; i++) { x[i] = (i % 37) * 0.21f - 3; y[i] = 0.5f + (i % 11) * 0.125f; }
      NdArray a = NdArray.wrap(Shape.of(n), x), b = NdArray.wrap(Shape.of(n), y);
      float[] simd = FusedKernels.compileUncached(k, true).apply(a, b).f32();
      float[] scalar = FusedKernels.compileUncached(k, false).apply(a, b).f32();
      for (int i = 0; i < n; i++)
        assertEquals(Float.floatToRawIntBits(scalar[i]), Float.floatToRawIntBits(simd[i]), "n " + n + " at " + i);
    }
  }
}
