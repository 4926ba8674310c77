package io.graft.trace;

import io.graft.numerics.NdArray;
import io.vavr.collection.Vector;

/**
 * Turns a graph into something that runs on concrete arrays: the seam between tracing and code generation.
 * {@code trace} defines it; the {@code jit-tornado} module implements it ({@code io.graft.jit.GraphCompiler}) and
 * {@code api} passes that implementation in explicitly (no ServiceLoader, no reflection).
 *
 * <p>{@link #INTERPRETER} is the reference implementation: it evaluates the graph as it is, equation by equation,
 * as eager mode would. Tests below {@code api} use it.
 */
@FunctionalInterface
public interface Compiler {
  /** An executable computing {@code g}; {@code g} should have passed {@link Graphs#check}. */
  Executable compile(Graph g);

  /** No optimisation: runs the graph with {@link Graphs#eval} on concrete values. */
  Compiler INTERPRETER = g -> new Executable() {
    @Override public Vector<NdArray> run(Vector<NdArray> args) {
      return Graphs.eval(g, args.map(a -> (Value) Const.of(a))).map(v -> ((Const) v).array());
    }

    @Override public String describe() { return g + "\n(interpreted equation by equation)"; }
  };

  /** A compiled graph. */
  interface Executable {
    /** The graph's results for concrete {@code args} (one per parameter, in order). Arguments are never modified. */
    Vector<NdArray> run(Vector<NdArray> args);

    /** The graph that actually runs (after optimisation) and what each step executes, for {@code lower}. */
    String describe();
  }
}
