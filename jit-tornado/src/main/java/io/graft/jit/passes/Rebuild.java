package io.graft.jit.passes;

import io.graft.numerics.NdArray;
import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Var;
import io.vavr.collection.Vector;
import java.util.List;

/** How a pass hands back its result: the input graph's parameters with the pass's consts, equations and results. */
final class Rebuild {
  private Rebuild() {}

  /** {@code g}'s parameters with new consts, equations and results. */
  static Graph graph(Graph g, List<Var> constVars, List<NdArray> consts, List<Eqn> eqns, Vector<Atom> out) {
    return new Graph(Vector.ofAll(constVars), Vector.ofAll(consts), g.in(), Vector.ofAll(eqns), out);
  }
}
