package io.graft.trace;

import io.graft.numerics.DType;
import io.graft.numerics.Shape;
import java.util.Objects;

/**
 * The abstract value of an array: shape, dtype and whether the dtype is weak (JAX's {@code weak_type}).
 *
 * <p>A weak type comes from a Java literal: in {@code x.mul(2.0)} the {@code 2.0} is a weak f64 that takes
 * {@code x}'s dtype instead of promoting it. Prints as {@code f32[3,4]} (weak types are not marked in graphs).
 *
 * @param shape the shape
 * @param dtype the element type
 * @param weak  true for values that came from Java literals
 */
public record ShapedType(Shape shape, DType dtype, boolean weak) {
  /** Validates. */
  public ShapedType {
    Objects.requireNonNull(shape, "shape is null");
    Objects.requireNonNull(dtype, "dtype is null");
  }

  /** A strongly typed {@code ShapedType}. */
  public static ShapedType of(DType dtype, int... dims) { return new ShapedType(Shape.of(dims), dtype, false); }

  /** A strongly typed {@code ShapedType} of {@code shape}. */
  public static ShapedType of(DType dtype, Shape shape) { return new ShapedType(shape, dtype, false); }

  /** Rank. */
  public int rank() { return shape.rank(); }

  /** Same shape and weakness, another dtype. */
  public ShapedType withDType(DType d) { return new ShapedType(shape, d, weak); }

  /** Same dtype and weakness, another shape. */
  public ShapedType withShape(Shape s) { return new ShapedType(s, dtype, weak); }

  /** This type, strongly typed. */
  public ShapedType strong() { return weak ? new ShapedType(shape, dtype, false) : this; }

  /** {@code f32[3,4]}. */
  @Override public String toString() { return dtype.shortName() + shape; }
}
