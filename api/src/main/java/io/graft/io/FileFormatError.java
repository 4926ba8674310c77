package io.graft.io;

/**
 * A file whose bytes are not the format they should be: a truncated zip, a {@code .npy} header that does not parse,
 * an IDX file shorter than its header says. The message names the file, the entry and what was expected.
 */
public class FileFormatError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A format error with a complete message. */
  public FileFormatError(String message) { super(message); }

  /** A format error with a complete message, raised because of {@code cause} (the parser's or the zip library's). */
  public FileFormatError(String message, Throwable cause) { super(message, cause); }
}
