package io.graft.trace;

import io.graft.numerics.NdArray;
import java.util.Objects;

/**
 * A concrete value: a buffer plus its weakness (a Java literal's {@code Const} is weak).
 *
 * @param array the buffer (immutable)
 * @param weak  true for a Java literal
 */
public record Const(NdArray array, boolean weak) implements Value {
  /** Validates. */
  public Const { Objects.requireNonNull(array, "array is null"); }

  /** A strongly typed constant. */
  public static Const of(NdArray array) { return new Const(array, false); }

  @Override public ShapedType type() { return new ShapedType(array.shape(), array.dtype(), weak); }
}
