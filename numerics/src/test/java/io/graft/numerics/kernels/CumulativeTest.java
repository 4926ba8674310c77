package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.Reductions.Op;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CumulativeTest {
  private static final Random RND = new Random(3);

  /** The reference: a running accumulator per line, in f64 or i64 (wrapped to i32 at the end). */
  static NdArray naive(Op op, NdArray x, int axis, boolean reverse) {
    Shape s = x.shape();
    int n = x.size(), r = s.dim(axis), inner = 1;
    for (int d = axis + 1; d < s.rank(); d++) inner *= s.dim(d);
    double[] od = new double[n];
    long[] ol = new long[n];
    for (int line = 0; r > 0 && line < n / r; line++) {
      int o = line / inner, j = line % inner;
      double ad = 0;
      long al = 0;
      for (int k = 0; k < r; k++) {
        int kk = reverse ? r - 1 - k : k, at = (o * r + kk) * inner + j;
        double v = x.getDouble(at);
        long l = x.getLong(at);
        if (k == 0) { ad = v; al = l; }
        else switch (op) {
          case SUM -> { ad += v; al += l; }
          case PROD -> { ad *= v; al *= l; }
          case MAX -> { ad = Math.max(ad, v); al = Math.max(al, l); }
          case MIN -> { ad = Math.min(ad, v); al = Math.min(al, l); }
        }
        od[at] = ad;
        ol[at] = al;
      }
    }
    return switch (x.dtype()) {
      case F32, F64 -> NdArray.wrap(s, od).astype(x.dtype());
      case I32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = (int) ol[i]; yield NdArray.wrap(s, a); }
      default -> NdArray.wrap(s, ol);
    };
  }

  @Test void everyAxisOpDtypeAndDirection() {
    for (Shape s : List.of(Shape.of(3, 4, 5), Shape.of(1, 5, 1), Shape.of(2, 0, 3), Shape.of(7), Shape.of(2, 5000, 3), Shape.of(100_000)))
      for (DType dt : List.of(DType.F32, DType.F64, DType.I32, DType.I64))
        for (Op op : Op.values()) {
          NdArray x = Naive.random(dt, s, RND, op == Op.PROD ? 0.9 : -1, op == Op.PROD ? 1.1 : 1);
          for (int axis = 0; axis < s.rank(); axis++)
            for (boolean rev : new boolean[] {false, true})
              Naive.assertClose(naive(op, x, axis, rev), Cumulative.scan(op, x, axis, rev), 1e-3,
                  op + " " + dt + s + " axis " + axis + " reverse " + rev);
        }
  }

  @Test void smallExamples() {
    NdArray x = NdArray.wrap(Shape.of(3), new int[] {1, 2, 3});
    assertArrayEquals(new int[] {1, 3, 6}, Cumulative.scan(Op.SUM, x, 0, false).i32());
    assertArrayEquals(new int[] {6, 5, 3}, Cumulative.scan(Op.SUM, x, 0, true).i32());
    assertArrayEquals(new int[] {1, 2, 6}, Cumulative.scan(Op.PROD, x, 0, false).i32());
    NdArray y = NdArray.wrap(Shape.of(4), new float[] {2, Float.NaN, 1, 3});
    float[] m = Cumulative.scan(Op.MAX, y, 0, false).f32();
    assertTrue(m[0] == 2 && Float.isNaN(m[1]) && Float.isNaN(m[3]));
  }

  @Test void boolHasNoKernel() {
    assertThrows(DTypeError.class, () -> Cumulative.scan(Op.SUM, NdArray.zeros(DType.BOOL, Shape.of(2)), 0, false));
  }
}
