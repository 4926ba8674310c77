package io.graft.data;

import io.graft.Array;
import java.util.Objects;

/**
 * Labelled examples: {@code inputs[i]} has label {@code labels[i]}. A record, so a pytree: {@link Dataset#of}
 * batches it, and jitted functions take it as one argument.
 *
 * @param inputs e.g. images {@code f32[n, 28, 28]}
 * @param labels class indices {@code i32[n]}
 */
public record Examples(Array inputs, Array labels) {
  /** Validates: both present, with the same leading dimension. */
  public Examples {
    Objects.requireNonNull(inputs, "inputs is null");
    Objects.requireNonNull(labels, "labels is null");
    if (inputs.ndim() == 0 || labels.ndim() == 0 || inputs.shape()[0] != labels.shape()[0])
      throw new io.graft.numerics.ShapeError("Examples: inputs " + inputs.dtype() + java.util.Arrays.toString(inputs.shape())
          + " and labels " + labels.dtype() + java.util.Arrays.toString(labels.shape())
          + " must have the same leading dimension (one label per example)");
  }

  /** The number of examples. */
  public int size() { return labels.shape()[0]; }
}
