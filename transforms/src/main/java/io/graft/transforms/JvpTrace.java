package io.graft.transforms;

import io.graft.trace.Const;
import io.graft.trace.MainTrace;
import io.graft.trace.Trace;
import io.graft.trace.Tracer;
import io.graft.trace.Value;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.Primitive;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * Forward mode: each tracer carries a primal and a tangent ({@code none} = symbolic zero). A primitive runs on
 * the primals one level down, and its JVP rule gives the result's tangent.
 */
final class JvpTrace extends Trace {
  /** A primal with its tangent. */
  static final class JvpTracer extends Tracer {
    final JvpTrace trace;
    final Value primal;
    final Option<Value> tangent;

    JvpTracer(JvpTrace trace, Value primal, Option<Value> tangent) {
      this.trace = trace;
      this.primal = primal;
      this.tangent = tangent;
    }

    @Override public Trace trace() { return trace; }

    @Override public ShapedType type() { return primal.type(); }
  }

  JvpTrace(MainTrace main) { super(main); }

  JvpTracer tracer(Value primal, Option<Value> tangent) { return new JvpTracer(this, primal, tangent); }

  @Override public Tracer pure(Const c) { return new JvpTracer(this, c, Option.none()); }

  @Override public Tracer lift(Tracer lower) { return new JvpTracer(this, lower, Option.none()); }

  @Override public Vector<Value> process(Primitive prim, Vector<Tracer> args) {
    Vector<Value> primals = args.map(t -> ((JvpTracer) t).primal);
    Vector<Option<Value>> tangents = args.map(t -> ((JvpTracer) t).tangent);
    Vector<Value> outs = Bind.bind(prim, primals);
    if (tangents.forAll(Option::isEmpty)) return outs.map(o -> new JvpTracer(this, o, Option.none()));
    return switch (prim) {
      case Primitive.Single s -> {
        Option<Value> t = s.jvp(primals, tangents, outs.head());
        yield Vector.of(new JvpTracer(this, outs.head(), t));
      }
    };
  }
}
