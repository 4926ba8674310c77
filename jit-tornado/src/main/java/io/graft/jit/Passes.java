package io.graft.jit;

import io.graft.numerics.NdArray;
import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Var;
import io.vavr.collection.Vector;
import java.util.List;
import java.util.function.UnaryOperator;

/** The optimisation pipeline, in order; each pass is a pure function {@code Graph -> Graph}. */
final class Passes {
  private Passes() {}

  /** Every pass, in the order {@link GraphCompiler} runs them. */
  static final List<UnaryOperator<Graph>> PIPELINE = List.of(
      InlineJit::run, ConstantFold::run, Simplify::run, CommonSubexpressions::run, DeadCode::run);

  /** The graph after the whole pipeline. */
  static Graph optimize(Graph g) {
    for (UnaryOperator<Graph> pass : PIPELINE) g = pass.apply(g);
    return g;
  }

  /** {@code g}'s parameters with new consts, equations and results. */
  static Graph graph(Graph g, List<Var> constVars, List<NdArray> consts, List<Eqn> eqns, Vector<Atom> out) {
    return new Graph(Vector.ofAll(constVars), Vector.ofAll(consts), g.in(), Vector.ofAll(eqns), out);
  }
}
