package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code C = X ± s·A·B} into X's own buffer: on a BLAS product ({@code β = 1}) within an ulp of the larger term of
 * the separate {@code x ± fl(p·s)}, on every other product (Graft's own kernels, batches) with exactly its bits.
 */
class GemmAccumulateTest {
  private static float[] uniform(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
    return a;
  }

  private static final int[] NONE = {};

  /** hᵀ·g for h {@code k×m}, g {@code k×n}: the weight gradient of a dense layer, into {@code store}. */
  private static NdArray gradient(NdArray h, NdArray g, Object store) {
    return DotGeneral.applyInto(h, g, new int[] {0}, new int[] {0}, NONE, NONE, store);
  }

  private static void check(int m, int n, int k, boolean minus, double s) {
    NdArray h = NdArray.wrapStore(DType.F32, Shape.of(k, m), uniform(k * m, 1));
    NdArray g = NdArray.wrapStore(DType.F32, Shape.of(k, n), uniform(k * n, 2));
    float[] x0 = uniform(m * n, 3), w = x0.clone(), p = new float[m * n];
    gradient(h, g, p);
    float[] absSum = new float[m * n];   // Σ|h||g|, for the bound
    float[] ha = (float[]) h.store(), ga = (float[]) g.store();
    for (int q = 0; q < k; q++)
      for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) absSum[i * n + j] += Math.abs(ha[q * m + i] * ga[q * n + j]);
    boolean claimed = GemmAccumulate.around(w, minus, s, () -> gradient(h, g, w));
    assertTrue(claimed, "the product took the accumulation " + m + "x" + n + "x" + k);
    boolean blas = Gemm.runsOnBlas(m, n, k, Gemm.Operand.rowMajor(ha, m).transpose(), Gemm.Operand.rowMajor(ga, n), w, 0, n);
    if (Blas.AVAILABLE && (long) m * n * k >= 1 << 20) assertTrue(blas, "a large product runs on the BLAS, which adds it");
    float sf = (float) s;
    for (int i = 0; i < m * n; i++) {
      float separate = minus ? x0[i] - p[i] * sf : x0[i] + p[i] * sf;
      if (!blas) {
        assertEquals(Float.floatToRawIntBits(separate), Float.floatToRawIntBits(w[i]), "own kernels keep the bits, element " + i);
      } else {
        double bound = 4 * Math.ulp(Math.max(Math.abs(x0[i]), Math.abs(sf) * absSum[i])) + 1e-30;
        assertTrue(Math.abs(w[i] - separate) <= bound, m + "x" + n + "x" + k + " element " + i + ": " + w[i] + " vs " + separate);
      }
    }
  }

  @Test void aWeightGradientSubtractedFromTheWeight() {
    check(784, 256, 128, true, 0.001);   // W10's first layer: split over the kernel threads
    check(1024, 1024, 256, true, 0.01);  // W3's second layer
    check(256, 10, 128, false, 0.5);
  }

  @Test void smallProductsRunOnGraftsKernelsWithTheSeparateBits() {
    check(7, 5, 3, true, 0.01);
    check(16, 33, 9, false, 1.0);
    check(3, 200, 1, true, 2.0);
  }

  @Test void aBatchOfProductsAddsAfterwardsWithTheSeparateBits() {
    int b = 3, m = 64, n = 48, k = 32;
    NdArray l = NdArray.wrapStore(DType.F32, Shape.of(b, m, k), uniform(b * m * k, 4));
    NdArray r = NdArray.wrapStore(DType.F32, Shape.of(b, k, n), uniform(b * k * n, 5));
    int[] lc = {2}, rc = {1}, lb = {0}, rb = {0};
    float[] x0 = uniform(b * m * n, 6), w = x0.clone(), p = new float[b * m * n];
    DotGeneral.applyInto(l, r, lc, rc, lb, rb, p);
    assertTrue(GemmAccumulate.around(w, true, 0.25, () -> DotGeneral.applyInto(l, r, lc, rc, lb, rb, w)));
    for (int i = 0; i < w.length; i++)
      assertEquals(Float.floatToRawIntBits(x0[i] - p[i] * 0.25f), Float.floatToRawIntBits(w[i]), "element " + i);
  }

  @Test void anEmptyContractionLeavesTheWeight() {
    NdArray h = NdArray.wrapStore(DType.F32, Shape.of(0, 4), new float[0]), g = NdArray.wrapStore(DType.F32, Shape.of(0, 5), new float[0]);
    float[] w = uniform(20, 7), x0 = w.clone();
    assertTrue(GemmAccumulate.around(w, true, 0.5, () -> gradient(h, g, w)));
    for (int i = 0; i < w.length; i++) assertEquals(x0[i] - 0f * 0.5f, w[i]);
  }

  @Test void doubles() {
    int m = 96, n = 80, k = 64;
    SplittableRandom rnd = new SplittableRandom(8);
    double[] hs = rnd.doubles(k * m, -1, 1).toArray(), gs = rnd.doubles(k * n, -1, 1).toArray(), x0 = rnd.doubles(m * n, -1, 1).toArray();
    NdArray h = NdArray.wrapStore(DType.F64, Shape.of(k, m), hs), g = NdArray.wrapStore(DType.F64, Shape.of(k, n), gs);
    double[] w = x0.clone(), p = new double[m * n];
    gradient(h, g, p);
    assertTrue(GemmAccumulate.around(w, false, 0.1, () -> gradient(h, g, w)));
    for (int i = 0; i < w.length; i++) assertEquals(x0[i] + p[i] * 0.1, w[i], 1e-13, "element " + i);
  }

  @Test void aProductIntoAnotherStoreLeavesItUnclaimed() {
    NdArray h = NdArray.wrapStore(DType.F32, Shape.of(8, 8), uniform(64, 9)), g = NdArray.wrapStore(DType.F32, Shape.of(8, 8), uniform(64, 10));
    float[] w = new float[64], other = new float[64];
    assertFalse(GemmAccumulate.around(w, true, 1, () -> gradient(h, g, other)));
    assertThrows(IllegalArgumentException.class, () -> GemmAccumulate.around(new int[4], true, 1, () -> { }));
  }
}
