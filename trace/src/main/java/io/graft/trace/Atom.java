package io.graft.trace;

/** An equation operand: a {@link Var} defined in the graph or an inline {@link Lit}. */
public sealed interface Atom permits Var, Lit {
  /** The atom's type. */
  ShapedType type();
}
