package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.Simd;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The u8·i8 product equals the exact integer sum, on the SIMD and scalar paths; QuantizeLinear's rounding and saturation. */
class QuantGemmTest {
  @Property(tries = 60)
  void productIsTheExactIntegerSum(@ForAll @IntRange(min = 1, max = 9) int m, @ForAll @IntRange(min = 1, max = 300) int k,
                                   @ForAll @IntRange(min = 1, max = 13) int n, @ForAll @IntRange(min = 0, max = 255) int za,
                                   @ForAll long seed) {
    Random r = new Random(seed);
    byte[] a = new byte[m * k], w = new byte[n * k];
    r.nextBytes(a);
    r.nextBytes(w);
    if (seed % 4 == 0) { java.util.Arrays.fill(a, (byte) 255); java.util.Arrays.fill(w, (byte) -128); }   // extremes
    int[] want = new int[m * n];
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) {
        long s = 0;
        for (int p = 0; p < k; p++) s += (long) ((a[i * k + p] & 0xFF) - za) * w[j * k + p];
        want[i * n + j] = Math.toIntExact(s);
      }
    assertArrayEquals(want, QuantGemm.u8i8(a, za, w, m, k, n));
    int[] row = new int[k], scalar = new int[n];
    for (int p = 0; p < k; p++) row[p] = (a[p] & 0xFF) - za;
    QuantGemm.scalarRow(row, w, k, n, scalar, 0);
    assertArrayEquals(java.util.Arrays.copyOf(want, n), scalar);
    if (Simd.AVAILABLE) {
      int[] simd = new int[n];
      QuantGemmSimd.row(row, w, k, n, simd, 0);
      assertArrayEquals(java.util.Arrays.copyOf(want, n), simd);
    }
  }

  @Test void largeProductsRunInParallelAndStayExact() {
    int m = 64, k = 784, n = 256;
    Random r = new Random(3);
    byte[] a = new byte[m * k], w = new byte[n * k];
    r.nextBytes(a);
    r.nextBytes(w);
    int[] c = QuantGemm.u8i8(a, 17, w, m, k, n);
    for (int i = 0; i < m; i += 21)
      for (int j = 0; j < n; j += 37) {
        int s = 0;
        for (int p = 0; p < k; p++) s += ((a[i * k + p] & 0xFF) - 17) * w[j * k + p];
        assertEquals(s, c[i * n + j]);
      }
  }

  @Test void quantizeRoundsHalfToEvenAndSaturates() {
    float[] x = {2.5f, 3.5f, -2.5f, 0.49f, 1000f, -1000f, Float.NaN};
    byte[] q = QuantGemm.quantizeU8(x, 1f, 10);
    int[] got = new int[q.length];
    for (int i = 0; i < q.length; i++) got[i] = q[i] & 0xFF;
    assertArrayEquals(new int[] {12, 14, 8, 10, 255, 0, 10}, got);
    assertEquals(-127, QuantGemm.quantize(-500f, 1f, 0, -127, 127));
  }

  @Test void requantizeScalesBiasesAndClamps() {
    int[] acc = {10, -10, 4, 0};
    byte[] q = new byte[4];
    QuantGemm.requantize(acc, 2, 2, 0.5f, new float[] {1f, 2f}, new float[] {0f, 1f}, true, 1f, 3, q, null);
    // y = acc * 0.5 * s_j + b_j: [5, -9] -> relu [5, 0]; [2, 1] -> q = rint(y) + 3
    assertArrayEquals(new byte[] {8, 3, 5, 4}, q);
    float[] f = new float[4];
    QuantGemm.requantize(acc, 2, 2, 0.5f, new float[] {1f, 2f}, null, false, 0, 0, null, f);
    assertArrayEquals(new float[] {5, -10, 2, 0}, f);
  }
}
