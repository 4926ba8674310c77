package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DotGeneral} against a naive loop over random dimension numbers, layouts and dtypes. */
class DotGeneralTest {
  private static final DType[] DTYPES = {DType.F32, DType.F64, DType.I32, DType.I64};
  private static final int[] EXTENTS = {0, 1, 2, 3, 5};

  /** One random problem: axis roles are shuffled into random positions in each operand. */
  private record Case(NdArray lhs, NdArray rhs, int[] lc, int[] rc, int[] lb, int[] rb) {
    static Case random(Random r, int maxExtent) {
      int nb = r.nextInt(3), nc = r.nextInt(3), nlf = r.nextInt(3), nrf = r.nextInt(3);
      int[] b = extents(nb, r, maxExtent), c = extents(nc, r, maxExtent), lf = extents(nlf, r, maxExtent), rf = extents(nrf, r, maxExtent);
      List<Integer> lpos = shuffled(nb + nc + nlf, r), rpos = shuffled(nb + nc + nrf, r);
      int[] lshape = new int[lpos.size()], rshape = new int[rpos.size()];
      int[] lb = new int[nb], rb = new int[nb], lc = new int[nc], rc = new int[nc];
      for (int i = 0; i < nb; i++) { lb[i] = lpos.get(i); rb[i] = rpos.get(i); lshape[lb[i]] = b[i]; rshape[rb[i]] = b[i]; }
      for (int i = 0; i < nc; i++) { lc[i] = lpos.get(nb + i); rc[i] = rpos.get(nb + i); lshape[lc[i]] = c[i]; rshape[rc[i]] = c[i]; }
      int[] lfree = new int[nlf], rfree = new int[nrf];
      for (int i = 0; i < nlf; i++) lfree[i] = lpos.get(nb + nc + i);
      for (int i = 0; i < nrf; i++) rfree[i] = rpos.get(nb + nc + i);
      java.util.Arrays.sort(lfree);
      java.util.Arrays.sort(rfree);
      for (int i = 0; i < nlf; i++) lshape[lfree[i]] = lf[i];
      for (int i = 0; i < nrf; i++) rshape[rfree[i]] = rf[i];
      DType d = DTYPES[r.nextInt(DTYPES.length)];
      return new Case(TestArrays.random(d, Shape.of(lshape), r), TestArrays.random(d, Shape.of(rshape), r), lc, rc, lb, rb);
    }

    private static int[] extents(int n, Random r, int max) {
      int[] e = new int[n];
      for (int i = 0; i < n; i++) e[i] = max > 5 ? 1 + r.nextInt(max) : EXTENTS[r.nextInt(EXTENTS.length)];
      return e;
    }

    private static List<Integer> shuffled(int n, Random r) {
      List<Integer> l = new ArrayList<>();
      for (int i = 0; i < n; i++) l.add(i);
      Collections.shuffle(l, r);
      return l;
    }
  }

  /** The naive reference: one sum per output element, in double (i32 wraps as an int sum). */
  private static void check(Case k) {
    NdArray got = DotGeneral.apply(k.lhs, k.rhs, k.lc, k.rc, k.lb, k.rb);
    int[] lf = DotGeneral.free(k.lhs.rank(), k.lc, k.lb), rf = DotGeneral.free(k.rhs.rank(), k.rc, k.rb);
    int[] outDims = got.shape().dims();
    int[] cdims = new int[k.lc.length];
    for (int i = 0; i < cdims.length; i++) cdims[i] = k.lhs.shape().dim(k.lc[i]);
    int csize = Shape.of(cdims).size();
    double[] want = new double[got.size()], scale = new double[got.size()];
    int[] oi = new int[outDims.length];
    for (int o = 0; o < got.size(); o++) {
      unravel(o, outDims, oi);
      int[] li = new int[k.lhs.rank()], ri = new int[k.rhs.rank()];
      int j = 0;
      for (int i = 0; i < k.lb.length; i++, j++) { li[k.lb[i]] = oi[j]; ri[k.rb[i]] = oi[j]; }
      for (int a : lf) li[a] = oi[j++];
      for (int a : rf) ri[a] = oi[j++];
      int[] ci = new int[cdims.length];
      double s = 0, sc = 0;
      int si = 0;
      for (int t = 0; t < csize; t++) {
        unravel(t, cdims, ci);
        for (int i = 0; i < ci.length; i++) { li[k.lc[i]] = ci[i]; ri[k.rc[i]] = ci[i]; }
        double x = k.lhs.getDouble(flat(li, k.lhs.shape())), y = k.rhs.getDouble(flat(ri, k.rhs.shape()));
        s += x * y;
        sc += Math.abs(x * y);
        si += (int) x * (int) y;
      }
      want[o] = got.dtype() == DType.I32 ? si : s;
      scale[o] = sc;
    }
    TestArrays.assertClose(got, want, scale, "dot_general " + got.dtype() + " lhs " + k.lhs.shape() + " rhs " + k.rhs.shape()
        + " lc " + java.util.Arrays.toString(k.lc) + " rc " + java.util.Arrays.toString(k.rc) + " lb "
        + java.util.Arrays.toString(k.lb) + " rb " + java.util.Arrays.toString(k.rb));
  }

