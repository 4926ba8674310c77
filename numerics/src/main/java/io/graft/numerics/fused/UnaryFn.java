package io.graft.numerics.fused;

/** Unary functions of the kernel IR; each is computed in the kernel dtype (f32 results of {@link Math} rounded). */
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
  LOGISTIC,
  /** {@code log(1 + x)} ({@link Math#log1p}). */
  LOG1P,
  /** {@code e^x - 1} ({@link Math#expm1}). */
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
