package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Reductions.Op;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowsTest {
  private static final Random RND = new Random(11);

  /** Window parameters of one case. */
  record W(int[] win, int[] str, int[] lo, int[] hi, int[] bdil, int[] wdil) {
    static W random(int rank, Random rnd) {
      int[][] a = new int[6][rank];
      for (int d = 0; d < rank; d++) {
        a[0][d] = 1 + rnd.nextInt(3); a[1][d] = 1 + rnd.nextInt(3); a[2][d] = rnd.nextInt(3); a[3][d] = rnd.nextInt(3);
        a[4][d] = 1 + rnd.nextInt(2); a[5][d] = 1 + rnd.nextInt(2);
      }
      return new W(a[0], a[1], a[2], a[3], a[4], a[5]);
    }

    static W plain(int[] win, int[] str, int[] lo, int[] hi) {
      int[] ones = new int[win.length];
      java.util.Arrays.fill(ones, 1);
      return new W(win, str, lo, hi, ones, ones);
    }

    /** Operand index along {@code d} read by output {@code o}, tap {@code w}; -1 for padding or a hole. */
    int index(int d, int dim, int o, int w) {
      int p = o * str[d] + w * wdil[d] - lo[d];
      if (p < 0 || p > (dim - 1) * bdil[d] || p % bdil[d] != 0) return -1;
      return p / bdil[d];
    }

    int[] out(Shape s) { return Shape.checked("test", () -> "", Windows.outputDims(s.dims(), win, str, lo, hi, bdil, wdil)).dims(); }

    @Override public String toString() {
      return "win=" + java.util.Arrays.toString(win) + " str=" + java.util.Arrays.toString(str) + " lo=" + java.util.Arrays.toString(lo)
          + " hi=" + java.util.Arrays.toString(hi) + " bdil=" + java.util.Arrays.toString(bdil) + " wdil=" + java.util.Arrays.toString(wdil);
    }

    NdArray reduce(Op op, NdArray x) { return Windows.reduceWindow(op, x, win, str, lo, hi, bdil, wdil); }
  }

  /** Brute force: every output, every window position, f64/i64 accumulation. */
  static NdArray naiveReduce(Op op, NdArray x, W w) {
    Shape s = x.shape(), os = Shape.of(w.out(s)), ws = Shape.of(w.win);
    double[] od = new double[os.size()];
    long[] ol = new long[os.size()];
    for (int f = 0; f < os.size(); f++) {
      int[] o = Naive.unravel(os, f);
      double ad = switch (op) { case SUM -> 0; case PROD -> 1; case MAX -> Double.NEGATIVE_INFINITY; case MIN -> Double.POSITIVE_INFINITY; };
      long al = switch (op) { case SUM -> 0; case PROD -> 1; case MAX -> Long.MIN_VALUE; case MIN -> Long.MAX_VALUE; };
      if (x.dtype() == DType.I32) al = op == Op.MAX ? Integer.MIN_VALUE : op == Op.MIN ? Integer.MAX_VALUE : al;
      if (x.dtype() == DType.BOOL) al = op == Op.MIN ? 1 : 0;
      if (x.dtype() == DType.U32) al = op == Op.MAX ? 0 : op == Op.MIN ? 0xFFFF_FFFFL : al;   // unsigned values
      for (int t = 0; t < ws.size(); t++) {
        int[] tw = Naive.unravel(ws, t), idx = new int[s.rank()];
        boolean valid = true;
        for (int d = 0; d < s.rank() && valid; d++) { idx[d] = w.index(d, s.dim(d), o[d], tw[d]); valid = idx[d] >= 0; }
        if (!valid) continue;
        int at = Naive.ravel(s, idx);
        double v = x.getDouble(at);
        long l = x.getLong(at);
        switch (op) {
          case SUM -> { ad += v; al += l; }
          case PROD -> { ad *= v; al *= l; }
          case MAX -> { ad = Math.max(ad, v); al = Math.max(al, l); }
          case MIN -> { ad = Math.min(ad, v); al = Math.min(al, l); }
        }
      }
      od[f] = ad;
      ol[f] = al;
    }
    return switch (x.dtype()) {
      case F32, F64, BF16, F16 -> NdArray.wrap(os, od).astype(x.dtype());
      case I32 -> { int[] a = new int[ol.length]; for (int i = 0; i < a.length; i++) a[i] = (int) ol[i]; yield NdArray.wrap(os, a); }
      case U32 -> { int[] a = new int[ol.length]; for (int i = 0; i < a.length; i++) a[i] = (int) ol[i]; yield NdArray.wrapU32(os, a); }
      case I64 -> NdArray.wrap(os, ol);
      case I8, U8 -> NdArray.wrap(os, ol).astype(x.dtype());
      case BOOL -> NdArray.wrap(os, ol).astype(DType.BOOL);
    };
  }

  /** Brute force select_and_scatter_add with XLA's ge select (in f64; the test data are exact in f64). */
  static NdArray naiveSelectScatter(NdArray src, NdArray x, W w) {
    Shape s = x.shape(), os = src.shape(), ws = Shape.of(w.win);
    double[] out = new double[x.size()];
    for (int f = 0; f < os.size(); f++) {
      int[] o = Naive.unravel(os, f);
      int best = -1;
      for (int t = 0; t < ws.size(); t++) {
        int[] tw = Naive.unravel(ws, t), idx = new int[s.rank()];
        boolean valid = true;
        for (int d = 0; d < s.rank() && valid; d++) { idx[d] = w.index(d, s.dim(d), o[d], tw[d]); valid = idx[d] >= 0; }
        if (!valid) continue;
        int at = Naive.ravel(s, idx);
        if (best < 0 || !(x.getDouble(best) >= x.getDouble(at))) best = at;
      }
      if (best >= 0) out[best] += src.getDouble(f);
    }
    return NdArray.wrap(s, out).astype(x.dtype());
  }

  @Test void reduceWindowMatchesBruteForce() {
    for (int trial = 0; trial < 150; trial++) {
      int rank = 1 + RND.nextInt(3);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) dims[d] = RND.nextInt(6);
      W w = W.random(rank, RND);
      for (DType dt : Naive.computed())
        for (Op op : Op.values()) {
          if (dt == DType.BOOL && (op == Op.SUM || op == Op.PROD)) continue;
          NdArray x = Naive.random(dt, Shape.of(dims), RND, op == Op.PROD ? 0.5 : -2, op == Op.PROD ? 1.5 : 2);
          Naive.assertClose(naiveReduce(op, x, w), w.reduce(op, x), 1e-5, op + " " + dt + x.shape() + " " + w);
        }
    }
  }

  @Test void channelsLastPoolingOverVectorsKeepsNaNsAndSignedZerosLikeTheScalarLoop() {
    W pool = W.plain(new int[] {1, 3, 3, 1}, new int[] {1, 2, 2, 1}, new int[] {0, 1, 1, 0}, new int[] {0, 1, 1, 0});
    NdArray x = Naive.random(DType.F32, Shape.of(3, 7, 6, 37), RND, -1, 1);    // 37 channels: whole vectors and a tail
    float[] v = x.f32().clone();
    for (int i = 0; i < v.length; i += 5) v[i] = RND.nextBoolean() ? -0f : 0f;
    for (int i = 3; i < v.length; i += 97) v[i] = Float.NaN;
    x = NdArray.wrap(x.shape(), v);
    for (Op op : Op.values()) {
      NdArray want = naiveReduce(op, x, pool), got = pool.reduce(op, x);
      Naive.assertClose(want, got, op == Op.SUM || op == Op.PROD ? 1e-5 : 0, op + " NHWC with NaN and signed zeros");
      if (op == Op.MAX || op == Op.MIN)
        for (int i = 0; i < want.size(); i++)
          assertEquals(Math.copySign(1.0, want.getDouble(i)), Math.copySign(1.0, got.getDouble(i)), op + " sign of element " + i);
    }
  }

  /** Into a recycled store full of NaN, every op, layout and window gives the fresh result's bits. */
  @Test void reduceWindowIntoARecycledStoreEqualsTheFreshResult() {
    for (int trial = 0; trial < 60; trial++) {
      int rank = 1 + RND.nextInt(4);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) dims[d] = 1 + RND.nextInt(d == rank - 1 ? 40 : 9);
      W w = W.random(rank, RND);
      for (DType dt : new DType[] {DType.F32, DType.F64})
        for (Op op : Op.values()) {
          NdArray x = Naive.random(dt, Shape.of(dims), RND, -2, 2), fresh = w.reduce(op, x);
          Object store = NdArray.newStore(dt, fresh.size());
          if (store instanceof float[] f) java.util.Arrays.fill(f, Float.NaN);
          else java.util.Arrays.fill((double[]) store, Double.NaN);
          NdArray into = Windows.reduceWindowInto(op, x, w.win, w.str, w.lo, w.hi, w.bdil, w.wdil, store);
          for (int i = 0; i < fresh.size(); i++)
            assertEquals(Double.doubleToLongBits(fresh.getDouble(i)), Double.doubleToLongBits(into.getDouble(i)),
                op + " " + dt + x.shape() + " " + w + " element " + i);
        }
    }
  }

  @Test void poolingLayoutsAndParallelSizes() {
    int[][] shapes = {{2, 8, 8, 16}, {2, 16, 8, 8}, {2, 64, 64, 24}, {2, 24, 64, 64}};
    W[] ws = {
        W.plain(new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, new int[4], new int[4]),
        W.plain(new int[] {1, 1, 2, 2}, new int[] {1, 1, 2, 2}, new int[4], new int[4]),
        W.plain(new int[] {1, 3, 3, 1}, new int[] {1, 2, 2, 1}, new int[] {0, 1, 1, 0}, new int[] {0, 1, 1, 0}),
        W.plain(new int[] {1, 1, 3, 3}, new int[] {1, 1, 2, 2}, new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 1})};
    for (int i = 0; i < shapes.length; i++) {
      NdArray x = Naive.random(DType.F32, Shape.of(shapes[i]), RND, -1, 1);
      for (W w : new W[] {ws[i % 2], ws[2 + i % 2]}) {
        Naive.assertClose(naiveReduce(Op.MAX, x, w), w.reduce(Op.MAX, x), 0, "max " + x.shape());
        Naive.assertClose(naiveReduce(Op.SUM, x, w), w.reduce(Op.SUM, x), 1e-5, "sum " + x.shape());
        NdArray src = Naive.random(DType.F32, Shape.of(w.out(x.shape())), RND, -1, 1);
        Naive.assertClose(naiveSelectScatter(src, x, w), Windows.selectAndScatterAdd(src, x, w.win, w.str, w.lo, w.hi), 1e-5,
            "select_and_scatter_add " + x.shape());
      }
    }
  }

  @Test void selectAndScatterAddMatchesBruteForce() {
    for (int trial = 0; trial < 200; trial++) {
      int rank = 1 + RND.nextInt(3);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) dims[d] = RND.nextInt(6);
      W r = W.random(rank, RND), w = W.plain(r.win, r.str, r.lo, r.hi);
      for (DType dt : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
        NdArray x = Naive.random(dt, Shape.of(dims), RND, -2, 2);            // ints in [-3, 3]: many ties
        NdArray src = Naive.random(dt, Shape.of(w.out(x.shape())), RND, -2, 2);
        Naive.assertClose(naiveSelectScatter(src, x, w), Windows.selectAndScatterAdd(src, x, w.win, w.str, w.lo, w.hi), 1e-6,
            "" + dt + x.shape() + " " + w);
      }
    }
  }

  @Test void largeMaxPoolGradientsScatterInParallelOverDisjointTargets() {
    int[] z = {0, 0, 0, 0};
    W pool = W.plain(new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, z, z);          // NHWC 2x2/2: disjoint, parallel
    W overlap = W.plain(new int[] {1, 3, 3, 1}, new int[] {1, 2, 2, 1}, z, new int[] {0, 1, 1, 0});   // 3x3/2: per image
    W batchWindowed = W.plain(new int[] {2, 3, 3, 1}, new int[] {1, 2, 2, 1}, z, new int[] {0, 1, 1, 0});   // sequential
    assertTrue(Windows.disjoint(pool.win, pool.str));
    assertTrue(!Windows.disjoint(overlap.win, overlap.str));
    assertEquals(8, Windows.independentBlocks(new int[] {8, 20, 20, 16}, overlap.win, overlap.str, overlap.lo, overlap.hi));
    assertEquals(1, Windows.independentBlocks(new int[] {7, 20, 20, 16}, batchWindowed.win, batchWindowed.str,
        batchWindowed.lo, batchWindowed.hi));
    for (W w : new W[] {pool, overlap, batchWindowed}) {
      NdArray x = Naive.random(DType.F32, Shape.of(8, 40, 40, 16), RND, -2, 2);   // 51 200+ sources: several grains
      NdArray src = Naive.random(DType.F32, Shape.of(w.out(x.shape())), RND, -2, 2);
      Naive.assertClose(naiveSelectScatter(src, x, w), Windows.selectAndScatterAdd(src, x, w.win, w.str, w.lo, w.hi), 1e-6,
          "f32" + x.shape() + " " + w);
    }
  }

  @Test void channelsLastSelectionOverVectorsKeepsTiesAndNaNsLikeTheScalarLoop() {
    int[] z = {0, 0, 0, 0};
    for (W w : new W[] {W.plain(new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, z, z),
        W.plain(new int[] {1, 3, 3, 1}, new int[] {1, 1, 1, 1}, new int[] {0, 1, 1, 0}, new int[] {0, 1, 1, 0})}) {
      for (int trial = 0; trial < 4; trial++) {
        float[] v = new float[2 * 6 * 6 * 37];                     // 37 channels: whole vectors and a scalar tail
        for (int i = 0; i < v.length; i++) v[i] = RND.nextInt(9) == 0 ? Float.NaN : RND.nextInt(3);   // ties, NaNs
        NdArray x = NdArray.wrap(Shape.of(2, 6, 6, 37), v);
        NdArray src = Naive.random(DType.F32, Shape.of(w.out(x.shape())), RND, -2, 2);
        Naive.assertClose(naiveSelectScatter(src, x, w), Windows.selectAndScatterAdd(src, x, w.win, w.str, w.lo, w.hi), 1e-6,
            "f32" + x.shape() + " " + w);
      }
    }
  }

  @Test void nanFollowsXlasGeSelectInBothLoopOrders() {
    for (int trial = 0; trial < 60; trial++) {
      int[] dims = {1 + RND.nextInt(4), 1 + RND.nextInt(5), 1 + RND.nextInt(3)};
      W r = W.random(3, RND);
      if (trial % 2 == 0) { r.win[2] = 1; r.str[2] = 1; r.lo[2] = 0; r.hi[2] = 0; }     // last axis untouched: block loops
      W w = W.plain(r.win, r.str, r.lo, r.hi);
      for (DType dt : new DType[] {DType.F32, DType.F64}) {
        NdArray x = Naive.random(dt, Shape.of(dims), RND, -2, 2);
        for (int i = 0; i < x.size(); i++) if (RND.nextInt(4) == 0) x = withNaN(x, i);
        NdArray src = Naive.random(dt, Shape.of(w.out(x.shape())), RND, -2, 2);
        Naive.assertClose(naiveSelectScatter(src, x, w), Windows.selectAndScatterAdd(src, x, w.win, w.str, w.lo, w.hi), 1e-6,
            "" + dt + x.shape() + " " + w);
        Naive.assertClose(naiveReduce(Op.MAX, x, w), w.reduce(Op.MAX, x), 0, "max with NaN " + dt + x.shape() + " " + w);
      }
    }
  }

  private static NdArray withNaN(NdArray x, int i) {
    if (x.dtype() == DType.F32) { float[] a = x.f32().clone(); a[i] = Float.NaN; return NdArray.wrap(x.shape(), a); }
    double[] a = x.f64().clone();
    a[i] = Double.NaN;
    return NdArray.wrap(x.shape(), a);
  }

  @Test void tiesGoToTheFirstAndPaddingIsNeverSelected() {
    NdArray x = NdArray.wrap(Shape.of(4), new float[] {1, 1, -5, -5});
    NdArray src = NdArray.wrap(Shape.of(3), new float[] {10, 20, 30});
    int[] one = {1};
    NdArray g = Windows.selectAndScatterAdd(src, x, new int[] {2}, new int[] {2}, one, one);   // windows (pad,1) (1,-5) (-5,pad)
    assertArrayEquals(new float[] {10, 20, 0, 30}, g.f32());
    assertArrayEquals(new float[] {1, 1, -5}, Windows.reduceWindow(Op.MAX, x, new int[] {2}, new int[] {2}, one, one, one, one).f32());
    NdArray flat = NdArray.wrap(Shape.of(4), new float[] {2, 2, 2, 2});           // windows (0,1) (1,2) (2,3): all ties
    int[] zero = {0};
    assertArrayEquals(new float[] {10, 20, 30, 0}, Windows.selectAndScatterAdd(src, flat, new int[] {2}, one, zero, zero).f32());
  }

  @Test void identityWindowsCopyAndEmptyWindowsGiveTheIdentity() {
    NdArray x = Naive.random(DType.F64, Shape.of(3, 4), RND, -1, 1);
    int[] ones = {1, 1}, zeros = {0, 0};
    assertArrayEquals(x.f64(), Windows.reduceWindow(Op.SUM, x, ones, ones, zeros, zeros, ones, ones).f64());
    NdArray s = NdArray.scalar(DType.I32, 7);
    assertEquals(7, Windows.reduceWindow(Op.MAX, s, new int[0], new int[0], new int[0], new int[0], new int[0], new int[0]).i32()[0]);
    NdArray e = NdArray.zeros(DType.F32, Shape.of(0));
    NdArray m = Windows.reduceWindow(Op.MAX, e, new int[] {1}, new int[] {1}, new int[] {1}, new int[] {1}, new int[] {1}, new int[] {1});
    assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, m.f32());
    assertEquals(0, Windows.outputDims(new int[] {2}, new int[] {3}, new int[] {1}, new int[] {0}, new int[] {0}, new int[] {1}, new int[] {1})[0]);
  }

  /** Brute force select_and_gather_add: each window's tangent at the first maximum (XLA's ge select), 0 for all-padding windows. */
  static NdArray naiveSelectGather(NdArray t, NdArray x, W w) {
    Shape s = x.shape(), os = Shape.of(w.out(s)), ws = Shape.of(w.win);
    double[] out = new double[os.size()];
    for (int f = 0; f < os.size(); f++) {
      int[] o = Naive.unravel(os, f);
      int best = -1;
      for (int k = 0; k < ws.size(); k++) {
        int[] tw = Naive.unravel(ws, k), idx = new int[s.rank()];
        boolean valid = true;
        for (int d = 0; d < s.rank() && valid; d++) { idx[d] = w.index(d, s.dim(d), o[d], tw[d]); valid = idx[d] >= 0; }
        if (!valid) continue;
        int at = Naive.ravel(s, idx);
        if (best < 0 || !(x.getDouble(best) >= x.getDouble(at))) best = at;
      }
      out[f] = best < 0 ? 0 : t.getDouble(best);
    }
    return NdArray.wrap(os, out).astype(x.dtype());
  }

  @Test void selectAndGatherAddMatchesBruteForceAndIsTheTransposeOfScatter() {
    for (int trial = 0; trial < 200; trial++) {
      int rank = 1 + RND.nextInt(3);
      int[] dims = new int[rank];
      for (int d = 0; d < rank; d++) dims[d] = RND.nextInt(6);
      W r = W.random(rank, RND), w = W.plain(r.win, r.str, r.lo, r.hi);
      if (trial % 3 == 0) { r.win[rank - 1] = 1; r.str[rank - 1] = 1; r.lo[rank - 1] = 0; r.hi[rank - 1] = 0; }
      for (DType dt : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
        NdArray x = Naive.random(dt, Shape.of(dims), RND, -2, 2);            // ints in [-3, 3]: many ties
        for (int i = 0; dt == DType.F64 && i < x.size(); i++) if (RND.nextInt(5) == 0) x = withNaN(x, i);
        NdArray t = Naive.random(dt, x.shape(), RND, -2, 2);
        NdArray g = Windows.selectAndGatherAdd(t, x, w.win, w.str, w.lo, w.hi);
        Naive.assertClose(naiveSelectGather(t, x, w), g, 0, "" + dt + x.shape() + " " + w);
        NdArray src = Naive.random(dt, g.shape(), RND, -2, 2);
        NdArray sc = Windows.selectAndScatterAdd(src, x, w.win, w.str, w.lo, w.hi);
        double lhs = 0, rhs = 0;                                              // <gather(t), src> == <t, scatter(src)>
        for (int i = 0; i < g.size(); i++) lhs += g.getDouble(i) * src.getDouble(i);
        for (int i = 0; i < t.size(); i++) rhs += t.getDouble(i) * sc.getDouble(i);
        assertEquals(lhs, rhs, (dt == DType.F32 ? 1e-5 : 1e-12) * (1 + Math.abs(lhs)), "adjoint " + dt + x.shape() + " " + w);
      }
    }
  }

  @Test void selectAndGatherAddPicksTheFirstMaximumAndNeverPadding() {
    NdArray x = NdArray.wrap(Shape.of(4), new float[] {1, 1, -5, -5});
    NdArray t = NdArray.wrap(Shape.of(4), new float[] {10, 20, 30, 40});
    int[] one = {1};
    assertArrayEquals(new float[] {10, 20, 40}, Windows.selectAndGatherAdd(t, x, new int[] {2}, new int[] {2}, one, one).f32()); // (pad,1) (1,-5) (-5,pad)
    NdArray e = NdArray.zeros(DType.F32, Shape.of(0));
    assertArrayEquals(new float[] {0, 0}, Windows.selectAndGatherAdd(e, e, one, one, one, one).f32(), "all-padding windows give 0");
    var err = assertThrows(ShapeError.class, () -> Windows.selectAndGatherAdd(NdArray.zeros(DType.F32, Shape.of(3)), x, one, one, one, one));
    assertTrue(err.getMessage().contains("select_and_gather_add") && err.getMessage().contains("f32[3]"), err.getMessage());
    assertThrows(DTypeError.class, () -> Windows.selectAndGatherAdd(NdArray.zeros(DType.F64, Shape.of(4)), x, one, one, one, one));
  }

  @Test void selectAndScatterAddChecksItsOperands() {
    NdArray x = NdArray.zeros(DType.F32, Shape.of(4));
    int[] two = {2}, zero = {0};
    var e = assertThrows(ShapeError.class, () -> Windows.selectAndScatterAdd(NdArray.zeros(DType.F32, Shape.of(3)), x, two, two, zero, zero));
    assertTrue(e.getMessage().contains("f32[3]") && e.getMessage().contains("f32[4]"), e.getMessage());
    assertThrows(DTypeError.class, () -> Windows.selectAndScatterAdd(NdArray.zeros(DType.F64, Shape.of(2)), x, two, two, zero, zero));
  }
}
