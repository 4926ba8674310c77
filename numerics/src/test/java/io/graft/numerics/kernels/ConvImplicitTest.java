package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link ConvImplicit} against a reference convolution in f64 over ResNet-like channels-last problems: the forward
 * convolution, its input gradient (input dilation = stride) and its kernel gradient, as the transpose rules build
 * them. The bound is the one for any order of an f32 sum of {@code K} products:
 * {@code |got − want| <= 2·K·2⁻²⁴·Σ|x·y|}, {@code K} the reduction length.
 */
class ConvImplicitTest {
  private static final int[] NHWC = {0, 3, 1, 2};

  /** Forward, input-gradient and kernel-gradient geometries of a square {@code k×k} conv, stride s, padding p. */
  static ConvGeometry[] geometries(int hw, int k, int s, int p) {
    int ho = (hw + 2 * p - k) / s + 1;
    ConvGeometry fwd = geo(s, p, p, 1, 1, NHWC, new int[] {3, 2, 0, 1}, NHWC);
    int ilo = k - p - 1, ihi = hw + k - 1 - ((ho - 1) * s + 1) - ilo;
    ConvGeometry in = geo(1, ilo, ihi, s, 1, NHWC, new int[] {2, 3, 0, 1}, NHWC);
    int khi = ((ho - 1) * s + 1 - hw) + (k - p - 1);
    ConvGeometry kernel = geo(1, p, khi, 1, s, new int[] {3, 0, 1, 2}, new int[] {3, 0, 1, 2}, new int[] {2, 3, 0, 1});
    return new ConvGeometry[] {fwd, in, kernel};
  }

  static ConvGeometry geo(int s, int lo, int hi, int ld, int rd, int[] l, int[] r, int[] o) {
    return new ConvGeometry(Ints.of(s, s), Ints.of(lo, lo), Ints.of(hi, hi), Ints.of(ld, ld), Ints.of(rd, rd), Ints.of(l),
        Ints.of(r), Ints.of(o), 1, 1);
  }

  /** The three convolutions of one layer, each against the f64 reference; asserts the implicit path ran. */
  static void checkLayer(Random r, int n, int cin, int cout, int hw, int k, int s, int p) {
    int ho = (hw + 2 * p - k) / s + 1;
    NdArray x = TestArrays.random(DType.F32, Shape.of(n, hw, hw, cin), r), w = TestArrays.random(DType.F32, Shape.of(k, k, cin, cout), r);
    NdArray dy = TestArrays.random(DType.F32, Shape.of(n, ho, ho, cout), r);
    ConvGeometry[] g = geometries(hw, k, s, p);
    check(x, w, g[0]);
    check(dy, w, g[1]);
    check(x, dy, g[2]);
  }

  static void check(NdArray lhs, NdArray rhs, ConvGeometry g) {
    Shape out = g.outShape(lhs.shape(), rhs.shape());
    ConvPlan plan = new ConvPlan(lhs.shape(), rhs.shape(), out, g);
    NdArray got = Conv.apply(lhs, rhs, g, true);
    NdArray want = Conv.apply(lhs.astype(DType.F64), rhs.astype(DType.F64), g, false);   // f64 im2col reference
    NdArray scale = Conv.apply(abs(lhs), abs(rhs), g, false);
    double bound = 2.0 * Math.max(1, plan.k) * 0x1p-24;
    for (int i = 0; i < got.size(); i++) {
      double d = Math.abs(got.getDouble(i) - want.getDouble(i)), allowed = bound * scale.getDouble(i);
      if (d > allowed)
        throw new AssertionError("conv lhs " + lhs.shape() + " rhs " + rhs.shape() + " " + g + " (implicit path: "
            + ConvImplicit.applies(plan, lhs.store()) + "): element " + i + " is " + got.getDouble(i) + ", reference "
            + want.getDouble(i) + ", |error| " + d + " > " + allowed);
    }
  }

