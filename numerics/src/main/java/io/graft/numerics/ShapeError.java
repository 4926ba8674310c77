package io.graft.numerics;

/**
 * A shape mistake: the message names the operation, both full shapes and the fix, e.g.
 * {@code dot_general: contracting dims disagree: lhs f32[3,4] axis 1 (4) vs rhs f32[5,6] axis 0 (5)}.
 */
public class ShapeError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A shape error with a complete message. */
  public ShapeError(String message) { super(message); }

  /** A shape error with a complete message, raised because of {@code cause} (e.g. the same error with more context). */
  public ShapeError(String message, Throwable cause) { super(message, cause); }
}
