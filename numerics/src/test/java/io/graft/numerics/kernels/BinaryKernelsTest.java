package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.BinaryKernels.Fn;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Binary kernels against a naive element loop, for every operation, dtype and broadcast mode (array-array,
 * rank-0 on either side, rank-0 both), at sizes that cover empty, single, a partial SIMD vector, more than one
 * replication block and more than two parallel grains. pow/atan2 in f32 allow 1 ulp (computed in double and
 * rounded once by both sides, the SIMD atan2 within 4 ulp); everything else is exact.
 */
class BinaryKernelsTest {
  private static final int[] SIZES = {0, 1, 5, Pairwise.BLOCK + 3, 2 * UnaryKernels.CHEAP_GRAIN + 9};

  /** The reference {@code x op y} in double for float dtypes. */
  private static double refFloat(Fn f, double x, double y, boolean f32) {
    double r = switch (f) {
      case ADD -> x + y; case SUB -> x - y; case MUL -> x * y; case DIV -> x / y;
      case REM -> x % y; case POW -> Math.pow(x, y); case ATAN2 -> Math.atan2(x, y);
      case MAX -> Math.max(x, y);
      case MIN -> Math.min(x, y);
      case NEXTAFTER -> f32 ? Math.nextAfter((float) x, y) : Math.nextAfter(x, y);
      case AND, OR, XOR, SHIFT_LEFT, SHIFT_RIGHT_LOGICAL, SHIFT_RIGHT_ARITHMETIC -> throw new IllegalArgumentException(f + " on floats");
    };
    return f32 ? (float) r : r;
  }

  /** The reference {@code x op y} for integers, wrapped to {@code bits}. */
  private static long refInt(Fn f, long x, long y, boolean i32) {
    long r = switch (f) {
      case ADD -> x + y; case SUB -> x - y; case MUL -> x * y;
      case DIV -> y == 0 ? 0 : i32 ? (int) x / (int) y : x / y;
      case REM -> y == 0 ? x : i32 ? (int) x % (int) y : x % y;
      case MAX -> Math.max(x, y); case MIN -> Math.min(x, y);
      case AND -> x & y; case OR -> x | y; case XOR -> x ^ y;
      case SHIFT_LEFT -> shiftInRange(y, i32) ? (i32 ? (int) x << y : x << y) : 0;
      case SHIFT_RIGHT_LOGICAL -> shiftInRange(y, i32) ? (i32 ? (int) x >>> y : x >>> y) : 0;
      case SHIFT_RIGHT_ARITHMETIC -> i32 ? (int) x >> (shiftInRange(y, true) ? y : 31) : x >> (shiftInRange(y, false) ? y : 63);
      default -> throw new IllegalArgumentException(f + " on integers");
    };
    return i32 ? (int) r : r;
  }

  /** XLA: a shift count, read unsigned, must be below the width. */
  private static boolean shiftInRange(long y, boolean i32) { return i32 ? (y & 0xFFFF_FFFFL) < 32 : Long.compareUnsigned(y, 64) < 0; }

  /** The reference {@code x op y} for u32 values {@code x, y in [0, 2^32)}, as the unsigned result. */
  private static long refU32(Fn f, long x, long y) {
    long r = switch (f) {
      case ADD -> x + y; case SUB -> x - y; case MUL -> x * y;
      case DIV -> y == 0 ? 0 : x / y;
      case REM -> y == 0 ? x : x % y;
      case MAX -> Math.max(x, y); case MIN -> Math.min(x, y);
      case AND -> x & y; case OR -> x | y; case XOR -> x ^ y;
      case SHIFT_LEFT -> y < 32 ? x << y : 0;
      case SHIFT_RIGHT_LOGICAL -> y < 32 ? x >>> y : 0;
      case SHIFT_RIGHT_ARITHMETIC -> (int) x >> Math.min(y, 31);
      default -> throw new IllegalArgumentException(f + " on integers");
    };
    return r & 0xFFFF_FFFFL;
  }

