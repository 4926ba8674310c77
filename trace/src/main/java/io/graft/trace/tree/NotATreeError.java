package io.graft.trace.tree;

/** A value is not a pytree, or a structure does not match its leaves. */
public class NotATreeError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete message. */
  public NotATreeError(String message) { super(message); }
}
