package io.graft.trace;

import io.graft.numerics.NdArray;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * A typed SSA graph, immutable: {@code { lambda consts ; in. let eqns in (out) }} (JAX's closed jaxpr).
 *
 * <p>{@code constVars} are bound to the concrete {@code consts} (closed-over arrays); {@code in} are the
 * parameters; each equation defines fresh variables; {@code out} are variables or literals. {@link #toString()}
 * prints like {@code make_jaxpr}:
 * <pre>{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[] = reduce_sum[axes=(0,)] b in (c) }</pre>
 *
 * @param constVars variables bound to {@code consts}
 * @param consts    closed-over arrays, one per const var
 * @param in        parameters
 * @param eqns      equations in definition order
 * @param out       results
 */
public record Graph(Vector<Var> constVars, Vector<NdArray> consts, Vector<Var> in, Vector<Eqn> eqns, Vector<Atom> out) {
  /** Validates arities (the full type check is {@link Graphs#check}). */
  public Graph {
    Objects.requireNonNull(constVars, "constVars is null");
    Objects.requireNonNull(consts, "consts is null");
    Objects.requireNonNull(in, "in is null");
    Objects.requireNonNull(eqns, "eqns is null");
    Objects.requireNonNull(out, "out is null");
    if (constVars.size() != consts.size())
      throw new IllegalArgumentException("graph: " + constVars.size() + " const vars but " + consts.size() + " consts");
  }

  /** Parameter types. */
  public Vector<ShapedType> inTypes() { return in.map(Var::type); }

  /** Result types. */
  public Vector<ShapedType> outTypes() { return out.map(Atom::type); }

  /** Evaluates this graph on {@code args} through {@link Bind}, so evaluation is itself traceable. */
  public Vector<Value> eval(Vector<? extends Value> args) { return Graphs.eval(this, args); }

  /** The {@code make_jaxpr}-style text. */
  @Override public String toString() { return GraphPrinter.print(this); }
}
