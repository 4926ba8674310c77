package io.graft.trace.tree;

import io.vavr.collection.Vector;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * How a container type flattens into children plus static auxiliary data, and how it is rebuilt
 * ({@code jax.tree_util.register_pytree_node}).
 *
 * @param name      shown in tree printouts and errors
 * @param type      the container class (subclasses match too)
 * @param children  the container's children, in a fixed order
 * @param aux       static data needed to rebuild (field names, keys); compared with equals
 * @param rebuild   rebuilds a container from aux and new children
 * @param <T>       the container type
 */
public record NodeType<T>(String name, Class<T> type, Function<T, Vector<Object>> children,
                          Function<T, Object> aux, BiFunction<Object, Vector<Object>, T> rebuild) {
  /** Validates. */
  public NodeType {
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(type, "type is null");
    Objects.requireNonNull(children, "children is null");
    Objects.requireNonNull(aux, "aux is null");
    Objects.requireNonNull(rebuild, "rebuild is null");
  }

  @SuppressWarnings("unchecked")
  Vector<Object> childrenOf(Object node) { return children.apply((T) node); }

  @SuppressWarnings("unchecked")
  Object auxOf(Object node) { return aux.apply((T) node); }
}
