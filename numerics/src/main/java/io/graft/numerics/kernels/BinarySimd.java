package io.graft.numerics.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector definitions of the {@link BinaryKernels.Fn} rows that have one, for f32 and f64: {@code o[oi+k] = a[ai+k]
 * op b[bi+k]} over the whole vectors of the {@code n} elements, returning how many that is; loaded only when
 * {@code Simd.AVAILABLE}. One loop per operation with a constant operator. The last partial vector runs the row's
 * scalar loop: every operation here is one IEEE
 * operation per lane (or {@link Math#max}/{@link Math#min}), so a lane and the scalar loop give the same bits, and
 * the tail needs no padded buffers (an allocation per call that dominated small arrays).
 * {@code pow} and {@code atan2} stay scalar ({@link Math}, as the fused kernels compute them lane by lane): the lanewise
 * {@code POW}/{@code ATAN2} round differently from {@link Math}, and differently when interpreted and when compiled.
 * {@code max}/{@code min} are the Vector API's, which follow {@link Math#max}/{@link Math#min} (NaN propagates).
 */
final class BinarySimd {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

  private BinarySimd() {}

  // One small method per operator and dtype, so that C2 compiles each loop on its own with a constant operator.

  static int add(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.add(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int sub(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.sub(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int mul(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.mul(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int div(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.div(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int max(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.max(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int min(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    int full = FS.loopBound(n);
    for (int k = 0; k < full; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.min(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int add(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.add(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int sub(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.sub(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int mul(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.mul(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int div(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.div(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int max(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.max(y).intoArray(o, oi + k);
    }
    return full;
  }

  static int min(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    int full = DS.loopBound(n);
    for (int k = 0; k < full; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.min(y).intoArray(o, oi + k);
    }
    return full;
  }
}
