package io.graft.trace.prim;

/**
 * A primitive was asked to transpose with respect to an operand it is not linear in. Seen only if a JVP rule
 * applied a non-linear operation to tangents: a bug in that rule, reported with the primitive's name.
 */
public class TransposeError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete message. */
  public TransposeError(String message) { super(message); }
}
