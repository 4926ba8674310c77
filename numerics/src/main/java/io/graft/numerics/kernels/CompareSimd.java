package io.graft.numerics.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector definitions of the {@link CompareKernels.Cmp} rows for f32 and f64 (masks stored as bools): over the
 * whole vectors of the {@code n} elements, returning how many that is; loaded only when {@code Simd.AVAILABLE}. The
 * row's scalar loop does the last partial vector (comparisons are exact: the same results, no padded buffers).
 */
final class CompareSimd {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

  private CompareSimd() {}

  // One small method per comparison and dtype, so that C2 compiles each loop on its own with a constant operator.

  static int eq(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.EQ, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int ne(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.NE, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int lt(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.LT, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int le(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.LE, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int gt(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.GT, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int ge(float[] a, int ai, float[] b, int bi, boolean[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.compare(VectorOperators.GE, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int eq(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.EQ, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int ne(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.NE, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int lt(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.LT, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int le(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.LE, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int gt(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.GT, y).intoArray(o, oi + k);
    }
    return full;
  }

  static int ge(double[] a, int ai, double[] b, int bi, boolean[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.compare(VectorOperators.GE, y).intoArray(o, oi + k);
    }
    return full;
  }
}
