package io.graft.numerics.fused;

/**
 * Binary functions of the kernel IR; each is computed in the kernel dtype. Comparisons give 1 or 0 with IEEE
 * semantics: any comparison with NaN is false (0), except {@code NE}, which is true (1).
 */
public enum BinaryFn {
  /** {@code a + b}. */
  ADD,
  /** {@code a - b}. */
  SUB,
  /** {@code a * b}. */
  MUL,
  /** {@code a / b}. */
  DIV,
  /** {@link Math#max}: NaN if either is NaN, +0 above -0. */
  MAX,
  /** {@link Math#min}: NaN if either is NaN, -0 below +0. */
  MIN,
  /** {@code a > b ? 1 : 0}. */
  GT,
  /** {@code a < b ? 1 : 0}. */
  LT,
  /** {@code a >= b ? 1 : 0}. */
  GE,
  /** {@code a <= b ? 1 : 0}. */
  LE,
  /** {@code a == b ? 1 : 0} (-0 equals +0). */
  EQ,
  /** {@code a != b ? 1 : 0} (1 when either is NaN). */
  NE,
  /** {@code a^b} ({@link Math#pow}). */
  POW,
  /** Angle of the point {@code (b, a)}: {@link Math#atan2}{@code (a, b)}. */
  ATAN2
}
