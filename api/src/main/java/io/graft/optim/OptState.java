package io.graft.optim;

import io.graft.Array;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * The states of Graft's built-in transformations, each a pytree (records of arrays; moment trees shaped like the
 * parameters), so they pass through {@code Graft.jit}, {@code vmap} and checkpoints like the parameters do. Step
 * counts are i32 scalars that stop at {@code 2^31 - 1} (Optax's {@code safe_increment}).
 */
public sealed interface OptState {
  /** The state of a transformation that keeps none ({@code optax.EmptyState}). */
  record Empty() implements OptState {}

  /**
   * The state of {@link Optim#scaleBySchedule}: the number of updates done so far.
   *
   * @param count i32 scalar
   */
  record Count(Array count) implements OptState {
    /** Validates. */
    public Count { Objects.requireNonNull(count, "count is null"); }
  }

  /**
   * The state of {@link Optim#trace} (momentum).
   *
   * @param trace the momentum, shaped like the parameters
   */
  record Trace(Object trace) implements OptState {}

  /**
   * The state of {@link Optim#scaleByAdam}.
   *
   * @param count i32 scalar: updates done so far
   * @param mu    first moment, shaped like the parameters
   * @param nu    second moment, shaped like the parameters
   */
  record Adam(Array count, Object mu, Object nu) implements OptState {
    /** Validates. */
    public Adam { Objects.requireNonNull(count, "count is null"); }
  }

  /**
   * The state of {@link Optim#scaleByRms}.
   *
   * @param nu the running mean of squared gradients, shaped like the parameters
   */
  record Rms(Object nu) implements OptState {}

  /**
   * The state of {@link Optim#scaleByLion}.
   *
   * @param count i32 scalar: updates done so far
   * @param mu    the momentum, shaped like the parameters
   */
  record Lion(Array count, Object mu) implements OptState {
    /** Validates. */
    public Lion { Objects.requireNonNull(count, "count is null"); }
  }

  /**
   * The state of {@link Optim#chain}: one state per chained transformation, in order.
   *
   * @param states the inner states
   */
  record Chain(Vector<Object> states) implements OptState {
    /** Validates. */
    public Chain { Objects.requireNonNull(states, "states is null"); }
  }

  /**
   * The state of {@link Optim#masked}: the inner transformation's state over the selected leaves only, held as one
   * Vavr {@code Vector} of them in leaf order.
   *
   * @param inner the inner state
   */
  record Masked(Object inner) implements OptState {}

  /**
   * The state of {@link Optim#dynamicLossScale}: the current loss scale, the finite steps since it last changed, and
   * the wrapped transformation's state (advanced only on finite steps).
   *
   * @param scale     f32 scalar: the factor the loss is multiplied by ({@link Optim#scaleLoss})
   * @param goodSteps i32 scalar: consecutive steps with finite gradients since the scale last changed
   * @param inner     the wrapped transformation's state
   */
  record LossScale(Array scale, Array goodSteps, Object inner) implements OptState {
    /** Validates. */
    public LossScale {
      Objects.requireNonNull(scale, "scale is null");
      Objects.requireNonNull(goodSteps, "goodSteps is null");
      Objects.requireNonNull(inner, "inner is null");
    }
  }
}
