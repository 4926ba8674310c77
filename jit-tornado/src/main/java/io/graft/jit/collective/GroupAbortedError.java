package io.graft.jit.collective;

/**
 * A collective could not complete because its group was aborted: another member failed (its own error says why) or
 * the group was shut down. The message names the exchange and the member.
 */
public final class GroupAbortedError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An error with this message. */
  public GroupAbortedError(String message) { super(message); }
}
