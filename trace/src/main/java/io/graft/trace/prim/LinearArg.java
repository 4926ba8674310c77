package io.graft.trace.prim;

import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import java.util.Objects;

/**
 * An operand as a transpose rule sees it: either a known value (a residual from the forward pass) or a linear
 * input, of which only the type is known (JAX's {@code UndefinedPrimal}).
 */
public sealed interface LinearArg {
  /** The operand's type. */
  ShapedType type();

  /**
   * A residual: the value is known.
   *
   * @param value the value
   */
  record Known(Value value) implements LinearArg {
    /** Validates. */
    public Known { Objects.requireNonNull(value, "value is null"); }

    @Override public ShapedType type() { return value.type(); }
  }

  /**
   * A linear input: the transpose rule returns its cotangent.
   *
   * @param type the input's type
   */
  record Linear(ShapedType type) implements LinearArg {
    /** Validates. */
    public Linear { Objects.requireNonNull(type, "type is null"); }
  }

  /** True for {@link Linear}. */
  default boolean isLinear() { return this instanceof Linear; }

  /** The known value; an {@link IllegalStateException} naming {@code op} for a linear operand. */
  default Value known(String op) {
    if (this instanceof Known k) return k.value();
    throw new TransposeError(op + ": the transpose rule needs this operand's value, but it is linear (" + type()
        + "); the primitive is not linear in it");
  }
}
