package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The layout kernels against naive multi-index reference loops, over every dtype and awkward shapes. */
class LayoutTest {
  static final DType[] ALL = DType.values();

  /** Random contents of {@code dtype} (distinct enough that a misplaced element shows). */
  static NdArray random(DType dtype, Shape shape, Random rnd) {
    int n = shape.size();
    Object s = NdArray.newStore(dtype, n);
    for (int i = 0; i < n; i++) {
      switch (s) {
        case float[] a -> a[i] = rnd.nextInt(1000) - 500 + 0.25f;
        case double[] a -> a[i] = rnd.nextGaussian();
        case int[] a -> a[i] = rnd.nextInt();
        case long[] a -> a[i] = rnd.nextLong();
        case boolean[] a -> a[i] = rnd.nextBoolean();
        case short[] a -> a[i] = (short) rnd.nextInt();              // any bf16/f16 pattern, NaNs included: moved as bits
        case byte[] a -> a[i] = (byte) rnd.nextInt();                // any i8/u8 value: moved as bytes
        default -> throw new AssertionError();
      }
    }
    return NdArray.wrapStore(dtype, shape, s);
  }

  static Shape randomShape(Random rnd, int rank, int maxDim) {
    int[] d = new int[rank];
    for (int i = 0; i < rank; i++) d[i] = rnd.nextInt(maxDim + 1);
    return Shape.of(d);
  }

  static int[] unravel(int flat, Shape s) {
    int[] idx = new int[s.rank()];
    for (int k = s.rank() - 1; k >= 0; k--) { idx[k] = flat % s.dim(k); flat /= s.dim(k); }
    return idx;
  }

  static int ravel(int[] idx, Shape s) {
    int f = 0;
    for (int k = 0; k < s.rank(); k++) f = f * s.dim(k) + idx[k];
    return f;
  }

  /** The array {@code out[o] = x[srcOf(o)]} built element by element (the reference). */
  static NdArray byIndex(NdArray x, Shape out, java.util.function.Function<int[], int[]> srcOf) {
    int n = out.size();
    int[] srcIdx = new int[n], dstIdx = new int[n];
    for (int o = 0; o < n; o++) { dstIdx[o] = o; srcIdx[o] = ravel(srcOf.apply(unravel(o, out)), x.shape()); }
    Object store = NdArray.newStore(x.dtype(), n);
    Copy.indexed(x.store(), srcIdx, store, dstIdx);
    return NdArray.wrapStore(x.dtype(), out, store);
  }

  static void assertSame(NdArray expected, NdArray actual, String what) {
    assertTrue(expected.contentEquals(actual), what + ": expected\n" + expected + "\ngot\n" + actual);
  }

  static List<int[]> permutations(int n) {
    List<int[]> out = new ArrayList<>();
    permute(new int[n], new boolean[n], 0, out);
    return out;
  }

  private static void permute(int[] cur, boolean[] used, int k, List<int[]> out) {
    if (k == cur.length) { out.add(cur.clone()); return; }
    for (int i = 0; i < cur.length; i++) {
      if (used[i]) continue;
      used[i] = true; cur[k] = i; permute(cur, used, k + 1, out); used[i] = false;
    }
  }

  static NdArray refTranspose(NdArray x, int[] perm) {
    int[] d = new int[perm.length];
    for (int k = 0; k < perm.length; k++) d[k] = x.shape().dim(perm[k]);
    return byIndex(x, Shape.of(d), o -> { int[] j = new int[o.length]; for (int k = 0; k < o.length; k++) j[perm[k]] = o[k]; return j; });
  }

  @Test void transposeMatchesReferenceOnAllDTypesAndPermutations() {
    Random rnd = new Random(1);
    for (DType dt : ALL) {
      for (int rank = 0; rank <= 4; rank++) {
        for (int trial = 0; trial < 4; trial++) {
          NdArray x = random(dt, randomShape(rnd, rank, trial == 0 ? 1 : 5), rnd);
          for (int[] perm : permutations(rank))
            assertSame(refTranspose(x, perm), Layout.transpose(x, perm), dt + " transpose " + x.shape() + " " + java.util.Arrays.toString(perm));
        }
      }
    }
  }

  @Test void largeTransposesUseTilesAndThreads() {
    Random rnd = new Random(2);
    for (DType dt : new DType[] {DType.F32, DType.I64, DType.BOOL}) {
      NdArray x = random(dt, Shape.of(517, 389), rnd);
      assertSame(refTranspose(x, new int[] {1, 0}), Layout.transpose(x, new int[] {1, 0}), dt + " 2-D");
    }
    NdArray y = random(DType.F64, Shape.of(33, 70, 65), rnd);
    for (int[] perm : permutations(3)) assertSame(refTranspose(y, perm), Layout.transpose(y, perm), "3-D " + java.util.Arrays.toString(perm));
    NdArray z = random(DType.I32, Shape.of(1, 300, 1, 257), rnd);
    int[] p = {3, 2, 0, 1};
    assertSame(refTranspose(z, p), Layout.transpose(z, p), "size-1 axes");
  }

  /** A kernel reversed over its spatial axes into a recycled store full of NaN equals the fresh reversal. */
  @Test void revIntoARecycledStoreEqualsTheFreshResult() {
    Random r = new Random(4);
    for (int[] dims : new int[][] {{3, 3, 4, 5}, {1, 7, 2}, {5}, {2, 0, 3}}) {
      double[] v = new double[Shape.of(dims).size()];
      for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian();
      NdArray x = NdArray.wrap(Shape.of(dims), v).astype(DType.F32);
      int[] axes = dims.length >= 2 ? new int[] {0, 1} : new int[] {0};
      float[] store = new float[x.size()];
      java.util.Arrays.fill(store, Float.NaN);
      NdArray into = Layout.revInto(x, axes, store), fresh = Layout.rev(x, axes);
      assertTrue(into.store() == store, "writes the given store");
      assertTrue(java.util.Arrays.equals((float[]) fresh.store(), store), java.util.Arrays.toString(dims));
    }
  }

