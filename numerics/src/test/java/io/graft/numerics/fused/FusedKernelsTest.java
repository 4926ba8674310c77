package io.graft.numerics.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.fused.Expr.Binary;
import io.graft.numerics.fused.Expr.Constant;
import io.graft.numerics.fused.Expr.Input;
import io.graft.numerics.fused.Expr.Select;
import io.graft.numerics.fused.Expr.Unary;
import java.lang.classfile.ClassFile;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class FusedKernelsTest {
  /** One random test case: a kernel, a size, which inputs are rank-0, and a seed for the input values. */
  record Case(Kernel kernel, int n, long scalarMask, long seed) {
    NdArray[] inputs() {
      Random r = new Random(seed);
      NdArray[] a = new NdArray[kernel.inputs()];
      for (int i = 0; i < a.length; i++) {
        boolean scalar = (scalarMask >>> i & 1) != 0;
        Shape s = scalar ? Shape.scalar() : Shape.of(n);
        int len = scalar ? 1 : n;
        a[i] = kernel.dtype() == DType.F32 ? NdArray.wrap(s, floats(r, len)) : NdArray.wrap(s, doubles(r, len));
      }
      return a;
    }

    private static double value(Random r) { return r.nextInt(10) == 0 ? r.nextInt(3) - 1 : (r.nextDouble() - 0.5) * 6; }

    private static float[] floats(Random r, int n) {
      float[] a = new float[n];
      for (int i = 0; i < n; i++) a[i] = (float) value(r);
      return a;
    }

    private static double[] doubles(Random r, int n) {
      double[] a = new double[n];
      for (int i = 0; i < n; i++) a[i] = value(r);
      return a;
    }
  }

  static Arbitrary<Expr> exprs(int depth, int inputs) {
    Arbitrary<Expr> leaf = Arbitraries.oneOf(
        Arbitraries.integers().between(0, inputs - 1).map(Input::new),
        Arbitraries.of(-1.0, 0.0, 0.5, 2.0, 3.0).map(Constant::new));
    if (depth <= 1) return leaf;
    Arbitrary<Expr> sub = exprs(depth - 1, inputs);
    return Arbitraries.frequencyOf(
        Tuple.of(2, leaf),
        Tuple.of(3, Combinators.combine(Arbitraries.of(UnaryFn.class), sub).as(Unary::new)),
        Tuple.of(3, Combinators.combine(Arbitraries.of(BinaryFn.class), sub, sub).as(Binary::new)),
        Tuple.of(1, Combinators.combine(sub, sub, sub).as(Select::new)));
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Integer> sizes = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(0)), Tuple.of(2, Arbitraries.just(1)), Tuple.of(3, Arbitraries.just(17)),
        Tuple.of(3, Arbitraries.just(1000)), Tuple.of(1, Arbitraries.just(3 * CompiledKernel.GRAIN + 5)));
    return Arbitraries.integers().between(1, 3).flatMap(inputs -> Combinators.combine(
        Arbitraries.of(DType.F32, DType.F64), exprs(4, inputs), Arbitraries.of(Reduction.NONE, Reduction.SUM),
        sizes, Arbitraries.longs().between(0, (1L << inputs) - 1), Arbitraries.longs())
        .as((dt, body, red, n, mask, seed) -> new Case(new Kernel(dt, inputs, body, red), n, mask, seed)));
  }

  /** The generated loop computes exactly what the reference interpreter computes, in the kernel dtype. */
  @Property(tries = 150)
  void bytecodeEqualsReferenceExactly(@ForAll("cases") Case c) {
    CompiledKernel ck = FusedKernels.compileUncached(c.kernel(), false);
    NdArray[] in = c.inputs();
    NdArray out = ck.apply(in);
    Object[] stores = stores(in);
    int n = out.size();
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double want = FusedRef.exact(c.kernel().body(), c.kernel().dtype(), stores, j);
      int at = j;
      assertEquals(want, out.getDouble(j), 0.0, () -> c + " element " + at);
      sum += want;
    }
    if (c.kernel().reduction() == Reduction.SUM) checkSum(c, ck.sum(in), sum, 1e-12);
  }

  /** The SIMD evaluator agrees with the error-bounded reference (an ulp or so per transcendental). */
  @Property(tries = 150)
  void simdAgreesWithReference(@ForAll("cases") Case c) {
    CompiledKernel ck = FusedKernels.compileUncached(c.kernel(), true);
    NdArray[] in = c.inputs();
    NdArray out = ck.apply(in);
    Object[] stores = stores(in);
    double sum = 0, err = 0, abs = 0;
    for (int j = 0; j < out.size(); j++) {
      FusedRef.VE want = FusedRef.bounded(c.kernel().body(), c.kernel().dtype(), stores, j);
      double got = out.getDouble(j);
      int at = j;
      assertTrue(FusedRef.agrees(want, got), () -> c + " element " + at + ": want " + want + ", got " + got);
      sum += want.v();
      err += want.e();
      abs += Math.abs(want.v());
    }
    if (c.kernel().reduction() == Reduction.SUM && Double.isFinite(err) && Double.isFinite(sum)) {
      double got = ck.sum(in), want = sum;
      // f32 blocks are added lane by lane in f32 before the f64 accumulator: allow that summation's rounding
      double summation = c.kernel().dtype() == io.graft.numerics.DType.F32 ? 512 * 0x1p-24 * abs : 0;
      assertTrue(Math.abs(got - want) <= err + summation + 1e-9 * (1 + Math.abs(want)), () -> c + ": sum want " + want + ", got " + got);
    }
  }

  @Property(tries = 100)
  void generatedClassesVerify(@ForAll("cases") Case c) {
    for (long mask : new long[] {0, c.scalarMask()}) {
      var errors = ClassFile.of().verify(BytecodeBackend.generate(c.kernel(), mask));
      assertTrue(errors.isEmpty(), () -> c + ": " + errors);
    }
  }

  private static void checkSum(Case c, double got, double want, double rel) {
    if (!Double.isFinite(want)) {
      assertEquals(want, got, () -> c + " sum");
      return;
    }
    assertEquals(want, got, rel * (1 + Math.abs(want)) + 1e-9 * c.n(), () -> c + " sum");   // chunked order
  }

  private static Object[] stores(NdArray[] in) {
    Object[] s = new Object[in.length];
    for (int i = 0; i < in.length; i++) s[i] = in[i].store();
    return s;
  }

  @Test
  void selectPicksTrueBranchForNonzeroAndNaN() {
    for (boolean simd : new boolean[] {false, true}) {
      for (DType dt : DType.values()) {
        if (!dt.isFloating()) continue;
        var k = new Kernel(dt, 3, new Select(new Input(0), new Input(1), new Input(2)), Reduction.NONE);
        int n = 37;   // longer than a vector: both the SIMD blocks and the scalar tail run
        double[] cond = new double[n];
        double[] pattern = {0, -0.0, 1, Double.NaN, -2, Double.POSITIVE_INFINITY, 1e-30};
        for (int i = 0; i < n; i++) cond[i] = pattern[i % pattern.length];
        NdArray c = NdArray.wrap(Shape.of(n), cond).astype(dt);
        NdArray t = NdArray.full(dt, Shape.of(n), 7), f = NdArray.full(dt, Shape.scalar(), -7);
        NdArray out = FusedKernels.compileUncached(k, simd).apply(c, t, f);
        for (int i = 0; i < n; i++) {
          double p = pattern[i % pattern.length];   // 1e-30 stays nonzero in f32 (a subnormal is not 0)
          assertEquals(p == 0 ? -7 : 7, out.getDouble(i), () -> "simd=" + simd + " " + dt + " cond " + p);
        }
      }
    }
  }

  @Test
  void equalKernelsHitTheCache() {
    var body = new Binary(BinaryFn.ADD, new Unary(UnaryFn.TANH, new Input(0)), new Constant(1));
    var k1 = new Kernel(DType.F32, 1, body, Reduction.SUM);
    var k2 = new Kernel(DType.F32, 1,
        new Binary(BinaryFn.ADD, new Unary(UnaryFn.TANH, new Input(0)), new Constant(1)), Reduction.SUM);
    assertSame(FusedKernels.compile(k1), FusedKernels.compile(k2));
    assertTrue(FusedKernels.compile(k1) != FusedKernels.compile(new Kernel(DType.F64, 1, body, Reduction.SUM)));
  }

  @Test
  void w2ShapedKernelSums() {
    // sum(tanh(x) * y + exp(-x * x))
    Expr x = new Input(0), y = new Input(1);
    Expr body = new Binary(BinaryFn.ADD, new Binary(BinaryFn.MUL, new Unary(UnaryFn.TANH, x), y),
        new Unary(UnaryFn.EXP, new Unary(UnaryFn.NEG, new Binary(BinaryFn.MUL, x, x))));
    var k = new Kernel(DType.F32, 2, body, Reduction.SUM);
    int n = 100_003;
    float[] xs = new float[n], ys = new float[n];
    Random r = new Random(1);
    double want = 0;
    for (int i = 0; i < n; i++) {
      xs[i] = r.nextFloat() * 4 - 2;
      ys[i] = r.nextFloat();
      want += Math.tanh(xs[i]) * ys[i] + Math.exp(-(double) xs[i] * xs[i]);
    }
    NdArray a = NdArray.wrap(Shape.of(n), xs), b = NdArray.wrap(Shape.of(n), ys);
    for (boolean simd : new boolean[] {false, true}) {
      assertEquals(want, FusedKernels.compileUncached(k, simd).sum(a, b), 1e-5 * Math.abs(want), "simd=" + simd);
    }
  }

  @Test
  void mismatchedShapesAreRejected() {
    var k = new Kernel(DType.F64, 2, new Binary(BinaryFn.ADD, new Input(0), new Input(1)), Reduction.NONE);
    var e = assertThrows(ShapeError.class, () -> FusedKernels.compile(k).apply(
        NdArray.zeros(DType.F64, Shape.of(3)), NdArray.zeros(DType.F64, Shape.of(4))));
    assertTrue(e.getMessage().contains("[4]") || e.getMessage().contains("4"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Kernel(DType.F64, 1, new Input(1), Reduction.NONE));
  }
}
