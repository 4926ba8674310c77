package io.graft.jit.cpu;

import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import static io.graft.jit.cpu.KernelCases.broadcast;
import static io.graft.jit.cpu.KernelCases.contiguous;
import static io.graft.jit.cpu.KernelCases.transposed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Expr.Unary;
import io.graft.jit.cpu.KernelCases.Case;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusedKernelsTest {
  private static final DType F32 = DType.F32, F64 = DType.F64;
  private static final Expr X = new Input(0), Y = new Input(1);

  private static Expr add(Expr a, Expr b) { return new Binary(BinaryFn.ADD, a, b); }

  private static void both(Case c) {
    Checks.verify(c, false);
    Checks.verify(c, true);
  }

  @Test
  void biasAddBroadcastsAlongEachAxis() {
    Shape sp = Shape.of(3, 5, 7);
    for (int a = 0; a < 3; a++) {
      for (DType dt : List.of(F32, F64)) {
        both(KernelCases.build(dt, sp, List.of(contiguous(dt, sp), broadcast(dt, sp, 1 << a, 0)), add(X, Y),
            Reduction.NONE, Ints.of(), dt, a));
        both(KernelCases.build(dt, sp, List.of(contiguous(dt, sp), broadcast(dt, sp, 0, 1 << a)), add(X, Y),
            Reduction.NONE, Ints.of(), dt, a));
      }
    }
  }

  @Test
  void transposedReadsMatchTheReference() {
    Shape sp = Shape.of(33, 40);
    both(KernelCases.build(F32, sp, List.of(transposed(F32, sp, new int[] {1, 0}), contiguous(F32, sp)),
        new Binary(BinaryFn.MUL, X, Y), Reduction.NONE, Ints.of(), F32, 1));
    Shape s3 = Shape.of(4, 6, 10);
    both(KernelCases.build(F64, s3, List.of(transposed(F64, s3, new int[] {2, 0, 1})), new Unary(UnaryFn.EXP, X),
        Reduction.SUM, Ints.of(1), F64, 2));
  }

  @Test
  void ranksZeroToFourWithSizeOneAndZeroAxes() {
    List<Shape> spaces = List.of(Shape.scalar(), Shape.of(1), Shape.of(0), Shape.of(19), Shape.of(1, 9),
        Shape.of(4, 0, 3), Shape.of(2, 1, 3), Shape.of(3, 1, 2, 5), Shape.of(2, 3, 4, 5));
    long seed = 0;
    for (Shape sp : spaces) {
      for (Reduction red : Reduction.values()) {
        Ints axes = red == Reduction.NONE || sp.rank() == 0 ? Ints.of() : Ints.range(sp.rank());
        Reduction r = axes.size() == 0 ? Reduction.NONE : red;
        both(KernelCases.build(F32, sp, List.of(contiguous(F32, sp), broadcast(F32, sp, 0, 1)),
            add(new Unary(UnaryFn.TANH, X), Y), r, axes, F32, seed++));
      }
    }
  }

  @Test
  void rankEightSpacesAndKernelsWithoutInputs() {
    Shape sp = Shape.of(2, 3, 1, 2, 2, 3, 1, 2);
    both(KernelCases.build(F64, sp, List.of(transposed(F32, sp, new int[] {7, 6, 5, 4, 3, 2, 1, 0}), broadcast(DType.I64, sp, 0b1010_1010, 0)),
        new Binary(BinaryFn.POW, X, Y), Reduction.MIN, Ints.of(1, 4, 7), F64, 11));
    both(KernelCases.build(F32, sp, List.of(), new Constant(0.5), Reduction.SUM, Ints.of(0, 3, 5), F32, 12));
    both(KernelCases.build(F32, Shape.of(1000), List.of(), new Unary(UnaryFn.COS, new Constant(0.5)), Reduction.NONE, Ints.of(), DType.I64, 13));
  }

  @Test
  void everyUnaryAndBinaryFunction() {
    Shape sp = Shape.of(5, 41);
    for (DType dt : List.of(F32, F64)) {
      for (UnaryFn fn : UnaryFn.values()) {
        both(KernelCases.build(dt, sp, List.of(contiguous(dt, sp)), new Unary(fn, X), Reduction.NONE, Ints.of(), dt, fn.ordinal()));
      }
      for (BinaryFn fn : BinaryFn.values()) {
        both(KernelCases.build(dt, sp, List.of(contiguous(dt, sp), broadcast(dt, sp, 1, 0)), new Binary(fn, X, Y),
            Reduction.NONE, Ints.of(), dt, fn.ordinal()));
      }
    }
  }

  @Test
  void comparisonsFollowIeee() {
    float nan = Float.NaN;
    float[] a = {1, 2, nan, nan, 0f, -0f, 3}, b = {1, 1, 1, nan, -0f, 0f, 4};
    Shape sp = Shape.of(a.length);
    String want = "GT 0100000 LT 0000001 GE 1100110 LE 1000111 EQ 1000110 NE 0111001 ";
    StringBuilder got = new StringBuilder();
    for (BinaryFn fn : List.of(BinaryFn.GT, BinaryFn.LT, BinaryFn.GE, BinaryFn.LE, BinaryFn.EQ, BinaryFn.NE)) {
      for (boolean simd : new boolean[] {false, true}) {
        NdArray out = FusedKernels.compileUncached(Kernel.elementwise(F32, sp, 2, new Binary(fn, X, Y)), simd)
            .apply(NdArray.wrap(sp, a.clone()), NdArray.wrap(sp, b.clone()));
        StringBuilder s = new StringBuilder(fn + " ");
        for (int i = 0; i < a.length; i++) s.append((int) out.getDouble(i));
        if (simd) assertEquals(got.substring(got.lastIndexOf(fn.name())).trim(), s.toString(), "simd = scalar");
        else got.append(s).append(' ');
      }
    }
    assertEquals(want, got.toString());
  }

  @Test
  void selectPicksTrueBranchForNonzeroAndNaN() {
    for (boolean simd : new boolean[] {false, true}) {
      for (DType dt : List.of(F32, F64)) {
        int n = 37;   // longer than a vector: both the SIMD blocks and the scalar tail run
        Shape sp = Shape.of(n);
        var k = new Kernel(dt, sp, List.of(Access.contiguous(dt, sp), Access.contiguous(dt, sp),
            new Access(dt, Ints.of(0))), new Select(X, Y, new Input(2)), Reduction.NONE, Ints.of(), dt);
        double[] cond = new double[n];
        double[] pattern = {0, -0.0, 1, Double.NaN, -2, Double.POSITIVE_INFINITY, 1e-30};
        for (int i = 0; i < n; i++) cond[i] = pattern[i % pattern.length];
        NdArray c = NdArray.wrap(sp, cond).astype(dt);
        NdArray t = NdArray.full(dt, sp, 7), f = NdArray.full(dt, Shape.scalar(), -7);
        NdArray out = FusedKernels.compileUncached(k, simd).apply(c, t, f);
        for (int i = 0; i < n; i++) {
          double p = pattern[i % pattern.length];
          assertEquals(p == 0 ? -7 : 7, out.getDouble(i), () -> "simd=" + simd + " " + dt + " cond " + p);
        }
      }
    }
  }

  @Test
  void mixedInputDtypesAndConvertedOutputs() {
    Shape sp = Shape.of(6, 35);
    Expr body = new Binary(BinaryFn.SUB, new Binary(BinaryFn.MUL, X, new Constant(1.75)), add(Y, new Input(2)));
    for (DType out : DType.values()) {
      if (out.isUnsigned() || out.isHalf() || out.isByte()) continue;   // Kernel refuses u32, i8/u8, and 16-bit results of f32/f64 loops
      for (DType cd : List.of(F32, F64)) {
        both(KernelCases.build(cd, sp, List.of(contiguous(DType.I32, sp), broadcast(DType.BOOL, sp, 1, 0),
            transposed(DType.I64, sp, new int[] {1, 0})), body, Reduction.NONE, Ints.of(), out, out.ordinal()));
        both(KernelCases.build(cd, sp, List.of(contiguous(F64, sp), contiguous(F32, sp), broadcast(DType.I32, sp, 0, 2)),
            new Unary(UnaryFn.SIN, body), Reduction.NONE, Ints.of(), out, 7 + out.ordinal()));
      }
    }
  }

  /** 8-bit integers never enter a fused loop: the Kernel refuses them as input or result, naming the dtypes. */
  @Test
  void eightBitIntegersAreRefused() {
    Shape sp = Shape.of(3, 4);
    for (DType b : List.of(DType.I8, DType.U8)) {
      var in = assertThrows(DTypeError.class, () -> new Kernel(F32, sp, List.of(Access.contiguous(b, sp)), X, Reduction.NONE, Ints.of(), F32));
      assertTrue(in.getMessage().contains("i8/u8") && in.getMessage().contains("[" + b + "]"), in.getMessage());
      var out = assertThrows(DTypeError.class, () -> new Kernel(F32, sp, List.of(Access.contiguous(F32, sp)), X, Reduction.NONE, Ints.of(), b));
      assertTrue(out.getMessage().contains("result " + b), out.getMessage());
    }
  }

  /**
   * A stored bool mask (a ReLU's, read again by its gradient) as a select's condition and as a 0/1 value, in every
   * layout: contiguous rows take the vector-mask load of the block evaluator, the others its scalar conversion.
   */
  @Test
  void boolInputsOfEveryLayoutSelectAndCount() {
    Expr z = new Input(2);
    long seed = 700;
    for (Shape sp : List.of(Shape.of(3, 1031), Shape.of(5, 7, 64), Shape.of(2, 13))) {
      int r = sp.rank();
      int[] rev = new int[r];
      for (int a = 0; a < r; a++) rev[a] = r - 1 - a;
      for (DType dt : List.of(F32, F64)) {
        for (KernelCases.Layout mask : List.of(contiguous(DType.BOOL, sp), transposed(DType.BOOL, sp, rev), broadcast(DType.BOOL, sp, 1, 0))) {
          var layouts = List.of(mask, contiguous(dt, sp), broadcast(dt, sp, 1 << (r - 1), 0));
          Expr select = new Select(X, Y, z), counted = add(new Binary(BinaryFn.MUL, X, Y), z);
          for (Expr body : List.of(select, counted)) {
            both(KernelCases.build(dt, sp, layouts, body, Reduction.NONE, Ints.of(), dt, seed++));
            both(KernelCases.build(dt, sp, layouts, body, Reduction.SUM, Ints.range(r - 1), dt, seed++));
            both(KernelCases.build(dt, sp, layouts, body, Reduction.SUM, Ints.of(r - 1), dt, seed++));
          }
        }
      }
    }
  }

  @Test
  void boolOutputIsNonzeroWithNaNTrue() {
    Shape sp = Shape.of(4);
    float[] x = {0f, -0f, Float.NaN, 0.25f};
    for (boolean simd : new boolean[] {false, true}) {
      var k = new Kernel(F32, sp, List.of(Access.contiguous(F32, sp)), X, Reduction.NONE, Ints.of(), DType.BOOL);
      NdArray out = FusedKernels.compileUncached(k, simd).apply(NdArray.wrap(sp, x));
      assertArrayEquals(new boolean[] {false, false, true, true}, out.bool());
      var ki = new Kernel(F32, sp, List.of(Access.contiguous(F32, sp)), new Binary(BinaryFn.MUL, X, new Constant(1e10)),
          Reduction.NONE, Ints.of(), DType.I32);
      assertArrayEquals(new int[] {0, 0, 0, Integer.MAX_VALUE}, FusedKernels.compileUncached(ki, simd).apply(NdArray.wrap(sp, x)).i32());
    }
  }

  @Test
  void eachReductionOverFirstMiddleLastAndAllAxes() {
    Shape sp = Shape.of(6, 7, 37);
    List<Ints> axesList = List.of(Ints.of(0), Ints.of(1), Ints.of(2), Ints.of(0, 2), Ints.of(0, 1, 2));
    long seed = 100;
    for (Reduction r : List.of(Reduction.SUM, Reduction.MAX, Reduction.MIN)) {
      for (Ints axes : axesList) {
        for (DType dt : List.of(F32, F64)) {
          both(KernelCases.build(dt, sp, List.of(contiguous(dt, sp), broadcast(DType.I32, sp, 2, 0)),
              new Binary(BinaryFn.MUL, new Unary(UnaryFn.EXP, X), Y), r, axes, dt, seed++));
        }
      }
    }
  }

  @Test
  void maxAndMinPropagateNaNAndEmptyFoldsGiveIdentity() {
    float[] x = {1, Float.NaN, 3, 2, 5, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    Shape sp = Shape.of(x.length);
    for (boolean simd : new boolean[] {false, true}) {
      for (Reduction r : List.of(Reduction.MAX, Reduction.MIN, Reduction.SUM)) {
        var k = Kernel.reduceAll(F32, sp, 1, X, r);
        assertTrue(Float.isNaN(FusedKernels.compileUncached(k, simd).apply(NdArray.wrap(sp, x)).f32()[0]), r + " simd=" + simd);
        Shape empty = Shape.of(3, 0);
        var ke = new Kernel(F32, empty, List.of(Access.contiguous(F32, empty)), X, r, Ints.of(1), F32);
        float[] got = FusedKernels.compileUncached(ke, simd).apply(NdArray.zeros(F32, empty)).f32();
        assertArrayEquals(new float[] {(float) r.identity(), (float) r.identity(), (float) r.identity()}, got);
      }
    }
  }

  @Test
  void multiThreadedSizesWithUnevenRows() {
    long seed = 500;
    for (Shape sp : List.of(Shape.of(3 * CompiledKernel.GRAIN + 5), Shape.of(301, 997), Shape.of(997, 301), Shape.of(7, 3, 5003))) {
      int r = sp.rank();
      for (Reduction red : List.of(Reduction.NONE, Reduction.SUM, Reduction.MAX)) {
        for (Ints axes : red == Reduction.NONE ? List.of(Ints.of()) : List.of(Ints.of(0), Ints.of(r - 1), Ints.range(r))) {
          both(KernelCases.build(F32, sp, List.of(contiguous(F32, sp), broadcast(F32, sp, 1, 0)),
              add(new Unary(UnaryFn.TANH, X), new Binary(BinaryFn.MUL, Y, X)), red, axes, F32, seed++));
        }
      }
    }
  }

  /**
   * Same bits on every run, from the first (interpreted) call on: fixed chunking and fold order, and transcendentals
   * from {@code VectorMath} (plain vector arithmetic), never the JDK's lanewise EXP/SIN/..., which round differently
   * in the interpreter and in C2 code.
   */
  @Test
  void resultsAreDeterministic() {
    Shape sp = Shape.of(300, 1001);
    Expr transcendental = add(new Unary(UnaryFn.SIN, X), new Unary(UnaryFn.TANH, new Unary(UnaryFn.EXP, new Unary(UnaryFn.NEG, X))));
    for (boolean simd : new boolean[] {false, true}) {
      Expr body = transcendental;
      for (Ints axes : List.of(Ints.of(0), Ints.of(1), Ints.of(0, 1))) {
        Case c = KernelCases.build(F32, sp, List.of(contiguous(F32, sp)), body, Reduction.SUM, axes, F32, 9);
        CompiledKernel ck = FusedKernels.compileUncached(c.kernel(), simd);
        float[] first = ck.apply(c.inputs()).f32();
        for (int run = 0; run < 20; run++) assertArrayEquals(first, ck.apply(c.inputs()).f32(), "run " + run);
      }
    }
  }

  @Test
  void applyIntoMayOverwriteAContiguousInput() {
    Shape sp = Shape.of(257, 301);
    for (boolean simd : new boolean[] {false, true}) {
      Case c = KernelCases.build(F32, sp, List.of(broadcast(F32, sp, 1, 0), contiguous(F32, sp), transposed(F32, sp, new int[] {1, 0})),
          add(new Unary(UnaryFn.TANH, Y), new Binary(BinaryFn.MUL, X, new Input(2))), Reduction.NONE, Ints.of(), F32, 3);
      CompiledKernel ck = FusedKernels.compileUncached(c.kernel(), simd);
      NdArray want = ck.apply(c.inputs());
      Object target = c.inputs()[1].store();
      NdArray got = ck.applyInto(target, c.inputs());
      assertArrayEquals(want.f32(), (float[]) target);
      assertSame(target, got.store(), "applyInto returns the store it wrote, wrapped");
      assertEquals(sp, got.shape());
    }
  }

  @Test
  void compileSharesEqualKernelsThroughTheDeviceProgramCacheKeyedByValue() {
    Shape sp = Shape.of(8);
    var k1 = Kernel.reduceAll(F32, sp, 1, add(new Unary(UnaryFn.TANH, X), new Constant(1)), Reduction.SUM);
    var k2 = Kernel.reduceAll(F32, Shape.of(8), 1, add(new Unary(UnaryFn.TANH, new Input(0)), new Constant(1)), Reduction.SUM);
    var k3 = Kernel.reduceAll(F32, Shape.of(8), 1, add(new Unary(UnaryFn.TANH, new Input(0)), new Constant(2)), Reduction.SUM);
    CompiledKernel c1 = FusedKernels.compile(k1), c2 = FusedKernels.compile(k2), c3 = FusedKernels.compile(k3);
    assertSame(c1, c2, "equal kernels (distinct objects) share one compiled form");
    assertNotSame(c1, c3, "a different constant is a different kernel");
    assertNotSame(c1, FusedKernels.compileUncached(k1, true), "compileUncached bypasses the cache");
    assertTrue(FusedKernels.cachedCount() >= 2 && FusedKernels.cachedCount() <= FusedKernels.CACHE_BOUND);
    NdArray x = NdArray.wrap(sp, new float[] {0, 1, -1, 2, -2, 0.5f, -0.5f, 3});
    assertArrayEquals(c1.apply(x).f32(), FusedKernels.compileUncached(k2, true).apply(x).f32(), "equal kernels compute the same bits");
  }

  @Test
  void textShowsTheLoopNest() {
    Shape sp = Shape.of(256, 1024);
    var k = new Kernel(F32, sp, List.of(Access.contiguous(F32, sp), Access.broadcast(F32, Shape.of(1024), Ints.of(1), sp)),
        add(new Unary(UnaryFn.TANH, X), Y), Reduction.SUM, Ints.of(1), F32);
    assertEquals("kernel f32[256] = sum over (1,) of loop i0 < 256, i1 < 1024 { add(tanh(in0:f32[i0*1024+i1]), in1:f32[i1]) }",
        FusedKernels.compile(k).text());
    var b = new Kernel(F64, Shape.scalar(), List.of(new Access(DType.I32, Ints.of())), new Binary(BinaryFn.GT, X, new Constant(0)),
        Reduction.NONE, Ints.of(), DType.BOOL);
    assertEquals("kernel bool[] = loop in f64 { gt(in0:i32[0], 0.0) }", FusedKernels.compile(b).text());
  }

  @Test
  void validationErrorsNameTheProblem() {
    Shape sp = Shape.of(3, 4);
    var k = Kernel.elementwise(F32, sp, 2, add(X, Y));
    CompiledKernel ck = FusedKernels.compile(k);
    var small = assertThrows(ShapeError.class, () -> ck.apply(NdArray.zeros(F32, sp), NdArray.zeros(F32, Shape.of(11))));
    assertTrue(small.getMessage().contains("input 1") && small.getMessage().contains("[11]") && small.getMessage().contains("(4, 1)"), small.getMessage());
    assertThrows(DTypeError.class, () -> ck.apply(NdArray.zeros(F32, sp), NdArray.zeros(F64, sp)));
    assertThrows(IllegalArgumentException.class, () -> ck.apply(NdArray.zeros(F32, sp)));
    assertThrows(ShapeError.class, () -> ck.applyInto(new float[11], NdArray.zeros(F32, sp), NdArray.zeros(F32, sp)));
    assertThrows(DTypeError.class, () -> ck.applyInto(new double[12], NdArray.zeros(F32, sp), NdArray.zeros(F32, sp)));
    assertThrows(IllegalArgumentException.class, () -> Kernel.elementwise(F32, sp, 1, Y));
    assertThrows(DTypeError.class, () -> Kernel.elementwise(DType.I32, sp, 1, X));
    List<Access> one = List.of(Access.contiguous(F32, sp));
    assertThrows(IllegalArgumentException.class, () -> new Kernel(F32, sp, one, X, Reduction.SUM, Ints.of(), F32));
    assertThrows(IllegalArgumentException.class, () -> new Kernel(F32, sp, one, X, Reduction.NONE, Ints.of(0), F32));
    assertThrows(ShapeError.class, () -> new Kernel(F32, sp, one, X, Reduction.SUM, Ints.of(1, 0), F32));
    assertThrows(ShapeError.class, () -> new Kernel(F32, sp, one, X, Reduction.SUM, Ints.of(2), F32));
    assertThrows(DTypeError.class, () -> new Kernel(F32, sp, one, X, Reduction.SUM, Ints.of(0), F64));
    assertThrows(ShapeError.class, () -> new Kernel(F32, sp, List.of(new Access(F32, Ints.of(1))), X, Reduction.NONE, Ints.of(), F32));
    assertThrows(IllegalArgumentException.class, () -> new Access(F32, Ints.of(1, -1)));
    assertThrows(ShapeError.class, () -> Access.broadcast(F32, Shape.of(3), Ints.of(1), sp));
    assertThrows(ShapeError.class, () -> Access.broadcast(F32, Shape.of(3, 4), Ints.of(1, 0), sp));
    assertThrows(ShapeError.class, () -> new Kernel(F32, Shape.of(1, 1, 1, 1, 1, 1, 1, 1, 1), List.of(), new Constant(1), Reduction.NONE, Ints.of(), F32));
  }

  @Test
  void broadcastHelperGivesStrides() {
    Shape sp = Shape.of(2, 3, 4);
    assertEquals(Ints.of(0, 1, 0), Access.broadcast(F32, Shape.of(3, 1), Ints.of(1, 2), sp).strides());
    assertEquals(Ints.of(3, 0, 1), Access.broadcast(F32, Shape.of(2, 3), Ints.of(0, 2), Shape.of(2, 5, 3)).strides());
    assertEquals(Ints.of(12, 4, 1), Access.contiguous(F32, sp).strides());
  }

  /** A bf16/f16 loop loads the bits, rounds after each op as eager does, and stores bits; mixing widths is refused. */
  @Test
  void halfKernelsRoundPerOpAndRefuseMixedWidths() {
    Shape sp = Shape.of(5, 13);
    for (DType h : List.of(DType.BF16, DType.F16)) {
      java.util.Random r = new java.util.Random(3);
      float[] xs = new float[sp.size()], ys = new float[sp.size()];
      for (int i = 0; i < xs.length; i++) { xs[i] = (float) r.nextGaussian(); ys[i] = (float) r.nextGaussian(); }
      io.graft.numerics.NdArray x = io.graft.numerics.Cast.cast(io.graft.numerics.NdArray.wrap(sp, xs), h);
      io.graft.numerics.NdArray y = io.graft.numerics.Cast.cast(io.graft.numerics.NdArray.wrap(sp, ys), h);
      Expr body = new Unary(UnaryFn.TANH, add(new Binary(BinaryFn.MUL, X, Y), new Constant(0.1)));
      Kernel k = new Kernel(h, sp, List.of(io.graft.jit.kernel.Access.contiguous(h, sp), io.graft.jit.kernel.Access.contiguous(h, sp)), body, Reduction.NONE, Ints.of(), h);
      short[] got = FusedKernels.compile(k).apply(x, y).half();
      for (int i = 0; i < got.length; i++) {
        float xv = io.graft.numerics.Half.value(h, x.half()[i]), yv = io.graft.numerics.Half.value(h, y.half()[i]);
        float prod = io.graft.numerics.Half.value(h, io.graft.numerics.Half.round(h, xv * yv));
        float sum = io.graft.numerics.Half.value(h, io.graft.numerics.Half.round(h, prod + io.graft.numerics.Half.value(h, io.graft.numerics.Half.round(h, 0.1))));
        assertEquals(io.graft.numerics.Half.round(h, (float) Math.tanh(sum)), got[i], 1, "element " + i);   // tanh: within an ulp of Math's
      }
      assertThrows(DTypeError.class, () -> new Kernel(F32, sp, List.of(io.graft.jit.kernel.Access.contiguous(h, sp)), X, Reduction.NONE, Ints.of(), F32));
      assertThrows(DTypeError.class, () -> new Kernel(h, sp, List.of(io.graft.jit.kernel.Access.contiguous(F32, sp)), X, Reduction.NONE, Ints.of(), h));
      assertThrows(DTypeError.class, () -> new Kernel(h, sp, List.of(io.graft.jit.kernel.Access.contiguous(h, sp)), X, Reduction.SUM, Ints.of(0, 1), h));
    }
  }
}