  static void unravel(int flat, int[] dims, int[] idx) {
    for (int i = dims.length - 1; i >= 0; i--) { idx[i] = flat % dims[i]; flat /= dims[i]; }
  }

  static int flat(int[] idx, Shape s) {
    int f = 0;
    for (int i = 0; i < idx.length; i++) f = f * s.dim(i) + idx[i];
    return f;
  }

  @Test void randomDimensionNumbersMatchTheNaiveLoop() {
    Random r = new Random(11);
    for (int t = 0; t < 400; t++) check(Case.random(r, 5));
  }

  @Test void largerOperandsUseTheBlockedGemmAndTheParallelBatch() {
    Random r = new Random(12);
    NdArray a = TestArrays.random(DType.F32, Shape.of(3, 150, 200), r), b = TestArrays.random(DType.F32, Shape.of(3, 200, 130), r);
    check(new Case(a, b, new int[] {2}, new int[] {1}, new int[] {0}, new int[] {0}));
    NdArray c = TestArrays.random(DType.F64, Shape.of(64, 8, 16), r), d = TestArrays.random(DType.F64, Shape.of(16, 64, 8), r);
    check(new Case(c, d, new int[] {2}, new int[] {0}, new int[] {0}, new int[] {1}));
    NdArray e = TestArrays.random(DType.I32, Shape.of(40, 30, 50), r), f = TestArrays.random(DType.I32, Shape.of(50, 40, 60), r);
    check(new Case(e, f, new int[] {2, 0}, new int[] {0, 1}, new int[0], new int[0]));   // needs a permuted copy
  }

  @Test void applyIntoOverwritesADirtyBufferWithApplysBits() {
    // every f32/f64 path: k = 0, direct loops, Graft's packed kernels, OpenBLAS, transposed views, batched products
    Random r = new Random(14);
    int[][] mnk = {{3, 4, 0}, {2, 3, 5}, {7, 9, 11}, {40, 50, 60}, {130, 70, 90}, {1, 64, 300}};
    for (DType d : new DType[] {DType.F32, DType.F64})
      for (int[] s : mnk)
        for (boolean trans : new boolean[] {false, true}) {
          NdArray a = TestArrays.random(d, trans ? Shape.of(2, s[2], s[0]) : Shape.of(2, s[0], s[2]), r);
          NdArray b = TestArrays.random(d, Shape.of(2, s[2], s[1]), r);
          int[] lc = {trans ? 1 : 2}, rc = {1}, lb = {0}, rb = {0};
          NdArray want = DotGeneral.apply(a, b, lc, rc, lb, rb);
          Object dirty = NdArray.newStore(d, want.size());
          for (int i = 0; i < want.size(); i++) java.lang.reflect.Array.set(dirty, i, d == DType.F32 ? (Object) Float.NaN : (Object) Double.NaN);
          NdArray got = DotGeneral.applyInto(a, b, lc, rc, lb, rb, dirty);
          assertEquals(want.shape(), got.shape());
          assertEquals(true, java.util.Objects.deepEquals(want.store(), got.store()), d + " " + java.util.Arrays.toString(s) + " trans " + trans);
        }
    NdArray a = TestArrays.random(DType.F32, Shape.of(2, 3), r);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> DotGeneral.applyInto(a, a, new int[] {1}, new int[] {1}, new int[0], new int[0], new float[3]));
  }

  @Test void transposedMatricesAreReadThroughStrides() {
    Random r = new Random(13);
    NdArray a = TestArrays.random(DType.F64, Shape.of(3, 4), r), b = TestArrays.random(DType.F64, Shape.of(5, 3), r);
    check(new Case(a, b, new int[] {0}, new int[] {1}, new int[0], new int[0]));   // aᵀ·bᵀ: [4,5]
    assertEquals(Shape.of(4, 5), DotGeneral.apply(a, b, new int[] {0}, new int[] {1}, new int[0], new int[0]).shape());
  }

  @Test void mergedStridesNeedAdjacentAxesInOrder() {
    Shape s = Shape.of(2, 3, 4);
    int[] st = s.strides();
    assertEquals(1, DotGeneral.merged(s, st, new int[] {1, 2}));
    assertEquals(-1, DotGeneral.merged(s, st, new int[] {2, 1}));
    assertEquals(4, DotGeneral.merged(s, st, new int[] {0, 1}));
    assertEquals(-1, DotGeneral.merged(s, st, new int[] {0, 2}));
    assertEquals(1, DotGeneral.merged(s, st, new int[0]));
  }

  @Test void handComputedMatmul() {
    NdArray a = NdArray.wrap(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6});
    NdArray b = NdArray.wrap(Shape.of(3, 2), new float[] {7, 8, 9, 10, 11, 12});
    NdArray c = DotGeneral.apply(a, b, new int[] {1}, new int[] {0}, new int[0], new int[0]);
    assertEquals(Shape.of(2, 2), c.shape());
    org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {58, 64, 139, 154}, c.f32());
  }
}
