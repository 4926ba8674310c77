package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** i8 and u8 at the user level: wrapping arithmetic, promotion, casts, reductions, printing and jit equal to eager. */
class ByteDTypesTest {
  private static final Array X = Array.ofBytes(Np.int8, new byte[] {100, -100, 127, -128, 3});
  private static final Array U = Array.ofBytes(Np.uint8, new byte[] {(byte) 200, 100, (byte) 255, 0, 3});

  @Test void arithmeticWrapsInEightBits() {
    assertArrayEquals(new byte[] {-56, 56, -2, 0, 6}, X.add(X).toByteArray());             // 200 -> -56, -200 -> 56
    assertArrayEquals(new int[] {144, 200, 254, 0, 6}, U.add(U).toIntArray());               // 400 -> 144, 510 -> 254
    assertArrayEquals(new byte[] {16, 16, 1, 0, 9}, X.mul(X).toByteArray());                 // 10000, 16129, 16384 mod 256
  }

  @Test void unsignedValuesReadUnsigned() {
    assertEquals(200, U.get(0).item().intValue());
    assertArrayEquals(new double[] {100, 50, 127, 0, 1}, U.div(2L).astype(Np.float64).toDoubleArray());   // not the signed bits
    assertEquals(true, U.get(0).gt(U.get(1)).booleanItem());
    assertEquals(Np.uint8, U.max().dtype());
    assertEquals(255, U.max().item().intValue());
  }

  @Test void promotionAndWeakLiterals() {
    assertEquals(Np.int8, X.mul(2L).dtype());                           // a Java literal takes the array's type
    assertEquals(Np.int32, X.add(U).dtype());                           // i8 + u8 -> i32 (JAX: i16)
    assertArrayEquals(new int[] {300, 0, 382, -128, 6}, X.add(U).toIntArray());
    assertEquals(Np.float32, X.add(Array.scalar(1f)).dtype());
  }

  @Test void castsWrapIntegersAndSaturateFloats() {
    assertArrayEquals(new byte[] {44, -1, 127}, Array.of(new int[] {300, -1, 127}).astype(Np.int8).toByteArray());
    assertArrayEquals(new byte[] {127, -128, 2}, Array.of(new float[] {300.5f, -1e9f, 2.9f}).astype(Np.int8).toByteArray());
    assertEquals("[ 100 -100  127 -128    3]", X.toString());
  }

  @Test void jitEqualsEager() {
    JittedArrayFn f = Graft.jit((Array x) -> x.mul(x).add(1L).sum());
    assertEquals(X.mul(X).add(1L).sum().dtype(), f.apply(X).dtype());
    assertArrayEquals(X.mul(X).add(1L).sum().toIntArray(), f.apply(X).toIntArray());
    assertArrayEquals(new int[] {47}, f.apply(X).reshape(1).toIntArray());                 // 17 + 17 + 2 + 1 + 10
    JittedArrayFn g = Graft.jit((Array x) -> x.astype(Np.float32).mul(0.5).astype(Np.uint8));
    assertArrayEquals(new byte[] {100, 50, 127, 0, 1}, g.apply(U).toByteArray());
  }
}
