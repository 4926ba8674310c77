package io.graft.numerics.kernels;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Random;

/**
 * A hand-run probe (not a test): times each heavy kernel of the SmallCnn train step (batch 128, 28×28×1, widths
 * c1, c2, hidden 128) in one JVM, median of {@code reps} calls. {@code main(c1, c2, reps)}.
 */
final class CnnKernelProbe {
  static final int N = 128;

  static NdArray rnd(int... dims) {
    Random r = new Random(dims.length * 31L + dims[0]);
    Shape s = Shape.of(dims);
    float[] a = new float[s.size()];
    for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
    return NdArray.wrap(s, a);
  }

  static ConvGeometry geo(int[] lhs, int[] rhs, int[] out) {
    return new ConvGeometry(Ints.of(1, 1), Ints.of(1, 1), Ints.of(1, 1), Ints.of(1, 1), Ints.of(1, 1), Ints.of(lhs),
        Ints.of(rhs), Ints.of(out), 1, 1);
  }

  static double time(int reps, Runnable r) {
    double[] t = new double[reps];
    for (int i = 0; i < reps; i++) { long a = System.nanoTime(); r.run(); t[i] = (System.nanoTime() - a) / 1e6; }
    java.util.Arrays.sort(t);
    return t[reps / 2];
  }

  public static void main(String[] args) {
    int c1 = Integer.parseInt(args[0]), c2 = Integer.parseInt(args[1]), reps = Integer.parseInt(args[2]);
    ConvGeometry fwd = geo(new int[] {0, 3, 1, 2}, new int[] {3, 2, 0, 1}, new int[] {0, 3, 1, 2});
    ConvGeometry wgrad = geo(new int[] {3, 0, 1, 2}, new int[] {3, 0, 1, 2}, new int[] {2, 3, 0, 1});
    ConvGeometry igrad = geo(new int[] {0, 3, 1, 2}, new int[] {2, 3, 0, 1}, new int[] {0, 3, 1, 2});
    NdArray x = rnd(N, 28, 28, 1), k1 = rnd(3, 3, 1, c1), h1 = rnd(N, 28, 28, c1), p1 = rnd(N, 14, 14, c1);
    NdArray k2 = rnd(3, 3, c1, c2), h2 = rnd(N, 14, 14, c2), p2 = rnd(N, 7, 7, c2);
    NdArray flat = rnd(N, 7 * 7 * c2), w3 = rnd(7 * 7 * c2, 128), g3 = rnd(N, 128);
    int[] win = {1, 2, 2, 1}, z = {0, 0, 0, 0};
    if (args.length > 3) {          // one op only, for a profile: igrad2, kgrad1, kgrad2, fwd2
      Runnable op = switch (args[3]) {
        case "igrad2" -> () -> Conv.apply(h2, k2, igrad);
        case "kgrad1" -> () -> Conv.apply(x, h1, wgrad);
        case "kgrad2" -> () -> Conv.apply(p1, h2, wgrad);
        case "fwd2" -> () -> Conv.apply(p1, k2, fwd);
        default -> throw new IllegalArgumentException("unknown op " + args[3]);
      };
      System.out.printf("%s: median %.2f ms of %d%n", args[3], time(reps, op), reps);
      System.out.printf("%s: median %.2f ms of %d%n", args[3], time(reps, op), reps);
      return;
    }
    for (int round = 0; round < 2; round++) {
      System.out.printf("round %d (c1=%d c2=%d), median ms of %d%n", round, c1, c2, reps);
      System.out.printf("  conv1 fwd            %8.2f%n", time(reps, () -> Conv.apply(x, k1, fwd)));
      System.out.printf("  conv2 fwd            %8.2f%n", time(reps, () -> Conv.apply(p1, k2, fwd)));
      System.out.printf("  conv2 input grad     %8.2f%n", time(reps, () -> Conv.apply(h2, k2, igrad)));
      System.out.printf("  conv2 kernel grad    %8.2f%n", time(reps, () -> Conv.apply(p1, h2, wgrad)));
      System.out.printf("  conv1 kernel grad    %8.2f%n", time(reps, () -> Conv.apply(x, h1, wgrad)));
      System.out.printf("  pool1 fwd            %8.2f%n", time(reps, () -> Windows.reduceWindow(Reductions.Op.MAX, h1, win, win, z, z, new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1})));
      System.out.printf("  pool2 fwd            %8.2f%n", time(reps, () -> Windows.reduceWindow(Reductions.Op.MAX, h2, win, win, z, z, new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1})));
      System.out.printf("  pool1 grad (s&s add) %8.2f%n", time(reps, () -> Windows.selectAndScatterAdd(p1, h1, win, win, z, z)));
      System.out.printf("  pool2 grad (s&s add) %8.2f%n", time(reps, () -> Windows.selectAndScatterAdd(p2, h2, win, win, z, z)));
      float[] c = new float[7 * 7 * c2 * 128];
      System.out.printf("  dense1 fwd 128x%dx128  %8.2f%n", 49 * c2, time(reps, () -> Gemm.multiply(N, 128, 49 * c2,
          Gemm.Operand.rowMajor(flat.store(), 49 * c2), Gemm.Operand.rowMajor(w3.store(), 128), new float[N * 128], 0, 128)));
      System.out.printf("  dense1 wgrad %dx128x128 %8.2f%n", 49 * c2, time(reps, () -> Gemm.multiply(49 * c2, 128, N,
          Gemm.Operand.rowMajor(flat.store(), 49 * c2).transpose(), Gemm.Operand.rowMajor(g3.store(), 128), c, 0, 128)));
      System.out.printf("  dense1 igrad 128x%dx128 %8.2f%n", 49 * c2, time(reps, () -> Gemm.multiply(N, 49 * c2, 128,
          Gemm.Operand.rowMajor(g3.store(), 128), Gemm.Operand.rowMajor(w3.store(), 128).transpose(), new float[N * 49 * c2], 0, 49 * c2)));
    }
  }
}
