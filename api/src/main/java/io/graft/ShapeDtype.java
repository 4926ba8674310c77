package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.Shape;
import io.graft.trace.Abstract;
import io.graft.trace.ShapedType;
import java.util.Objects;

/**
 * A shape and dtype without data ({@code jax.ShapeDtypeStruct}): {@link #array()} makes an abstract {@link Array}
 * to trace a function with, e.g. {@code Graft.makeGraph(f).apply(ShapeDtype.of(Np.float32, 8, 784).array())}.
 * Records of abstract arrays trace the same way. Reading an abstract array's data is a {@code ConcretizationError}.
 *
 * @param dtype the element type
 * @param shape the shape
 */
public record ShapeDtype(DType dtype, Shape shape) {
  /** Validates. */
  public ShapeDtype {
    Objects.requireNonNull(dtype, "dtype is null");
    Objects.requireNonNull(shape, "shape is null");
  }

  /** {@code ShapeDtype.of(Np.float32, 3, 4)}. */
  public static ShapeDtype of(DType dtype, int... shape) {
    Objects.requireNonNull(dtype, "dtype is null");
    Objects.requireNonNull(shape, "shape is null");
    return new ShapeDtype(dtype, Shape.checked("ShapeDtype.of", () -> dtype + java.util.Arrays.toString(shape), shape));
  }

  /** The shape and dtype of {@code x}. */
  public static ShapeDtype of(Array x) {
    Objects.requireNonNull(x, "x is null");
    return new ShapeDtype(x.dtype(), Shape.of(x.shape()));
  }

  /** An abstract array of this type. */
  public Array array() { return new Array(new Abstract(ShapedType.of(dtype, shape))); }

  @Override public String toString() { return "ShapeDtype(" + dtype + shape + ")"; }
}
