package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.Reductions.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReductionsTest {
  private static final Random RND = new Random(42);

  static boolean allowed(Op op, DType dt) { return true; }

  /** The reference: visit every element, combine into its output slot in f64/i64 (wrapping to the dtype). */
  static NdArray naive(Op op, NdArray x, int[] axes) {
    Shape s = x.shape();
    boolean[] red = new boolean[s.rank()];
    for (int a : axes) red[a] = true;
    int[] kept = new int[s.rank() - axes.length];
    for (int i = 0, j = 0; i < s.rank(); i++) if (!red[i]) kept[j++] = s.dim(i);
    Shape os = Shape.of(kept);
    double[] accD = new double[os.size()];
    long[] accL = new long[os.size()];
    double initD = switch (op) { case SUM -> 0; case PROD -> 1; case MAX -> Double.NEGATIVE_INFINITY; case MIN -> Double.POSITIVE_INFINITY; };
    long bits = x.dtype() == DType.I32 ? 32 : 64;
    long initL = switch (op) { case SUM -> 0; case PROD -> 1;
      case MAX -> bits == 32 ? Integer.MIN_VALUE : Long.MIN_VALUE; case MIN -> bits == 32 ? Integer.MAX_VALUE : Long.MAX_VALUE; };
    if (x.dtype() == DType.BOOL && (op == Op.MAX || op == Op.MIN)) initL = op == Op.MIN ? 1 : 0;
    if (x.dtype() == DType.U32 && (op == Op.MAX || op == Op.MIN)) initL = op == Op.MIN ? 0xFFFF_FFFFL : 0;   // unsigned values
    java.util.Arrays.fill(accD, initD);
    java.util.Arrays.fill(accL, initL);
    int[] ostr = new int[s.rank()];                     // output stride of each input axis (0 if reduced)
    for (int d = s.rank() - 1, acc = 1; d >= 0; d--) if (!red[d]) { ostr[d] = acc; acc *= s.dim(d); }
    int[] idx = new int[s.rank()];
    for (int i = 0; i < x.size(); i++) {
      if (i > 0) for (int d = s.rank() - 1; d >= 0; d--) { if (++idx[d] < s.dim(d)) break; idx[d] = 0; }
      int f = 0;
      for (int d = 0; d < s.rank(); d++) f += idx[d] * ostr[d];
      double v = x.getDouble(i);
      long l = x.getLong(i);
      switch (op) {
        case SUM -> { accD[f] += v; accL[f] += l; }
        case PROD -> { accD[f] *= v; accL[f] *= l; }
        case MAX -> { accD[f] = Math.max(accD[f], v); accL[f] = Math.max(accL[f], l); }
        case MIN -> { accD[f] = Math.min(accD[f], v); accL[f] = Math.min(accL[f], l); }
      }
    }
    return switch (x.dtype()) {
      case F32, F64, BF16, F16 -> NdArray.wrap(os, accD).astype(x.dtype());
      case I32 -> { int[] r = new int[accL.length]; for (int i = 0; i < r.length; i++) r[i] = (int) accL[i]; yield NdArray.wrap(os, r); }
      case U32 -> { int[] r = new int[accL.length]; for (int i = 0; i < r.length; i++) r[i] = (int) accL[i]; yield NdArray.wrapU32(os, r); }
      case I64 -> NdArray.wrap(os, accL);
      case I8, U8 -> NdArray.wrap(os, accL).astype(x.dtype());
      case BOOL -> NdArray.wrap(os, accL).astype(op == Op.SUM || op == Op.PROD ? DType.I32 : DType.BOOL);
    };
  }

  static List<int[]> subsets(int rank) {
    List<int[]> out = new ArrayList<>();
    for (int m = 0; m < (1 << rank); m++) {
      int[] a = new int[Integer.bitCount(m)];
      for (int d = 0, j = 0; d < rank; d++) if ((m & (1 << d)) != 0) a[j++] = d;
      out.add(a);
    }
    return out;
  }

  private static void check(Op op, NdArray x, int[] axes) {
    NdArray want = naive(op, x, axes), got = Reductions.reduce(op, x, axes);
    Naive.assertClose(want, got, 1e-4, op + " " + x.dtype() + x.shape() + " axes " + java.util.Arrays.toString(axes));
  }

  @Test void everySubsetOfAxesEveryDtypeEveryOp() {
    for (Shape s : List.of(Shape.of(3, 4, 5), Shape.of(1, 4, 1), Shape.of(2, 1, 3), Shape.of(0, 3, 2), Shape.of(2, 0, 3), Shape.of(4, 5, 0)))
      for (DType dt : Naive.computed())
        for (Op op : Op.values()) {
          if (!allowed(op, dt)) continue;
          NdArray x = Naive.random(dt, s, RND, op == Op.PROD ? 0.5 : -2, op == Op.PROD ? 1.5 : 2);
          for (int[] axes : subsets(3)) check(op, x, axes);
        }
  }

  @Test void emptyReductionsGiveTheIdentity() {
    NdArray e = NdArray.zeros(DType.F32, Shape.of(0, 2));
    assertArrayEquals(new float[] {0, 0}, Reductions.reduce(Op.SUM, e, new int[] {0}).f32());
    assertArrayEquals(new float[] {1, 1}, Reductions.reduce(Op.PROD, e, new int[] {0}).f32());
    assertEquals(Float.NEGATIVE_INFINITY, Reductions.reduce(Op.MAX, e, new int[] {0}).f32()[0]);
    assertEquals(Float.POSITIVE_INFINITY, Reductions.reduce(Op.MIN, e, new int[] {0}).f32()[0]);
    assertEquals(Integer.MIN_VALUE, Reductions.reduce(Op.MAX, NdArray.zeros(DType.I32, Shape.of(0)), new int[] {0}).i32()[0]);
    assertEquals(Long.MAX_VALUE, Reductions.reduce(Op.MIN, NdArray.zeros(DType.I64, Shape.of(0)), new int[] {0}).i64()[0]);
    assertEquals(false, Reductions.reduce(Op.MAX, NdArray.zeros(DType.BOOL, Shape.of(0)), new int[] {0}).bool()[0]);
    assertEquals(true, Reductions.reduce(Op.MIN, NdArray.zeros(DType.BOOL, Shape.of(0)), new int[] {0}).bool()[0]);
    assertEquals(Shape.of(0), Reductions.reduce(Op.SUM, NdArray.zeros(DType.F64, Shape.of(0, 3)), new int[] {1}).shape());
  }

  @Test void scalarsAndNoAxesCopy() {
    NdArray s = NdArray.scalar(DType.F64, 2.5);
    NdArray r = Reductions.reduce(Op.SUM, s, new int[0]);
    assertEquals(2.5, r.f64()[0]);
    assertTrue(r.store() != s.store(), "a fresh buffer");
    NdArray x = Naive.random(DType.I32, Shape.of(2, 3), RND, 0, 1);
    assertArrayEquals(x.i32(), Reductions.reduce(Op.MAX, x, new int[0]).i32());
  }

  @Test void largeParallelShapes() {
    List<Object[]> combos = List.of(new Object[] {DType.F32, Op.SUM}, new Object[] {DType.F64, Op.MAX},
        new Object[] {DType.I32, Op.SUM}, new Object[] {DType.I64, Op.MIN}, new Object[] {DType.F32, Op.MIN});
    for (Shape s : List.of(Shape.of(300, 400), Shape.of(1, 200_003), Shape.of(200_003, 3), Shape.of(3, 70_001), Shape.of(9, 20_000, 2)))
      for (Object[] c : combos) {
        DType dt = (DType) c[0];
        Op op = (Op) c[1];
        NdArray x = Naive.random(dt, s, RND, -1, 1);
        for (int[] axes : subsets(s.rank())) {
          NdArray want = naive(op, x, axes), got = Reductions.reduce(op, x, axes);
          Naive.assertClose(want, got, 1e-3, op + " " + dt + s + java.util.Arrays.toString(axes));
        }
      }
  }

  @Test void maxAndMinPropagateNaN() {
    for (int n : new int[] {3, 100, 5000}) {
      float[] a = new float[n];
      a[n / 2] = Float.NaN;
      NdArray x = NdArray.wrap(Shape.of(n), a);
      assertTrue(Float.isNaN(Reductions.reduce(Op.MAX, x, new int[] {0}).f32()[0]));
      assertTrue(Float.isNaN(Reductions.reduce(Op.MIN, x, new int[] {0}).f32()[0]));
      assertTrue(Float.isNaN(ReduceRowsF32.run(Op.MAX, a, 0, n)));
      double[] d = new double[n];
      d[n - 1] = Double.NaN;
      assertTrue(Double.isNaN(Reductions.reduce(Op.MAX, NdArray.wrap(Shape.of(n), d), new int[] {0}).f64()[0]));
      assertTrue(Double.isNaN(ReduceRowsF64.run(Op.MIN, d, 0, n)));
    }
  }

  @Test void scalarAndSimdRunsAgree() {
    for (int n : new int[] {0, 1, 5, 63, 64, 1000, 4099}) {
      float[] a = new float[n + 3];
      double[] d = new double[n + 3];
      for (int i = 0; i < a.length; i++) { a[i] = (float) (RND.nextDouble() + 0.5); d[i] = a[i]; }
      for (Op op : Op.values()) {
        double ref = switch (op) { case SUM -> 0; case PROD -> 1; case MAX -> Double.NEGATIVE_INFINITY; case MIN -> Double.POSITIVE_INFINITY; };
        for (int i = 3; i < n + 3; i++) ref = ReduceRowsF64.op(op, ref, d[i]);
        double tol = 1e-4 * (1 + Math.abs(ref));
        assertEquals(ref, ReduceRowsF32.run(op, a, 3, n), op == Op.PROD ? Math.abs(ref) * 1e-3 + 1e-3 : tol, op + " scalar f32 n=" + n);
        assertEquals(ref, ReduceRowsF64.run(op, d, 3, n), 1e-9 * (1 + Math.abs(ref)), op + " scalar f64 n=" + n);
        if (Simd.AVAILABLE && (op == Op.MAX || op == Op.MIN)) {
          assertEquals(ref, ReduceSimdF32.run(op, a, 3, n), 0, op + " simd f32 n=" + n);
          assertEquals(ref, ReduceSimdF64.run(op, d, 3, n), 0, op + " simd f64 n=" + n);
        }
      }
    }
  }

  /**
   * The integer runs (four accumulators) give the bits of one sequential loop, overflow included: integer addition
   * and multiplication wrap, so their order does not matter.
   */
  @Test void integerRunsWrapAsOneSequentialLoop() {
    for (int n : new int[] {0, 1, 3, 4, 7, 1000}) {
      int[] a = new int[n + 2];
      long[] l = new long[n + 2];
      for (int i = 0; i < a.length; i++) { a[i] = RND.nextInt() | 1; l[i] = RND.nextLong() | 1; }
      for (Op op : Op.values()) {
        int wantI = ReduceRowsI32.identity(op);
        long wantL = ReduceRowsI64.identity(op);
        for (int i = 2; i < n + 2; i++) { wantI = ReduceRowsI32.op(op, wantI, a[i]); wantL = ReduceRowsI64.op(op, wantL, l[i]); }
        assertEquals(wantI, ReduceRowsI32.run(op, a, 2, n), op + " i32 n=" + n);
        assertEquals(wantL, ReduceRowsI64.run(op, l, 2, n), op + " i64 n=" + n);
        int[] d = {7};
        ReduceRowsI32.rows(op, a, 2, n, 1, d, 0, 0, 1);
        assertEquals(ReduceRowsI32.op(op, 7, wantI), d[0], op + " i32 rows n=" + n);
      }
    }
  }

  /** Bool sum and prod count into i32 straight from the bool store: the count of true, and whether all are true. */
  @Test void boolSumAndProdCountIntoI32() {
    NdArray b = NdArray.wrap(Shape.of(2, 3), new boolean[] {true, false, true, true, true, true});
    assertEquals(DType.I32, Reductions.reduce(Op.SUM, b, new int[] {0, 1}).dtype());
    assertArrayEquals(new int[] {5}, Reductions.reduce(Op.SUM, b, new int[] {0, 1}).i32());
    assertArrayEquals(new int[] {2, 1, 2}, Reductions.reduce(Op.SUM, b, new int[] {0}).i32());
    assertArrayEquals(new int[] {0, 1}, Reductions.reduce(Op.PROD, b, new int[] {1}).i32());
    assertArrayEquals(new int[] {0}, Reductions.reduce(Op.SUM, NdArray.zeros(DType.BOOL, Shape.of(0)), new int[] {0}).i32());
    assertArrayEquals(new int[] {1, 0, 1, 1, 1, 1}, Reductions.reduce(Op.SUM, b, new int[0]).i32());
    int n = 3_000_001;
    boolean[] big = new boolean[n];
    int count = 0;
    for (int i = 0; i < n; i += 7) { big[i] = true; count++; }
    assertEquals(count, Reductions.reduce(Op.SUM, NdArray.wrap(Shape.of(n), big), new int[] {0}).i32()[0]);
    assertEquals(count, Reductions.reduce(Op.SUM, NdArray.wrap(Shape.of(n / 3, 3), java.util.Arrays.copyOf(big, n - 1)), new int[] {0, 1})
        .i32()[0] + (big[n - 1] ? 1 : 0));
  }

  @Test void badAxesAreRejected() {
    NdArray x = NdArray.zeros(DType.F32, Shape.of(2, 3));
    assertThrows(io.graft.numerics.ShapeError.class, () -> Reductions.reduce(Op.SUM, x, new int[] {1, 0}));
    assertThrows(io.graft.numerics.ShapeError.class, () -> Reductions.reduce(Op.SUM, x, new int[] {2}));
  }
}
