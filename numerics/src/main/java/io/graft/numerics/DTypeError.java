package io.graft.numerics;

/** A dtype mistake: the message names the operation, the dtypes involved and the fix. */
public class DTypeError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A dtype error with a complete message. */
  public DTypeError(String message) { super(message); }

  /** A dtype error with a complete message, raised because of {@code cause} (e.g. the same error with more context). */
  public DTypeError(String message, Throwable cause) { super(message, cause); }
}
