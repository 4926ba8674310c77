package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.UnaryKernels.Fn;
import org.junit.jupiter.api.Test;

/**
 * Unary kernels against {@link Ref} for every function and dtype, through {@link UnaryKernels#apply} and through
 * the scalar and SIMD loops directly. Tolerances: exact for the exactly rounded functions; the functions with a
 * {@link VectorMath} polynomial (SIMD loops and their scalar twins, {@link ScalarMath}) are allowed 4 ulp (f32 at
 * most 2 ulp, f64 at most 3 (tanh, logistic)); the other scalar f64 loops call the same {@code Math} functions as
 * the reference (0 ulp); the other f32 scalar loops round a double result once (2 ulp allowed; 4 ulp for f32 erf,
 * which is computed in float). The SIMD and scalar loops must agree bit for bit. logistic,
 * erf, erf_inv and the inverse hyperbolics get wider or relative tolerances because their references (naive
 * formula, series, bisection) are themselves only that accurate.
 */
class UnaryKernelsTest {
  private static final Fn[] REAL = java.util.Arrays.stream(Fn.values()).filter(f -> f != Fn.NOT).toArray(Fn[]::new);

  /** Input range for {@code f}: around the domain of the function, including values outside it. */
  private static double[] range(Fn f) {
    return switch (f) {
      case ASIN, ACOS, ATANH -> new double[] {-1.1, 1.1};
      case ERF_INV -> new double[] {-0.95, 0.95};
      case ACOSH -> new double[] {0.5, 20};
      case LOG, LOG1P, SQRT, RSQRT -> new double[] {-1, 50};
      case TAN -> new double[] {-1.5, 1.5};
      default -> new double[] {-10, 10};
    };
  }

  private static boolean exact(Fn f) {
    return switch (f) {
      case NEG, SIGN, FLOOR, CEIL, ROUND, ROUND_EVEN, IS_FINITE, ABS, SQUARE, SQRT -> true;
      default -> false;
    };
  }

  /** {ulps, relative} tolerance. */
  private static double[] tol(Fn f, boolean f32, boolean simd) {
    if (exact(f)) return new double[] {0, 0};
    return switch (f) {
      case ERF -> f32 ? new double[] {4, 0} : new double[] {4, 1e-14};
      case ERF_INV -> f32 ? new double[] {2, 0} : new double[] {4, 1e-13};
      case ASINH, ACOSH, ATANH -> new double[] {2, f32 ? 0 : 1e-12};
      case LOGISTIC -> new double[] {4, 0};          // the naive reference is itself ~2 ulp off
      default -> new double[] {simd || twin(f) ? 4 : f32 ? 2 : 0, 0};
    };
  }

  /** Computed by a {@link VectorMath} polynomial, in the scalar loops by its twin. */
  private static boolean twin(Fn f) { return f.polynomial(); }

  private static int[] sizes(Fn f) { return new int[] {0, 1, 7, 33, 1000, 2 * f.grain() + 5}; }

  private static void check(Fn f, double[] x, NdArray out, boolean simd) {
    boolean f32 = out.dtype() == DType.F32;
    double[] t = tol(f, f32, simd);
    for (int i = 0; i < x.length; i++) {
      double want = Ref.unary(f, x[i]);
      if (f32) want = (float) want;
      Ref.close(want, out.getDouble(i), t[0], t[1], f32, f + "(" + x[i] + ") " + out.dtype());
    }
  }

  @Test void everyFunctionMatchesTheReferenceInF64() {
    for (Fn f : REAL)
      for (int n : sizes(f)) {
        double[] x = Ref.inputs(n, range(f)[0], range(f)[1], n);
        NdArray out = UnaryKernels.apply(f, NdArray.wrap(Shape.of(n), x.clone()));
        assertEquals(f.resultDType(DType.F64), out.dtype());
        check(f, x, out, Simd.AVAILABLE);
      }
  }

