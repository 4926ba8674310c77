package io.graft.trace.tree;

import io.graft.trace.Value;

/** A pytree leaf: an array handle ({@code io.graft.Array} implements it) holding a trace-level {@link Value}. */
public interface Leaf {
  /** The value this leaf holds. */
  Value value();
}
