package io.graft;

/**
 * Use of an {@link Array} handle whose buffer was donated to a jitted function ({@link Jitted#donating}): the
 * message names the jitted function and the argument leaf. Keep using the function's results instead, or do not
 * donate that argument.
 */
public final class DonatedArrayError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An error with {@code message}. */
  public DonatedArrayError(String message) { super(message); }
}
