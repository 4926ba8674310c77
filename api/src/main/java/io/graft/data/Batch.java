package io.graft.data;

import io.graft.Array;
import java.util.Objects;

/**
 * One batch from {@link Dataset#batches}: a tree of the dataset's structure whose leaves have {@code batchSize}
 * rows, of which the first {@code size} are examples; the rest (only in a last batch padded with
 * {@link Dataset.Remainder#PAD}) are zeros, to be masked out with {@link #mask()}.
 *
 * @param data  the rows, e.g. {@code Examples(f32[128, 28, 28], i32[128])}
 * @param size  how many rows are real examples
 * @param index the batch's position in the epoch, from 0
 * @param <T>   the dataset's tree type
 */
public record Batch<T>(T data, int size, int index) {
  /** Validates. */
  public Batch {
    Objects.requireNonNull(data, "data is null");
    if (size < 0 || index < 0) throw new IllegalArgumentException("Batch: size and index must be >= 0, got " + size + ", " + index);
  }

  /** The batch's row count (its leaves' leading dimension): {@link #size()} plus the padding rows. */
  public int rows() {
    var leaves = io.graft.Tree.leaves(data);
    if (leaves.isEmpty() || leaves.head().ndim() == 0)
      throw new io.graft.numerics.ShapeError("Batch.rows: the batch " + data + " has no array leaf with a leading (row) axis");
    return leaves.head().shape()[0];
  }

  /** {@code bool[rows()]}: true for the {@link #size()} real examples, false for padding. */
  public Array mask() {
    boolean[] m = new boolean[rows()];
    java.util.Arrays.fill(m, 0, size, true);
    return Array.of(m);
  }
}
