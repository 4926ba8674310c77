package io.graft.numerics.kernels;

import io.graft.numerics.kernels.Reductions.Op;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API reductions of contiguous f32/f64 runs: one lane-wide accumulator per lane, combined at the end
 * (so sums round differently from a sequential loop, as XLA's vectorised reductions do). Loaded only when
 * {@link io.graft.numerics.Simd#AVAILABLE} is true. Each op has its own loop so the operator is a constant the JIT
 * can intrinsify; {@code max}/{@code min} follow {@link Math#max}: NaN propagates.
 */
final class ReduceSimd {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

  private ReduceSimd() {}

  static float runF32(Op op, float[] s, int off, int n) {
    int i = 0, bound = F.loopBound(n), step = F.length();
    float r;
    switch (op) {
      case SUM -> { FloatVector a = FloatVector.zero(F);
        for (; i < bound; i += step) a = a.add(FloatVector.fromArray(F, s, off + i)); r = a.reduceLanes(VectorOperators.ADD); }
      case PROD -> { FloatVector a = FloatVector.broadcast(F, 1f);
        for (; i < bound; i += step) a = a.mul(FloatVector.fromArray(F, s, off + i)); r = a.reduceLanes(VectorOperators.MUL); }
      case MAX -> { FloatVector a = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += step) a = a.max(FloatVector.fromArray(F, s, off + i)); r = a.reduceLanes(VectorOperators.MAX); }
      case MIN -> { FloatVector a = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        for (; i < bound; i += step) a = a.min(FloatVector.fromArray(F, s, off + i)); r = a.reduceLanes(VectorOperators.MIN); }
      default -> throw new AssertionError(op);
    }
    for (; i < n; i++) r = ReduceLoops.f32(op, r, s[off + i]);
    return r;
  }

  static double runF64(Op op, double[] s, int off, int n) {
    int i = 0, bound = D.loopBound(n), step = D.length();
    double r;
    switch (op) {
      case SUM -> { DoubleVector a = DoubleVector.zero(D);
        for (; i < bound; i += step) a = a.add(DoubleVector.fromArray(D, s, off + i)); r = a.reduceLanes(VectorOperators.ADD); }
      case PROD -> { DoubleVector a = DoubleVector.broadcast(D, 1d);
        for (; i < bound; i += step) a = a.mul(DoubleVector.fromArray(D, s, off + i)); r = a.reduceLanes(VectorOperators.MUL); }
      case MAX -> { DoubleVector a = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        for (; i < bound; i += step) a = a.max(DoubleVector.fromArray(D, s, off + i)); r = a.reduceLanes(VectorOperators.MAX); }
      case MIN -> { DoubleVector a = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY);
        for (; i < bound; i += step) a = a.min(DoubleVector.fromArray(D, s, off + i)); r = a.reduceLanes(VectorOperators.MIN); }
      default -> throw new AssertionError(op);
    }
    for (; i < n; i++) r = ReduceLoops.f64(op, r, s[off + i]);
    return r;
  }
}