  private static NdArray random(DType d, int n, long seed, boolean scalar) {
    SplittableRandom r = new SplittableRandom(seed);
    Shape s = scalar ? Shape.scalar() : Shape.of(n);
    int m = scalar ? 1 : n;
    double[] special = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, -1.5, 2.0};
    return switch (d) {
      case F32 -> { float[] a = new float[m]; for (int i = 0; i < m; i++) a[i] = i < special.length && seed % 3 == 0 ? (float) special[i] : (float) r.nextDouble(-8, 8); yield NdArray.wrap(s, a); }
      case F64 -> { double[] a = new double[m]; for (int i = 0; i < m; i++) a[i] = i < special.length && seed % 3 == 0 ? special[i] : r.nextDouble(-8, 8); yield NdArray.wrap(s, a); }
      case I32 -> { int[] a = new int[m]; for (int i = 0; i < m; i++) a[i] = m > 1 && i % 7 == 0 ? (i % 2 == 0 ? 0 : Integer.MIN_VALUE) : r.nextInt(-20, 20); yield NdArray.wrap(s, a); }
      case I64 -> { long[] a = new long[m]; for (int i = 0; i < m; i++) a[i] = m > 1 && i % 7 == 0 ? (i % 2 == 0 ? 0 : Long.MIN_VALUE) : r.nextLong(-20, 20); yield NdArray.wrap(s, a); }
      case U32 -> { int[] a = new int[m]; for (int i = 0; i < m; i++) a[i] = i % 3 == 0 ? r.nextInt() : r.nextInt(0, 40); yield NdArray.wrapU32(s, a); }
      case BOOL -> { boolean[] a = new boolean[m]; for (int i = 0; i < m; i++) a[i] = r.nextBoolean(); yield NdArray.wrap(s, a); }
      case BF16, F16 -> throw new IllegalArgumentException("the kernels see 16-bit floats widened to f32 (trace.prim.HalfPrecision)");
      case I8, U8 -> throw new IllegalArgumentException("the kernels see 8-bit integers widened to i32 (trace.prim.HalfPrecision)");
    };
  }

  private static void check(Fn f, NdArray x, NdArray y, NdArray z) {
    int n = z.size();
    boolean f32 = z.dtype() == DType.F32;
    for (int i = 0; i < n; i++) {
      int xi = x.rank() == 0 ? 0 : i, yi = y.rank() == 0 ? 0 : i;
      String what = f + " " + z.dtype() + " at " + i;
      switch (z.dtype()) {
        case F32, F64 -> {
          double want = refFloat(f, x.getDouble(xi), y.getDouble(yi), f32);
          double ulps = f == Fn.ATAN2 && Simd.AVAILABLE ? 4 : f32 && (f == Fn.POW || f == Fn.ATAN2) ? 1 : 0;
          if (want == 0 && z.getDouble(i) == 0) assertEquals(1 / want, 1 / z.getDouble(i), what + " (sign of zero)");
          Ref.close(want, z.getDouble(i), ulps, 0, f32, what);
        }
        case I32, I64 -> assertEquals(refInt(f, x.getLong(xi), y.getLong(yi), z.dtype() == DType.I32), z.getLong(i), what);
        case U32 -> assertEquals(refU32(f, x.getLong(xi), y.getLong(yi)), z.getLong(i), what);
        case BOOL -> {
          boolean a = x.getBoolean(xi), b = y.getBoolean(yi);
          boolean want = switch (f) { case AND, MIN -> a & b; case OR, MAX -> a | b; case XOR -> a ^ b; default -> throw new AssertionError(f); };
          assertEquals(want, z.getBoolean(i), what);
        }
      }
    }
  }

  @Test void everyOperationDtypeAndBroadcastModeMatchesTheNaiveLoop() {
    int runs = 0;
    for (Fn f : Fn.values())
      for (DType d : DType.values()) {
        if (!f.domain().accepts(d) || d.isHalf() || d.isByte()) continue;        // 16-bit floats reach the kernels widened to f32
        for (int n : SIZES)
          for (int mode = 0; mode < 4; mode++) {
            NdArray x = random(d, n, n + 3L * mode, (mode & 1) != 0), y = random(d, n, 7 * n + mode + 1, (mode & 2) != 0);
            if (mode == 3 && n != 1) continue;
            NdArray z = BinaryKernels.apply(f, x, y);
            assertEquals(mode == 3 ? Shape.scalar() : Shape.of(n), z.shape());
            assertEquals(d, z.dtype());
            check(f, x, y, z);
            runs++;
          }
      }
    assertTrue(runs > 300, "runs: " + runs);
  }

  @Test void scalarAndSimdLoopsAgree() {
    for (Fn f : Fn.values()) {
      for (DType d : new DType[] {DType.F32, DType.F64}) {
        if (!f.domain().accepts(d)) continue;
        int n = 1003;
        NdArray x = random(d, n, 3, false), y = random(d, n, 9, false);
        Object scalar = NdArray.newStore(d, n);
        if (d == DType.F32) f.f32(x.f32(), 0, y.f32(), 0, (float[]) scalar, 0, n);
        else f.f64(x.f64(), 0, y.f64(), 0, (double[]) scalar, 0, n);
        check(f, x, y, NdArray.wrapStore(d, Shape.of(n), scalar));
        if (!Simd.AVAILABLE) continue;
        Object simd = NdArray.newStore(d, n);
        if (d == DType.F32) f.simd32(x.f32(), 0, y.f32(), 0, (float[]) simd, 0, n);
        else f.simd64(x.f64(), 0, y.f64(), 0, (double[]) simd, 0, n);
        check(f, x, y, NdArray.wrapStore(d, Shape.of(n), simd));
      }
    }
  }

  @Test void simdLoopsHonourOffsets() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is not in the boot layer");
    float[] a = new float[40], b = new float[40], o = new float[40];
    for (int i = 0; i < 40; i++) { a[i] = i; b[i] = 100 * i; }
    Fn.ADD.simd32(a, 3, b, 5, o, 7, 21);
    for (int k = 0; k < 40; k++) assertEquals(k >= 7 && k < 28 ? (k - 4) + 100 * (k - 2) : 0, o[k], "index " + k);
  }

  @Test void documentedIntegerSemantics() {
    NdArray x = NdArray.wrap(Shape.of(5), new int[] {7, -7, 7, Integer.MIN_VALUE, 5});
    NdArray y = NdArray.wrap(Shape.of(5), new int[] {2, 2, 0, -1, -3});
    assertArrayEquals(new int[] {3, -3, 0, Integer.MIN_VALUE, -1}, BinaryKernels.apply(Fn.DIV, x, y).i32());
    assertArrayEquals(new int[] {1, -1, 7, 0, 2}, BinaryKernels.apply(Fn.REM, x, y).i32());
    NdArray f = NdArray.wrap(Shape.of(3), new double[] {-7.5, 7.5, -0.0});
    NdArray g = NdArray.wrap(Shape.of(3), new double[] {2, -2, 0.0});
    assertArrayEquals(new double[] {-1.5, 1.5, Double.NaN}, BinaryKernels.apply(Fn.REM, f, g).f64());
    assertArrayEquals(new double[] {2, 7.5, 0.0}, BinaryKernels.apply(Fn.MAX, f, g).f64());
    assertArrayEquals(new double[] {-7.5, -2, -0.0}, BinaryKernels.apply(Fn.MIN, f, g).f64());
  }

  @Test void inputsAreNotModifiedAndScalarsAreNotExpanded() {
    NdArray x = random(DType.F32, 5000, 1, false);
    float[] copy = x.f32().clone();
    NdArray s = NdArray.scalar(DType.F32, 3);
    NdArray z = BinaryKernels.apply(Fn.SUB, s, x);
    assertArrayEquals(copy, x.f32());
    for (int i = 0; i < 5000; i++) assertEquals(3 - copy[i], z.f32()[i]);
    assertEquals(Shape.of(2, 0), BinaryKernels.apply(Fn.MUL, NdArray.zeros(DType.I64, Shape.of(2, 0)), NdArray.scalar(DType.I64, 2)).shape());
    assertEquals(Shape.of(0), BinaryKernels.apply(Fn.ADD, NdArray.scalar(DType.F64, 1), NdArray.zeros(DType.F64, Shape.of(0))).shape());
  }

  @Test void mismatchesAreRejected() {
    NdArray a = NdArray.zeros(DType.F32, Shape.of(3)), b = NdArray.zeros(DType.F32, Shape.of(4));
    var e = assertThrows(ShapeError.class, () -> BinaryKernels.apply(Fn.ADD, a, b));
    assertTrue(e.getMessage().contains("f32[3] and f32[4]"), e.getMessage());
    assertThrows(DTypeError.class, () -> BinaryKernels.apply(Fn.ADD, a, NdArray.zeros(DType.F64, Shape.of(3))));
    assertThrows(DTypeError.class, () -> BinaryKernels.apply(Fn.AND, a, a));
    assertThrows(DTypeError.class, () -> BinaryKernels.apply(Fn.POW, NdArray.zeros(DType.I32, Shape.of(1)), NdArray.zeros(DType.I32, Shape.of(1))));
    assertThrows(DTypeError.class, () -> BinaryKernels.apply(Fn.ADD, NdArray.zeros(DType.BOOL, Shape.of(1)), NdArray.zeros(DType.BOOL, Shape.of(1))));
  }
}
