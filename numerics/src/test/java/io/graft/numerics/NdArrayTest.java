package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NdArrayTest {
  @Test void printsLikeNumpy() {
    assertEquals("[1. 2. 3.]", NdArray.wrap(Shape.of(3), new float[] {1, 2, 3}).toString());
    assertEquals("[[ 1.   2.5]\n [-3.  10. ]]", NdArray.wrap(Shape.of(2, 2), new double[] {1, 2.5, -3, 10}).toString());
    assertEquals("[[1 2]\n [3 4]]", NdArray.wrap(Shape.of(2, 2), new int[] {1, 2, 3, 4}).toString());
    assertEquals("[ True False]", NdArray.wrap(Shape.of(2), new boolean[] {true, false}).toString());
    assertEquals("2.0", NdArray.scalar(DType.F32, 2).toString());
    assertEquals("7", NdArray.scalar(DType.I64, 7).toString());
    assertEquals("[ nan  inf -inf]", NdArray.wrap(Shape.of(3), new double[] {Double.NaN, 1 / 0.0, -1 / 0.0}).toString());
    assertEquals("[]", NdArray.zeros(DType.F32, Shape.of(0)).toString());
  }

  @Test void floatsPrintWithNumpysDefaultPrecision() {
    assertEquals("[0.91821682 1.38177329 0.07700375]", NdArray.wrap(Shape.of(3), new double[] {0.9182168195493894, 1.3817732906760363, 0.0770037537313969}).toString());
    assertEquals("[0.1 0.2]", NdArray.wrap(Shape.of(2), new float[] {0.1f, 0.2f}).toString());
    assertEquals("[1.e-05]", NdArray.wrap(Shape.of(1), new double[] {1e-5}).toString());
    assertEquals("[1.5e+20]", NdArray.wrap(Shape.of(1), new double[] {1.5e20}).toString());
    assertEquals("-0.0", NdArray.scalar(DType.F64, -0.0).toString());
    assertEquals("0.3333333333333333", NdArray.scalar(DType.F64, 1.0 / 3).toString());   // str(np.array(1/3))
  }

  @Test void threeDimensionalLayout() {
    NdArray a = NdArray.wrap(Shape.of(2, 1, 2), new int[] {1, 2, 3, 4});
    assertEquals("[[[1 2]]\n\n [[3 4]]]", a.toString());
  }

  @Test void largeArraysAreSummarised() {
    NdArray a = NdArray.zeros(DType.I32, Shape.of(2000));
    assertEquals("[0 0 0 ... 0 0 0]", a.toString());
    String m = NdArray.zeros(DType.I32, Shape.of(100, 100)).toString();
    assertTrue(m.startsWith("[[0 0 0 ... 0 0 0]\n [0 0 0 ... 0 0 0]\n [0 0 0 ... 0 0 0]\n ...\n [0 0 0"), m);
  }

  @Test void wrapChecksLengthAndStoreType() {
    var e = assertThrows(ShapeError.class, () -> NdArray.wrap(Shape.of(2, 2), new float[3]));
    assertEquals("buffer of 3 f32 elements does not fill shape [2,2] (4 elements); pass exactly 4 values", e.getMessage());
    assertThrows(DTypeError.class, () -> NdArray.wrapStore(DType.F64, Shape.of(1), new float[1]));
    assertThrows(DTypeError.class, () -> NdArray.wrap(Shape.of(1), new float[1]).f64());
  }

  @Test void fullAndAccessors() {
    NdArray a = NdArray.full(DType.I64, Shape.of(2), 3);
    assertArrayEquals(new long[] {3, 3}, a.i64());
    assertEquals(3.0, a.getDouble(1));
    assertEquals(3L, a.getLong(0));
    assertTrue(a.getBoolean(0));
    assertEquals(Long.MAX_VALUE, NdArray.scalarLong(DType.I64, Long.MAX_VALUE).i64()[0]);
  }

  @Test void castFollowsCSemantics() {
    NdArray f = NdArray.wrap(Shape.of(4), new float[] {-1.7f, 0, 2.9f, Float.NaN});
    assertArrayEquals(new int[] {-1, 0, 2, 0}, f.astype(DType.I32).i32());
    assertArrayEquals(new boolean[] {true, false, true, true}, f.astype(DType.BOOL).bool());
    NdArray b = NdArray.wrap(Shape.of(2), new boolean[] {true, false});
    assertArrayEquals(new double[] {1, 0}, b.astype(DType.F64).f64());
    assertArrayEquals(new long[] {1, 0}, b.astype(DType.I64).i64());
    for (DType from : DType.values()) for (DType to : DType.values()) {
      NdArray x = NdArray.full(from, Shape.of(3), 1);
      NdArray y = x.astype(to);
      assertEquals(to, y.dtype());
      assertEquals(1.0, y.getDouble(2), from + "->" + to);
    }
  }

  @Test void reshapeSharesNothingMutable() {
    NdArray a = NdArray.wrap(Shape.of(2, 3), new int[] {1, 2, 3, 4, 5, 6});
    assertEquals(Shape.of(3, 2), a.reshape(Shape.of(3, 2)).shape());
    assertThrows(ShapeError.class, () -> a.reshape(Shape.of(4)));
    assertTrue(a.contentEquals(NdArray.wrap(Shape.of(2, 3), new int[] {1, 2, 3, 4, 5, 6})));
  }
}
