package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * {@code jax.custom_vjp}: evaluates {@code fun}; under reverse differentiation {@code fwd} computes the results
 * and residuals and {@code bwd} maps residuals and output cotangents to argument cotangents. Forward-mode
 * differentiation is not available (as in JAX). Operands: {@code numConsts} closed-over values, then the arguments.
 *
 * @param fun       the function's graph
 * @param fwd       {@code primals -> (outs, residuals)}
 * @param bwd       {@code (residuals, output cotangents) -> argument cotangents}
 * @param numConsts leading operands that are closed-over values
 * @param function  the user's function, for printing and errors
 */
public record CustomVjpCall(Graph fun, Fwd fwd, Bwd bwd, int numConsts, String function) implements HigherOrder {
  /** The forward pass of a custom VJP on flat values. */
  @FunctionalInterface
  public interface Fwd {
    /** The results and the residuals saved for {@link Bwd}. */
    Tuple2<Vector<Value>, Vector<Value>> apply(Vector<Value> primals);
  }

  /** The backward pass of a custom VJP on flat values. */
  @FunctionalInterface
  public interface Bwd {
    /** Argument cotangents ({@code none} = zero) from residuals and result cotangents. */
    Vector<Option<Value>> apply(Vector<Value> residuals, Vector<Value> cts);
  }

  /** Validates. */
  public CustomVjpCall {
    Objects.requireNonNull(fun, "fun is null");
    Objects.requireNonNull(fwd, "fwd is null");
    Objects.requireNonNull(bwd, "bwd is null");
    Objects.requireNonNull(function, "function is null");
  }

  /** The primitive's name; the user's function is {@link #function()}. */
  @Override public String name() { return "custom_vjp_call"; }

  /** Effectful when its graph holds an effectful equation (a {@code debug_print}): passes must keep it. */
  @Override public boolean hasEffect() { return HigherOrder.anyEffect(fun); }

  @Override public String params() { return "name=" + function + " num_consts=" + numConsts + " call_graph=" + fun; }

  @Override public Vector<ShapedType> outTypes(Vector<ShapedType> in) { return Calls.checkCall(name() + "(" + function + ")", fun, in); }

  @Override public Vector<NdArray> impl(Vector<NdArray> in) { return Calls.evalConcrete(fun, in); }
}
