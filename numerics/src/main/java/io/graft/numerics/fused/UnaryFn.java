package io.graft.numerics.fused;

/** Unary functions of the kernel IR; each is computed in the kernel dtype. */
public enum UnaryFn {
  /** {@code -x}. */
  NEG,
  /** {@code e^x} ({@link Math#exp}). */
  EXP,
  /** Natural logarithm ({@link Math#log}); NaN below 0. */
  LOG,
  /** Hyperbolic tangent ({@link Math#tanh}). */
  TANH,
  /** Sine ({@link Math#sin}). */
  SIN,
  /** Cosine ({@link Math#cos}). */
  COS,
  /** Square root ({@link Math#sqrt}); NaN below 0. */
  SQRT,
  /** {@code |x|}. */
  ABS,
  /** {@code 1 / (1 + exp(-x))}. */
  LOGISTIC
}
