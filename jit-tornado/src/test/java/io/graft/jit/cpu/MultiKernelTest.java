package io.graft.jit.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Unary;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.MultiKernel;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Multi-output kernels: every output has the bits of its part run alone as a single-output kernel (SIMD and scalar
 * backends), at sizes around the pieces of the shared pass, the vector widths and the parallel grain, with broadcast
 * inputs and folding parts; malformed kernels are rejected with messages that say what to fix.
 */
class MultiKernelTest {
  private static final Expr G = new Input(0), M = new Input(1), V = new Input(2), P = new Input(3), BC = new Input(4);

  private static Expr bin(BinaryFn f, Expr a, Expr b) { return new Binary(f, a, b); }

  private static Expr c(double v) { return new Constant(v); }

  /**
   * Adam's three updates of one leaf over g, m, v, p and a broadcast bias correction, the new moments flushed to zero
   * below the smallest normal (as {@code optim.Moments} does); the update recomputes m', v'.
   */
  private static List<Expr> adam() {
    Expr m1 = flush(bin(BinaryFn.ADD, bin(BinaryFn.MUL, G, c(0.1)), bin(BinaryFn.MUL, M, c(0.9))));
    Expr v1 = flush(bin(BinaryFn.ADD, bin(BinaryFn.MUL, new Unary(UnaryFn.SQUARE, G), c(0.001)), bin(BinaryFn.MUL, V, c(0.999))));
    Expr step = bin(BinaryFn.DIV, bin(BinaryFn.MUL, m1, BC),
        bin(BinaryFn.ADD, new Unary(UnaryFn.SQRT, bin(BinaryFn.MUL, v1, BC)), c(1e-8)));
    return List.of(m1, v1, bin(BinaryFn.ADD, P, bin(BinaryFn.MUL, step, c(-0.01))));
  }

  /** {@code |x| < 2^-126 ? 0 : x}. */
  private static Expr flush(Expr x) {
    return new Expr.Select(bin(BinaryFn.LT, new Unary(UnaryFn.ABS, x), c(Float.MIN_NORMAL)), c(0), x);
  }

  private static List<Access> adamInputs(DType d, Shape sp) {
    Access full = Access.contiguous(d, sp);
    return List.of(full, full, full, full, new Access(d, Ints.of(new int[sp.rank()])));
  }

  private static NdArray random(DType d, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = r.nextDouble(0.01, 3);
    return NdArray.wrap(Shape.of(n), v).astype(d);
  }

  private static void assertSameBits(NdArray want, NdArray got, String what) {
    assertEquals(want.dtype(), got.dtype(), what);
    assertEquals(want.shape(), got.shape(), what);
    double[] w = want.astype(DType.F64).f64(), g = got.astype(DType.F64).f64();
    for (int i = 0; i < w.length; i++)
      if (Double.doubleToLongBits(w[i]) != Double.doubleToLongBits(g[i]))
        throw new AssertionError(what + ": element " + i + " of " + w.length + " is " + g[i] + ", alone " + w[i]);
  }

  private static void checkAgainstParts(MultiKernel mk, NdArray[] in, String what) {
    for (boolean simd : new boolean[] {false, true}) {
      List<CompiledKernel> alone = mk.parts().stream().map(k -> FusedKernels.compileUncached(k, simd)).toList();
      CompiledMultiKernel multi = new CompiledMultiKernel(mk, alone);
      NdArray[] got = multi.apply(in);
      for (int p = 0; p < got.length; p++) assertSameBits(alone.get(p).apply(in), got[p], what + " simd=" + simd + " output " + p);
    }
  }

  @Test void adamsThreeUpdatesInOnePassHaveTheBitsOfThreeKernels() {
    for (DType d : List.of(DType.F32, DType.F64)) {
      for (int n : new int[] {1, 7, 16, 17, 1023, 1024, 1025, 3000, (1 << 15) + 3, 200_704}) {
        Shape sp = Shape.of(n);
        List<Kernel> parts = adam().stream()
            .map(e -> new Kernel(d, sp, adamInputs(d, sp), e, Reduction.NONE, Ints.of(), d)).toList();
        NdArray[] in = {random(d, n, 1), random(d, n, 2), random(d, n, 3), random(d, n, 4), random(d, 1, 5)};
        checkAgainstParts(new MultiKernel(parts), in, "adam " + d + "[" + n + "]");
      }
    }
  }

