package io.graft.io;

import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * A checkpoint that does not fit the target tree it is loaded into: entries missing from the file, entries the
 * target has no place for, or entries whose shape or dtype differ. Every differing entry is listed (not only the
 * first), and nothing was loaded.
 */
public class CheckpointMismatchError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** One line per differing entry, e.g. {@code params.w: file has f32[784,256], target wants f32[784,128]}. */
  private final transient Vector<String> differences;

  /**
   * A mismatch error.
   *
   * @param file        the checkpoint, for the message
   * @param differences one line per differing entry
   */
  public CheckpointMismatchError(String file, Vector<String> differences) {
    super("Checkpoints.load(" + file + "): the checkpoint does not match the target tree in " + differences.size()
        + " entr" + (differences.size() == 1 ? "y" : "ies") + ":\n  " + differences.mkString("\n  ")
        + "\nnothing was loaded; pass a target of the structure, shapes and dtypes that were saved (Checkpoints.entries"
        + " lists a file's entries)");
    this.differences = Objects.requireNonNull(differences, "differences is null");
  }

  /** One line per differing entry, in entry order. */
  public Vector<String> differences() { return differences; }
}
