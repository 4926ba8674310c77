package io.graft;

import io.vavr.Tuple2;

/**
 * A user-defined JVP rule for {@link Graft#customJvp}: given primals and tangents (pytrees shaped like the
 * argument) it returns the primal result and its tangent.
 *
 * @param <P> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface CustomJvpRule<P, R> {
  /** {@code (f(primals), ∂f(primals)·tangents)}, computed however is best (stable, cheap, ...). */
  Tuple2<R, R> apply(P primals, P tangents);
}
