package io.graft.optim;

import java.util.Objects;

/**
 * An Optax gradient transformation: a pure pair of functions that turn gradients into parameter updates, threading
 * a state. {@code init(params)} makes the first state; {@code update(grads, state, params)} returns the updates and
 * the next state. Transformations compose with {@link Optim#chain}; optimisers such as {@link Optim#adam} are
 * chains of building blocks. Add the updates with {@link Optim#applyUpdates}.
 *
 * <p>States are pytrees (records of {@code Array}s, step counts as i32 scalars, moments as trees shaped like the
 * parameters), so a whole training step, optimiser included, can be passed through {@code Graft.jit}:
 * <pre>{@code
 * var opt = Optim.adam(1e-3);
 * record State(Params params, OptState.Chain opt) {}
 * Jitted<State, State> step = Graft.jit((State s) -> {
 *   Params g = Graft.grad((Params p) -> loss(p, x, y)).apply(s.params());
 *   Update<Params, OptState.Chain> u = opt.update(g, s.opt(), s.params());
 *   return new State(Optim.applyUpdates(s.params(), u.updates()), u.state());
 * });
 * State s = new State(params, opt.init(params));
 * }</pre>
 *
 * <p>NB: unlike Optax, whose functions take untyped trees, {@code init}/{@code update} are generic in the parameter
 * type {@code P}, so updates come back as the parameters' own type; the state type {@code S} does not depend on
 * {@code P} (moment trees inside it are held as {@code Object}).
 *
 * @param <S> the state (a pytree)
 */
public interface GradientTransformation<S> {
  /**
   * The initial state for {@code params} (e.g. zero moments shaped like them and a zero step count).
   *
   * @param params the parameters (a pytree of arrays); not modified
   * @param <P>    the parameters' type
   * @return the state
   */
  <P> S init(P params);

  /**
   * The updates for {@code grads} and the next state.
   *
   * @param grads  the gradients (or the updates of the previous transformation in a chain), a pytree of the
   *               parameters' structure; not modified
   * @param state  the current state, from {@link #init} or a previous {@code update}
   * @param params the current parameters, needed by some transformations (weight decay); may be {@code null} for
   *               the others
   * @param <P>    the parameters' type
   * @return the updates (same structure as {@code grads}) and the next state
   */
  <P> Update<P, S> update(P grads, S state, P params);

  /** {@link #update(Object, Object, Object)} without parameters (for transformations that do not read them). */
  default <P> Update<P, S> update(P grads, S state) { return update(grads, state, null); }

  /**
   * A transformation from untyped functions (trees typed {@code Object}), for writing new ones:
   * <pre>{@code
   * GradientTransformation<OptState.Empty> negate = GradientTransformation.of(
   *     p -> new OptState.Empty(), (g, s, p) -> new Update<>(Tree.map(g, Array::neg), s));
   * }</pre>
   *
   * @param init   the initial state from the parameters
   * @param update the updates and next state from gradients, state and parameters
   * @param <S>    the state type
   * @return the transformation
   */
  static <S> GradientTransformation<S> of(java.util.function.Function<Object, S> init, UpdateFn<S> update) {
    return new Simple<>(Objects.requireNonNull(init, "init is null"), Objects.requireNonNull(update, "update is null"));
  }

  /**
   * The update function of {@link #of}: trees typed {@code Object}.
   *
   * @param <S> the state type
   */
  @FunctionalInterface
  interface UpdateFn<S> {
    /**
     * The updates and next state.
     *
     * @param grads  the incoming updates
     * @param state  the current state
     * @param params the parameters, or {@code null}
     * @return the updates (same structure as {@code grads}) and the next state
     */
    Update<Object, S> apply(Object grads, S state, Object params);
  }
}
