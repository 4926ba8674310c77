package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * {@code jax.custom_jvp}: evaluates {@code fun}; under forward (and so reverse) differentiation its user rule
 * gives the primal and tangent results instead of differentiating {@code fun}. Operands: {@code numConsts} values
 * {@code fun} closed over (the rule treats them as constants), then the arguments.
 *
 * @param fun       the function's graph
 * @param rule      {@code (primals, tangents) -> (primal outs, tangent outs)}, tangents instantiated
 * @param numConsts leading operands that are closed-over values
 * @param function  the user's function, for printing and errors
 */
public record CustomJvpCall(Graph fun, Rule rule, int numConsts, String function) implements HigherOrder {
  /** A custom JVP rule on flat values. */
  @FunctionalInterface
  public interface Rule {
    /** The primal results and their tangents. */
    Tuple2<Vector<Value>, Vector<Value>> apply(Vector<Value> primals, Vector<Value> tangents);
  }

  /** Validates. */
  public CustomJvpCall {
    Objects.requireNonNull(fun, "fun is null");
    Objects.requireNonNull(rule, "rule is null");
    Objects.requireNonNull(function, "function is null");
  }

  /** The primitive's name; the user's function is {@link #function()}. */
  @Override public String name() { return "custom_jvp_call"; }

  /** Effectful when its graph holds an effectful equation (a {@code debug_print}): passes must keep it. */
  @Override public boolean hasEffect() { return HigherOrder.anyEffect(fun); }

  @Override public String params() { return "name=" + function + " num_consts=" + numConsts + " call_graph=" + fun; }

  @Override public Vector<ShapedType> outTypes(Vector<ShapedType> in) { return Calls.checkCall(name() + "(" + function + ")", fun, in); }

  @Override public Vector<NdArray> impl(Vector<NdArray> in) { return Calls.evalConcrete(fun, in); }
}
