package io.graft.numerics.kernels;

import io.graft.numerics.kernels.Reductions.Op;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API reductions of contiguous f32/f64 runs. Loaded only when {@link io.graft.numerics.Simd#AVAILABLE} is
 * true. Each op has its own loop so the operator is a constant the JIT can intrinsify.
 *
 * <p>{@code max}/{@code min} ({@link #runF32}, {@link #runF64}) keep one accumulator per lane and combine the lanes
 * with {@code reduceLanes}: exact and order-independent ({@link Math#max} semantics, NaN propagates).
 *
 * <p>Sums and products ({@link #blockF32}, {@link #blockF64}) compute one block of {@link Sums}: four vectors of four
 * f64 lanes (two of eight where 512-bit vectors are native) are its {@value Sums#LANES} accumulators (lane {@code l}
 * of vector {@code v} is accumulator {@code 4v + l}, or {@code 8v + l}), f32 elements widened exactly; the lanes are then combined in {@link Sums}'s fixed order, never with
 * {@code reduceLanes(ADD/MUL)}, whose order is unspecified and changes between the interpreter and C2. The result is
 * bit-identical to {@link Sums}'s scalar loop.
 */
final class ReduceSimd {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256, D8 = DoubleVector.SPECIES_512;
  private static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128, F8 = FloatVector.SPECIES_256;

  /** Whether 256-bit f64 vectors are native here (else {@link Sums} uses its scalar loop, with the same result). */
  static final boolean BLOCK_LANES_OK = D.vectorBitSize() >= 256;
  /** Whether 512-bit f64 vectors are native: two vectors of eight lanes instead of four of four (same result). */
  private static final boolean WIDE = D.vectorBitSize() >= 512;

  private ReduceSimd() {}

  /**
   * One {@link Sums} block of f32 elements {@code s[off, off+n)} (SUM or PROD), accumulated in f64; {@code acc} is
   * {@value Sums#LANES} doubles of scratch.
   */
  static double blockF32(Op op, float[] s, int off, int n, double[] acc) {
    int bound = n & -Sums.LANES;
    boolean sum = op == Op.SUM;
    if (WIDE) {
      DoubleVector a0 = DoubleVector.broadcast(D8, sum ? 0d : 1d), a1 = a0;
      for (int i = 0; i < bound; i += Sums.LANES) {
        DoubleVector x0 = wide8(s, off + i), x1 = wide8(s, off + i + 8);
        a0 = sum ? a0.add(x0) : a0.mul(x0);
        a1 = sum ? a1.add(x1) : a1.mul(x1);
      }
      a0.intoArray(acc, 0); a1.intoArray(acc, 8);
    } else {
      DoubleVector a0 = DoubleVector.broadcast(D4, sum ? 0d : 1d), a1 = a0, a2 = a0, a3 = a0;
      for (int i = 0; i < bound; i += Sums.LANES) {
        DoubleVector x0 = wide4(s, off + i), x1 = wide4(s, off + i + 4), x2 = wide4(s, off + i + 8), x3 = wide4(s, off + i + 12);
        a0 = sum ? a0.add(x0) : a0.mul(x0);
        a1 = sum ? a1.add(x1) : a1.mul(x1);
        a2 = sum ? a2.add(x2) : a2.mul(x2);
        a3 = sum ? a3.add(x3) : a3.mul(x3);
      }
      a0.intoArray(acc, 0); a1.intoArray(acc, 4); a2.intoArray(acc, 8); a3.intoArray(acc, 12);
    }
    Sums.tail(op, s, off, bound, n, acc);
    return Sums.lanes(op, acc);
  }

  /** One {@link Sums} block of f64 elements {@code s[off, off+n)} (SUM or PROD); {@code acc} is scratch. */
  static double blockF64(Op op, double[] s, int off, int n, double[] acc) {
    int bound = n & -Sums.LANES;
    boolean sum = op == Op.SUM;
    if (WIDE) {
      DoubleVector a0 = DoubleVector.broadcast(D8, sum ? 0d : 1d), a1 = a0;
      for (int i = 0; i < bound; i += Sums.LANES) {
        DoubleVector x0 = DoubleVector.fromArray(D8, s, off + i), x1 = DoubleVector.fromArray(D8, s, off + i + 8);
        a0 = sum ? a0.add(x0) : a0.mul(x0);
        a1 = sum ? a1.add(x1) : a1.mul(x1);
      }
      a0.intoArray(acc, 0); a1.intoArray(acc, 8);
    } else {
      DoubleVector a0 = DoubleVector.broadcast(D4, sum ? 0d : 1d), a1 = a0, a2 = a0, a3 = a0;
      for (int i = 0; i < bound; i += Sums.LANES) {
        DoubleVector x0 = DoubleVector.fromArray(D4, s, off + i), x1 = DoubleVector.fromArray(D4, s, off + i + 4);
        DoubleVector x2 = DoubleVector.fromArray(D4, s, off + i + 8), x3 = DoubleVector.fromArray(D4, s, off + i + 12);
        a0 = sum ? a0.add(x0) : a0.mul(x0);
        a1 = sum ? a1.add(x1) : a1.mul(x1);
        a2 = sum ? a2.add(x2) : a2.mul(x2);
        a3 = sum ? a3.add(x3) : a3.mul(x3);
      }
      a0.intoArray(acc, 0); a1.intoArray(acc, 4); a2.intoArray(acc, 8); a3.intoArray(acc, 12);
    }
    Sums.tail(op, s, off, bound, n, acc);
    return Sums.lanes(op, acc);
  }

  /** Four f32 elements at {@code at}, widened (exactly) to f64. */
  private static DoubleVector wide4(float[] s, int at) {
    return (DoubleVector) FloatVector.fromArray(F4, s, at).convertShape(VectorOperators.F2D, D4, 0);
  }

  /** Eight f32 elements at {@code at}, widened (exactly) to f64. */
  private static DoubleVector wide8(float[] s, int at) {
    return (DoubleVector) FloatVector.fromArray(F8, s, at).convertShape(VectorOperators.F2D, D8, 0);
  }

  /** Max or min of {@code s[off, off+n)}; NaN propagates. */
  static float runF32(Op op, float[] s, int off, int n) {
    int i = 0, bound = F.loopBound(n), step = F.length();
    float r;
    switch (op) {
      case MAX -> { FloatVector a = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += step) a = a.max(FloatVector.fromArray(F, s, off + i)); r = a.reduceLanes(VectorOperators.MAX); }
      case MIN -> { FloatVector a = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
        for (; i < bound; i += step) a = a.min(FloatVector.fromArray(F, s, off + i)); r = a.reduceLanes(VectorOperators.MIN); }
      default -> throw new IllegalArgumentException("ReduceSimd.runF32 is for max/min; sums go through Sums, got " + op);
    }
    for (; i < n; i++) r = ReduceLoops.f32(op, r, s[off + i]);
    return r;
  }

  /** Max or min of {@code s[off, off+n)}; NaN propagates. */
  static double runF64(Op op, double[] s, int off, int n) {
    int i = 0, bound = D.loopBound(n), step = D.length();
    double r;
    switch (op) {
      case MAX -> { DoubleVector a = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        for (; i < bound; i += step) a = a.max(DoubleVector.fromArray(D, s, off + i)); r = a.reduceLanes(VectorOperators.MAX); }
      case MIN -> { DoubleVector a = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY);
        for (; i < bound; i += step) a = a.min(DoubleVector.fromArray(D, s, off + i)); r = a.reduceLanes(VectorOperators.MIN); }
      default -> throw new IllegalArgumentException("ReduceSimd.runF64 is for max/min; sums go through Sums, got " + op);
    }
    for (; i < n; i++) r = ReduceLoops.f64(op, r, s[off + i]);
    return r;
  }
}
