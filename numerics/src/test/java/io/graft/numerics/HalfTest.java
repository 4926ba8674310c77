package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * bf16/f16 conversions against hand-derived bit patterns: ties to even, the largest finite value and the overflow
 * threshold, the smallest subnormals, signed zeros, Inf and NaN, and single (not double) rounding from f64.
 */
class HalfTest {
  private static float f(int bits) { return Float.intBitsToFloat(bits); }

  private static void bf16(int expected, float x) { assertEquals((short) expected, Half.toBf16(x), () -> "bf16 of " + x); }

  private static void f16(int expected, float x) { assertEquals((short) expected, Half.toF16(x), () -> "f16 of " + x); }

  @Test void bf16RoundsToNearestEven() {
    bf16(0x3f80, 1f);
    bf16(0x3f80, f(0x3f808000));          // 1 + 2^-8: a tie, 0x3f80 is even
    bf16(0x3f82, f(0x3f818000));          // 1 + 3*2^-8: a tie, 0x3f82 is even
    bf16(0x3f81, f(0x3f808001));          // just above the tie
    bf16(0x3f80, f(0x3f807fff));          // just below it
    bf16(0xbf82, f(0xbf818000));          // the sign does not change the rounding
  }

  @Test void bf16EdgesOfTheRange() {
    bf16(0x7f7f, f(0x7f7f0000));          // the largest finite bf16, 3.3895314e38
    bf16(0x7f7f, f(0x7f7f7fff));          // below the midpoint to 2^128
    bf16(0x7f80, f(0x7f7f8000));          // the midpoint ties to even: Inf
    bf16(0x7f80, Float.MAX_VALUE);
    bf16(0xff80, -Float.MAX_VALUE);
    bf16(0x7f80, Float.POSITIVE_INFINITY);
    bf16(0xff80, Float.NEGATIVE_INFINITY);
    bf16(0x0001, f(0x00010000));          // smallest subnormal, 2^-133
    bf16(0x0000, f(0x00008000));          // 2^-134: a tie with zero, which is even
    bf16(0x0001, f(0x00008001));
    bf16(0x0002, f(0x00018000));          // 3*2^-134 ties to the even 2*2^-133
    bf16(0x8000, -0f);
    bf16(0x8000, -Float.MIN_VALUE);        // rounds to a signed zero
  }

  @Test void bf16KeepsNaNsQuietAndNeverRoundsThemToInf() {
    bf16(0x7fc0, f(0x7f800001));          // a signalling NaN whose payload sits in the dropped bits
    bf16(0xffc0, f(0xff800001));
    bf16(0x7fc0, Float.NaN);
    assertTrue(Float.isNaN(Half.fromBf16((short) 0x7f81)));
  }

  @Test void bf16WidensExactly() {
    assertEquals(f(0x7f7f0000), Half.fromBf16((short) 0x7f7f));
    assertEquals(0x1p-133f, Half.fromBf16((short) 0x0001));
    assertEquals(-2f, Half.fromBf16((short) 0xc000));
  }

  @Test void f16RoundsToNearestEvenWithIeeeEdges() {
    f16(0x3c00, 1f);
    f16(0x3c00, 1 + 0x1p-11f);            // a tie, 0x3c00 is even
    f16(0x3c02, 1 + 3 * 0x1p-11f);        // a tie, 0x3c02 is even
    f16(0x6800, 2049f);                   // 2049 ties to 2048
    f16(0x7bff, 65504f);                  // the largest finite f16
    f16(0x7bff, 65519.996f);              // below the midpoint 65520
    f16(0x7c00, 65520f);                  // the midpoint ties to even: Inf
    f16(0x0001, 0x1p-24f);                // smallest subnormal
    f16(0x0000, 0x1p-25f);                // a tie with zero
    f16(0x0002, 3 * 0x1p-25f);            // ties to the even 2*2^-24
    f16(0x0400, 0x1p-14f);                // smallest normal
    f16(0x8000, -0f);
    f16(0xfc00, Float.NEGATIVE_INFINITY);
    assertTrue(Float.isNaN(Half.fromF16(Half.toF16(Float.NaN))));
    assertEquals(65504f, Half.fromF16((short) 0x7bff));
    assertEquals(0x1p-24f, Half.fromF16((short) 0x0001));
  }

