package io.graft.numerics.kernels;

import static io.graft.numerics.kernels.LayoutTest.assertSame;
import static io.graft.numerics.kernels.LayoutTest.random;
import static io.graft.numerics.kernels.LayoutTest.randomShape;
import static io.graft.numerics.kernels.LayoutTest.ravel;
import static io.graft.numerics.kernels.LayoutTest.unravel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pad, concatenate and iota against naive reference loops, over every dtype. */
class AssembleTest {
  static NdArray refPad(NdArray x, NdArray v, int[] lo, int[] hi, int[] in) {
    int rank = x.rank();
    int[] d = new int[rank];
    for (int k = 0; k < rank; k++) d[k] = (int) Assemble.paddedExtent(x.shape().dim(k), lo[k], hi[k], in[k]);
    Shape out = Shape.of(d);
    Object store = NdArray.newStore(x.dtype(), out.size());
    for (int o = 0; o < out.size(); o++) Copy.indexed(v.store(), new int[] {0}, store, new int[] {o});
    for (int i = 0; i < x.size(); i++) {
      int[] idx = unravel(i, x.shape());
      boolean inside = true;
      for (int k = 0; k < rank; k++) {
        idx[k] = lo[k] + idx[k] * (in[k] + 1);
        inside &= idx[k] >= 0 && idx[k] < d[k];
      }
      if (inside) Copy.indexed(x.store(), new int[] {i}, store, new int[] {ravel(idx, out)});
    }
    return NdArray.wrapStore(x.dtype(), out, store);
  }

  @Test void padMatchesReferenceWithNegativeAndInteriorPadding() {
    Random rnd = new Random(7);
    for (DType dt : DType.values()) {
      for (int rank = 0; rank <= 3; rank++) {
        for (int trial = 0; trial < 12; trial++) {
          NdArray x = random(dt, randomShape(rnd, rank, trial < 3 ? 1 : 4), rnd);
          NdArray v = random(dt, Shape.scalar(), rnd);
          int[] lo = new int[rank], hi = new int[rank], in = new int[rank];
          for (int k = 0; k < rank; k++) {
            int d = x.shape().dim(k);
            in[k] = rnd.nextInt(3);
            int full = d + Math.max(0, d - 1) * in[k];
            lo[k] = rnd.nextInt(5) - 2;
            hi[k] = rnd.nextInt(5) - 2;
            if (lo[k] + hi[k] + full < 0) { lo[k] = 0; hi[k] = 0; }
          }
          String what = dt + " pad " + x.shape() + " lo " + java.util.Arrays.toString(lo) + " hi "
              + java.util.Arrays.toString(hi) + " interior " + java.util.Arrays.toString(in);
          assertSame(refPad(x, v, lo, hi, in), Assemble.pad(x, v, lo, hi, in), what);
        }
      }
    }
  }

  @Test void largePadRunsInParallel() {
    Random rnd = new Random(8);
    NdArray x = random(DType.F32, Shape.of(300, 400), rnd), v = NdArray.scalar(DType.F32, -1);
    int[] lo = {3, -5}, hi = {-2, 7}, in = {1, 0};
    assertSame(refPad(x, v, lo, hi, in), Assemble.pad(x, v, lo, hi, in), "large pad");
  }

  @Test void padCanCropEverything() {
    NdArray x = NdArray.wrap(Shape.of(3), new int[] {1, 2, 3});
    NdArray p = Assemble.pad(x, NdArray.scalar(DType.I32, 9), new int[] {-2}, new int[] {-1}, new int[] {0});
    assertEquals(Shape.of(0), p.shape());
    NdArray q = Assemble.pad(x, NdArray.scalar(DType.I32, 9), new int[] {-4}, new int[] {2}, new int[] {1});
    assertArrayEquals(new int[] {3, 9, 9}, q.i32());
  }

  @Test void concatenateMatchesReference() {
    Random rnd = new Random(9);
    for (DType dt : DType.values()) {
      for (int rank = 1; rank <= 3; rank++) {
        for (int trial = 0; trial < 6; trial++) {
          Shape base = randomShape(rnd, rank, trial == 0 ? 1 : 4);
          int axis = rnd.nextInt(rank), n = 1 + rnd.nextInt(3);
          List<NdArray> parts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            int[] d = base.dims();
            d[axis] = rnd.nextInt(4);
            parts.add(random(dt, Shape.of(d), rnd));
          }
          NdArray got = Assemble.concatenate(parts.toArray(NdArray[]::new), axis);
          int[] od = base.dims();
          od[axis] = parts.stream().mapToInt(p -> p.shape().dim(axis)).sum();
          assertEquals(Shape.of(od), got.shape());
          for (int o = 0; o < got.size(); o++) {
            int[] idx = unravel(o, got.shape());
            int p = 0;
            while (idx[axis] >= parts.get(p).shape().dim(axis)) idx[axis] -= parts.get(p++).shape().dim(axis);
            assertEquals(parts.get(p).getDouble(ravel(idx, parts.get(p).shape())), got.getDouble(o), dt + " concatenate at " + o);
          }
        }
      }
    }
  }

  @Test void iotaCountsAlongItsDimension() {
    for (DType dt : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
      NdArray a = Assemble.iota(dt, Shape.of(3, 4, 2), 1);
      for (int o = 0; o < a.size(); o++) assertEquals(unravel(o, a.shape())[1], a.getDouble(o), dt + " iota");
      assertEquals(dt, a.dtype());
      assertArrayEquals(new double[] {0, 1, 2, 3, 4}, Assemble.iota(dt, Shape.of(5), 0).astype(DType.F64).f64());
      assertEquals(0, Assemble.iota(dt, Shape.of(2, 0), 0).size());
    }
  }
}
