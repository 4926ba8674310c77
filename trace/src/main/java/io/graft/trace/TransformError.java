package io.graft.trace;

/**
 * A transformation that is not defined for what it was applied to, e.g. forward-mode differentiation of a
 * {@code customVjp} function (as in JAX). The message names the transform, the function and the alternative.
 */
public class TransformError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete message. */
  public TransformError(String message) { super(message); }
}
