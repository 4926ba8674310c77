package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.Reductions.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Reductions#reduce(Op, ElementSource, Shape, int[])} — the entry fused sums use — gives, bit for bit, the
 * eager {@link Reductions#reduce(Op, NdArray, int[])} of the materialized array before its final rounding, for SUM
 * and PROD, f32 and f64, every axis set of shapes around the block sizes (runs of 2048, row blocks of 128, short runs
 * read many at a time, several passes), and all-negative-zero data (run blocks start at +0, row passes keep -0); and
 * every read stays inside the array.
 */
class ElementSourceSumsTest {
  private static final int[][] SHAPES = {{1}, {5}, {16}, {2047}, {2048}, {2049}, {6000}, {3, 2049}, {2049, 3}, {129, 7},
      {128, 5000}, {100_000, 3}, {7, 1, 300}, {5, 130, 3}, {2, 3000, 2}, {3, 4, 5, 6}, {0, 4}, {4, 0}};

  @Test void sourceSumsHaveTheBitsOfTheEagerSumOfTheArray() {
    for (DType d : List.of(DType.F32, DType.F64)) {
      for (int[] dims : SHAPES) {
        Shape s = Shape.of(dims);
        for (boolean negZero : new boolean[] {false, true}) {
          NdArray x = values(d, s, negZero, 7L * s.size() + dims.length);
          for (int[] axes : axisSets(dims.length)) {
            for (Op op : List.of(Op.SUM, Op.PROD)) {
              double[] eager = eagerF64(op, x, axes);
              double[] got = Reductions.reduce(op, source(x), s, axes);
              String what = op + " over " + java.util.Arrays.toString(axes) + " of " + d + s + (negZero ? " (-0)" : "");
              assertEquals(eager.length, got.length, what);
              for (int i = 0; i < eager.length; i++)
                if (Double.doubleToLongBits(eager[i]) != Double.doubleToLongBits(got[i]))
                  throw new AssertionError(what + ": element " + i + " is " + got[i] + " from the source, " + eager[i] + " eager");
            }
          }
        }
      }
    }
  }

  /**
   * A reader's scratch is never larger than the array it reads (it was 8192 elements for any short run or row pass,
   * so a fused 10-element sum zeroed 32 KB per call), and is still large enough for every read (the arraycopy).
   */
  @Test void scratchIsSizedToTheReadsNotToTheBlockLimit() {
    for (int[] dims : SHAPES) {
      Shape s = Shape.of(dims);
      NdArray x = values(DType.F32, s, false, 3);
      for (int[] axes : axisSets(dims.length)) {
        int[] largest = new int[1];
        ElementSource src = new ElementSource() {
          @Override public DType dtype() { return DType.F32; }

          @Override public Reader reader() {
            return (start, n, dst) -> {
              largest[0] = Math.max(largest[0], ((float[]) dst).length);
              System.arraycopy(x.store(), start, dst, 0, n);
            };
          }
        };
        Reductions.reduce(Op.SUM, src, s, axes);
        assertTrue(largest[0] <= s.size(), "SUM over " + java.util.Arrays.toString(axes) + " of f32" + s
            + ": scratch of " + largest[0] + " elements for an array of " + s.size());
      }
    }
  }

  @Test void onlySumAndProdOfFloatSources() {
    NdArray x = values(DType.F32, Shape.of(4), false, 1);
    assertThrows(IllegalArgumentException.class, () -> Reductions.reduce(Op.MAX, source(x), x.shape(), new int[] {0}));
    ElementSource ints = new ElementSource() {
      @Override public DType dtype() { return DType.I32; }
      @Override public Reader reader() { return (start, n, dst) -> {}; }
    };
    var e = assertThrows(io.graft.numerics.DTypeError.class, () -> Reductions.reduce(Op.SUM, ints, Shape.of(4), new int[] {0}));
    assertTrue(e.getMessage().contains("i32"), e.getMessage());
  }

  /**
   * The eager f64 result before rounding: an f64 array reduces in f64 directly; an f32 array's eager sum widens each
   * element exactly, so it equals the f64 eager sum of the widened array (same blocks, same f64 arithmetic).
   */
  private static double[] eagerF64(Op op, NdArray x, int[] axes) {
    return Reductions.reduce(op, x.dtype() == DType.F64 ? x : x.astype(DType.F64), axes).f64();
  }

  /** {@code x}'s elements through a reader that checks every read lies inside the array. */
  private static ElementSource source(NdArray x) {
    return new ElementSource() {
      @Override public DType dtype() { return x.dtype(); }

      @Override public Reader reader() {
        return (start, n, dst) -> {
          if (start < 0 || n < 0 || start + n > x.size()) throw new AssertionError("read [" + start + ", " + (start + n) + ") of " + x.size());
          System.arraycopy(x.store(), start, dst, 0, n);
        };
      }
    };
  }

  private static List<int[]> axisSets(int rank) {
    List<int[]> out = new ArrayList<>();
    for (int mask = 1; mask < (1 << rank); mask++) {
      int[] a = new int[Integer.bitCount(mask)];
      for (int i = 0, j = 0; i < rank; i++) if ((mask & (1 << i)) != 0) a[j++] = i;
      out.add(a);
    }
    return out;
  }

  /** Values near ±1 (products neither vanish nor overflow quickly), or all -0. */
  private static NdArray values(DType d, Shape s, boolean negZero, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[s.size()];
    for (int i = 0; i < v.length; i++) v[i] = negZero ? -0.0 : (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.999, 1.001) * (1 + r.nextDouble(-1e-3, 1e-3));
    NdArray a = NdArray.wrap(s, v);
    return d == DType.F64 ? a : a.astype(DType.F32);
  }
}