  @Test void everyFunctionMatchesTheReferenceInF32() {
    for (Fn f : REAL)
      for (int n : sizes(f)) {
        double[] x = Ref.inputs(n, range(f)[0], range(f)[1], n);
        float[] xf = new float[n];
        for (int i = 0; i < n; i++) { xf[i] = (float) x[i]; x[i] = xf[i]; }
        NdArray out = UnaryKernels.apply(f, NdArray.wrap(Shape.of(n), xf));
        assertEquals(f.resultDType(DType.F32), out.dtype());
        if (f == Fn.IS_FINITE) check(f, x, out.astype(DType.F64), false);
        else check(f, x, out, Simd.AVAILABLE);
      }
  }

  @Test void scalarLoopsMatchTheReference() {
    for (Fn f : REAL) {
      if (f == Fn.IS_FINITE) continue;
      double[] x = Ref.inputs(301, range(f)[0], range(f)[1], 7);
      float[] xf = new float[x.length], of = new float[x.length];
      double[] xd = new double[x.length], od = new double[x.length];
      for (int i = 0; i < x.length; i++) { xf[i] = (float) x[i]; xd[i] = xf[i]; }
      f.f32(xf, of, 0, x.length);
      f.f64(xd, od, 0, x.length);
      check(f, xd, NdArray.wrap(Shape.of(x.length), of), false);
      check(f, xd, NdArray.wrap(Shape.of(x.length), od), false);
    }
  }

