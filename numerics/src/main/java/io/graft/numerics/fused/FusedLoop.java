package io.graft.numerics.fused;

/**
 * A compiled loop over elements {@code [lo, hi)}. {@code inputs[k]} is a {@code float[]} or {@code double[]} (by the
 * kernel dtype) indexed like the output, or, for an input the loop was generated to broadcast, an array whose
 * element 0 is used for every element. Implemented by generated hidden classes; public only so they can see it.
 */
public interface FusedLoop {
  /** Writes the body's value for each element of {@code [lo, hi)} into {@code out} ({@code float[]}/{@code double[]}). */
  void run(Object[] inputs, Object out, int lo, int hi);

  /** Sum of the body's values over {@code [lo, hi)}, accumulated in f64 in index order. */
  double sum(Object[] inputs, int lo, int hi);
}
