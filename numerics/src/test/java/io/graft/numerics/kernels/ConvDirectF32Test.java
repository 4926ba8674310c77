package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.Simd;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The unpacked product equals the packed GEMM on the same offset tables bit for bit (one fused multiply-add per tap,
 * in tap order, from zero, within each reduction block of 256; the blocks added in order), for reductions below, at
 * and past a block and output feature counts below, at and past a vector and a register tile, with rows whose
 * results are scattered ({@code dst} not consecutive).
 */
class ConvDirectF32Test {
  @Test void equalsThePackedGemmBitForBit() {
    Assumptions.assumeTrue(Simd.AVAILABLE, "the direct path runs with the Vector API only");
    Random r = new Random(3);
    float[] x = new float[4000];
    for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
    for (int k : new int[] {1, 3, 9, 27, ConvDirectF32.MAX_K, 147, 300, 600})
      for (int og : new int[] {1, 5, 16, 20, 33, 64, 80, 128}) {
        int m = 301;
        int[] row = new int[m], col = new int[k], dst = new int[m], wRow = new int[k], wCol = new int[og];
        for (int i = 0; i < m; i++) { row[i] = r.nextInt(2000); dst[i] = (m - 1 - i) * og; }
        for (int t = 0; t < k; t++) { col[t] = r.nextInt(1900); wRow[t] = t * og; }
        for (int o = 0; o < og; o++) wCol[o] = o;
        float[] w = new float[k * og];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        float[] direct = new float[m * og], packed = new float[m * og];
        ConvDirectF32.apply(x, row, col, w, og, direct, dst, m);
        int[] consecutive = new int[m];
        for (int i = 0; i < m; i++) consecutive[i] = row[m - 1 - i];   // packed rows in dst order
        Gemm.multiplyPacked(m, og, k, new GemmGathered(x, consecutive, col), new GemmGathered(w, wRow, wCol), packed, 0, og, true);
        for (int e = 0; e < direct.length; e++)
          assertEquals(Float.floatToRawIntBits(packed[e]), Float.floatToRawIntBits(direct[e]), "k " + k + ", og " + og + ", element " + e);
      }
  }
}
