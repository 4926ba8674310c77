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
    switch (c) {
      case EQ -> eqF(a, ai, b, bi, o, oi, n);
      case NE -> neF(a, ai, b, bi, o, oi, n);
      case LT -> ltF(a, ai, b, bi, o, oi, n);
      case LE -> leF(a, ai, b, bi, o, oi, n);
      case GT -> gtF(a, ai, b, bi, o, oi, n);
      case GE -> geF(a, ai, b, bi, o, oi, n);
    }
  }

  private static void body(Cmp c, double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    switch (c) {
      case EQ -> eqD(a, ai, b, bi, o, oi, n);
      case NE -> neD(a, ai, b, bi, o, oi, n);
      case LT -> ltD(a, ai, b, bi, o, oi, n);
      case LE -> leD(a, ai, b, bi, o, oi, n);
      case GT -> gtD(a, ai, b, bi, o, oi, n);
      case GE -> geD(a, ai, b, bi, o, oi, n);
    }
  }

  // One small method per comparison and dtype, so that C2 compiles each loop on its own with a constant operator.

  private static void eqF(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.EQ, y).intoArray(o, oi + k);
    }
  }

  private static void neF(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.NE, y).intoArray(o, oi + k);
    }
  }

  private static void ltF(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.LT, y).intoArray(o, oi + k);
    }
  }

  private static void leF(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.LE, y).intoArray(o, oi + k);
    }
  }

  private static void gtF(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.GT, y).intoArray(o, oi + k);
    }
  }

  private static void geF(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.GE, y).intoArray(o, oi + k);
    }
  }

  private static void eqD(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.EQ, y).intoArray(o, oi + k);
    }
  }

  private static void neD(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.NE, y).intoArray(o, oi + k);
    }
  }

  private static void ltD(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.LT, y).intoArray(o, oi + k);
    }
  }

  private static void leD(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.LE, y).intoArray(o, oi + k);
    }
  }

  private static void gtD(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.GT, y).intoArray(o, oi + k);
    }
  }

  private static void geD(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.GE, y).intoArray(o, oi + k);
    }
  }
}
