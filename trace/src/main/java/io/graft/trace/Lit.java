package io.graft.trace;

import io.graft.numerics.NdArray;
import java.util.Objects;

/**
 * An inline scalar constant in a graph, printed as {@code 2.0:f32[]}.
 *
 * @param value the rank-0 buffer
 * @param type  its type (weak when it came from a Java literal)
 */
public record Lit(NdArray value, ShapedType type) implements Atom {
  /** Validates. */
  public Lit {
    Objects.requireNonNull(value, "value is null");
    Objects.requireNonNull(type, "type is null");
  }

  @Override public String toString() {
    return value.toString() .replace("True", "true").replace("False", "false") + ":" + type;
  }
}
