package io.graft.numerics.fused;

/** Binary functions of the kernel IR; each is computed in the kernel dtype. */
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
  /** {@code a > b ? 1 : 0} (0 when either is NaN). */
  GT,
  /** {@code a < b ? 1 : 0} (0 when either is NaN). */
  LT
}
