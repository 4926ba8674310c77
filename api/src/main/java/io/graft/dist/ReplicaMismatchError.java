package io.graft.dist;

/**
 * Ranks that should hold identical replicas (parameters after a data-parallel step) do not: the message names the
 * check, every rank's hash and the usual causes. Thrown on every rank by {@link Distributed#checkReplicas}.
 */
public final class ReplicaMismatchError extends IllegalStateException {
  /** The error for {@code message}. */
  public ReplicaMismatchError(String message) { super(message); }
}
