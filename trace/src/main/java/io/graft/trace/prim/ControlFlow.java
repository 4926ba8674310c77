package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.trace.Graph;
import io.vavr.collection.Vector;
import java.util.function.Function;

/**
 * Structured control flow held as one equation ({@code jax.lax.cond}, {@code while_loop}, {@code scan}): the
 * primitive holds its branches or bodies as closed sub-graphs, traced once, and runs them by evaluating those
 * graphs — eagerly by {@link #impl} (each sub-graph interpreted with {@code Graphs.eval}, never re-traced), under
 * {@code jit} by the compiler's own control step, which compiles every sub-graph once and runs the compiled
 * program per iteration or branch ({@link #run} with compiled {@code subs}).
 *
 * <p>Closed-over values of enclosing traces are leading operands ({@code consts}), as for the other higher-order
 * primitives. The transforms' rules (JVP, transpose, batching) live in {@code io.graft.transforms}
 * ({@code ControlFlowJvp}, {@code ControlFlowTranspose}, {@code ControlFlowBatch}); the jit lowering is the
 * {@code case ControlFlow} of jit-tornado's {@code Lowering} and the {@code Step.Control} that {@code Program} builds.
 */
public sealed interface ControlFlow extends HigherOrder permits Cond, WhileLoop, Scan {
  /** A sub-graph run on concrete buffers. */
  @FunctionalInterface
  interface Runner extends Function<Vector<NdArray>, Vector<NdArray>> {}

  /** The sub-graphs, in the order {@link #run}'s {@code subs} follow. */
  Vector<Graph> graphs();

  /** The user's function(s), as named in errors and printed. */
  String function();

  /** Runs on concrete operands with sub-graph {@code i} evaluated by {@code subs.get(i)}. */
  Vector<NdArray> run(Vector<NdArray> in, Vector<Runner> subs);

  /** Eager evaluation: each sub-graph is interpreted equation by equation ({@code Graphs.eval}). */
  @Override default Vector<NdArray> impl(Vector<NdArray> in) {
    return run(in, graphs().map(g -> (Runner) args -> Calls.evalConcrete(g, args)));
  }

  /** Effectful when a sub-graph holds an effectful equation. */
  @Override default boolean hasEffect() { return graphs().exists(HigherOrder::anyEffect); }

  /** {@code g} printed as a parameter, indented one level (the printer indents nested lines further). */
  static String nested(Graph g) { return g.toString().replace("\n", "\n  "); }
}
