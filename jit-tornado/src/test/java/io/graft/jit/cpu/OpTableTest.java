package io.graft.jit.cpu;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.UnaryFn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.BinaryKernels;
import io.graft.numerics.kernels.CompareKernels;
import io.graft.numerics.kernels.ScalarMath;
import io.graft.numerics.kernels.ScalarOpsF32;
import io.graft.numerics.kernels.ScalarOpsF64;
import io.graft.numerics.kernels.UnaryKernels;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every row of the kernel IR's op tables ({@link UnaryFn}, {@link BinaryFn}) against the eager kernel it names, bit
 * for bit (all NaNs one value): one-node kernels (the register-level vector loops for f32) and two-node kernels
 * behind an {@code exp} (the block evaluator when the row is a polynomial), on both backends, f32 and f64, at every
 * length up to a few vectors and past the parallel grain, on inputs with ±0, ±inf, NaN, subnormals and huge values.
 * Also: every row has a scalar definition for both dtypes ({@link ScalarMath} for polynomials, else
 * {@link ScalarOpsF32}/{@code F64}) and a C spelling (both read from the numerics row), and every polynomial row its {@code VectorMath}
 * function.
 */
class OpTableTest {
  private static final int[] LONG = {5003, NestRunner.GRAIN * 2 + 17};

  @Test void everyUnaryRowEqualsItsEagerKernel() {
    for (DType d : new DType[] {DType.F32, DType.F64})
      for (int n = 1; n <= 40; n++) unaryRows(d, n);
    for (int n : LONG) { unaryRows(DType.F32, n); unaryRows(DType.F64, n); }
  }

  @Test void everyBinaryRowEqualsItsEagerKernel() {
    for (DType d : new DType[] {DType.F32, DType.F64})
      for (int n = 1; n <= 40; n++) binaryRows(d, n);
    for (int n : LONG) { binaryRows(DType.F32, n); binaryRows(DType.F64, n); }
  }

  @Test void everyRowHasAScalarDefinitionForBothDtypesAndACSpelling() throws ReflectiveOperationException {
    for (UnaryFn f : UnaryFn.values()) {
      (f.polynomial() ? ScalarMath.class : ScalarOpsF32.class).getMethod(f.scalar(), float.class);
      (f.polynomial() ? ScalarMath.class : ScalarOpsF64.class).getMethod(f.scalar(), double.class);
      assertTrue(f.c().contains("%"), f + " C spelling");
      if (f.polynomial()) {
        if (Simd.AVAILABLE) {
          Class<?> vectorMath = Class.forName("io.graft.numerics.kernels.VectorMath");
          vectorMath.getMethod(f.scalar(), Class.forName("jdk.incubator.vector.FloatVector"));
          vectorMath.getMethod(f.scalar(), Class.forName("jdk.incubator.vector.DoubleVector"));
        }
      }
    }
    for (BinaryFn f : BinaryFn.values()) {
      ScalarOpsF32.class.getMethod(f.scalar(), float.class, float.class);
      ScalarOpsF64.class.getMethod(f.scalar(), double.class, double.class);
      assertTrue(f.c().contains("%1$s") && f.c().contains("%2$s"), f + " C spelling");
      assertTrue(f.kernel().isPresent() != f.compare().isPresent(), f + " names exactly one eager kernel");
    }
  }

  private static void unaryRows(DType d, int n) {
    NdArray x = values(d, n, 11 + n);
    Shape s = Shape.of(n);
    for (UnaryFn f : UnaryFn.values()) {
      Expr in = new Expr.Input(0);
      NdArray one = eager(f, x), two = eager(f, UnaryKernels.apply(UnaryKernels.Fn.EXP, x));
      for (boolean simd : new boolean[] {false, true}) {
        same(one, FusedKernels.compileUncached(Kernel.elementwise(d, s, 1, new Expr.Unary(f, in)), simd).apply(x), f + " " + d + "[" + n + "] simd=" + simd);
        same(two, FusedKernels.compileUncached(Kernel.elementwise(d, s, 1, new Expr.Unary(f, new Expr.Unary(UnaryFn.EXP, in))), simd).apply(x),
            f + "(exp) " + d + "[" + n + "] simd=" + simd);
      }
    }
  }

  private static void binaryRows(DType d, int n) {
    NdArray x = values(d, n, 17 + n), y = values(d, n, 23 + n);
    Shape s = Shape.of(n);
    for (BinaryFn f : BinaryFn.values()) {
      NdArray want = f.kernel().isPresent() ? BinaryKernels.apply(f.kernel().get(), x, y)
          : CompareKernels.apply(f.compare().get(), x, y).astype(d);
      Expr body = new Expr.Binary(f, new Expr.Input(0), new Expr.Input(1));
      for (boolean simd : new boolean[] {false, true})
        same(want, FusedKernels.compileUncached(Kernel.elementwise(d, s, 2, body), simd).apply(x, y), f + " " + d + "[" + n + "] simd=" + simd);
    }
  }

  private static NdArray eager(UnaryFn f, NdArray x) {
    return f.kernel().isPresent() ? UnaryKernels.apply(f.kernel().get(), x) : UnaryKernels.integerPow(x, -1);
  }

  private static void same(NdArray want, NdArray got, String what) {
    assertEquals(want.dtype(), got.dtype(), what);
    for (int i = 0; i < want.size(); i++) {
      double w = want.getDouble(i), g = got.getDouble(i);
      if (Double.doubleToLongBits(w) != Double.doubleToLongBits(g))
        throw new AssertionError(what + ": element " + i + " is " + g + " fused, " + w + " eager");
    }
  }

  /** Values in [-6, 6], some in [-300, 300], and specials (±0, ±inf, NaN, subnormal, huge) at random positions. */
  private static NdArray values(DType d, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] specials = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1e-41, -1e-310, 1e30, -3e6, 1.0, -1.0};
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      int u = r.nextInt(10);
      v[i] = u < 7 ? r.nextDouble(-6, 6) : u < 9 ? r.nextDouble(-300, 300) : specials[r.nextInt(specials.length)];
    }
    NdArray a = NdArray.wrap(Shape.of(n), v);
    return d == DType.F64 ? a : a.astype(DType.F32);
  }
}
