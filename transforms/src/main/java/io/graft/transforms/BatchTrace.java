package io.graft.transforms;

import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.MainTrace;
import io.graft.trace.NamedAxis;
import io.graft.trace.TraceContext;
import io.graft.trace.ShapedType;
import io.graft.trace.Trace;
import io.graft.trace.Tracer;
import io.graft.trace.Value;
import io.graft.trace.prim.Batched;
import io.graft.trace.prim.Collective;
import io.graft.trace.prim.Tangents;
import io.graft.trace.prim.HigherOrder;
import io.graft.trace.prim.LinearCall;
import io.graft.trace.prim.Primitive;
import io.vavr.control.Option;
import io.vavr.collection.Vector;

/**
 * Vectorisation: each tracer holds a value with an extra batch axis (or none), and each primitive's batching
 * rule says how to apply it to the whole batch at once.
 */
final class BatchTrace extends Trace {
  /** A batched value and the position of its batch axis ({@link Batched#NOT_MAPPED} if it has none). */
  static final class BatchTracer extends Tracer {
    final BatchTrace trace;
    final Value value;
    final int dim;

    BatchTracer(BatchTrace trace, Value value, int dim) {
      this.trace = trace;
      this.value = value;
      this.dim = dim;
    }

    @Override public Trace trace() { return trace; }

    /** The type of one element of the batch. */
    @Override public ShapedType type() {
      ShapedType t = value.type();
      return dim == Batched.NOT_MAPPED ? t : t.withShape(t.shape().drop(dim));
    }
  }

  final int size;
  /** The axis name this map binds for collectives, if any (JAX's {@code vmap(..., axis_name=...)}). */
  final Option<String> axisName;

  BatchTrace(MainTrace main, int size, Option<String> axisName) {
    super(main);
    this.size = size;
    this.axisName = axisName;
  }

  /** Runs {@code body} inside this map: the innermost transform, and the binder of its axis name when it has one. */
  <T> T within(java.util.function.Supplier<T> body) {
    return axisName.isEmpty() ? TraceContext.within(main(), body)
        : TraceContext.withinAxis(main(), new NamedAxis(axisName.get(), size, main()), body);
  }

  BatchTracer tracer(Value v, int dim) { return new BatchTracer(this, v, dim); }

  @Override public Tracer pure(Const c) { return new BatchTracer(this, c, Batched.NOT_MAPPED); }

  @Override public Tracer lift(Tracer lower) { return new BatchTracer(this, lower, Batched.NOT_MAPPED); }

  @Override public Vector<Value> process(Primitive prim, Vector<Tracer> args) {
    Vector<Value> vals = args.map(t -> ((BatchTracer) t).value);
    int[] dims = new int[args.size()];
    boolean any = false;
    for (int i = 0; i < dims.length; i++) { dims[i] = ((BatchTracer) args.get(i)).dim; any |= dims[i] != Batched.NOT_MAPPED; }
    if (prim instanceof Collective c && axisName.contains(c.axisName())) {   // the group is this map's batch axis
      Batched b = c.batchNamed(vals, Ints.of(dims), size);
      return Vector.of(new BatchTracer(this, b.value(), b.dim()));
    }
    if (!any) return Bind.bind(prim, vals).map(v -> new BatchTracer(this, v, Batched.NOT_MAPPED));
    return switch (prim) {
      case Primitive.Single s -> {
        Batched b = s.batch(vals, Ints.of(dims), size);
        yield Vector.of(new BatchTracer(this, b.value(), b.dim()));
      }
      case LinearCall l -> {
        // linear in its inputs: apply the map to this trace's tracers, which batches its ops
        Vector<Value> traced = args.map(a -> (Value) a);
        yield l.forward().apply(traced.take(l.numResiduals()), traced.drop(l.numResiduals()).map(Option::of))
            .zipWith(l.outTypes(), Tangents::instantiate);
      }
      case io.graft.trace.prim.ControlFlow c ->
          ControlFlowBatch.process(c, vals, dims, size, axisName).map(b -> (Value) new BatchTracer(this, b.value(), b.dim()));
      case HigherOrder h -> HigherOrderBatch.process(h, vals, dims, size, axisName).map(v -> (Value) new BatchTracer(this, v, 0));
    };
  }
}
