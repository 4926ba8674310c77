package io.graft.trace;

import io.graft.numerics.NdArray;
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
    for (int i = 0; i < args.size(); i++) {   // indexed: a Vector's iterator is an allocation per op
      if (args.get(i) instanceof Tracer t) {
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
        if (top == null || m.level() > top.level()) top = m;
      }
    }
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
    if (TraceContext.dynamic() == null && allConst(args)) {
      NdArray[] arrays = new NdArray[args.length];
      ShapedType[] types = new ShapedType[args.length];
      for (int i = 0; i < args.length; i++) {
        Const c = (Const) args[i];
        arrays[i] = c.array();
        types[i] = c.type();
      }
      return eager1(prim, arrays, types);
    }
    return bind(prim, Vector.of(args)).head();
  }

  private static boolean allConst(Value[] args) {
    for (Value a : args) if (!(a instanceof Const)) return false;
    return true;
  }

  private static String describe(Thread t) { return "'" + t.getName() + "' (#" + t.threadId() + ")"; }

  private static Vector<Value> eager(Primitive prim, Vector<? extends Value> args) {
    NdArray[] arrays = new NdArray[args.size()];
    ShapedType[] types = new ShapedType[args.size()];
    for (int i = 0; i < arrays.length; i++) {
      Value v = args.get(i);
      if (v instanceof Const c) {                              // the common case, before the pattern switch
        arrays[i] = c.array();
        types[i] = c.type();
        continue;
      }
      switch (v) {
        case Const c -> { arrays[i] = c.array(); types[i] = c.type(); }
        case Abstract a -> throw ConcretizationError.abstractValue(a, prim.name());
        case Tracer t -> throw new AssertionError("tracers are handled by their trace: " + t);
      }
    }
    if (prim instanceof Primitive.Single s) return Vector.of(eager1(s, arrays, types));
    Vector<ShapedType> outTypes = prim.outTypes(Vector.of(types));
    Vector<NdArray> outs = prim.impl(Vector.of(arrays));
    if (NanCheck.enabled()) NanCheck.check(prim, Vector.of(arrays), outs, null);
    return outs.zipWith(outTypes, (o, t) -> (Value) new Const(o, t.weak()));
  }

  /** A single-result primitive on concrete operands: its type rule, then its kernel (no result vectors). */
  private static Value eager1(Primitive.Single prim, NdArray[] arrays, ShapedType[] types) {
    ShapedType outType = prim.type(Vector.of(types));
    Vector<NdArray> in = Vector.of(arrays);
    NdArray out = prim.eval(in);
    if (NanCheck.enabled()) NanCheck.check(prim, in, Vector.of(out), null);
    return new Const(out, outType.weak());
  }
}
