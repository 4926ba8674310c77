package io.graft.numerics.fused;

/** What a kernel does with its elementwise values. */
public enum Reduction {
  /** Write every value to the output buffer. */
  NONE,
  /** Sum all values (f32 kernels accumulate in f64; see {@link FusedKernels}). */
  SUM
}
