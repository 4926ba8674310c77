package io.graft.transforms;

import io.graft.trace.MainTrace;
import io.graft.trace.ShapedType;
import io.graft.trace.TraceContext;
import io.graft.trace.Value;
import io.graft.trace.prim.Tangents;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/**
 * {@code jax.jvp} on flat values: {@code (f(primals), ∂f(primals)·tangents)}.
 */
public final class Jvp {
  private Jvp() {}

  /**
   * Pushes {@code tangents} forward through {@code f} at {@code primals}.
   *
   * @param function the user's function as shown in errors
   * @return the primal results and their tangents (zeros instantiated)
   */
  public static Tuple2<Vector<Value>, Vector<Value>> jvp(String transform, String function,
      Function<Vector<Value>, Vector<? extends Value>> f, Vector<Value> primals, Vector<Option<Value>> tangents) {
    MainTrace main = MainTrace.open(transform, function, JvpTrace::new);
    JvpTrace trace = (JvpTrace) main.trace();
    try {
      Vector<Value> in = primals.zipWith(tangents, (p, t) -> (Value) trace.tracer(p, t));
      Vector<? extends Value> outs = TraceContext.within(main, () -> f.apply(in));
      Vector<JvpTrace.JvpTracer> res = outs.map(o -> (JvpTrace.JvpTracer) trace.raise(o));
      return new Tuple2<>(res.map(r -> r.primal),
          res.map(r -> Tangents.instantiate(r.tangent, r.primal.type().strong())));
    } finally {
      main.close();
    }
  }

  /** The tangent type of a primal type: the same (integer and bool primals only ever get zero tangents). */
  static ShapedType tangentType(ShapedType primal) { return primal.strong(); }
}