  /**
   * f64 parts (block evaluators, not generated loops) of different depths: the deeper one keeps the blocks of two
   * scalars (stride 0) from piece to piece, the shallower one converts two f32 inputs into scratch slots at the same
   * places of the thread's scratch. Each part must refill its kept blocks after the other ran (it used to reuse them:
   * from the second piece of 1024 elements on, {@code h·tanh(a + b)} read {@code d}'s values as {@code h}; found by
   * {@code JitRandomProgramsProperties}).
   */
  @Test void partsOfOtherDepthsDoNotShareKeptScalarBlocks() {
    for (int n : new int[] {1025, 3000, 38_400}) {
      Shape sp = Shape.of(n);
      Access scalar = new Access(DType.F64, Ints.of(new int[] {0})), row = Access.contiguous(DType.F32, sp);
      List<Access> inputs = List.of(scalar, row, scalar, row);
      Expr sum = bin(BinaryFn.ADD, new Input(1), new Input(2));
      Kernel deep = new Kernel(DType.F64, sp, inputs, bin(BinaryFn.MUL, new Input(0), new Unary(UnaryFn.TANH, sum)), Reduction.NONE, Ints.of(), DType.F64);
      Kernel shallow = new Kernel(DType.F64, sp, inputs, bin(BinaryFn.MAX, new Input(3), sum), Reduction.NONE, Ints.of(), DType.F64);
      NdArray[] in = {NdArray.wrap(Shape.scalar(), new double[] {1.9}), random(DType.F32, n, 1),
          NdArray.wrap(Shape.scalar(), new double[] {-0.3}), random(DType.F32, n, 2)};
      checkAgainstParts(new MultiKernel(List.of(deep, shallow)), in, "h·tanh(a + b), max(d, a + b) [" + n + "]");
    }
  }

  /**
   * Over its inputs ({@code applyOver}: m', v', p' written over m, v, p, as the jit does with donated state) every
   * output keeps the bits of the pass into fresh buffers, although the update part reads m and v after the others
   * computed their values at the same positions; a kernel with a fold cannot write over its inputs.
   */
  @Test void adamsUpdatesWrittenOverTheirInputsKeepTheirBits() {
    for (int n : new int[] {17, 1025, (1 << 15) + 3, 200_704}) {
      Shape sp = Shape.of(n);
      List<Kernel> parts = adam().stream().map(e -> new Kernel(DType.F32, sp, adamInputs(DType.F32, sp), e, Reduction.NONE, Ints.of(), DType.F32)).toList();
      CompiledMultiKernel ck = FusedKernels.compile(new MultiKernel(parts));
      if (io.graft.numerics.Simd.AVAILABLE) assertTrue(ck.oneLoop(), "adam's f32 parts share one generated loop");
      NdArray[] in = {random(DType.F32, n, 1), random(DType.F32, n, 2), random(DType.F32, n, 3), random(DType.F32, n, 4), random(DType.F32, 1, 5)};
      for (int i = 0; i < n; i += 5)   // subnormal new moments there, flushed to zero
        for (int k = 0; k < 3; k++) ((float[]) in[k].store())[i] = 1e-39f;
      NdArray[] fresh = ck.apply(in);
      NdArray[] over = {in[0], NdArray.wrap(sp, ((float[]) in[1].store()).clone()), NdArray.wrap(sp, ((float[]) in[2].store()).clone()),
          NdArray.wrap(sp, ((float[]) in[3].store()).clone()), in[4]};
      Object[] stores = {over[1].store(), over[2].store(), over[3].store()};
      ck.applyOver(stores, over);
      for (int p = 0; p < 3; p++)
        org.junit.jupiter.api.Assertions.assertArrayEquals((float[]) fresh[p].store(), (float[]) stores[p], "output " + p + " of adam[" + n + "]");
    }
    Shape sp = Shape.of(64);
    Kernel keep = Kernel.elementwise(DType.F32, sp, 1, new Input(0));
    Kernel sum = new Kernel(DType.F32, sp, keep.inputs(), new Input(0), Reduction.SUM, Ints.of(0), DType.F32);
    CompiledMultiKernel folding = FusedKernels.compile(new MultiKernel(List.of(keep, sum)));
    NdArray x = random(DType.F32, 64, 9);
    assertThrows(IllegalArgumentException.class, () -> folding.applyOver(new Object[] {x.store(), new float[1]}, x));
  }

