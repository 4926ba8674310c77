package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Reductions.Arg;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArgMinMaxTest {
  private static final Random RND = new Random(7);

  /** The reference: first index of the extreme, NaN (as a double) counting as the extreme. */
  static int[] naive(Arg arg, NdArray x, int axis) {
    Shape s = x.shape(), os = s.drop(axis);
    int[] out = new int[os.size()];
    int r = s.dim(axis), inner = 1;
    for (int d = axis + 1; d < s.rank(); d++) inner *= s.dim(d);
    for (int f = 0; f < out.length; f++) {
      int o = f / inner, j = f % inner, bi = 0;
      for (int k = 1; k < r; k++) {
        int at = (o * r + k) * inner + j, bat = (o * r + bi) * inner + j;
        if (x.dtype() == DType.I64) {
          long v = x.getLong(at), b = x.getLong(bat);
          if (arg == Arg.MAX ? v > b : v < b) bi = k;
        } else {
          double v = x.getDouble(at), b = x.getDouble(bat);
          if (Double.isNaN(b)) break;
          if (Double.isNaN(v) || (arg == Arg.MAX ? v > b : v < b)) bi = k;
        }
      }
      out[f] = bi;
    }
    return out;
  }

  @Test void everyAxisEveryDtype() {
    for (Shape s : List.of(Shape.of(3, 4, 5), Shape.of(1, 6, 1), Shape.of(2, 0, 3), Shape.of(5), Shape.of(64, 3000)))
      for (DType dt : Naive.computed())
        for (Arg arg : Arg.values()) {
          NdArray x = Naive.random(dt, s, RND, -2, 2);
          for (int axis = 0; axis < s.rank(); axis++) {
            if (s.dim(axis) == 0) continue;
            NdArray got = Reductions.argMinMax(arg, x, axis, DType.I32);
            assertEquals(s.drop(axis), got.shape());
            assertArrayEquals(naive(arg, x, axis), got.i32(), arg + " " + dt + s + " axis " + axis);
          }
        }
  }

  @Test void tiesTakeTheFirstIndex() {
    NdArray x = NdArray.wrap(Shape.of(2, 3), new int[] {5, 5, 1, 1, 1, 1});
    assertArrayEquals(new int[] {0, 0}, Reductions.argMinMax(Arg.MAX, x, 1, DType.I32).i32());
    assertArrayEquals(new int[] {2, 0}, Reductions.argMinMax(Arg.MIN, x, 1, DType.I32).i32());
    NdArray b = NdArray.wrap(Shape.of(4), new boolean[] {false, true, true, false});
    assertArrayEquals(new int[] {1}, Reductions.argMinMax(Arg.MAX, b.reshape(Shape.of(1, 4)), 1, DType.I32).i32());
    assertArrayEquals(new int[] {0}, Reductions.argMinMax(Arg.MIN, b.reshape(Shape.of(1, 4)), 1, DType.I32).i32());
  }

  @Test void theFirstNaNWins() {
    NdArray x = NdArray.wrap(Shape.of(5), new float[] {1, Float.NaN, 9, Float.NaN, -9});
    assertEquals(1, Reductions.argMinMax(Arg.MAX, x, 0, DType.I32).i32()[0]);
    assertEquals(1, Reductions.argMinMax(Arg.MIN, x, 0, DType.I32).i32()[0]);
    NdArray y = NdArray.wrap(Shape.of(3, 2), new double[] {1, 0, Double.NaN, 5, 2, Double.NaN});
    assertArrayEquals(new int[] {1, 2}, Reductions.argMinMax(Arg.MAX, y, 0, DType.I32).i32());
    assertArrayEquals(new int[] {1, 2}, Reductions.argMinMax(Arg.MIN, y, 0, DType.I32).i32());
  }

  @Test void i64IndicesAndZeroSizeAxes() {
    NdArray x = NdArray.wrap(Shape.of(3), new long[] {3, Long.MAX_VALUE, Long.MAX_VALUE - 1});
    NdArray r = Reductions.argMinMax(Arg.MAX, x, 0, DType.I64);
    assertEquals(DType.I64, r.dtype());
    assertEquals(1L, r.i64()[0]);
    var e = assertThrows(ShapeError.class, () -> Reductions.argMinMax(Arg.MAX, NdArray.zeros(DType.F32, Shape.of(2, 0)), 1, DType.I32));
    assertTrue(e.getMessage().contains("f32[2,0]"), e.getMessage());
  }

  /** Bool is searched in place (no i32 copy): argmax is the first true, argmin the first false, along any axis. */
  @Test void boolArgReadsTheMaskDirectly() {
    int r = 300_007, inner = 3;
    boolean[] m = new boolean[r * inner];
    java.util.Arrays.fill(m, inner * 5, m.length, true);      // column j: false until row 5
    m[inner * 100_000 + 1] = false;
    m[inner * 2 + 2] = true;                                  // column 2: true from row 2 on
    NdArray x = NdArray.wrap(Shape.of(r, inner), m);
    assertArrayEquals(new int[] {5, 5, 2}, Reductions.argMinMax(Arg.MAX, x, 0, DType.I32).i32());
    assertArrayEquals(new int[] {0, 0, 0}, Reductions.argMinMax(Arg.MIN, x, 0, DType.I32).i32());
    NdArray flat = NdArray.wrap(Shape.of(m.length), m);
    assertEquals(8, Reductions.argMinMax(Arg.MAX, flat, 0, DType.I32).i32()[0]);
    assertEquals(0, Reductions.argMinMax(Arg.MIN, flat, 0, DType.I32).i32()[0]);
    assertEquals(0, Reductions.argMinMax(Arg.MAX, NdArray.zeros(DType.BOOL, Shape.of(10)), 0, DType.I32).i32()[0]);
  }
}