  @Test void fromF64RoundsOnceNotTwice() {
    // (float) d would land on the tie 1 + 2^-8 and round to even 1.0; the exact value is above the tie.
    assertEquals((short) 0x3f81, Half.round(DType.BF16, 1 + 0x1p-8 + 0x1p-40));
    assertEquals((short) 0x3f80, Half.round(DType.BF16, 1 + 0x1p-8));
    assertEquals((short) 0x3c01, Half.round(DType.F16, 1 + 0x1p-11 + 0x1p-40));
    assertEquals((short) 0x3c00, Half.round(DType.F16, 1 + 0x1p-11 - 0x1p-40));
    assertEquals((short) 0x7f80, Half.round(DType.BF16, 1e300));
    assertEquals((short) 0x8000, Half.round(DType.BF16, -1e-300));
    assertEquals((short) 0x0001, Half.round(DType.BF16, 0x1p-133 * 0.5000001));   // just above the zero tie
    assertTrue(Float.isNaN(Half.fromBf16(Half.round(DType.BF16, Double.NaN))));
  }

  /** Every bf16 and f16 bit pattern that is not NaN survives widen-then-round unchanged. */
  @Test void everyNonNaNPatternRoundTrips() {
    for (int b = 0; b < 65536; b++) {
      short h = (short) b;
      if (!Float.isNaN(Half.fromBf16(h))) assertEquals(h, Half.toBf16(Half.fromBf16(h)));
      if (!Float.isNaN(Half.fromF16(h))) assertEquals(h, Half.toF16(Half.fromF16(h)));
    }
  }

  /** The array conversions (Vector API lanes for bf16 when available) give the scalar conversions' bits. */
  @Test void arrayConversionsMatchTheScalarOnes() {
    short[] all = new short[65536 + 7];
    for (int b = 0; b < all.length; b++) all[b] = (short) b;
    float[] wide = Half.widen(NdArray.wrapHalf(DType.BF16, Shape.of(all.length), all)).f32();
    float[] wideF16 = Half.widen(NdArray.wrapHalf(DType.F16, Shape.of(all.length), all)).f32();
    java.util.Random r = new java.util.Random(5);
    float[] f = new float[70001];
    for (int i = 0; i < f.length; i++)
      f[i] = switch (i % 4) {
        case 0 -> Float.intBitsToFloat(r.nextInt());                     // any pattern: NaNs, Infs, subnormals
        case 1 -> Float.intBitsToFloat((r.nextInt() & 0xffff0000) | 0x8000);   // bf16 ties
        case 2 -> (float) r.nextGaussian();
        default -> wide[i % 65536];
      };
    short[] narrow = Half.narrow(NdArray.wrap(Shape.of(f.length), f), DType.BF16).half();
    short[] narrowF16 = Half.narrow(NdArray.wrap(Shape.of(f.length), f), DType.F16).half();
    for (int i = 0; i < all.length; i++) {
      assertEquals(Float.floatToRawIntBits(Half.fromBf16(all[i])), Float.floatToRawIntBits(wide[i]), "bf16 pattern " + i);
      assertEquals(Float.floatToRawIntBits(Half.fromF16(all[i])), Float.floatToRawIntBits(wideF16[i]), "f16 pattern " + i);
    }
    for (int i = 0; i < f.length; i++) {
      assertEquals(Half.toBf16(f[i]), narrow[i], "bf16 of " + Integer.toHexString(Float.floatToRawIntBits(f[i])));
      assertEquals(Half.toF16(f[i]), narrowF16[i], "f16 of " + Integer.toHexString(Float.floatToRawIntBits(f[i])));
    }
  }

  /** The rounded value is at least as near to {@code x} as either neighbouring bf16 (checked in f64). */
  @Property(tries = 2000) void bf16IsTheNearestNeighbour(@ForAll float x) {
    if (!Float.isFinite(x) || Math.abs(x) > 3.3e38f) return;
    short h = Half.toBf16(x);
    float r = Half.fromBf16(h);
    for (int step : new int[] {-1, 1}) {
      float v = Half.fromBf16((short) (h + step));
      if (Float.isFinite(v))
        assertTrue(Math.abs((double) r - x) <= Math.abs((double) v - x), () -> x + " -> " + r + ", but " + v + " is nearer");
    }
  }
}
