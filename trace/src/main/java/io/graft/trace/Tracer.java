package io.graft.trace;

/**
 * A value inside a transform: it belongs to one {@link Trace}, which decides what each primitive applied to it
 * means (record it in a graph, push a tangent, add a batch dimension, ...).
 *
 * <p>Transforms (module {@code transforms}) and graph building subclass it.
 */
public non-sealed abstract class Tracer implements Value {
  /** For the subclasses of transforms and graph building. */
  protected Tracer() {}

  /** The trace this tracer belongs to. */
  public abstract Trace trace();

  /** The abstract value this tracer stands for. */
  @Override public abstract ShapedType type();

  @Override public String toString() {
    return "Tracer<" + type() + "> of " + trace().main().describe();
  }
}
