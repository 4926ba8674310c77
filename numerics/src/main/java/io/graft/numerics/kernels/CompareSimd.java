package io.graft.numerics.kernels;

import io.graft.numerics.kernels.CompareKernels.Cmp;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API comparison loops behind {@link CompareKernels} for f32 and f64 (masks stored as bools); loaded only
 * when {@code Simd.AVAILABLE}. The last partial vector goes through the same loop in a zero-padded buffer.
 */
final class CompareSimd {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

  private CompareSimd() {}

  static void f32(Cmp c, float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    int full = FS.loopBound(n);
    body(c, a, ai, b, bi, o, oi, full);
    if (full < n) {
      int l = FS.length(), r = n - full;
      float[] s = new float[l], t = new float[l];
      boolean[] u = new boolean[l];
      System.arraycopy(a, ai + full, s, 0, r);
      System.arraycopy(b, bi + full, t, 0, r);
      body(c, s, 0, t, 0, u, 0, l);
      System.arraycopy(u, 0, o, oi + full, r);
    }
  }

  static void f64(Cmp c, double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    int full = DS.loopBound(n);
    body(c, a, ai, b, bi, o, oi, full);
    if (full < n) {
      int l = DS.length(), r = n - full;
      double[] s = new double[l], t = new double[l];
      boolean[] u = new boolean[l];
      System.arraycopy(a, ai + full, s, 0, r);
      System.arraycopy(b, bi + full, t, 0, r);
      body(c, s, 0, t, 0, u, 0, l);
      System.arraycopy(u, 0, o, oi + full, r);
    }
  }

  /** {@code n} is a whole number of vectors. */
  private static void body(Cmp c, float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    int l = FS.length();
    switch (c) {
      case EQ -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).compare(VectorOperators.EQ, FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case NE -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).compare(VectorOperators.NE, FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case LT -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).compare(VectorOperators.LT, FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case LE -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).compare(VectorOperators.LE, FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case GT -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).compare(VectorOperators.GT, FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
      case GE -> { for (int k = 0; k < n; k += l) FloatVector.fromArray(FS, a, ai + k).compare(VectorOperators.GE, FloatVector.fromArray(FS, b, bi + k)).intoArray(o, oi + k); }
    }
  }

  private static void body(Cmp c, double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    int l = DS.length();
    switch (c) {
      case EQ -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).compare(VectorOperators.EQ, DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case NE -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).compare(VectorOperators.NE, DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case LT -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).compare(VectorOperators.LT, DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case LE -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).compare(VectorOperators.LE, DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case GT -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).compare(VectorOperators.GT, DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
      case GE -> { for (int k = 0; k < n; k += l) DoubleVector.fromArray(DS, a, ai + k).compare(VectorOperators.GE, DoubleVector.fromArray(DS, b, bi + k)).intoArray(o, oi + k); }
    }
  }
}
