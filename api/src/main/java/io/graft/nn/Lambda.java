package io.graft.nn;

import io.graft.Array;
import io.graft.ArrayFn;
import java.util.Objects;

/**
 * A parameter-free layer applying {@code fn} ({@code eqx.nn.Lambda}), e.g. {@code new Lambda(Activation.RELU)} in a
 * {@link Sequential}. {@code fn} is a static part of the pytree, compared with {@code equals} in jit's cache key: an
 * {@link Activation} constant, or one lambda instance kept in a field, keeps one cache entry.
 *
 * @param fn the function
 */
public record Lambda(ArrayFn fn) implements Layer {
  /** Validates. */
  public Lambda { Objects.requireNonNull(fn, "fn is null"); }

  /** {@code fn(x)}. */
  @Override public Array apply(Array x) { return fn.apply(x); }
}
