package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Int8Conv} (oneDNN) against exact integer convolutions computed here (im2col with the zero point as padding,
 * sums in {@code long}) and requantised by {@link QuantGemm#requantize}: the integer sums agree exactly; each u8 code
 * may differ by one where oneDNN's f32 requantisation rounds the other way, and f32 outputs within a few ulps.
 */
class Int8ConvTest {
  private static void assumeDnnl() {
    assumeTrue(DnnlApi.AVAILABLE, "oneDNN not loaded: " + DnnlApi.STATUS);
  }

  /** A random layer of the given geometry. */
  private static Int8Conv.Layer layer(SplittableRandom r, int out, int kh, int kw, int in, boolean bias, int s, int pad, int zero) {
    byte[] w = new byte[out * kh * kw * in];
    for (int i = 0; i < w.length; i++) w[i] = (byte) (r.nextInt(255) - 127);
    float[] scales = new float[out], b = bias ? new float[out] : null;
    for (int j = 0; j < out; j++) {
      scales[j] = (float) (0.002 + 0.01 * r.nextDouble());
      if (b != null) b[j] = (float) (r.nextDouble() - 0.5);
    }
    return new Int8Conv.Layer(w, out, kh, kw, in, scales, b, s, s, pad, pad, pad, pad, 0.02f, zero);
  }

  /** The exact accumulators {@code Σ (q - z) · W} with the zero point read for padding. */
  private static int[] reference(Int8Conv.Layer l, byte[] q, int n, int h, int w) {
    int[] o = l.outSize(h, w);
    int[] acc = new int[n * o[0] * o[1] * l.out()];
    for (int b = 0; b < n; b++)
      for (int y = 0; y < o[0]; y++)
        for (int x = 0; x < o[1]; x++)
          for (int j = 0; j < l.out(); j++) {
            long sum = 0;
            for (int ky = 0; ky < l.kh(); ky++)
              for (int kx = 0; kx < l.kw(); kx++)
                for (int c = 0; c < l.in(); c++) {
                  int iy = y * l.sh() + ky - l.top(), ix = x * l.sw() + kx - l.left();
                  int code = iy < 0 || iy >= h || ix < 0 || ix >= w ? l.inZero() : q[((b * h + iy) * w + ix) * l.in() + c] & 0xFF;
                  sum += (long) (code - l.inZero()) * l.weights()[((j * l.kh() + ky) * l.kw() + kx) * l.in() + c];
                }
            acc[((b * o[0] + y) * o[1] + x) * l.out() + j] = Math.toIntExact(sum);
          }
    return acc;
  }

  private static byte[] codes(SplittableRandom r, int length) {
    byte[] q = new byte[length];
    for (int i = 0; i < length; i++) q[i] = (byte) r.nextInt(256);
    return q;
  }

  /** Runs one layer both ways; u8 outputs within one code (and mostly equal), f32 outputs within 1e-5 relative. */
  private static void check(Int8Conv.Layer l, int n, int h, int w, boolean relu, int outZero, SplittableRandom r) {
    byte[] q = codes(r, n * h * w * l.in());
    int[] o = l.outSize(h, w);
    int size = n * o[0] * o[1] * l.out();
    int[] acc = reference(l, q, n, h, w);
    float outScale = 0.05f;
    byte[] want = new byte[size], got = new byte[size];
    QuantGemm.requantize(acc, size / l.out(), l.out(), l.inScale(), l.weightScales(), l.bias(), relu, outScale, outZero, want, null);
    assertTrue(Int8Conv.forward(l, q, n, h, w, relu, outScale, outZero, got, null));
    int off = 0;
    for (int i = 0; i < size; i++) {
      int d = Math.abs((want[i] & 0xFF) - (got[i] & 0xFF));
      assertTrue(d <= 1, "code " + i + ": " + (want[i] & 0xFF) + " vs oneDNN " + (got[i] & 0xFF));
      off += d;
    }
    assertTrue(off <= Math.max(2, size / 200), off + " of " + size + " codes one apart");
    float[] wantF = new float[size], gotF = new float[size];
    QuantGemm.requantize(acc, size / l.out(), l.out(), l.inScale(), l.weightScales(), l.bias(), relu, 0, 0, null, wantF);
    assertTrue(Int8Conv.forward(l, q, n, h, w, relu, 0, 0, null, gotF));
    for (int i = 0; i < size; i++)
      assertEquals(wantF[i], gotF[i], 1e-5 * Math.max(1, Math.abs(wantF[i])), "f32 output " + i);
  }

  @Test void convolutionsAgreeWithExactIntegerSums() {
    assumeDnnl();
    SplittableRandom r = new SplittableRandom(7);
    check(layer(r, 16, 3, 3, 1, true, 1, 1, 0), 1, 28, 28, true, 0, r);       // the demo CNN's first layer
    check(layer(r, 32, 3, 3, 16, true, 1, 1, 0), 2, 14, 14, true, 3, r);
    check(layer(r, 64, 7, 7, 3, true, 2, 3, 0), 1, 32, 32, true, 0, r);       // ResNet-18's stem
    check(layer(r, 128, 3, 3, 64, false, 2, 1, 0), 1, 8, 8, false, 0, r);
    check(layer(r, 256, 1, 1, 128, true, 2, 0, 0), 3, 4, 4, false, 0, r);     // a projection
    check(layer(r, 512, 3, 3, 512, true, 1, 1, 0), 1, 1, 1, true, 0, r);      // ResNet-18's last stage at batch 1
    check(layer(r, 10, 1, 1, 128, true, 1, 0, 0), 5, 1, 1, false, 0, r);      // a dense layer as a 1×1 convolution
  }

  @Test void aNonzeroInputZeroPointPadsWithItsOwnCode() {
    assumeDnnl();
    SplittableRandom r = new SplittableRandom(11);
    check(layer(r, 16, 3, 3, 8, true, 1, 1, 37), 1, 6, 6, true, 0, r);
    check(layer(r, 24, 3, 3, 4, false, 2, 1, 128), 2, 7, 5, false, 9, r);
    check(layer(r, 48, 1, 1, 300, true, 1, 0, 200), 4, 1, 1, false, 0, r);
  }

  @Test void kernelTapsThatOnlyMeetPaddingAreCroppedExactly() {
    assumeDnnl();
    SplittableRandom r = new SplittableRandom(5);
    Int8Conv.Layer centre = layer(r, 40, 3, 3, 24, true, 1, 1, 0);
    Int8Conv.Layer cropped = centre.cropped(1, 1);
    assertEquals(1, cropped.kh());
    assertEquals(1, cropped.kw());
    assertEquals(0, cropped.top() + cropped.bottom() + cropped.left() + cropped.right());
    check(centre, 1, 1, 1, true, 0, r);                                          // ResNet-18's last stage at batch 1
    check(layer(r, 40, 3, 3, 24, false, 2, 1, 17), 2, 2, 2, false, 0, r);       // 2×2 -> 1×1, stride 2: taps 1-2 of 3
    assertEquals(2, layer(r, 8, 3, 3, 4, false, 2, 1, 0).cropped(2, 2).kh());
    check(layer(r, 8, 5, 3, 4, true, 1, 2, 9), 1, 1, 3, true, 0, r);            // rows cropped, columns whole
    Int8Conv.Layer whole = layer(r, 8, 3, 3, 4, true, 1, 1, 0);
    assertTrue(whole == whole.cropped(4, 4));
  }

  @Test void plansAreKeptPerShapeAndAgreeAcrossThreads() throws Exception {
    assumeDnnl();
    SplittableRandom r = new SplittableRandom(3);
    Int8Conv.Layer l = layer(r, 32, 3, 3, 16, true, 1, 1, 0);
    byte[] q = codes(r, 2 * 9 * 9 * 16);
    byte[] first = new byte[2 * 9 * 9 * 32];
    assertTrue(Int8Conv.forward(l, q, 2, 9, 9, true, 0.05f, 0, first, null));
    Thread[] threads = new Thread[4];
    Throwable[] failures = new Throwable[threads.length];
    for (int t = 0; t < threads.length; t++) {
      int id = t;
      threads[t] = new Thread(() -> {
        try {
          for (int i = 0; i < 50; i++) {
            byte[] again = new byte[first.length];
            Int8Conv.forward(l, q, 2, 9, 9, true, 0.05f, 0, again, null);
            assertArrayEquals(first, again);
          }
        } catch (Throwable e) {
          failures[id] = e;
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) t.join();
    for (Throwable f : failures) if (f != null) throw new AssertionError(f);
    byte[] other = new byte[3 * 9 * 9 * 32];
    assertTrue(Int8Conv.forward(l, codes(r, 3 * 9 * 9 * 16), 3, 9, 9, true, 0.05f, 0, other, null));   // a second shape
  }

  @Test void wrongLengthsAreRejected() {
    assumeDnnl();
    Int8Conv.Layer l = layer(new SplittableRandom(1), 4, 3, 3, 2, true, 1, 1, 0);
    assertThrows(IllegalArgumentException.class, () -> Int8Conv.forward(l, new byte[10], 1, 4, 4, false, 1f, 0, new byte[64], null));
    assertThrows(IllegalArgumentException.class,
        () -> new Int8Conv.Layer(new byte[5], 4, 3, 3, 2, new float[4], null, 1, 1, 0, 0, 0, 0, 1f, 0));
  }

  @Test void theStatusSaysWhetherOneDnnRuns() {
    assertFalse(DnnlApi.STATUS.isBlank());
    assertEquals(DnnlApi.AVAILABLE, DnnlApi.STATUS.startsWith("loaded"), DnnlApi.STATUS);
  }
}
