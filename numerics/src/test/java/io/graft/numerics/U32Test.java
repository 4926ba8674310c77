package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.graft.numerics.kernels.BinaryKernels;
import io.graft.numerics.kernels.CompareKernels;
import io.graft.numerics.kernels.Reductions;
import io.graft.numerics.kernels.Sorting;
import io.graft.numerics.kernels.UnaryKernels;
import org.junit.jupiter.api.Test;

/** The u32 dtype: promotion as JAX's lattice, unsigned reads, conversions both ways, bit casts, printing, argsort. */
class U32Test {
  private static NdArray u32(int... bits) { return NdArray.wrapU32(Shape.of(bits.length), bits); }

  @Test void promotionFollowsJax() {
    assertEquals(DType.I64, DType.promote(DType.U32, DType.I32));
    assertEquals(DType.I64, DType.promote(DType.I32, DType.U32));
    assertEquals(DType.I64, DType.promote(DType.U32, DType.I64));
    assertEquals(DType.U32, DType.promote(DType.U32, DType.BOOL));
    assertEquals(DType.F32, DType.promote(DType.U32, DType.F32));
    assertEquals(DType.F64, DType.promote(DType.F64, DType.U32));
    assertEquals(DType.U32, DType.promote(DType.U32, DType.U32));
    assertEquals(DType.U32, DType.fromShortName("u32"));
    assertEquals("u32", DType.U32.toString());
  }

  @Test void elementsReadUnsignedAndPrint() {
    NdArray a = u32(0, -1, 0x8000_0000, 7);
    assertEquals(4294967295L, a.getLong(1));
    assertEquals(2147483648.0, a.getDouble(2));
    assertEquals("[         0 4294967295 2147483648          7]", a.toString());   // as NumPy prints np.uint32
  }

  @Test void conversionsReadTheUnsignedValue() {
    NdArray a = u32(0, -1, 0x8000_0000, 7);
    assertArrayEquals(new float[] {0f, 4294967296f, 2147483648f, 7f}, a.astype(DType.F32).f32());
    assertArrayEquals(new double[] {0, 4294967295.0, 2147483648.0, 7}, a.astype(DType.F64).f64());
    assertArrayEquals(new long[] {0, 4294967295L, 2147483648L, 7}, a.astype(DType.I64).i64());
    assertArrayEquals(new int[] {0, -1, Integer.MIN_VALUE, 7}, a.astype(DType.I32).i32());       // bits kept, as XLA
    assertArrayEquals(new boolean[] {false, true, true, true}, a.astype(DType.BOOL).bool());
    // into u32: floats truncate and saturate, NaN is 0; i32 keeps its bits; i64 keeps the low word
    NdArray f = NdArray.wrap(Shape.of(6), new float[] {-1.5f, 2.9f, 3e9f, 1e10f, Float.NaN, Float.POSITIVE_INFINITY});
    assertArrayEquals(new int[] {0, 2, (int) 3_000_000_000L, -1, 0, -1}, f.astype(DType.U32).u32());
    assertArrayEquals(new int[] {-1, 5}, NdArray.wrap(Shape.of(2), new int[] {-1, 5}).astype(DType.U32).u32());
    assertArrayEquals(new int[] {1, 2}, NdArray.wrap(Shape.of(2), new long[] {(1L << 32) + 1, 2}).astype(DType.U32).u32());
  }

  @Test void bitcastKeepsBits() {
    NdArray one = NdArray.wrap(Shape.of(2), new float[] {1f, -0f});
    assertArrayEquals(new int[] {0x3f80_0000, 0x8000_0000}, Cast.bitcast(one, DType.U32).u32());
    assertArrayEquals(new float[] {1.5f}, Cast.bitcast(u32(0x3fc0_0000), DType.F32).f32());
    assertArrayEquals(new long[] {0x3ff0_0000_0000_0000L}, Cast.bitcast(NdArray.wrap(Shape.of(1), new double[] {1}), DType.I64).i64());
    assertThrows(DTypeError.class, () -> Cast.bitcast(one, DType.F64));
  }

  @Test void orderDivisionAndUnaryOpsAreUnsigned() {
    NdArray a = u32(-1, 3, 0x8000_0000), b = u32(2, -2, 1);
    assertArrayEquals(new boolean[] {true, false, true}, CompareKernels.apply(CompareKernels.Cmp.GT, a, b).bool());
    assertArrayEquals(new int[] {-1, -2, 0x8000_0000}, BinaryKernels.apply(BinaryKernels.Fn.MAX, a, b).u32());
    assertArrayEquals(new int[] {0x7FFF_FFFF, 0, 0x8000_0000}, BinaryKernels.apply(BinaryKernels.Fn.DIV, a, b).u32());
    assertArrayEquals(new int[] {1, 3, 0}, BinaryKernels.apply(BinaryKernels.Fn.REM, a, b).u32());
    assertArrayEquals(new int[] {-1, 3, 0x8000_0000}, UnaryKernels.apply(UnaryKernels.Fn.ABS, a).u32());
    assertArrayEquals(new int[] {1, 1, 1}, UnaryKernels.apply(UnaryKernels.Fn.SIGN, a).u32());
    assertArrayEquals(new int[] {-1}, Reductions.reduce(Reductions.Op.MAX, a, new int[] {0}).u32());
    assertArrayEquals(new int[] {0}, Reductions.argMinMax(Reductions.Arg.MAX, a, 0, DType.I32).i32());
  }

  @Test void argsortIsStableAndTotal() {
    assertArrayEquals(new int[] {3, 1, 0, 2, 4}, Sorting.argsort(u32(5, 3, 5, 0, -1), 0).i32());
    NdArray f = NdArray.wrap(Shape.of(5), new float[] {Float.NaN, 0f, -0f, -1f, 0f});
    assertArrayEquals(new int[] {3, 2, 1, 4, 0}, Sorting.argsort(f, 0).i32());
    NdArray m = NdArray.wrap(Shape.of(2, 3), new double[] {3, 1, 2, 0, 0, -1});
    assertArrayEquals(new int[] {1, 2, 0, 2, 0, 1}, Sorting.argsort(m, 1).i32());
    assertArrayEquals(new int[] {1, 1, 1, 0, 0, 0}, Sorting.argsort(m, 0).i32());
  }
}
