package io.graft.trace;

/**
 * The NaN checker's report ({@code jax_debug_nans}; see {@link NanCheck}): the first primitive that produced a NaN
 * from operands holding none, with its operand types and, inside a jitted function, the equation.
 */
public final class NanError extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** An error with {@code message}. */
  public NanError(String message) { super(message); }
}
