package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.Parallel;
import io.graft.numerics.Simd;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A product of a few rows with many columns splits B's columns over the kernel threads; every element has the bits of
 * the unsplit row loop ({@code GemmSimd.gemvRow}), column counts with and without a partial vector, one to three rows.
 */
class GemvColumnSplitTest {
  @Test void splitColumnsKeepTheRowLoopsBits() {
    Assumptions.assumeTrue(Simd.AVAILABLE && Parallel.threads() > 1, "the split runs with the Vector API on two or more threads");
    Random r = new Random(11);
    for (int m = 1; m <= 3; m++)
      for (int n : new int[] {256, 200, 1000, 129}) {
        int k = 784;
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
        float[] split = new float[m * n], rows = new float[m * n];
        Gemm.multiply(Gemm.Path.DIRECT_SIMD, m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(b, n), split, 0, n);
        for (int i = 0; i < m; i++) GemmSimd.gemvRow(rows, i * n, a, i * k, 1, b, 0, n, n, k);
        for (int e = 0; e < split.length; e++)
          assertEquals(Float.floatToRawIntBits(rows[e]), Float.floatToRawIntBits(split[e]), "m " + m + ", n " + n + ", element " + e);
      }
  }
}
