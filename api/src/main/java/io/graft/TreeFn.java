package io.graft;

import java.util.function.Function;

/**
 * A function from a pytree of arrays to one array: what {@link Graft#grad(TreeFn)} differentiates.
 * <pre>{@code TreeFn<Params> loss = p -> p.w().mul(x).sum();  Function<Params, Params> g = Graft.grad(loss);}</pre>
 *
 * @param <P> the argument's type (a record, Vavr collection, ... of arrays)
 */
@FunctionalInterface
public interface TreeFn<P> extends Function<P, Array> {
}
