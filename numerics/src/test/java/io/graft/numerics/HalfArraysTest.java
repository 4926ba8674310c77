package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** bf16/f16 arrays: promotion (JAX's table), storage, conversions, printing (NumPy 2.4's float16 text). */
class HalfArraysTest {
  private static NdArray half(DType d, double... v) {
    return Cast.cast(NdArray.wrap(Shape.of(v.length), v.clone()), d);
  }

  @Test void promotionIsJaxsTable() {
    assertEquals(DType.F32, DType.promote(DType.BF16, DType.F16));
    assertEquals(DType.F32, DType.promote(DType.F16, DType.BF16));
    assertEquals(DType.F32, DType.promote(DType.BF16, DType.F32));
    assertEquals(DType.F64, DType.promote(DType.F16, DType.F64));
    assertEquals(DType.BF16, DType.promote(DType.I32, DType.BF16));
    assertEquals(DType.BF16, DType.promote(DType.I64, DType.BF16));
    assertEquals(DType.F16, DType.promote(DType.U32, DType.F16));
    assertEquals(DType.F16, DType.promote(DType.BOOL, DType.F16));
    assertEquals(DType.BF16, DType.promote(DType.BF16, DType.BF16));
    assertEquals(DType.BF16, DType.fromShortName("bf16"));
    assertEquals(16, DType.F16.bits());
  }

  @Test void storedAsRawBitsInAShortArray() {
    NdArray a = half(DType.BF16, 1, -2, 0.1);
    assertArrayEquals(new short[] {0x3f80, (short) 0xc000, 0x3dcd}, a.half());
    assertEquals(0.10009765625, a.getDouble(2));
    assertArrayEquals(new short[] {0x3c00, 0x3c00}, NdArray.full(DType.F16, Shape.of(2), 1).half());
    assertThrows(DTypeError.class, () -> NdArray.wrapHalf(DType.F32, Shape.of(1), new short[1]));
    assertThrows(DTypeError.class, () -> NdArray.wrap(Shape.of(1), new float[1]).half());
  }

  @Test void castsRoundOnceAndWidenExactly() {
    NdArray ints = NdArray.wrap(Shape.of(3), new int[] {257, 259, -3});
    assertArrayEquals(new short[] {0x4380, 0x4382, (short) 0xc040}, Cast.cast(ints, DType.BF16).half());   // 256, 260: ties to even
    assertArrayEquals(new int[] {1, -2, 0}, Cast.cast(half(DType.F16, 1.9, -2.5, 0.4), DType.I32).i32());
    assertArrayEquals(new double[] {0.0999755859375}, Cast.cast(half(DType.F16, 0.1), DType.F64).f64());
    assertArrayEquals(new short[] {0x7c00}, Cast.cast(half(DType.BF16, 1e5), DType.F16).half());          // past 65504
    assertArrayEquals(new short[] {(short) 0x3f81}, Cast.cast(NdArray.wrap(Shape.of(1), new double[] {1 + 0x1p-8 + 0x1p-40}), DType.BF16).half());
    NdArray bits = Cast.bitcast(half(DType.BF16, 0x1p-7), DType.F16);                                    // 0x3c00 in both
    assertArrayEquals(new short[] {0x3c00}, bits.half());
    assertEquals(1.0, bits.getDouble(0));
    assertArrayEquals(new boolean[] {true, false}, Cast.cast(half(DType.BF16, 0.5, -0.0), DType.BOOL).bool());
  }

  @Test void printsAsNumpysFloat16() {
    assertEquals("[0.1 1.  2.5]", half(DType.F16, 0.1, 1, 2.5).toString());
    assertEquals("[ 6.55e+04  1.19e-07 -0.00e+00]", half(DType.F16, 65504, 1e-7, -0.0).toString());
    assertEquals("[3.3325e-01 1.0005e+03]", half(DType.F16, 1.0 / 3, 1000.5).toString());
    assertEquals("[ nan -inf   3.]", half(DType.F16, Double.NaN, Double.NEGATIVE_INFINITY, 3).toString());
    assertEquals("0.1", half(DType.F16, 0.1).reshape(Shape.scalar()).toString());
    assertEquals("0.1", half(DType.BF16, 0.1).reshape(Shape.scalar()).toString());    // 0.10009765625, shortest text
    assertEquals("[1.  0.1]", half(DType.BF16, 1, 0.1).toString());
  }
}
