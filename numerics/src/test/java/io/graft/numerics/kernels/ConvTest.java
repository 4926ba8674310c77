package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Conv} against a direct loop over every output element, window position and input feature. */
class ConvTest {
  private static final DType[] DTYPES = {DType.F32, DType.F64, DType.I32, DType.I64};

  /** A random problem: layouts are random permutations, one of the two group counts may exceed 1. */
  record Case(NdArray lhs, NdArray rhs, ConvGeometry g) {
    static Case random(Random r, int spatial, int groupKind) {
      int fgc = groupKind == 1 ? 1 + r.nextInt(3) : 1, bgc = groupKind == 2 ? 1 + r.nextInt(3) : 1;
      int in = r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(3), og = 1 + r.nextInt(3);
      int c = fgc * in, o = Math.max(fgc, bgc) * og, n = bgc * (r.nextInt(8) == 0 ? 0 : 1 + r.nextInt(2));
      int[] st = new int[spatial], lo = new int[spatial], hi = new int[spatial], ld = new int[spatial], rd = new int[spatial];
      int[] inExt = new int[spatial], win = new int[spatial];
      for (int i = 0; i < spatial; i++) {
        inExt[i] = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(5);
        win[i] = r.nextInt(12) == 0 ? 0 : 1 + r.nextInt(3);
        st[i] = 1 + r.nextInt(3);
        ld[i] = 1 + r.nextInt(3);
        rd[i] = 1 + r.nextInt(3);
        lo[i] = r.nextInt(5) - 2;
        hi[i] = r.nextInt(5) - 2;
        int room = (int) ConvGeometry.dilate(inExt[i], ld[i]) + lo[i] + hi[i];
        if (room < 0) { lo[i] -= room; }                                 // keep the padded extent >= 0
      }
      int[] ls = perm(spatial + 2, r), rs = perm(spatial + 2, r), os = perm(spatial + 2, r);
      int[] lshape = new int[spatial + 2], rshape = new int[spatial + 2];
      lshape[ls[0]] = n; lshape[ls[1]] = c;
      rshape[rs[0]] = o; rshape[rs[1]] = in;
      for (int i = 0; i < spatial; i++) { lshape[ls[2 + i]] = inExt[i]; rshape[rs[2 + i]] = win[i]; }
      DType d = DTYPES[r.nextInt(DTYPES.length)];
      ConvGeometry g = new ConvGeometry(Ints.of(st), Ints.of(lo), Ints.of(hi), Ints.of(ld), Ints.of(rd), Ints.of(ls),
          Ints.of(rs), Ints.of(os), fgc, bgc);
      return new Case(TestArrays.random(d, Shape.of(lshape), r), TestArrays.random(d, Shape.of(rshape), r), g);
    }

