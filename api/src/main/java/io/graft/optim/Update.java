package io.graft.optim;

import java.util.Objects;

/**
 * What {@link GradientTransformation#update} returns: the updates to add to the parameters and the next state.
 *
 * @param updates the updates, a pytree of the parameters' structure
 * @param state   the next optimiser state
 * @param <P>     the parameters' type
 * @param <S>     the state type
 */
public record Update<P, S>(P updates, S state) {
  /** Validates. */
  public Update {
    Objects.requireNonNull(updates, "updates is null");
    Objects.requireNonNull(state, "state is null");
  }
}
