package io.graft.numerics;

/** A dtype mistake: the message names the operation, the dtypes involved and the fix. */
public class DTypeError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A dtype error with a complete message. */
  public DTypeError(String message) { super(message); }
}
