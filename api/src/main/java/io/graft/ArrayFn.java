package io.graft;

/**
 * A function from one array to one array. The transformations take and return it, so they compose without type
 * annotations: {@code ArrayFn d2 = Graft.grad(Graft.grad(x -> x.sin().sum()));}. Being a
 * {@link TreeFn}{@code <Array>}, it is the more specific overload wherever both apply.
 */
@FunctionalInterface
public interface ArrayFn extends TreeFn<Array> {
}
