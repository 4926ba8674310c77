package io.graft.nn;

import io.graft.Array;
import io.graft.numerics.DType;

/**
 * A parameter initialiser ({@code jax.nn.initializers}): an array of {@code shape} and {@code dtype} drawn with
 * {@code key}. A functional interface, so an initialiser held by a record is a static part of its pytree.
 */
@FunctionalInterface
public interface Initializer {
  /**
   * Draws the initial value.
   *
   * @param key   a u32[2] {@link io.graft.Random} key
   * @param shape the shape, fans read from its last two axes (see {@link Initializers#varianceScaling})
   * @param dtype a floating dtype
   * @return the new array
   */
  Array init(Array key, int[] shape, DType dtype);
}
