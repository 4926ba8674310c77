package io.graft.numerics.fused;

/**
 * Unary functions of the kernel IR; each is computed in the kernel dtype. EXP, LOG, TANH, SIN, COS, LOGISTIC, LOG1P
 * and EXPM1 are {@code VectorMath}'s polynomials (scalar twins: {@link io.graft.numerics.kernels.ScalarMath}), the
 * functions the eager kernels compute, bit for bit; the others are exact or {@link Math}'s, f32 results rounded.
 */
public enum UnaryFn {
  /** {@code -x}. */
  NEG,
  /** {@code e^x}. */
  EXP,
  /** Natural logarithm; NaN below 0. */
  LOG,
  /** Hyperbolic tangent. */
  TANH,
  /** Sine. */
  SIN,
  /** Cosine. */
  COS,
  /** Square root ({@link Math#sqrt}); NaN below 0. */
  SQRT,
  /** {@code |x|}. */
  ABS,
  /** {@code 1 / (1 + exp(-x))}. */
  LOGISTIC,
  /** {@code log(1 + x)}. */
  LOG1P,
  /** {@code e^x - 1}. */
  EXPM1,
  /** {@code 1 / sqrt(x)} (the square root rounded, then the division). */
  RSQRT,
  /** {@link Math#signum}: -1, 0 or 1; keeps -0, +0 and NaN. */
  SIGN,
  /** Largest integer value {@code <= x} ({@link Math#floor}). */
  FLOOR,
  /** Smallest integer value {@code >= x} ({@link Math#ceil}). */
  CEIL,
  /** {@code x * x}. */
  SQUARE,
  /** {@code 1 / x}. */
  RECIPROCAL
}
