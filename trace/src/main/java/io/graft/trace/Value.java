package io.graft.trace;

/**
 * What a user's {@code Array} holds: a concrete buffer ({@link Const}), a type without data ({@link Abstract},
 * only an input to tracing), or a {@link Tracer} that stands for a value inside a transform.
 */
public sealed interface Value permits Const, Abstract, Tracer {
  /** The abstract value: shape, dtype, weakness. */
  ShapedType type();
}
