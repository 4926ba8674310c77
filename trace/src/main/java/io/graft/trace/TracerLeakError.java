package io.graft.trace;

/** A tracer was used after its transform finished (it escaped through a field, a closure or a static). */
public class TracerLeakError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete message. */
  public TracerLeakError(String message) { super(message); }
}
