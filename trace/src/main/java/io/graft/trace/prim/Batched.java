package io.graft.trace.prim;

import io.graft.trace.Value;
import java.util.Objects;

/**
 * A value with the position of its batch axis under {@code vmap}, or {@link #NOT_MAPPED}.
 *
 * @param value the value (its type includes the batch axis when mapped)
 * @param dim   the batch axis, or {@link #NOT_MAPPED}
 */
public record Batched(Value value, int dim) {
  /** The batch-dimension marker of a value that does not vary along the mapped axis (JAX's {@code not_mapped}). */
  public static final int NOT_MAPPED = -1;

  /** Validates. */
  public Batched { Objects.requireNonNull(value, "value is null"); }

  /** True when the value has a batch axis. */
  public boolean mapped() { return dim != NOT_MAPPED; }
}
