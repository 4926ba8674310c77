package io.graft.transforms;

import io.graft.trace.Const;
import io.graft.trace.MainTrace;
import io.graft.trace.Trace;
import io.graft.trace.Tracer;
import io.graft.trace.Value;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.Tangents;
import io.graft.trace.prim.HigherOrder;
import io.graft.trace.prim.JitCall;
import io.graft.trace.prim.LinearCall;
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
    private final ShapedType type;   // the primal's, read once: type() is on every dispatch's path

    JvpTracer(JvpTrace trace, Value primal, Option<Value> tangent) {
      this.trace = trace;
      this.primal = primal;
      this.tangent = tangent;
      this.type = primal.type();
    }

    @Override public Trace trace() { return trace; }

    @Override public ShapedType type() { return type; }

    /** The primal, when it is concrete (directly or through the tracers of enclosing forward-mode transforms). */
    @Override public Option<Const> concrete() {
      return switch (primal) {
        case Const c -> Option.of(c);
        case Tracer t -> t.concrete();
        default -> Option.none();
      };
    }
  }

  JvpTrace(MainTrace main) { super(main); }

  JvpTracer tracer(Value primal, Option<Value> tangent) { return new JvpTracer(this, primal, tangent); }

  @Override public Tracer pure(Const c) { return new JvpTracer(this, c, Option.none()); }

  @Override public Tracer lift(Tracer lower) { return new JvpTracer(this, lower, Option.none()); }

  /** One result: no result vector. */
  @SuppressWarnings("unchecked")
  @Override public Value process1(Primitive.Single prim, Vector<Tracer> args) {
    Value[] ps = new Value[args.size()];
    Option<Value>[] ts = (Option<Value>[]) new Option<?>[ps.length];
    split(args, ps, ts);
    return single(prim, Vector.of(ps), Vector.of(ts));
  }

  /** The primal result, run one level down, with its tangent from the JVP rule (none when all tangents are zero). */
  private JvpTracer single(Primitive.Single s, Vector<Value> primals, Vector<Option<Value>> tangents) {
    Value out = Bind.bind1(s, primals);
    Option<Value> t = allZero(tangents) ? Option.none() : s.jvp(primals, tangents, out);
    return new JvpTracer(this, out, t);
  }

  /** Primals and tangents of {@code args}, in one pass (then wrapped by {@code Vector.of}: no map copies). */
  private static void split(Vector<Tracer> args, Value[] ps, Option<Value>[] ts) {
    for (int i = 0; i < ps.length; i++) {
      JvpTracer t = (JvpTracer) args.get(i);
      ps[i] = t.primal;
      ts[i] = t.tangent;
    }
  }

  @SuppressWarnings("unchecked")
  @Override public Vector<Value> process(Primitive prim, Vector<Tracer> args) {
    Value[] ps = new Value[args.size()];
    Option<Value>[] ts = (Option<Value>[]) new Option<?>[ps.length];
    split(args, ps, ts);
    Vector<Value> primals = Vector.of(ps);
    Vector<Option<Value>> tangents = Vector.of(ts);
    if (prim instanceof Primitive.Single s) return Vector.of(single(s, primals, tangents));   // before the pattern switch
    return switch (prim) {
      case Primitive.Single s -> throw new AssertionError("handled above: " + s);
      case LinearCall l -> {
        // linear in its inputs: apply the map to this trace's tracers, so this trace differentiates its ops
        Vector<Value> traced = args.map(a -> (Value) a);
        yield l.forward().apply(traced.take(l.numResiduals()), traced.drop(l.numResiduals()).map(Option::of))
            .zipWith(l.outTypes(), Tangents::instantiate);
      }
      case HigherOrder h when allZero(tangents) ->
          Bind.bind(h, primals).map(o -> (Value) new JvpTracer(this, o, Option.none()));
      case JitCall j -> {
        // the known half runs as one (compiled) jit call one level down; the tangent half is recorded like any
        // other tangent ops, so a linear graph never holds a jit call (Transpose needs none)
        var r = JitJvp.apply(j, primals, tangents);
        yield r._1.zipWith(r._2, (o, t) -> (Value) new JvpTracer(this, o, Option.of(t)));
      }
      case io.graft.trace.prim.ControlFlow c -> {
        var r = ControlFlowJvp.process(c, primals, tangents);
        yield r._1.zipWith(r._2, (o, t) -> (Value) new JvpTracer(this, o, t));
      }
      case HigherOrder h -> {
        var r = HigherOrderJvp.process(h, primals, tangents);
        yield r._1.zipWith(r._2, (o, t) -> (Value) new JvpTracer(this, o, t));
      }
    };
  }

  /** True when every tangent is a symbolic zero (indexed: {@code forAll}'s iterator is an allocation per op). */
  private static boolean allZero(Vector<Option<Value>> tangents) {
    for (int i = 0; i < tangents.size(); i++) if (tangents.get(i).isDefined()) return false;
    return true;
  }
}