  /** Sibling sums read their blocks in turn (one pass over the shared inputs): every path of the eager sum's blocks. */
  @Test void elementwiseAndFoldingPartsOverABroadcastRow() {
    for (int[] dims : new int[][] {{3, 5}, {129, 33}, {300, 300}, {2, 40_000}, {40_000, 2}, {1, 70_003}, {5000, 17}})
      for (Ints axes : List.of(Ints.of(0), Ints.of(1), Ints.of(0, 1))) foldingParts(dims, axes);
  }

  private static void foldingParts(int[] dims, Ints axes) {
    Shape sp = Shape.of(dims);
    int n = sp.size();
    List<Access> in = List.of(Access.contiguous(DType.F32, sp), Access.broadcast(DType.F32, Shape.of(dims[1]), Ints.of(1), sp));
    Expr x = new Input(0), b = new Input(1);
    Expr t = bin(BinaryFn.ADD, x, b);
    List<Kernel> parts = List.of(
        new Kernel(DType.F32, sp, in, new Unary(UnaryFn.EXP, t), Reduction.NONE, Ints.of(), DType.F32),
        new Kernel(DType.F32, sp, in, t, Reduction.SUM, axes, DType.F32),
        new Kernel(DType.F32, sp, in, bin(BinaryFn.MUL, t, x), Reduction.SUM, axes, DType.F32),
        new Kernel(DType.F32, sp, in, new Unary(UnaryFn.TANH, x), Reduction.SUM, axes, DType.F32),
        new Kernel(DType.F32, sp, in, bin(BinaryFn.GT, t, c(1)), Reduction.NONE, Ints.of(), DType.BOOL),
        new Kernel(DType.F32, sp, in, x, Reduction.MAX, axes, DType.F32));
    NdArray[] arrays = {random(DType.F32, n, 7).reshape(sp), random(DType.F32, dims[1], 8)};
    checkAgainstParts(new MultiKernel(parts), arrays, "folds over " + axes + " of " + sp);
  }

  @Test void malformedKernelsSayWhatToFix() {
    Shape sp = Shape.of(4, 8);
    Kernel a = Kernel.elementwise(DType.F32, sp, 2, bin(BinaryFn.ADD, new Input(0), new Input(1)));
    Kernel other = Kernel.elementwise(DType.F32, Shape.of(32), 2, new Input(0));
    Kernel f64 = Kernel.elementwise(DType.F64, sp, 2, new Input(0));
    Kernel fewer = Kernel.elementwise(DType.F32, sp, 1, new Input(0));
    List<Access> in = a.inputs();
    Kernel rows = new Kernel(DType.F32, sp, in, new Input(0), Reduction.SUM, Ints.of(1), DType.F32);
    Kernel cols = new Kernel(DType.F32, sp, in, new Input(0), Reduction.MAX, Ints.of(0), DType.F32);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new MultiKernel(List.of(a))).getMessage().contains("give 2 to"));
    assertTrue(assertThrows(ShapeError.class, () -> new MultiKernel(List.of(a, other))).getMessage().contains("share the iteration space"));
    assertTrue(assertThrows(DTypeError.class, () -> new MultiKernel(List.of(a, f64))).getMessage().contains("share the compute dtype"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new MultiKernel(List.of(a, fewer))).getMessage().contains("union of the inputs"));
    assertTrue(assertThrows(ShapeError.class, () -> new MultiKernel(List.of(a, rows, cols))).getMessage().contains("share their axes"));
    CompiledMultiKernel ck = FusedKernels.compile(new MultiKernel(List.of(a, rows)));
    NdArray x = random(DType.F32, 32, 1).reshape(sp);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ck.applyInto(new Object[1], x, x)).getMessage().contains("2 outputs"));
    assertTrue(ck.text().startsWith("out0: kernel f32[4,8] = loop") && ck.text().contains("\nout1: kernel f32[4] = sum over (1,)"), ck.text());
  }
}
