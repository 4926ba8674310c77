package io.graft.trace;

import io.graft.numerics.NdArray;
import io.graft.trace.prim.Collective;
import io.graft.trace.prim.HalfPrecision;
import io.graft.trace.prim.Primitive;
import io.vavr.collection.Vector;

/**
 * Applies a primitive to values: the one entry point every op goes through (autodidax's {@code bind}).
 *
 * <p>The highest-level trace among the operands (or the dynamic trace, if higher) processes the primitive; with
 * no trace at all the primitive runs eagerly: its type rule checks the operands, then its kernel computes.
 * <pre>{@code Value y = Bind.bind1(new Unary(UnaryOp.SIN), x);}</pre>
 */
public final class Bind {
  private Bind() {}

  /** {@code prim(args)}, all results. */
  public static Vector<Value> bind(Primitive prim, Vector<? extends Value> args) {
    MainTrace top = TraceContext.dynamic();
    for (int i = 0; i < args.size(); i++) top = higher(prim, args.get(i), top);   // indexed: no iterator per op
    if (prim instanceof Collective c) top = named(c, top);
    if (top == null) return eager(prim, args);
    Trace trace = top.trace();
    Tracer[] raised = new Tracer[args.size()];                // Vector.of wraps the array: cheaper than map
    for (int i = 0; i < raised.length; i++) raised[i] = trace.raise(args.get(i));
    return trace.process(prim, Vector.of(raised));
  }

  /**
   * {@code prim(args)} for a single-result primitive. With no trace active and only constant operands (plain eager
   * code) it goes straight to the type rule and the kernel: no tracer, no result vector.
   */
  public static Value bind1(Primitive.Single prim, Value... args) {
    MainTrace top = TraceContext.dynamic();
    for (Value a : args) top = higher(prim, a, top);
    if (prim instanceof Collective c) top = named(c, top);
    if (top == null) {
      NdArray[] arrays = new NdArray[args.length];
      ShapedType[] types = new ShapedType[args.length];
      for (int i = 0; i < args.length; i++) concrete(prim, args[i], i, arrays, types);
      return eager1(prim, arrays, types);
    }
    Trace trace = top.trace();
    Tracer[] raised = new Tracer[args.length];
    for (int i = 0; i < raised.length; i++) raised[i] = trace.raise(args[i]);
    return trace.process1(prim, Vector.of(raised));
  }

  /** {@link #bind1(Primitive.Single, Value...)} for operands already in a vector (transforms' rules). */
  public static Value bind1(Primitive.Single prim, Vector<? extends Value> args) {
    MainTrace top = TraceContext.dynamic();
    for (int i = 0; i < args.size(); i++) top = higher(prim, args.get(i), top);
    if (prim instanceof Collective c) top = named(c, top);
    if (top == null) {
      NdArray[] arrays = new NdArray[args.size()];
      ShapedType[] types = new ShapedType[args.size()];
      for (int i = 0; i < arrays.length; i++) concrete(prim, args.get(i), i, arrays, types);
      return eager1(prim, arrays, types);
    }
    Trace trace = top.trace();
    Tracer[] raised = new Tracer[args.size()];
    for (int i = 0; i < raised.length; i++) raised[i] = trace.raise(args.get(i));
    return trace.process1(prim, Vector.of(raised));
  }

  /**
   * The higher of {@code top} and the trace of {@code v} when it is a tracer; a {@link TracerLeakError} for a tracer
   * of a finished transform or of another thread's.
   */
  private static MainTrace higher(Primitive prim, Value v, MainTrace top) {
    if (!(v instanceof Tracer t)) return top;
    MainTrace m = t.trace().main();
    if (!m.alive())
      throw new TracerLeakError(prim.name() + ": an operand " + t.type() + " is a tracer of " + m.describe()
          + ", which has already finished: the value leaked out of its transform (stored in a field, a "
          + "static or a captured variable); return it from the transformed function instead");
    if (m.owner() != Thread.currentThread())
      throw new TracerLeakError(prim.name() + ": an operand " + t.type() + " is a tracer of " + m.describe()
          + ", which is still running on thread " + describe(m.owner()) + ", but it was used on thread "
          + describe(Thread.currentThread()) + ": a tracer belongs to the thread running its transform; hand "
          + "other threads concrete Arrays (results of the transformed function), or run the transform on each thread");
    return top == null || m.level() > top.level() ? m : top;
  }

  /**
   * The higher of {@code top} and the {@code vmap} that binds the collective's axis name, so that this map's trace
   * applies its named batching rule even to operands it does not hold (a constant's {@code psum} is {@code size * x});
   * an {@link UnboundAxisError} when no enclosing {@code vmap} binds the name. A {@code pmap}'s device axis has no
   * trace of its own: {@code top} (the staging trace of {@code pmap}'s per-device program) records the collective.
   */
  private static MainTrace named(Collective c, MainTrace top) {
    NamedAxis axis = TraceContext.axis(c.axisName()).getOrElseThrow(() -> Collective.unbound(c.name(), c.axisName()));
    if (axis.main().isEmpty()) return top;    // a pmap's device axis: recorded by the enclosing (staging) trace
    MainTrace m = axis.main().get();
    return top == null || m.level() > top.level() ? m : top;
  }

  private static String describe(Thread t) { return "'" + t.getName() + "' (#" + t.threadId() + ")"; }

  private static Vector<Value> eager(Primitive prim, Vector<? extends Value> args) {
    NdArray[] arrays = new NdArray[args.size()];
    ShapedType[] types = new ShapedType[args.size()];
    for (int i = 0; i < arrays.length; i++) concrete(prim, args.get(i), i, arrays, types);
    if (prim instanceof Primitive.Single s) return Vector.of(eager1(s, arrays, types));
    Vector<ShapedType> outTypes = prim.outTypes(Vector.of(types));
    Vector<NdArray> outs = HalfPrecision.impl(prim, Vector.of(arrays));
    if (NanCheck.enabled()) NanCheck.check(prim, Vector.of(arrays), outs, null);
    return outs.zipWith(outTypes, (o, t) -> (Value) new Const(o, t.weak()));
  }

  /** Puts the buffer and type of the concrete operand {@code v} at {@code i}; a value without data cannot run. */
  private static void concrete(Primitive prim, Value v, int i, NdArray[] arrays, ShapedType[] types) {
    if (v instanceof Const c) {                                // the common case, before the pattern switch
      arrays[i] = c.array();
      types[i] = c.type();
      return;
    }
    switch (v) {
      case Const c -> { arrays[i] = c.array(); types[i] = c.type(); }
      case Abstract a -> throw ConcretizationError.abstractValue(a, prim.name());
      case Tracer t -> throw new AssertionError("tracers are handled by their trace: " + t);
    }
  }

  /** A single-result primitive on concrete operands: its type rule, then its kernel (no result vectors). */
  private static Value eager1(Primitive.Single prim, NdArray[] arrays, ShapedType[] types) {
    ShapedType outType = prim.type(Vector.of(types));
    Vector<NdArray> in = Vector.of(arrays);
    NdArray out = HalfPrecision.eval(prim, in);
    if (NanCheck.enabled()) NanCheck.check(prim, in, Vector.of(out), null);
    return new Const(out, outType);                            // the rule's type, kept: no second ShapedType
  }
}
