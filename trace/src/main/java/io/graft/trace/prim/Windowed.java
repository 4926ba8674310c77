package io.graft.trace.prim;

/**
 * Sliding-window primitives: {@link ReduceWindow} (pooling) and {@link SelectAndScatterAdd} (the gradient of
 * max-pooling). Window geometry: per-axis window sizes, strides, {@link Padding} and dilations.
 */
public sealed interface Windowed extends Primitive.Single permits ReduceWindow, SelectAndScatterAdd {
}
