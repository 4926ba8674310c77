package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import org.junit.jupiter.api.Test;

/** integer_pow: exact for integers (wrapping), close to Math.pow for floats, JAX's product order for f32. */
class IntegerPowTest {
  private static final int[] EXPONENTS = {0, 1, 2, 3, 4, 5, 7, 10, 31};

  @Test void integersEqualRepeatedMultiplication() {
    int n = 2 * UnaryKernels.CHEAP_GRAIN + 5;
    int[] x = new int[n];
    long[] xl = new long[n];
    for (int i = 0; i < n; i++) { x[i] = i % 11 - 5; xl[i] = i % 13 - 6; }
    for (int y : EXPONENTS) {
      int[] z = UnaryKernels.integerPow(NdArray.wrap(Shape.of(n), x), y).i32();
      long[] zl = UnaryKernels.integerPow(NdArray.wrap(Shape.of(n), xl), y).i64();
      for (int i = 0; i < n; i++) {
        int want = 1;
        long wantL = 1;
        for (int k = 0; k < y; k++) { want *= x[i]; wantL *= xl[i]; }
        assertEquals(want, z[i], x[i] + "^" + y);
        assertEquals(wantL, zl[i], xl[i] + "^" + y);
      }
    }
  }

  @Test void floatsMatchPowIncludingNegativeExponents() {
    double[] x = {0.5, -1.25, 3, 1e-3, 0, -0.0, Double.POSITIVE_INFINITY, Double.NaN, 1.0001};
    float[] xf = new float[x.length];
    for (int i = 0; i < x.length; i++) xf[i] = (float) x[i];
    for (int y : new int[] {-3, -2, -1, 0, 1, 2, 3, 6, 9}) {
      double[] z = UnaryKernels.integerPow(NdArray.wrap(Shape.of(x.length), x), y).f64();
      float[] zf = UnaryKernels.integerPow(NdArray.wrap(Shape.of(x.length), xf), y).f32();
      for (int i = 0; i < x.length; i++) {
        Ref.close(Math.pow(x[i], y), z[i], 4, 0, false, x[i] + "^" + y);
        Ref.close((float) Math.pow(xf[i], y), zf[i], 4, 0, true, xf[i] + "^" + y + " f32");
      }
    }
  }

  @Test void f32CubeIsXTimesXSquaredAsInJax() {
    float[] x = {1.1f, 3.3f, -7.77f, 0.123f};
    float[] z = UnaryKernels.integerPow(NdArray.wrap(Shape.of(4), x), 3).f32();
    for (int i = 0; i < 4; i++) assertEquals(x[i] * (x[i] * x[i]), z[i]);
  }

  @Test void shapesZeroSizeAndErrors() {
    assertEquals(Shape.of(0, 3), UnaryKernels.integerPow(NdArray.zeros(DType.F32, Shape.of(0, 3)), 5).shape());
    assertArrayEquals(new double[] {1, 1}, UnaryKernels.integerPow(NdArray.zeros(DType.F64, Shape.of(2)), 0).f64());
    assertThrows(DTypeError.class, () -> UnaryKernels.integerPow(NdArray.zeros(DType.I32, Shape.of(2)), -1));
    assertThrows(DTypeError.class, () -> UnaryKernels.integerPow(NdArray.zeros(DType.BOOL, Shape.of(2)), 2));
  }
}
