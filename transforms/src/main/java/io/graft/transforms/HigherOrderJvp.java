package io.graft.transforms;

import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.TransformError;
import io.graft.trace.Value;
import io.graft.trace.prim.Tangents;
import io.graft.trace.prim.Checkpoint;
import io.graft.trace.prim.CustomJvpCall;
import io.graft.trace.prim.CustomVjpCall;
import io.graft.trace.prim.HigherOrder;
import io.graft.trace.prim.JitCall;
import io.graft.trace.prim.LinearCall;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * Forward mode for the higher-order primitives (JAX's {@code process_custom_jvp_call},
 * {@code process_custom_vjp_call}, remat): a custom JVP rule replaces differentiation; a custom VJP records its
 * {@code bwd} as the transpose of a {@link LinearCall}; a checkpoint records a {@link LinearCall} that recomputes
 * the function instead of saving its insides.
 */
final class HigherOrderJvp {
  private HigherOrderJvp() {}

  /** Primal and tangent results of a custom rule or checkpoint with at least one nonzero tangent. */
  static Tuple2<Vector<Value>, Vector<Option<Value>>> process(HigherOrder h, Vector<Value> primals,
                                                              Vector<Option<Value>> tangents) {
    return switch (h) {
      case CustomJvpCall c -> customJvp(c, primals, tangents);
      case CustomVjpCall c -> customVjp(c, primals, tangents);
      case Checkpoint c -> checkpoint(c, primals, tangents);
      case LinearCall l -> throw new IllegalStateException("linear_call is applied inline by the JVP trace");
      case JitCall j -> throw new IllegalStateException("jit is split by the JVP trace (JitJvp)");
      case io.graft.trace.prim.ControlFlow c -> throw new IllegalStateException("control flow has its own rules (ControlFlowJvp)");
    };
  }

  private static Vector<Value> instantiated(Vector<Value> primals, Vector<Option<Value>> tangents) {
    return tangents.zipWith(primals, (t, p) -> Tangents.instantiate(t, p.type().strong()));
  }

  private static Tuple2<Vector<Value>, Vector<Option<Value>>> customJvp(CustomJvpCall c, Vector<Value> primals,
                                                                      Vector<Option<Value>> tangents) {
    int k = c.numConsts();
    Tuple2<Vector<Value>, Vector<Value>> r = c.rule().apply(primals.drop(k), instantiated(primals.drop(k), tangents.drop(k)));
    Vector<ShapedType> want = c.fun().outTypes();
    check("customJvp(" + c.function() + "): the rule's primal results", want, r._1);
    check("customJvp(" + c.function() + "): the rule's tangent results", want, r._2);
    return new Tuple2<>(r._1, r._2.map(Option::of));
  }

  private static Tuple2<Vector<Value>, Vector<Option<Value>>> customVjp(CustomVjpCall c, Vector<Value> primals,
                                                                      Vector<Option<Value>> tangents) {
    int k = c.numConsts();
    Tuple2<Vector<Value>, Vector<Value>> r = c.fwd().apply(primals.drop(k));
    Vector<ShapedType> want = c.fun().outTypes();
    check("customVjp(" + c.function() + "): fwd's results", want, r._1);
    LinearCall lin = new LinearCall("custom_vjp", want.map(ShapedType::strong), r._2.size(),
        (res, in) -> {
          throw new TransformError("jvp(customVjp " + c.function() + "): forward-mode differentiation of a customVjp "
              + "function is not defined (as in JAX); use customJvp for forward mode, or reverse mode (grad, vjp)");
        },
        (res, cts) -> c.bwd().apply(res, cts.zipWith(want, (ct, t) -> Tangents.instantiate(ct, t.strong()))));
    Vector<Value> touts = Bind.bind(lin, r._2.appendAll(instantiated(primals.drop(k), tangents.drop(k))));
    return new Tuple2<>(r._1, touts.map(Option::of));
  }

  private static Tuple2<Vector<Value>, Vector<Option<Value>>> checkpoint(Checkpoint c, Vector<Value> primals,
                                                                       Vector<Option<Value>> tangents) {
    Vector<Value> outs = Bind.bind(c, primals);
    String name = c.function();
    LinearCall lin = new LinearCall("checkpoint", c.fun().outTypes().map(ShapedType::strong), primals.size(),
        (res, in) -> Jvp.jvp("checkpoint", name, xs -> c.fun().eval(xs), res,
            in.zipWith(res, (t, p) -> Option.of(Tangents.instantiate(t, p.type().strong()))))._2.map(Option::of),
        (res, cts) -> Linearize.linearize("checkpoint", name, xs -> c.fun().eval(xs), res)._2
            .transpose(cts.zipWith(c.fun().outTypes(), (ct, t) -> Tangents.instantiate(ct, t.strong()))));
    Vector<Value> touts = Bind.bind(lin, primals.appendAll(instantiated(primals, tangents)));
    return new Tuple2<>(outs, touts.map(Option::of));
  }

  private static void check(String what, Vector<ShapedType> want, Vector<Value> got) {
    if (got.size() != want.size())
      throw new ShapeError(what + ": " + got.size() + " values, but the function returns " + want.size() + " " + want.mkString("(", ", ", ")"));
    for (int i = 0; i < got.size(); i++) {
      ShapedType g = got.get(i).type(), w = want.get(i);
      if (!g.shape().equals(w.shape()) || g.dtype() != w.dtype())
        throw new ShapeError(what + ": result " + i + " is " + g + " but the function returns " + w);
    }
  }
}
