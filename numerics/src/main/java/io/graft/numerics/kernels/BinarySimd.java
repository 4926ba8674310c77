package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.BinaryKernels.Fn;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops behind {@link BinaryKernels} for f32 and f64; loaded only when {@code Simd.AVAILABLE}.
 * Same contract as {@link BinaryScalar} ({@code o[oi+k] = a[ai+k] op b[bi+k]}); one loop per operation with a
 * constant operator. The last partial vector runs {@link BinaryScalar}'s loop: every operation here is one IEEE
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

  /** True if {@code f} has a SIMD loop for {@code d}. */
  static boolean supports(Fn f, DType d) {
    return d.isFloating() && switch (f) {
      case ADD, SUB, MUL, DIV, MAX, MIN -> true;
      default -> false;
    };
  }

  static void f32(Fn f, float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    int full = FS.loopBound(n);
    body(f, a, ai, b, bi, o, oi, full);
    if (full < n) BinaryScalar.f32(f, a, ai + full, b, bi + full, o, oi + full, n - full);
  }

  static void f64(Fn f, double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    int full = DS.loopBound(n);
    body(f, a, ai, b, bi, o, oi, full);
    if (full < n) BinaryScalar.f64(f, a, ai + full, b, bi + full, o, oi + full, n - full);
  }

  /** {@code n} is a whole number of vectors. */
  private static void body(Fn f, float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    switch (f) {
      case ADD -> addF(a, ai, b, bi, o, oi, n);
      case SUB -> subF(a, ai, b, bi, o, oi, n);
      case MUL -> mulF(a, ai, b, bi, o, oi, n);
      case DIV -> divF(a, ai, b, bi, o, oi, n);
      case MAX -> maxF(a, ai, b, bi, o, oi, n);
      case MIN -> minF(a, ai, b, bi, o, oi, n);
      default -> throw new AssertionError(f + " has no f32 SIMD loop");
    }
  }

  private static void body(Fn f, double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    switch (f) {
      case ADD -> addD(a, ai, b, bi, o, oi, n);
      case SUB -> subD(a, ai, b, bi, o, oi, n);
      case MUL -> mulD(a, ai, b, bi, o, oi, n);
      case DIV -> divD(a, ai, b, bi, o, oi, n);
      case MAX -> maxD(a, ai, b, bi, o, oi, n);
      case MIN -> minD(a, ai, b, bi, o, oi, n);
      default -> throw new AssertionError(f + " has no f64 SIMD loop");
    }
  }

  // One small method per operator and dtype, so that C2 compiles each loop on its own with a constant operator.

  private static void addF(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.add(y).intoArray(o, oi + k);
    }
  }

  private static void subF(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.sub(y).intoArray(o, oi + k);
    }
  }

  private static void mulF(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.mul(y).intoArray(o, oi + k);
    }
  }

  private static void divF(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.div(y).intoArray(o, oi + k);
    }
  }

  private static void maxF(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.max(y).intoArray(o, oi + k);
    }
  }

  private static void minF(float[] a, int ai, float[] b, int bi, float[] o, int oi, int n) {
    for (int k = 0; k < n; k += FS.length()) {
      FloatVector x = FloatVector.fromArray(FS, a, ai + k), y = FloatVector.fromArray(FS, b, bi + k);
      x.min(y).intoArray(o, oi + k);
    }
  }

  private static void addD(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.add(y).intoArray(o, oi + k);
    }
  }

  private static void subD(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.sub(y).intoArray(o, oi + k);
    }
  }

  private static void mulD(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.mul(y).intoArray(o, oi + k);
    }
  }

  private static void divD(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.div(y).intoArray(o, oi + k);
    }
  }

  private static void maxD(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.max(y).intoArray(o, oi + k);
    }
  }

  private static void minD(double[] a, int ai, double[] b, int bi, double[] o, int oi, int n) {
    for (int k = 0; k < n; k += DS.length()) {
      DoubleVector x = DoubleVector.fromArray(DS, a, ai + k), y = DoubleVector.fromArray(DS, b, bi + k);
      x.min(y).intoArray(o, oi + k);
    }
  }
}