    private static int[] perm(int n, Random r) {
      List<Integer> l = new ArrayList<>();
      for (int i = 0; i < n; i++) l.add(i);
      Collections.shuffle(l, r);
      return l.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** The reference: XLA's convolution semantics written as plain loops. */
  static void check(Case k) {
    ConvGeometry g = k.g;
    NdArray got = Conv.apply(k.lhs, k.rhs, g);
    Shape out = g.outShape(k.lhs.shape(), k.rhs.shape());
    assertEquals(out, got.shape());
    int s = g.spatial(), groups = Math.max(g.featureGroupCount(), g.batchGroupCount());
    int o = k.rhs.shape().dim(g.rhsSpec().get(0)), in = k.rhs.shape().dim(g.rhsSpec().get(1)), og = o / groups;
    int nOut = out.dim(g.outSpec().get(0));
    int[] win = new int[s];
    for (int i = 0; i < s; i++) win[i] = k.rhs.shape().dim(g.rhsSpec().get(2 + i));
    int wsize = Shape.of(win).size();
    double[] want = new double[got.size()], scale = new double[got.size()];
    int[] oi = new int[out.rank()], li = new int[out.rank()], ri = new int[out.rank()], ki = new int[s];
    for (int e = 0; e < got.size(); e++) {
      DotGeneralTest.unravel(e, out.dims(), oi);
      int n = oi[g.outSpec().get(0)], f = oi[g.outSpec().get(1)], grp = f / og;
      li[g.lhsSpec().get(0)] = g.batchGroupCount() > 1 ? grp * nOut + n : n;
      ri[g.rhsSpec().get(0)] = f;
      double sum = 0, sc = 0;
      int isum = 0;
      for (int c = 0; c < in; c++) {
        li[g.lhsSpec().get(1)] = (g.featureGroupCount() > 1 ? grp * in : 0) + c;
        ri[g.rhsSpec().get(1)] = c;
        window:
        for (int w = 0; w < wsize; w++) {
          DotGeneralTest.unravel(w, win, ki);
          for (int i = 0; i < s; i++) {
            int u = oi[g.outSpec().get(2 + i)] * g.strides().get(i) - g.padLo().get(i) + ki[i] * g.rhsDilation().get(i);
            int ld = g.lhsDilation().get(i);
            if (u < 0 || u % ld != 0 || u / ld >= k.lhs.shape().dim(g.lhsSpec().get(2 + i))) continue window;
            li[g.lhsSpec().get(2 + i)] = u / ld;
            ri[g.rhsSpec().get(2 + i)] = ki[i];
          }
          double x = k.lhs.getDouble(DotGeneralTest.flat(li, k.lhs.shape()));
          double y = k.rhs.getDouble(DotGeneralTest.flat(ri, k.rhs.shape()));
          sum += x * y;
          sc += Math.abs(x * y);
          isum += (int) x * (int) y;
        }
      }
      want[e] = got.dtype() == DType.I32 ? isum : sum;
      scale[e] = sc;
    }
    TestArrays.assertClose(got, want, scale, "conv " + got.dtype() + " lhs " + k.lhs.shape() + " rhs " + k.rhs.shape() + " " + g);
  }

  @Property(tries = 50)
  void convMatchesTheNaiveLoop(@ForAll @IntRange(min = 1, max = 3) int spatial, @ForAll @IntRange(min = 0, max = 2) int groupKind,
                               @ForAll long seed) {
    check(Case.random(new Random(seed), spatial, groupKind));
  }

  @Test void manyRandomConfigurations() {
    Random r = new Random(21);
    for (int t = 0; t < 400; t++) check(Case.random(r, 1 + t % 3, t % 3));
  }

  private static ConvGeometry nchw(int spatial, int[] strides, int[] lo, int[] hi, int[] ld, int[] rd, int fgc, int bgc) {
    Ints spec = Ints.range(spatial + 2);
    return new ConvGeometry(Ints.of(strides), Ints.of(lo), Ints.of(hi), Ints.of(ld), Ints.of(rd), spec, spec, spec, fgc, bgc);
  }

  @Test void handComputedValidAndTransposedConvolutions() {
    NdArray x = NdArray.wrap(Shape.of(1, 1, 4), new float[] {1, 2, 3, 4});
    NdArray w = NdArray.wrap(Shape.of(1, 1, 2), new float[] {1, 1});
    NdArray valid = Conv.apply(x, w, nchw(1, new int[] {1}, new int[] {0}, new int[] {0}, new int[] {1}, new int[] {1}, 1, 1));
    assertArrayEquals(new float[] {3, 5, 7}, valid.f32());
    NdArray y = NdArray.wrap(Shape.of(1, 1, 2), new float[] {1, 2});     // dilated [1,0,2], padded [0,1,0,2,0]
    NdArray up = Conv.apply(y, w, nchw(1, new int[] {1}, new int[] {1}, new int[] {1}, new int[] {2}, new int[] {1}, 1, 1));
    assertArrayEquals(new float[] {1, 1, 2, 2}, up.f32());
    NdArray atrous = Conv.apply(x, w, nchw(1, new int[] {1}, new int[] {0}, new int[] {0}, new int[] {1}, new int[] {2}, 1, 1));
    assertArrayEquals(new float[] {4, 6}, atrous.f32());
  }

  /** Channels-last (NHWC input, HWIO kernel) geometry with {@code SAME} padding for a 3×3 window. */
  private static ConvGeometry same3x3(int[] lhs, int[] rhs, int[] out) {
    return new ConvGeometry(Ints.of(1, 1), Ints.of(1, 1), Ints.of(1, 1), Ints.of(1, 1), Ints.of(1, 1), Ints.of(lhs),
        Ints.of(rhs), Ints.of(out), 1, 1);
  }

  @Test void channelsLastForwardInputAndKernelGradientsMatchTheNaiveLoop() {
    Random r = new Random(23);
    NdArray x = TestArrays.random(DType.F32, Shape.of(6, 9, 7, 5), r), k = TestArrays.random(DType.F32, Shape.of(3, 3, 5, 4), r);
    ConvGeometry forward = same3x3(new int[] {0, 3, 1, 2}, new int[] {3, 2, 0, 1}, new int[] {0, 3, 1, 2});
    check(new Case(x, k, forward));                                       // tap-major im2col (channels contiguous)
    NdArray dy = TestArrays.random(DType.F32, Shape.of(6, 9, 7, 4), r);
    check(new Case(dy, k, same3x3(new int[] {0, 3, 1, 2}, new int[] {2, 3, 0, 1}, new int[] {0, 3, 1, 2})));
    // the kernel gradient as JAX writes it: lhs (C, N, H, W) of the NHWC input, rhs (O, N, H, W) of dy, out HWIO
    ConvGeometry kernelGrad = same3x3(new int[] {3, 0, 1, 2}, new int[] {3, 0, 1, 2}, new int[] {2, 3, 0, 1});
    check(new Case(x, dy, kernelGrad));
    check(new Case(TestArrays.random(DType.F64, Shape.of(6, 9, 7, 1), r), TestArrays.random(DType.F64, Shape.of(6, 9, 7, 3), r),
        kernelGrad));                                                     // one input channel: runs of one element
    check(new Case(TestArrays.random(DType.F32, Shape.of(6, 9, 7, 1), r), TestArrays.random(DType.F32, Shape.of(6, 9, 7, 3), r),
        kernelGrad));                                                     // ... and the f32 gather for it
    ConvPlan plan = new ConvPlan(x.shape(), dy.shape(), kernelGrad.outShape(x.shape(), dy.shape()), kernelGrad);
    assertEquals(true, Conv.reductionMajor(plan), "the kernel gradient cuts its reduction, not its rows");
    ConvPlan fwd = new ConvPlan(x.shape(), k.shape(), forward.outShape(x.shape(), k.shape()), forward);
    assertEquals(false, Conv.reductionMajor(fwd));
    assertEquals(true, fwd.tapMajor);
    assertEquals(true, Conv.isWeightMatrix(fwd), "an HWIO kernel read tap-major is the weight matrix, no copy");
    assertEquals(true, Conv.isWeightMatrix(plan), "dy (NHWO) of the kernel gradient is the weight matrix, no copy");
  }

  @Test void kernelGradientsWithALongReductionSumEveryChunk() {
    Random r = new Random(24);   // reduction 96·16·16 = 24576 over 4·9 = 36 rows: several chunks of 2^18 / 36 columns
    NdArray x = TestArrays.random(DType.F32, Shape.of(96, 16, 16, 4), r), dy = TestArrays.random(DType.F32, Shape.of(96, 16, 16, 3), r);
    check(new Case(x, dy, same3x3(new int[] {3, 0, 1, 2}, new int[] {3, 0, 1, 2}, new int[] {2, 3, 0, 1})));
    NdArray xi = TestArrays.random(DType.I32, Shape.of(96, 16, 16, 2), r), dyi = TestArrays.random(DType.I32, Shape.of(96, 16, 16, 2), r);
    check(new Case(xi, dyi, same3x3(new int[] {3, 0, 1, 2}, new int[] {3, 0, 1, 2}, new int[] {2, 3, 0, 1})));
  }

  @Test void largeConvolutionsSplitIntoParallelChunks() {
    Random r = new Random(22);
    NdArray x = TestArrays.random(DType.F32, Shape.of(8, 16, 32, 32), r), w = TestArrays.random(DType.F32, Shape.of(8, 16, 3, 3), r);
    check(new Case(x, w, nchw(2, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1, 1)));
    NdArray dx = TestArrays.random(DType.F64, Shape.of(2, 12, 20, 20), r), dw = TestArrays.random(DType.F64, Shape.of(12, 1, 3, 3), r);
    check(new Case(dx, dw, nchw(2, new int[] {2, 1}, new int[] {0, 1}, new int[] {1, 0}, new int[] {1, 1}, new int[] {1, 2}, 12, 1)));
  }
}
