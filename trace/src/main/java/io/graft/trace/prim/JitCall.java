package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.trace.Compiler;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * {@code jax.jit}'s call primitive: applies the graph of {@code callee} as one compiled unit. Its eager
 * implementation runs {@code callee}'s executable, compiled on first use and kept by {@code callee} (the
 * jitted function's per-signature {@link JitGraph}), so evaluating the same call again never recompiles.
 *
 * <p>Transforms: forward mode splits the JVP of {@code fun} into a known half, bound as a jit call (so the
 * forward of {@code grad(jit(f))} runs compiled), and a tangent half whose ops are recorded like any others (so
 * linearize + transpose never meet a jit call); the split is cached on {@code callee}. {@code vmap} re-traces
 * {@code fun} under {@code vmap} and binds a jit call of the batched graph.
 *
 * @param callee   the function's graph (closed-over values of enclosing traces are leading parameters) and its caches
 * @param function the user's function, printed as {@code name=}
 */
public record JitCall(JitGraph callee, String function) implements HigherOrder {
  /** Validates. */
  public JitCall {
    Objects.requireNonNull(callee, "callee is null");
    Objects.requireNonNull(function, "function is null");
  }

  /** A jit call of {@code fun} compiled by {@code compiler}, with caches of its own. */
  public JitCall(Graph fun, String function, Compiler compiler) { this(new JitGraph(fun, compiler), function); }

  /** A jit call run by the reference {@link Compiler#INTERPRETER}. */
  public JitCall(Graph fun, String function) { this(fun, function, Compiler.INTERPRETER); }

  /** The primitive's name; the user's function is {@link #function()}. */
  @Override public String name() { return "jit"; }

  /** The function's graph. */
  public Graph fun() { return callee.graph(); }

  /** The compiler of {@link #callee()}. */
  public Compiler compiler() { return callee.compiler(); }

  /** Effectful when its graph holds an effectful equation (a {@code debug_print}). */
  @Override public boolean hasEffect() { return HigherOrder.anyEffect(fun()); }

  @Override public String params() { return "name=" + function + " call_graph=" + fun(); }

  @Override public Vector<ShapedType> outTypes(Vector<ShapedType> in) {
    return Calls.checkCall(name() + "(" + function + ")", fun(), in);
  }

  /** Runs {@code callee}'s executable (compiled on the first call only). */
  @Override public Vector<NdArray> impl(Vector<NdArray> in) { return callee.executable().run(in); }
}
