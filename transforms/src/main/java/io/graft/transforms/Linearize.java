package io.graft.transforms;

import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.TraceContext;
import io.graft.trace.Value;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/**
 * {@code jax.linearize}: the primal results of {@code f} and its linear map at the primals, as a graph.
 *
 * <p>Forward mode with the tangent inputs as parameters of a (non-staging) {@link GraphBuilder}: primal work runs
 * at once (or in the enclosing trace), and only operations that touch tangents are recorded — the linear
 * graph. Its residuals (values from the forward pass) are its constants, or leading parameters bound to
 * {@link Linear#outerArgs} when they are tracers of enclosing transforms. NB: JAX gets the same split by
 * partial evaluation of the JVP; recording only the tangent side is equivalent and needs no separate pass.
 */
public final class Linearize {
  private Linearize() {}

  /**
   * A linear map recorded as a graph.
   *
   * @param graph     parameters: {@code outerArgs.size()} residuals, then one tangent per primal input
   * @param outerArgs values of enclosing transforms bound to the leading parameters
   */
  public record Linear(Graph graph, Vector<Value> outerArgs) {
    /** Applies the linear map to tangents (one per primal input). */
    public Vector<Value> apply(Vector<? extends Value> tangents) {
      return graph.eval(outerArgs.appendAll(tangents));
    }

    /** The transposed map: cotangents of the results to cotangents of the inputs ({@code none} = zero). */
    public Vector<Option<Value>> transpose(Vector<? extends Value> cts) {
      return Transpose.backward(graph, outerArgs, cts);
    }
  }

  /** Linearizes {@code f} at {@code primals}. */
  public static Tuple2<Vector<Value>, Linear> linearize(String transform, String function,
      Function<Vector<Value>, Vector<? extends Value>> f, Vector<Value> primals) {
    GraphBuilder b = GraphBuilder.start(transform, function);
    try {
      Vector<Value> tangentsIn = primals.map(p -> (Value) b.param(Jvp.tangentType(p.type())));
      Tuple2<Vector<Value>, Vector<Value>> out = TraceContext.within(b.main(),
          () -> Jvp.jvp(transform, function, f, primals, tangentsIn.map(Option::of)));
      GraphBuilder.Traced traced = b.finish(out._2);
      return new Tuple2<>(out._1, new Linear(traced.graph(), traced.outerArgs()));
    } finally {
      b.main().close();
    }
  }
}
