package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** i8 and u8: JAX's promotion lattice, NumPy/XLA casts (integers wrap, floats saturate), storage and printing. */
class ByteTypesTest {
  @Test void promotionFollowsJaxLattice() {
    assertEquals(DType.I32, DType.promote(DType.I8, DType.I32));
    assertEquals(DType.I64, DType.promote(DType.I8, DType.I64));
    assertEquals(DType.U32, DType.promote(DType.U8, DType.U32));
    assertEquals(DType.I32, DType.promote(DType.U8, DType.I32));   // u8 -> i16 -> i32
    assertEquals(DType.I64, DType.promote(DType.I8, DType.U32));
    assertEquals(DType.I32, DType.promote(DType.I8, DType.U8));    // JAX: i16, absent here
    assertEquals(DType.I8, DType.promote(DType.BOOL, DType.I8));
    assertEquals(DType.U8, DType.promote(DType.BOOL, DType.U8));
    assertEquals(DType.F32, DType.promote(DType.I8, DType.F32));
    assertEquals(DType.BF16, DType.promote(DType.U8, DType.BF16));
    assertEquals(DType.I64, DType.promote(DType.U32, DType.I32));  // unchanged
  }

  @Test void integersWrapIntoEightBits() {
    NdArray x = NdArray.wrap(Shape.of(6), new int[] {300, -1, 127, 128, -129, 255});
    assertArrayEquals(new byte[] {44, -1, 127, -128, 127, -1}, Cast.cast(x, DType.I8).bytes());
    NdArray u = Cast.cast(x, DType.U8);
    assertArrayEquals(new double[] {44, 255, 127, 128, 127, 255}, doubles(u));
    NdArray l = NdArray.wrap(Shape.of(2), new long[] {(1L << 40) + 5, -256});
    assertArrayEquals(new byte[] {5, 0}, Cast.cast(l, DType.I8).bytes());
  }

  @Test void floatsTruncateAndSaturate() {
    NdArray f = NdArray.wrap(Shape.of(7), new float[] {300.7f, -300f, 2.9f, -2.9f, Float.NaN, Float.POSITIVE_INFINITY, -0.5f});
    assertArrayEquals(new double[] {127, -128, 2, -2, 0, 127, 0}, doubles(Cast.cast(f, DType.I8)));
    assertArrayEquals(new double[] {255, 0, 2, 0, 0, 255, 0}, doubles(Cast.cast(f, DType.U8)));
  }

  @Test void widenReadsSignedAndUnsigned() {
    NdArray b = NdArray.wrapBytes(DType.U8, Shape.of(3), new byte[] {-1, -128, 3});
    assertArrayEquals(new int[] {255, 128, 3}, Cast.cast(b, DType.I32).i32());
    assertArrayEquals(new float[] {255, 128, 3}, Cast.cast(b, DType.F32).f32());
    NdArray s = Cast.bitcast(b, DType.I8);
    assertArrayEquals(new int[] {-1, -128, 3}, Cast.cast(s, DType.I32).i32());
    assertEquals("[255 128   3]", b.toString());
    assertEquals("[  -1 -128    3]", s.toString());
  }

  @Property(tries = 200) void i8RoundTripsThroughEveryWiderType(@ForAll byte v) {
    NdArray x = NdArray.wrapBytes(DType.I8, Shape.of(1), new byte[] {v});
    for (DType d : new DType[] {DType.I32, DType.I64, DType.F32, DType.F64, DType.BF16, DType.F16})
      assertEquals(v, Cast.cast(Cast.cast(x, d), DType.I8).bytes()[0], d.toString());
  }

  @Test void wrapBytesRefusesOtherDtypes() {
    var e = assertThrows(DTypeError.class, () -> NdArray.wrapBytes(DType.I32, Shape.of(1), new byte[1]));
    assertTrue(e.getMessage().contains("i8 or u8"), e.getMessage());
    assertEquals(0, NdArray.zeros(DType.U8, Shape.of(2)).bytes()[1]);
    assertEquals(255, NdArray.full(DType.U8, Shape.of(1), 255).getLong(0));
  }

  private static double[] doubles(NdArray a) {
    double[] d = new double[a.size()];
    for (int i = 0; i < d.length; i++) d[i] = a.getDouble(i);
    return d;
  }
}
