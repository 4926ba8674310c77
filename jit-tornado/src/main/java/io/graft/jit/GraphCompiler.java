package io.graft.jit;

import io.graft.trace.Compiler;
import io.graft.trace.Graph;
import io.graft.trace.Graphs;

/**
 * Graft's compiler (first step): optimises the graph with the {@link Passes#PIPELINE} (inline nested jit calls,
 * constant folding, algebraic simplification, CSE, DCE) and returns an {@link Interpreter} over the result,
 * which runs the primitives' kernels with early release of dead buffers. Stateless and thread-safe; caching is
 * the jitted function's business.
 */
public final class GraphCompiler implements Compiler {
  /** A compiler. */
  public GraphCompiler() {}

  /** {@code g} after every pass, type-checked. */
  public Graph optimize(Graph g) { return Graphs.check(Passes.optimize(g)); }

  @Override public Executable compile(Graph g) { return new Interpreter(optimize(g)); }

  @Override public String toString() { return "GraphCompiler"; }
}
