package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
      float[] rowF = new float[k];
      for (int p = 0; p < k; p++) rowF[p] = row[p];
      QuantGemmSimd.row(rowF, w, k, n, simd, 0);
      assertArrayEquals(java.util.Arrays.copyOf(want, n), simd);
    }
  }

  /**
   * The product of f32 inputs quantized on the way in equals quantizing first: batch-1 shapes (the fused quantize-and-widen
   * row, split over the threads), other shapes (quantize then multiply), with NaN, infinities, ties and saturation in x.
   */
  @Property(tries = 40)
  void quantizedOnTheWayInEqualsQuantizingFirst(@ForAll @IntRange(min = 1, max = 5) int m,
                                                @ForAll @IntRange(min = 1, max = 900) int k,
                                                @ForAll @IntRange(min = 1, max = 300) int n,
                                                @ForAll @IntRange(min = 0, max = 255) int za, @ForAll long seed) {
    Random r = new Random(seed);
    float scale = 0.01f + r.nextFloat() * 0.05f;
    float[] x = new float[m * k];
    for (int i = 0; i < x.length; i++) {
      x[i] = switch (r.nextInt(12)) {
        case 0 -> Float.NaN;
        case 1 -> r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        case 2 -> (r.nextInt(40) - 20 + 0.5f) * scale;            // a tie before the zero point is added
        case 3 -> (r.nextFloat() - 0.5f) * 1e6f;                   // saturates
        default -> (float) r.nextGaussian() * 2;
      };
    }
    byte[] w = new byte[n * k];
    r.nextBytes(w);
    assertArrayEquals(QuantGemm.u8i8(QuantGemm.quantizeU8(x, scale, za), za, w, m, k, n), QuantGemm.u8i8(x, scale, za, w, m, k, n),
        "m " + m + ", k " + k + ", n " + n + ", za " + za);
  }

  /**
   * The SIMD path sums in f32 chunks: with every product odd and near the extreme (255 · -127) and k = 20,000 (several
   * chunks, a total of -647,700,000, far past 2^24, where f32 cannot hold odd integers) the result is still exact.
   */
  @Test void extremeProductsOverManyChunksStayExact() {
    int k = 20_000, n = 5;
    byte[] w = new byte[n * k];
    java.util.Arrays.fill(w, (byte) -127);
    w[3 * k + 7] = 127;
    for (int m : new int[] {1, 5}) {                     // one row, and a group of four plus one
      byte[] a = new byte[m * k];
      java.util.Arrays.fill(a, (byte) 255);
      int[] c = QuantGemm.u8i8(a, 0, w, m, k, n);
      for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
          assertEquals(j == 3 ? -647_700_000 + 255 * 254 : -647_700_000, c[i * n + j], "row " + i + " channel " + j);
    }
  }

  /** One to three rows of a batch-1 layer (784 x 256, and 250 channels: a partial block) split their channels over the threads: exact. */
  @Test void fewRowsSplitTheirChannelsAndStayExact() {
    Random r = new Random(9);
    for (int m = 1; m <= 3; m++)
      for (int n : new int[] {256, 250}) {
        int k = 784;
        byte[] a = new byte[m * k], w = new byte[n * k];
        r.nextBytes(a);
        r.nextBytes(w);
        int[] c = QuantGemm.u8i8(a, 131, w, m, k, n);
        for (int i = 0; i < m; i++)
          for (int j = 0; j < n; j++) {
            long s = 0;
            for (int p = 0; p < k; p++) s += (long) ((a[i * k + p] & 0xFF) - 131) * w[j * k + p];
            assertEquals(s, c[i * n + j], m + " rows, " + n + " channels: row " + i + " channel " + j);
          }
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

  /**
   * The vector quantize and requantize give the scalar definition's bits on every kind of value: ties (k + 1/2 steps),
   * both zeros, NaN, infinities, values past saturation and past 2^22 steps, random ones; zero points inside and
   * outside [0, 255]; lengths around the vector width.
   */
  @Test void vectorQuantizeAndRequantizeHaveTheScalarBits() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Simd.AVAILABLE, "the vector path needs the Vector API");
    Random r = new Random(11);
    for (float scale : new float[] {1f, 0.0137f, 3.5f, 1e-30f}) {
      for (int zero : new int[] {0, 128, 255, -7, 300}) {
        for (int len : new int[] {1, 15, 16, 17, 33, 200}) {
          float[] x = new float[len];
          for (int i = 0; i < len; i++) {
            x[i] = switch (r.nextInt(8)) {
              case 0 -> (r.nextInt(600) - 300 + 0.5f) * scale;
              case 1 -> r.nextBoolean() ? 0f : -0f;
              case 2 -> Float.NaN;
              case 3 -> r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
              case 4 -> (float) (r.nextGaussian() * 1e9);
              case 5 -> (float) (r.nextGaussian() * 8e6) * scale;
              default -> (float) (r.nextGaussian() * 300) * scale;
            };
          }
          byte[] want = new byte[len], got = new byte[len];
          for (int i = 0; i < len; i++) want[i] = (byte) QuantGemm.quantize(x[i], scale, zero, 0, 255);
          QuantGemmSimd.quantize(x, 0, len, scale, zero, got, 0);
          assertArrayEquals(want, got, "quantize scale " + scale + " zero " + zero + " len " + len);

          int[] acc = new int[len];
          float[] mult = new float[len], bias = new float[len];
          for (int i = 0; i < len; i++) { acc[i] = r.nextInt(2_000_001) - 1_000_000; mult[i] = (float) r.nextDouble() * 1e-3f; bias[i] = (float) r.nextGaussian(); }
          for (boolean relu : new boolean[] {false, true}) {
            byte[] wq = new byte[len], gq = new byte[len];
            float[] wf = new float[len], gf = new float[len];
            for (int i = 0; i < len; i++) {
              float y = acc[i] * (0.37f * mult[i]) + bias[i];
              if (relu && y < 0) y = 0;
              wq[i] = (byte) QuantGemm.quantize(y, scale, zero, 0, 255);
              wf[i] = y;
            }
            QuantGemmSimd.requantizeRow(acc, 0, 0.37f, mult, bias, relu, len, scale, zero, gq, null, 0);
            QuantGemmSimd.requantizeRow(acc, 0, 0.37f, mult, bias, relu, len, scale, zero, null, gf, 0);
            assertArrayEquals(wq, gq, "requantize to u8, relu " + relu);
            for (int i = 0; i < len; i++)
              assertEquals(Float.floatToRawIntBits(wf[i]), Float.floatToRawIntBits(gf[i]), "requantize to f32, relu " + relu + " at " + i);
          }
        }
      }
    }
  }

  /** The vector widening of u8 activations (zero extended, minus the zero point) equals the scalar one, any offset. */
  @Test void widenedRowsEqualTheScalarWidening() {
    assumeTrue(io.graft.numerics.Simd.AVAILABLE, "no Vector API");
    java.util.Random r = new java.util.Random(3);
    byte[] a = new byte[300];
    r.nextBytes(a);
    for (int from : new int[] {0, 1, 17, 100})
      for (int len : new int[] {0, 5, 16, 33, 199}) {
        float[] out = new float[len + 3];
        int p = QuantGemmSimd.widen(a, from, len, 7, out, 3);
        assertTrue(p <= len && (len - p) < 64, "widened " + p + " of " + len);
        for (int i = 0; i < p; i++) assertEquals((a[from + i] & 0xFF) - 7, out[3 + i], 0f, "from " + from + " at " + i);
      }
  }
}
