package io.graft.trace;

/**
 * A collective ({@code psum}, {@code allGather}, {@code axisIndex}, ...) named an axis that no enclosing
 * {@code vmap(..., axisName)} binds (JAX's {@code NameError: unbound axis name}). The message names the collective,
 * the axis, the names that are bound, the user's function and the fix.
 */
public final class UnboundAxisError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An error with this message. */
  public UnboundAxisError(String message) { super(message); }
}