  private static NdArray abs(NdArray a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) v[i] = Math.abs(a.getDouble(i));
    return NdArray.wrap(a.shape(), v);
  }

  /**
   * A window reversal reads the kernel's taps backwards along its axes: the same bits as convolving the kernel
   * reversed by {@link Layout#rev} (every path: the padded and the grouped implicit GEMM, the kernel gradient's, the
   * first-layer direct kernel, and the im2col path), for the forward, input-gradient and kernel-gradient geometries.
   */
  @Property(tries = 40)
  void windowReversalEqualsConvolvingTheReversedKernel(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 12) int cin,
                                                       @ForAll @IntRange(min = 1, max = 12) int cout, @ForAll @IntRange(min = 1, max = 7) int hw,
                                                       @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 1, max = 2) int s,
                                                       @ForAll @IntRange(min = 1, max = 3) int axes, @ForAll long seed) {
    int k = new int[] {1, 3, 3, 7}[kind], p = kind == 0 ? 0 : k / 2;
    if (hw + 2 * p < k) return;
    Random r = new Random(seed);
    int ho = (hw + 2 * p - k) / s + 1;
    NdArray x = TestArrays.random(DType.F32, Shape.of(n, hw, hw, cin), r), w = TestArrays.random(DType.F32, Shape.of(k, k, cin, cout), r);
    NdArray dy = TestArrays.random(DType.F32, Shape.of(n, ho, ho, cout), r);
    ConvGeometry[] g = geometries(hw, k, s, p);
    NdArray[][] cases = {{x, w}, {dy, w}, {x, dy}};
    Ints reversal = axes == 3 ? Ints.of(0, 1) : Ints.of(axes - 1);
    for (int c = 0; c < 3; c++) {
      ConvGeometry plain = g[c], reversed = new ConvGeometry(plain.strides(), plain.padLo(), plain.padHi(), plain.lhsDilation(),
          plain.rhsDilation(), plain.lhsSpec(), plain.rhsSpec(), plain.outSpec(), 1, 1, reversal);
      int[] dims = new int[reversal.size()];
      for (int j = 0; j < dims.length; j++) dims[j] = plain.rhsSpec().get(2 + reversal.get(j));
      NdArray flipped = Layout.rev(cases[c][1], dims);
      for (boolean implicit : new boolean[] {true, false}) {
        float[] want = Conv.apply(cases[c][0], flipped, plain, implicit).f32(), got = Conv.apply(cases[c][0], cases[c][1], reversed, implicit).f32();
        for (int i = 0; i < want.length; i++)
          if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i]))
            throw new AssertionError("case " + c + " implicit=" + implicit + " " + reversed + ": element " + i + " is " + got[i]
                + ", with the reversed kernel " + want[i]);
      }
    }
  }

  @Property(tries = 60)
  void resNetLikeLayersMatchTheReference(@ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 24) int cin,
                                         @ForAll @IntRange(min = 1, max = 24) int cout, @ForAll @IntRange(min = 1, max = 9) int hw,
                                         @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 1, max = 2) int s,
                                         @ForAll long seed) {
    int k = new int[] {1, 3, 3, 7}[kind], p = kind == 0 ? 0 : k / 2;
    if (hw + 2 * p < k) return;                   // no output position
    checkLayer(new Random(seed), n, cin, cout, hw, k, s, p);
  }

  /**
   * Into a recycled store full of NaN (what the jit's executor hands over), every path gives the fresh result's bits:
   * the padded forward that writes each element, the sparse groups and the input gradients (a strided 1×1 layer's leaves positions without a tap) that zero
   * first, and the kernel gradients; in f32 and f64, channels-last and NCHW.
   */
  @Test void applyIntoARecycledStoreEqualsTheFreshResult() {
    Random r = new Random(5);
    int[][] layers = {{2, 1, 16, 28, 3, 1, 1}, {2, 4, 5, 8, 3, 2, 1}, {1, 4, 4, 1, 3, 1, 1}, {3, 3, 8, 7, 7, 2, 3}, {2, 3, 4, 6, 1, 2, 0}};
    for (DType dt : new DType[] {DType.F32, DType.F64})
      for (int[] l : layers) {
        int n = l[0], cin = l[1], cout = l[2], hw = l[3], k = l[4], s = l[5], p = l[6], ho = (hw + 2 * p - k) / s + 1;
        NdArray x = TestArrays.random(dt, Shape.of(n, hw, hw, cin), r), w = TestArrays.random(dt, Shape.of(k, k, cin, cout), r);
        NdArray dy = TestArrays.random(dt, Shape.of(n, ho, ho, cout), r);
        ConvGeometry[] g = geometries(hw, k, s, p);
        NdArray[][] cases = {{x, w}, {dy, w}, {x, dy}};
        for (int c = 0; c < 3; c++) {
          NdArray fresh = Conv.apply(cases[c][0], cases[c][1], g[c]);
          Object store = NdArray.newStore(dt, fresh.size());
          if (store instanceof float[] f) java.util.Arrays.fill(f, Float.NaN);
          else java.util.Arrays.fill((double[]) store, Double.NaN);
          NdArray into = Conv.applyInto(cases[c][0], cases[c][1], g[c], store);
          assertTrue(into.store() == store, "writes the given store");
          for (int i = 0; i < fresh.size(); i++)
            if (Double.doubleToLongBits(fresh.getDouble(i)) != Double.doubleToLongBits(into.getDouble(i)))
              throw new AssertionError(dt + " layer " + java.util.Arrays.toString(l) + " case " + c + " element " + i
                  + ": fresh " + fresh.getDouble(i) + ", into a recycled store " + into.getDouble(i));
        }
      }
    NdArray x = TestArrays.random(DType.F32, Shape.of(1, 2, 5, 5), r), w = TestArrays.random(DType.F32, Shape.of(3, 2, 3, 3), r);
    ConvGeometry nchw = geo(1, 1, 1, 1, 1, new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3});
    float[] dirty = new float[3 * 25];
    java.util.Arrays.fill(dirty, Float.NaN);
    assertTrue(java.util.Arrays.equals((float[]) Conv.apply(x, w, nchw).store(), (float[]) Conv.applyInto(x, w, nchw, dirty).store()));
  }

  @Test void theLayersOfResNet18AtBatch2() {
    Random r = new Random(31);
    int[][] layers = {{3, 64, 32, 7, 2, 3}, {64, 64, 8, 3, 1, 1}, {64, 128, 8, 3, 2, 1}, {64, 128, 8, 1, 2, 0},
        {128, 256, 4, 3, 2, 1}, {256, 256, 2, 3, 1, 1}, {512, 512, 1, 3, 1, 1}};
    for (int[] l : layers) checkLayer(r, 2, l[0], l[1], l[2], l[3], l[4], l[5]);
  }

  @Test void paddedLayersRunOverThePaddedInputAndSparseOnesBySignature() {
    ConvGeometry[] g8 = geometries(8, 3, 1, 1), g1 = geometries(1, 3, 1, 1), g2 = geometries(8, 3, 2, 1);
    Shape x8 = Shape.of(2, 8, 8, 4), w = Shape.of(3, 3, 4, 5), x1 = Shape.of(2, 1, 1, 4);
    NdArray l8 = NdArray.wrap(x8, new float[x8.size()]), l1 = NdArray.wrap(x1, new float[x1.size()]);
    NdArray dy8 = NdArray.wrap(Shape.of(2, 4, 4, 5), new float[2 * 4 * 4 * 5]);
    assertTrue(ConvImplicit.dense(new ConvPlan(x8, w, g8[0].outShape(x8, w), g8[0]), g8[0], l8), "3x3 SAME on 8x8: dense");
    assertEquals(false, ConvImplicit.dense(new ConvPlan(x1, w, g1[0].outShape(x1, w), g1[0]), g1[0], l1), "1x1 image: 1/9 valid");
    Shape ig = g2[1].outShape(dy8.shape(), w);     // the input gradient of a stride-2 layer: input dilation 2, by phases
    assertEquals(false, ConvImplicit.dense(new ConvPlan(dy8.shape(), w, ig, g2[1]), g2[1], dy8));
  }

  /** At a small batch the kernel reads decide: 4x4 images split into 9 groups that read the kernel 5.4 times over. */
  @Test void smallBatchesPadWhenTheGroupsWouldReadTheKernelMoreOften() {
    ConvGeometry g4 = geometries(4, 3, 1, 1)[0], g1 = geometries(1, 3, 1, 1)[0];
    Shape w = Shape.of(3, 3, 16, 16);
    for (int[] c : new int[][] {{1, 4, 1}, {2, 4, 1}, {64, 4, 0}, {1, 1, 0}}) {
      int batch = c[0], hw = c[1];
      ConvGeometry g = hw == 4 ? g4 : g1;
      Shape x = Shape.of(batch, hw, hw, 16);
      NdArray lhs = NdArray.wrap(x, new float[x.size()]);
      assertEquals(c[2] == 1, ConvImplicit.dense(new ConvPlan(x, w, g.outShape(x, w), g), g, lhs), "batch " + batch + ", " + hw + "x" + hw);
    }
    Random r = new Random(33);                     // and the padded product is the same convolution
    checkLayer(r, 1, 16, 24, 4, 3, 1, 1);
    checkLayer(r, 1, 8, 8, 2, 3, 1, 1);
  }

  @Test void aThreeByThreeConvolutionOfAOneByOneImageReducesOverItsCentreTapAlone() {
    Random r = new Random(32);
    NdArray x = TestArrays.random(DType.F32, Shape.of(4, 1, 1, 8), r), w = TestArrays.random(DType.F32, Shape.of(3, 3, 8, 5), r);
    ConvGeometry fwd = geometries(1, 3, 1, 1)[0];
    NdArray got = Conv.apply(x, w, fwd, true);
    float[] xs = x.f32(), ws = w.f32(), want = new float[4 * 5];
    for (int b = 0; b < 4; b++)                   // out[b, o] = Σ_c x[b, c] · w[1, 1, c, o], multiplied in order
      for (int o = 0; o < 5; o++) {
        float acc = 0;
        for (int c = 0; c < 8; c++) acc = Math.fma(xs[b * 8 + c], ws[(4 * 8 + c) * 5 + o], acc);
        want[b * 5 + o] = acc;
      }
    for (int i = 0; i < want.length; i++) assertEquals(want[i], got.f32()[i], Math.ulp(Math.abs(want[i])) * 8 + 1e-6f);
  }

  @Test void aTallKernelGradientIsSplitByItsReductionAndStillMatches() {
    assertEquals(1, ConvImplicit.splits(64, 64, 256));
    assertTrue(ConvImplicit.splits(64, 64, 1 << 16) >= Math.min(2, io.graft.numerics.Parallel.threads()));
    Random r = new Random(33);                    // 2x2 images, 3x3 kernel: 4/9 of the taps valid, so the implicit path
    NdArray x = TestArrays.random(DType.F32, Shape.of(512, 2, 2, 8), r), dy = TestArrays.random(DType.F32, Shape.of(512, 2, 2, 8), r);
    ConvGeometry kernel = geometries(2, 3, 1, 1)[2];
    ConvPlan plan = new ConvPlan(x.shape(), dy.shape(), kernel.outShape(x.shape(), dy.shape()), kernel);
    assertTrue(ConvImplicit.applies(plan, x.store()));
    check(x, dy, kernel);
  }

  @Test void denseKernelGradientsRunOneProductOverThePaddedInput() {
    Random r = new Random(34);
    int[][] layers = {{16, 4, 3, 16, 3, 1, 1}, {16, 5, 6, 16, 3, 2, 1}, {8, 3, 8, 32, 7, 2, 3}, {16, 6, 4, 9, 1, 2, 0}};
    for (int[] l : layers) {                      // n, cin, cout, hw, k, s, p
      int n = l[0], cin = l[1], cout = l[2], hw = l[3], k = l[4], s = l[5], p = l[6], ho = (hw + 2 * p - k) / s + 1;
      NdArray x = TestArrays.random(DType.F32, Shape.of(n, hw, hw, cin), r), dy = TestArrays.random(DType.F32, Shape.of(n, ho, ho, cout), r);
      ConvGeometry kernel = geometries(hw, k, s, p)[2];
      ConvPlan plan = new ConvPlan(x.shape(), dy.shape(), kernel.outShape(x.shape(), dy.shape()), kernel);
      assertTrue(ConvKernelGradient.applies(plan, kernel, x), "dense kernel gradient " + java.util.Arrays.toString(l));
      assertEquals(false, ConvImplicit.applies(plan, x.store()));
      check(x, dy, kernel);
      check(x.astype(DType.F64), dy.astype(DType.F64), kernel);
    }
  }
}
