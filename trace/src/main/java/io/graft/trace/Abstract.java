package io.graft.trace;

import java.util.Objects;

/**
 * A type without data ({@code jax.ShapeDtypeStruct}): a valid input to tracing ({@code Graft.makeGraph}), an
 * {@link IllegalStateException} anywhere data is needed.
 *
 * @param type the abstract value
 */
public record Abstract(ShapedType type) implements Value {
  /** Validates. */
  public Abstract { Objects.requireNonNull(type, "type is null"); }
}
