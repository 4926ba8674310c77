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

  /**
   * The concrete value this tracer stands for, when its transform knows it: forward mode ({@code jvp}, {@code grad}'s
   * linearization) outside {@code jit} and {@code vmap} carries a concrete primal, so Java control flow on it works
   * ({@code if (x.item() > 0)}, as Python control flow does under {@code jax.grad}); none for staged and batched values.
   */
  public io.vavr.control.Option<Const> concrete() { return io.vavr.control.Option.none(); }

  @Override public String toString() {
    return "Tracer<" + type() + "> of " + trace().main().describe();
  }
}
