package io.graft.data;

/**
 * A dataset whose files are in none of the places searched. The message lists the places and says how to get the
 * files (a Debian package, the upstream URLs, and where to put them).
 */
public class DatasetNotFoundError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete message. */
  public DatasetNotFoundError(String message) { super(message); }
}
