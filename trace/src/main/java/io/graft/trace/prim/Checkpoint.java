package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * {@code jax.checkpoint} (remat): evaluates {@code fun}; reverse mode keeps only its inputs and recomputes its
 * insides during the backward pass, trading compute for the memory of its intermediate values.
 *
 * @param fun      the function's graph (closed-over values are leading parameters)
 * @param function the user's function, for printing
 */
public record Checkpoint(Graph fun, String function) implements HigherOrder {
  /** Validates. */
  public Checkpoint {
    Objects.requireNonNull(fun, "fun is null");
    Objects.requireNonNull(function, "function is null");
  }

  /** The primitive's name; the user's function is {@link #function()}. */
  @Override public String name() { return "checkpoint"; }

  /** Effectful when its graph holds an effectful equation (a {@code debug_print}): passes must keep it. */
  @Override public boolean hasEffect() { return HigherOrder.anyEffect(fun); }

  @Override public String params() { return "name=" + function + " call_graph=" + fun; }

  @Override public Vector<ShapedType> outTypes(Vector<ShapedType> in) { return Calls.checkCall(name() + "(" + function + ")", fun, in); }

  @Override public Vector<NdArray> impl(Vector<NdArray> in) { return Calls.evalConcrete(fun, in); }
}
