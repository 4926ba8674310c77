package io.graft.optim;

import java.util.Objects;
import java.util.function.Function;

/** A transformation made of two untyped functions (see {@link GradientTransformation#of}). */
record Simple<S>(Function<Object, S> initFn, GradientTransformation.UpdateFn<S> updateFn) implements GradientTransformation<S> {
  @Override public <P> S init(P params) { return initFn.apply(params); }

  @Override
  @SuppressWarnings("unchecked")
  public <P> Update<P, S> update(P grads, S state, P params) {
    Objects.requireNonNull(grads, "grads is null");
    Objects.requireNonNull(state, "state is null");
    return (Update<P, S>) (Update<?, S>) updateFn.apply(grads, state, params);
  }
}