  @Test void revMatchesReference() {
    Random rnd = new Random(3);
    for (DType dt : ALL) {
      for (int rank = 0; rank <= 3; rank++) {
        for (int trial = 0; trial < 6; trial++) {
          NdArray x = random(dt, randomShape(rnd, rank, trial < 2 ? 1 : 4), rnd);
          List<Integer> axes = new ArrayList<>();
          for (int k = 0; k < rank; k++) if (rnd.nextBoolean()) axes.add(k);
          int[] dims = axes.stream().mapToInt(Integer::intValue).toArray();
          NdArray expected = byIndex(x, x.shape(), o -> {
            int[] j = o.clone();
            for (int a : dims) j[a] = x.shape().dim(a) - 1 - o[a];
            return j;
          });
          assertSame(expected, Layout.rev(x, dims), dt + " rev " + x.shape() + " " + axes);
        }
      }
    }
  }

  @Test void sliceMatchesReference() {
    Random rnd = new Random(4);
    for (DType dt : ALL) {
      for (int rank = 0; rank <= 3; rank++) {
        for (int trial = 0; trial < 8; trial++) {
          NdArray x = random(dt, randomShape(rnd, rank, 6), rnd);
          int[] start = new int[rank], limit = new int[rank], strides = new int[rank], out = new int[rank];
          for (int k = 0; k < rank; k++) {
            int d = x.shape().dim(k);
            start[k] = rnd.nextInt(d + 1);
            limit[k] = start[k] + rnd.nextInt(d - start[k] + 1);
            strides[k] = 1 + rnd.nextInt(3);
            out[k] = (limit[k] - start[k] + strides[k] - 1) / strides[k];
          }
          NdArray expected = byIndex(x, Shape.of(out), o -> {
            int[] j = new int[o.length];
            for (int k = 0; k < o.length; k++) j[k] = start[k] + o[k] * strides[k];
            return j;
          });
          assertSame(expected, Layout.slice(x, start, limit, strides), dt + " slice " + x.shape());
        }
      }
    }
  }

  @Test void dynamicSliceClampsStarts() {
    Random rnd = new Random(5);
    for (DType dt : ALL) {
      NdArray x = random(dt, Shape.of(5, 4), rnd);
      long[][] starts = {{0, 0}, {3, 1}, {-7, 9}, {4, 2}, {Long.MAX_VALUE, Long.MIN_VALUE}};
      for (long[] st : starts) {
        int[] sizes = {2, 3};
        int s0 = (int) Math.max(0, Math.min(st[0], 3)), s1 = (int) Math.max(0, Math.min(st[1], 1));
        NdArray expected = byIndex(x, Shape.of(2, 3), o -> new int[] {s0 + o[0], s1 + o[1]});
        assertSame(expected, Layout.dynamicSlice(x, st, sizes), dt + " dynamic_slice at " + java.util.Arrays.toString(st));
      }
      assertEquals(Shape.of(0, 4), Layout.dynamicSlice(x, new long[] {9, 9}, new int[] {0, 4}).shape());
    }
  }

  @Test void dynamicUpdateSliceWritesAClampedWindow() {
    Random rnd = new Random(6);
    for (DType dt : ALL) {
      NdArray x = random(dt, Shape.of(4, 5), rnd), u = random(dt, Shape.of(2, 3), rnd);
      for (long[] st : new long[][] {{1, 1}, {-3, 8}, {3, 2}}) {
        int s0 = (int) Math.max(0, Math.min(st[0], 2)), s1 = (int) Math.max(0, Math.min(st[1], 2));
        NdArray ref = refUpdate(x, u, s0, s1);
        NdArray before = NdArray.wrapStore(dt, x.shape(), cloneStore(x));
        assertSame(ref, Layout.dynamicUpdateSlice(x, u, st), dt + " dynamic_update_slice at " + java.util.Arrays.toString(st));
        assertSame(before, x, "the operand is not modified");
      }
      NdArray empty = random(dt, Shape.of(0, 5), rnd);
      assertSame(x, Layout.dynamicUpdateSlice(x, empty, new long[] {2, 2}), "empty update");
    }
  }

  private static Object cloneStore(NdArray x) {
    Object s = NdArray.newStore(x.dtype(), x.size());
    System.arraycopy(x.store(), 0, s, 0, x.size());
    return s;
  }

  private static NdArray refUpdate(NdArray x, NdArray u, int s0, int s1) {
    Object out = cloneStore(x);
    int n = u.size();
    int[] src = new int[n], dst = new int[n];
    for (int i = 0; i < n; i++) {
      int[] j = unravel(i, u.shape());
      src[i] = i;
      dst[i] = ravel(new int[] {s0 + j[0], s1 + j[1]}, x.shape());
    }
    Copy.indexed(u.store(), src, out, dst);
    return NdArray.wrapStore(x.dtype(), x.shape(), out);
  }

  @Test void copyStridedHandlesScalarsAndEmptyDims() {
    float[] src = {7}, dst = {0};
    Strided.copy(src, 0, new int[0], dst, 0, new int[0], new int[0]);
    assertEquals(7f, dst[0]);
    Strided.copy(src, 0, new int[] {1, 1}, dst, 0, new int[] {1, 1}, new int[] {3, 0});
    assertEquals(7f, dst[0]);
  }
}
