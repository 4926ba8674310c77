package io.graft.jit.kernel;

/**
 * What a kernel does with its body's values: write them all ({@link #NONE}) or fold them over the kernel's reduced
 * axes. Folds start from {@link #identity()} and combine in f64 ({@link #combine}); f32 values are exact in f64, so
 * only {@code SUM} rounds differently from an f32 fold (it is more accurate).
 * <pre>{@code Reduction.MAX.combine(Reduction.MAX.identity(), 2.0) == 2.0}</pre>
 */
public enum Reduction {
  /** Write every value to the output buffer. */
  NONE,
  /** Sum of the values; empty sum 0. */
  SUM,
  /** Largest value ({@link Math#max}: NaN if any value is NaN); empty max {@code -inf}. */
  MAX,
  /** Smallest value ({@link Math#min}: NaN if any value is NaN); empty min {@code +inf}. */
  MIN;

  /** The fold's start value: 0, -inf or +inf ({@code NONE} has none: an {@link IllegalStateException}). */
  public double identity() {
    return switch (this) {
      case SUM -> 0.0;
      case MAX -> Double.NEGATIVE_INFINITY;
      case MIN -> Double.POSITIVE_INFINITY;
      case NONE -> throw new IllegalStateException("Reduction.NONE has no identity");
    };
  }

  /** {@code acc ⊕ v}: {@code acc + v}, {@code Math.max(acc, v)} or {@code Math.min(acc, v)}. */
  public double combine(double acc, double v) {
    return switch (this) {
      case SUM -> acc + v;
      case MAX -> Math.max(acc, v);
      case MIN -> Math.min(acc, v);
      case NONE -> throw new IllegalStateException("Reduction.NONE does not combine values");
    };
  }
}
