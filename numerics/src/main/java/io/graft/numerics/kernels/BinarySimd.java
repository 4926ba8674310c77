package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.BinaryKernels.Fn;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops behind {@link BinaryKernels} for f32 and f64; loaded only when {@code Simd.AVAILABLE}.
 * Same contract as {@link BinaryScalar} ({@code o[oi+k] = a[ai+k] op b[bi+k]}); one loop per operation with a
 * constant operator, and the last partial vector goes through the same loop in a zero-padded buffer.
 * {@code max}/{@code min} are the Vector API's, which follow {@link Math#max}/{@link Math#min} (NaN propagates).
 */
final class BinarySimd {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

  private BinarySimd() {}

  /** True if {@code f} has a SIMD loop for {@code d}. */
  static boolean supports(Fn f, DType d) {
    return d.isFloating() && switch (f) {
      case ADD, SUB, MUL, DIV, MAX, MIN, POW, ATAN2 -> true;
      default -> false;
    };
  }

  static void f32(Fn f, float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    int full = FS.loopBound(n);
    body(f, a, ai, b, bi, o, oi, full);
    if (full < n) {
      int l = FS.length(), r = n - full;
      float[] s = new float[l], t = new float[l], u = new float[l];
      System.arraycopy(a, ai + full, s, 0, r);
      System.arraycopy(b, bi + full, t, 0, r);
      body(f, s, 0, t, 0, u, 0, l);
      System.arraycopy(u, 0, o, oi + full, r);
    }
  }

  static void f64(Fn f, double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    int full = DS.loopBound(n);
    body(f, a, ai, b, bi, o, oi, full);
    if (full < n) {
      int l = DS.length(), r = n - full;
      double[] s = new double[l], t = new double[l], u = new double[l];
      System.arraycopy(a, ai + full, s, 0, r);
      System.arraycopy(b, bi + full, t, 0, r);
      body(f, s, 0, t, 0, u, 0, l);
      System.arraycopy(u, 0, o, oi + full, r);
    }
  }

  /** {@code n} is a whole number of vectors. */
  private static void body(Fn f, float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    int l = FS.length();
    switch (f) {
      case ADD -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).add(FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case SUB -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).sub(FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case MUL -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).mul(FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case DIV -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).div(FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case MAX -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).max(FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case MIN -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).min(FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case POW -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).lanewise(VectorOperators.POW, FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case ATAN2 -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).lanewise(VectorOperators.ATAN2, FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      default -> throw new AssertionError(f + " has no float SIMD loop");
    }
  }

  private static void body(Fn f, double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    int l = DS.length();
    switch (f) {
      case ADD -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).add(DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case SUB -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).sub(DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case MUL -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).mul(DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case DIV -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).div(DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case MAX -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).max(DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case MIN -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).min(DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case POW -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).lanewise(VectorOperators.POW, DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case ATAN2 -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).lanewise(VectorOperators.ATAN2, DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      default -> throw new AssertionError(f + " has no double SIMD loop");
    }
  }
}