  @Test void simdLoopsMatchTheReferenceAndTheScalarLoops() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is not in the boot layer");
    int supported = 0;
    for (Fn f : REAL) {
      double[] x = Ref.inputs(1003, range(f)[0], range(f)[1], 11);   // not a multiple of the lane count
      float[] xf = new float[x.length];
      double[] xd = new double[x.length];
      for (int i = 0; i < x.length; i++) { xf[i] = (float) x[i]; xd[i] = xf[i]; }
      if (f.v32(new float[64], new float[64], 0, 64) == 64) {
        float[] o = new float[x.length], s = new float[x.length];
        f.simd32(xf, o, 0, x.length);
        f.f32(xf, s, 0, x.length);
        check(f, xd, NdArray.wrap(Shape.of(x.length), o), true);
        for (int i = 0; i < x.length; i++)
          assertEquals(Float.floatToIntBits(s[i]), Float.floatToIntBits(o[i]), f + " simd vs scalar f32 at " + xf[i]);
        supported++;
      }
      if (f.v64(new double[64], new double[64], 0, 64) == 64) {
        double[] o = new double[x.length], s = new double[x.length];
        f.simd64(xd, o, 0, x.length);
        f.f64(xd, s, 0, x.length);
        check(f, xd, NdArray.wrap(Shape.of(x.length), o), true);
        for (int i = 0; i < x.length; i++)
          assertEquals(Double.doubleToLongBits(s[i]), Double.doubleToLongBits(o[i]), f + " simd vs scalar f64 at " + xd[i]);
        supported++;
      }
    }
    assertEquals(27, supported, "f32 and f64 SIMD loops exercised");
  }

  @Test void simdSubRangesLeaveTheRestUntouched() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is not in the boot layer");
    float[] x = new float[50], o = new float[50];
    java.util.Arrays.fill(x, 2f);
    java.util.Arrays.fill(o, -7f);
    Fn.EXP.simd32(x, o, 3, 40);
    for (int i = 0; i < 50; i++) assertEquals(i >= 3 && i < 40 ? (float) Math.exp(2) : -7f, o[i], 1e-5f, "index " + i);
  }

  @Test void integerAndBoolFunctions() {
    int[] xi = {0, 1, -1, 7, -8, Integer.MAX_VALUE, Integer.MIN_VALUE};
    long[] xl = {0, 1, -1, 7, -8, Long.MAX_VALUE, Long.MIN_VALUE};
    Shape s = Shape.of(xi.length);
    for (Fn f : new Fn[] {Fn.NEG, Fn.SIGN, Fn.ABS, Fn.NOT, Fn.SQUARE}) {
      int[] oi = UnaryKernels.apply(f, NdArray.wrap(s, xi.clone())).i32();
      long[] ol = UnaryKernels.apply(f, NdArray.wrap(s, xl.clone())).i64();
      for (int i = 0; i < xi.length; i++) {
        int a = xi[i];
        long b = xl[i];
        int wantI = switch (f) { case NEG -> -a; case SIGN -> Integer.signum(a); case ABS -> a < 0 ? -a : a; case NOT -> ~a; default -> a * a; };
        long wantL = switch (f) { case NEG -> -b; case SIGN -> Long.signum(b); case ABS -> b < 0 ? -b : b; case NOT -> ~b; default -> b * b; };
        assertEquals(wantI, oi[i], f + " i32 " + a);
        assertEquals(wantL, ol[i], f + " i64 " + b);
      }
    }
    boolean[] nb = UnaryKernels.apply(Fn.NOT, NdArray.wrap(Shape.of(2), new boolean[] {true, false})).bool();
    assertArrayEquals(new boolean[] {false, true}, nb);
  }

  @Test void largeIntegerArraysRunInParallelChunks() {
    int n = 2 * UnaryKernels.CHEAP_GRAIN + 3;
    int[] x = new int[n];
    for (int i = 0; i < n; i++) x[i] = i - n / 2;
    int[] o = UnaryKernels.apply(Fn.ABS, NdArray.wrap(Shape.of(n), x)).i32();
    for (int i = 0; i < n; i++) assertEquals(Math.abs(i - n / 2), o[i]);
  }

  @Test void shapesAreKeptAndZeroSizeWorks() {
    NdArray x = NdArray.wrap(Shape.of(2, 1, 3), new float[] {1, 2, 3, 4, 5, 6});
    assertEquals(Shape.of(2, 1, 3), UnaryKernels.apply(Fn.SIN, x).shape());
    NdArray empty = NdArray.zeros(DType.F64, Shape.of(0, 4));
    assertEquals(Shape.of(0, 4), UnaryKernels.apply(Fn.TANH, empty).shape());
    assertEquals(DType.BOOL, UnaryKernels.apply(Fn.IS_FINITE, empty).dtype());
    assertEquals(Shape.scalar(), UnaryKernels.apply(Fn.NEG, NdArray.scalar(DType.I64, 3)).shape());
  }

  @Test void inputsAreNotModified() {
    double[] x = Ref.inputs(100, -3, 3, 5);
    double[] copy = x.clone();
    for (Fn f : REAL) UnaryKernels.apply(f, NdArray.wrap(Shape.of(100), x));
    assertArrayEquals(copy, x);
  }

  @Test void dtypesOutsideTheDomainAreRejected() {
    var e = assertThrows(DTypeError.class, () -> UnaryKernels.apply(Fn.SIN, NdArray.zeros(DType.I32, Shape.of(2))));
    assertEquals("sin: no kernel for i32[2]; it needs a floating dtype (f32, f64)", e.getMessage());
    assertThrows(DTypeError.class, () -> UnaryKernels.apply(Fn.NOT, NdArray.zeros(DType.F32, Shape.of(2))));
    assertThrows(DTypeError.class, () -> UnaryKernels.apply(Fn.NEG, NdArray.zeros(DType.BOOL, Shape.of(2))));
  }

  @Test void roundingFunctionsOnHalves() {
    double[] x = {0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 4503599627370497.0, -0.3};
    NdArray in = NdArray.wrap(Shape.of(x.length), x);
    assertArrayEquals(new double[] {1, 2, 3, -1, -2, -3, 0, 4503599627370497.0, -0.0}, UnaryKernels.apply(Fn.ROUND, in).f64());
    assertArrayEquals(new double[] {0, 2, 2, -0.0, -2, -2, 0, 4503599627370497.0, -0.0}, UnaryKernels.apply(Fn.ROUND_EVEN, in).f64());
    float[] xf = {0.5f, 2.5f, -2.5f, 0.49999997f};
    assertArrayEquals(new float[] {1, 3, -3, 0}, UnaryKernels.apply(Fn.ROUND, NdArray.wrap(Shape.of(4), xf)).f32());
  }
}
