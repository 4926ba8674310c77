package io.graft.trace;

import io.graft.trace.prim.Primitive;
import io.vavr.collection.Vector;

/**
 * The interpretation of primitives inside one transform (autodidax's {@code Trace}): how constants and
 * lower-level tracers enter it, and what applying a primitive to its tracers means.
 */
public abstract class Trace {
  private final MainTrace main;

  /** A trace for {@code main}. */
  protected Trace(MainTrace main) { this.main = main; }

  /** The running transform this trace belongs to. */
  public final MainTrace main() { return main; }

  /** Brings a concrete value into this trace. */
  public abstract Tracer pure(Const value);

  /** Brings a tracer of a lower-level trace into this trace. */
  public abstract Tracer lift(Tracer lower);

  /** Applies {@code prim} to operands that all belong to this trace. */
  public abstract Vector<Value> process(Primitive prim, Vector<Tracer> args);

  /**
   * {@link #process} for a single-result primitive: its one result. Traces on the hot path override it to skip the
   * result vector; the default unwraps {@code process}.
   */
  public Value process1(Primitive.Single prim, Vector<Tracer> args) { return process(prim, args).head(); }

  /** Any value as a tracer of this trace (constants via {@link #pure}, lower tracers via {@link #lift}). */
  public final Tracer raise(Value v) {
    if (v instanceof Tracer t && t.trace() == this) return t;   // the common case, before the pattern switch
    return switch (v) {
      case Const c -> pure(c);
      case Abstract a -> throw ConcretizationError.abstractValue(a, main.describe());
      case Tracer t when t.trace().main() == main -> t;
      case Tracer t when t.trace().main().level() < main.level() -> lift(t);
      case Tracer t -> throw new TracerLeakError("a value traced by " + t.trace().main().describe()
          + " reached " + main.describe() + " from an inner level: a tracer escaped its transform; "
          + "return values from the transformed function instead of storing them in fields or closures");
    };
  }
}
