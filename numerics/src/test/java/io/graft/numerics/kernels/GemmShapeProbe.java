package io.graft.numerics.kernels;

import java.util.Random;

/**
 * A hand-run probe (not a test): median time of {@link Gemm#multiply} per path for the products of the SmallCnn and
 * MLP train steps, paths interleaved in one JVM. {@code main(reps, [m n k ta tb]...)}; ta/tb 1 = transposed view.
 */
final class GemmShapeProbe {
  public static void main(String[] args) {
    int reps = Integer.parseInt(args[0]);
    int[][] shapes = {
        {1820, 32, 144, 0, 0}, {910, 16, 288, 0, 0}, {10, 32, 25088, 0, 0}, {144, 32, 25088, 0, 0}, {144, 32, 25088, 1, 0},
        {128, 128, 1568, 0, 0}, {1568, 128, 128, 1, 0}, {128, 1568, 128, 0, 1},
        {128, 256, 784, 0, 0}, {784, 256, 128, 1, 0}, {128, 10, 256, 0, 0}, {256, 10, 128, 1, 0}, {128, 256, 10, 0, 1},
        {41, 64, 6272, 0, 0}, {288, 64, 6272, 1, 0}, {512, 512, 512, 0, 0}};
    if (args.length > 1) {                      // shapes from the command line: m n k ta tb ...
      shapes = new int[(args.length - 1) / 5][];
      for (int i = 0; i < shapes.length; i++)
        shapes[i] = java.util.Arrays.stream(args, 1 + 5 * i, 6 + 5 * i).mapToInt(Integer::parseInt).toArray();
    }
    Gemm.Path[] paths = Blas.AVAILABLE ? new Gemm.Path[] {Gemm.Path.BLAS, Gemm.Path.PACKED_SIMD, Gemm.Path.DIRECT_SIMD}
        : new Gemm.Path[] {Gemm.Path.PACKED_SIMD, Gemm.Path.DIRECT_SIMD};
    Random r = new Random(1);
    for (int round = 0; round < 2; round++) {
      System.out.println("round " + round + ": m n k ta tb | ms per product (median of " + reps + ") " + java.util.Arrays.toString(paths));
      for (int[] s : shapes) {
        int m = s[0], n = s[1], k = s[2];
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
        Gemm.Operand ao = s[3] == 1 ? Gemm.Operand.rowMajor(a, m).transpose() : Gemm.Operand.rowMajor(a, k);
        Gemm.Operand bo = s[4] == 1 ? Gemm.Operand.rowMajor(b, k).transpose() : Gemm.Operand.rowMajor(b, n);
        double[][] t = new double[paths.length][reps];
        for (int i = 0; i < reps; i++)
          for (int p = 0; p < paths.length; p++) {
            long t0 = System.nanoTime();
            Gemm.multiply(paths[p], m, n, k, ao, bo, c, 0, n);
            t[p][i] = (System.nanoTime() - t0) / 1e6;
          }
        StringBuilder sb = new StringBuilder(String.format("%5d %5d %6d %d %d |", m, n, k, s[3], s[4]));
        for (double[] tp : t) { java.util.Arrays.sort(tp); sb.append(String.format(" %8.3f", tp[reps / 2])); }
        System.out.println(sb);
      }
    }
  }
}
