package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.trace.Compiler;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * {@code jax.jit}'s call primitive: applies the graph {@code fun} as one compiled unit. Its eager
 * implementation compiles {@code fun} with {@code compiler} and runs the executable.
 *
 * <p>Transforms: forward mode splits the JVP of {@code fun} into a known half, bound as a jit call (so the
 * forward of {@code grad(jit(f))} runs compiled), and a tangent half whose ops are recorded like any others (so
 * linearize + transpose never meet a jit call); {@code vmap} re-traces {@code fun} under {@code vmap} and binds a
 * jit call of the batched graph.
 *
 * @param fun      the function's graph (closed-over values of enclosing traces are leading parameters)
 * @param name     the user's function, for printing
 * @param compiler compiles {@code fun} for eager evaluation; not printed
 */
public record JitCall(Graph fun, String name, Compiler compiler) implements HigherOrder {
  /** Validates. */
  public JitCall {
    Objects.requireNonNull(fun, "fun is null");
    Objects.requireNonNull(name, "name is null");
    Objects.requireNonNull(compiler, "compiler is null");
  }

  /** A jit call run by the reference {@link Compiler#INTERPRETER}. */
  public JitCall(Graph fun, String name) { this(fun, name, Compiler.INTERPRETER); }

  @Override public String name() { return "jit"; }

  /** Effectful when its graph holds an effectful equation (a {@code debug_print}). */
  @Override public boolean hasEffect() { return HigherOrder.anyEffect(fun); }

  /** The user's function, as printed in {@code name=}. */
  public String function() { return name; }

  @Override public String params() { return "name=" + name + " call_graph=" + fun; }

  @Override public Vector<ShapedType> outTypes(Vector<ShapedType> in) { return Calls.checkCall(name(), fun, in); }

  /** Compiles {@code fun} (a compiler may memoise: Graft's does, per graph object) and runs it. */
  @Override public Vector<NdArray> impl(Vector<NdArray> in) { return compiler.compile(fun).run(in); }
}
