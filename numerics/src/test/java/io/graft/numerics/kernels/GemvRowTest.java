package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.Simd;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link GemmSimd#gemvRow} (a row of {@code A·B} with the row kept in registers) has the bits of the {@code axpy} loop
 * it replaced: {@code k} calls of {@link GemmSimd#axpy} into a zeroed row, for widths around the vector and block sizes,
 * strided {@code A} rows and signed zeros.
 */
class GemvRowTest {
  @Test void registerBlockedRowsHaveTheAxpyLoopsBits() {
    assumeTrue(Simd.AVAILABLE, "the vector path needs the Vector API");
    Random r = new Random(21);
    for (int n : new int[] {1, 7, 15, 16, 17, 63, 64, 65, 100, 256, 300}) {
      for (int k : new int[] {1, 2, 9, 784}) {
        for (int xs : new int[] {1, 3}) {
          float[] x = new float[k * xs + 2], y = new float[k * (n + 5) + 3];
          for (int i = 0; i < x.length; i++) x[i] = r.nextInt(10) == 0 ? -0f : (float) r.nextGaussian();
          for (int i = 0; i < y.length; i++) y[i] = r.nextInt(10) == 0 ? 0f : (float) r.nextGaussian();
          int ys = n + 5, xo = 1, yo = 2;
          float[] want = new float[n + 4], got = new float[n + 4];
          for (int p = 0; p < k; p++) GemmSimd.axpy(want, 2, x[xo + p * xs], y, yo + p * ys, n);
          GemmSimd.gemvRow(got, 2, x, xo, xs, y, yo, ys, n, k);
          for (int j = 0; j < want.length; j++)
            assertEquals(Float.floatToRawIntBits(want[j]), Float.floatToRawIntBits(got[j]), "n " + n + " k " + k + " xs " + xs + " at " + j);
        }
      }
    }
  }
}
