package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Golden texts from NumPy 2.4: each expected string is {@code str(np.array(values, dtype))} (printed by
 * {@code python3 -c 'import numpy as np; print(repr(str(np.array([...], dtype=np.float32))))'}).
 */
class FormatTest {
  private static final double INF = Double.POSITIVE_INFINITY, NAN = Double.NaN;

  private static String f32(double... v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return NdArray.wrap(Shape.of(v.length), f).toString();
  }

  private static String f64(double... v) { return NdArray.wrap(Shape.of(v.length), v.clone()).toString(); }

  @Test void mixedExponentsShareOneScientificFormat() {
    assertEquals("[3.783506e-44 6.931472e-01          inf]", f32(3.78350585e-44, 0.6931472, INF));
    assertEquals("[3.78350585e-44 6.93147200e-01            inf]", f64(3.78350585e-44, 0.6931472, INF));
    assertEquals("[ 1.0e-05 -2.5e+00      nan     -inf]", f32(1e-5, -2.5, NAN, -INF));
    assertEquals("[1.e-100 1.e+000]", f64(1e-100, 1.0));
    assertEquals("[ 1.e+20 -3.e+00]", f64(1e20, -3));
    assertEquals("[-0.e+00  1.e-09]", f32(-0.0, 1e-9));
  }

  @Test void scientificWhenTheRangeIsWideOrTheValuesTinyOrHuge() {
    assertEquals("[1.e+00 2.e+03]", f32(1, 2000));                   // max/min > 1000
    assertEquals("[1.e-04 1.e-01]", f32(1e-4, 0.1));                 // f32 1e-4 is just below 1e-4
    assertEquals("[0.0001 0.1   ]", f64(1e-4, 0.1));
    assertEquals("[1.e-45 5.e-01]", f32(Float.MIN_VALUE, 0.5));      // shortest f32 text: one digit
    assertEquals("[3.33333333e-01 6.66666667e-01 1.00000000e-09]", f64(1.0 / 3, 2.0 / 3, 1e-9));
    assertEquals("[1.000000e-01 1.000000e-07 1.234567e+05]", f64(0.1, 1e-7, 123456.7));
  }

  @Test void positionalAlignsPointsAndRightAlignsNonFinite() {
    assertEquals("[0.5 inf]", f32(0.5, INF));
    assertEquals("[0.1  0.25 -inf]", f32(0.1, 0.25, -INF));
    assertEquals("[123.456  -7.5       nan]", f32(123.456, -7.5, NAN));
    assertEquals("[nan inf]", f32(NAN, INF));
    assertEquals("[ nan -inf]", f32(NAN, -INF));
    assertEquals("[[1.e-05 2.e+00]\n [3.e+00    inf]]",
        NdArray.wrap(Shape.of(2, 2), new float[] {1e-5f, 2, 3, Float.POSITIVE_INFINITY}).toString());
  }

  @Test void aSummaryIsFormattedFromThePrintedElementsOnly() {
    double[] v = new double[2000];
    for (int i = 0; i < v.length; i++) v[i] = i;
    v[5] = 1e9;                                                      // hidden by the summary
    assertEquals("[0.000e+00 1.000e+00 2.000e+00 ... 1.997e+03 1.998e+03 1.999e+03]", f64(v));
  }

  @Test void rankZeroPrintsAsTheNumPyScalar() {
    assertEquals("1e-05", NdArray.scalar(DType.F32, 1e-5).toString());
    assertEquals("1.5e+07", NdArray.scalar(DType.F32, 1.5e7).toString());
    assertEquals("999999.0", NdArray.scalar(DType.F32, 999999).toString());
    assertEquals("1e-04", NdArray.scalar(DType.F32, 1e-4).toString());
    assertEquals("3.8e-44", NdArray.scalar(DType.F32, 3.78350585e-44).toString());
    assertEquals("2.0", NdArray.scalar(DType.F32, 2).toString());
    assertEquals("1e+20", NdArray.scalar(DType.F64, 1e20).toString());
    assertEquals("1e+16", NdArray.scalar(DType.F64, 1e16).toString());
    assertEquals("1234.5", NdArray.scalar(DType.F64, 1234.5).toString());
    assertEquals("0.3333333333333333", NdArray.scalar(DType.F64, 1.0 / 3).toString());
    assertEquals("-0.0", NdArray.scalar(DType.F64, -0.0).toString());
  }
}
