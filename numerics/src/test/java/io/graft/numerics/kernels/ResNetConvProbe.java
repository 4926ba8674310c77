package io.graft.numerics.kernels;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Random;

/**
 * A hand-run probe (not a test): ResNet-18's convolutions at batch 32 (NHWC input, HWIO kernel; the 7×7/2 stem on
 * 32×32 inputs, the layers at 8×8 .. 1×1, and the CIFAR variant's 32×32 and 16×16 layers), forward, input gradient and
 * kernel gradient in the geometries the transpose rules build, the im2col path against the implicit-GEMM one, calls
 * interleaved, min ms of {@code reps} and GFLOP/s counting every tap ({@code 2·N·Ho·Wo·O·C·k²}). {@code main(reps)}.
 */
final class ResNetConvProbe {
  static NdArray rnd(int... dims) {
    Random r = new Random(dims.length * 31L + dims[0]);
    Shape s = Shape.of(dims);
    float[] a = new float[s.size()];
    for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
    return NdArray.wrap(s, a);
  }

  static ConvGeometry g(int s, int lo, int hi, int ld, int rd, int[] l, int[] r, int[] o) {
    return new ConvGeometry(Ints.of(s, s), Ints.of(lo, lo), Ints.of(hi, hi), Ints.of(ld, ld), Ints.of(rd, rd), Ints.of(l),
        Ints.of(r), Ints.of(o), 1, 1);
  }

  /** min ms of old and new, interleaved rep by rep. */
  static double[] pair(int reps, java.util.function.Supplier<NdArray> old, java.util.function.Supplier<NdArray> neu) {
    double a = 1e9, b = 1e9;
    for (int i = 0; i < reps; i++) {
      long t = System.nanoTime(); old.get(); a = Math.min(a, (System.nanoTime() - t) / 1e6);
      t = System.nanoTime(); neu.get(); b = Math.min(b, (System.nanoTime() - t) / 1e6);
    }
    return new double[] {a, b};
  }

  public static void main(String[] args) {
    int n = 32, reps = Integer.parseInt(args[0]);
    int[][] layers = {     // cin, cout, hw, k, stride, pad
        {3, 64, 32, 7, 2, 3}, {64, 64, 8, 3, 1, 1}, {64, 128, 8, 3, 2, 1}, {64, 128, 8, 1, 2, 0}, {128, 128, 4, 3, 1, 1},
        {128, 256, 4, 3, 2, 1}, {256, 256, 2, 3, 1, 1}, {256, 512, 2, 3, 2, 1}, {512, 512, 1, 3, 1, 1},
        {64, 64, 32, 3, 1, 1}, {128, 128, 16, 3, 1, 1}};
    int[] nhwc = {0, 3, 1, 2};
    for (int round = 0; round < 2; round++) {
      System.out.printf("round %d, min of %d interleaved: ms old/new (GFLOP/s new)%n", round, reps);
      for (int[] L : layers) {
        int ci = L[0], co = L[1], hw = L[2], k = L[3], s = L[4], p = L[5];
        int ho = (hw + 2 * p - k) / s + 1;
        NdArray x = rnd(n, hw, hw, ci), w = rnd(k, k, ci, co), dy = rnd(n, ho, ho, co);
        ConvGeometry fwd = g(s, p, p, 1, 1, nhwc, new int[] {3, 2, 0, 1}, nhwc);
        int ilo = k - p - 1, ihi = hw + k - 1 - ((ho - 1) * s + 1) - ilo;
        ConvGeometry ig = g(1, ilo, ihi, s, 1, nhwc, new int[] {2, 3, 0, 1}, nhwc);
        int khi = ((ho - 1) * s + 1 - hw) + (k - p - 1);
        ConvGeometry kg = g(1, p, khi, 1, s, new int[] {3, 0, 1, 2}, new int[] {3, 0, 1, 2}, new int[] {2, 3, 0, 1});
        double flop = 2.0 * n * ho * ho * co * ci * k * k;
        double[] f = pair(reps, () -> Conv.apply(x, w, fwd, false), () -> Conv.apply(x, w, fwd, true));
        double[] i = pair(reps, () -> Conv.apply(dy, w, ig, false), () -> Conv.apply(dy, w, ig, true));
        double[] kk = pair(reps, () -> Conv.apply(x, dy, kg, false), () -> Conv.apply(x, dy, kg, true));
        System.out.printf("  %3d->%3d %2dx%2d k%d s%d  fwd %7.2f/%7.2f (%5.1f)  igrad %7.2f/%7.2f (%5.1f)  kgrad %7.2f/%7.2f (%5.1f)%n",
            ci, co, hw, hw, k, s, f[0], f[1], flop / f[1] / 1e6, i[0], i[1], flop / i[1] / 1e6, kk[0], kk[1], flop / kk[1] / 1e6);
      }
    }
  }
}
