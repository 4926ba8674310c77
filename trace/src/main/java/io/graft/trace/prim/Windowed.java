package io.graft.trace.prim;

/**
 * Sliding-window primitives: {@link ReduceWindow} (pooling), {@link SelectAndScatterAdd} (the gradient of
 * max-pooling) and {@link SelectAndGatherAdd} (its JVP; the two are each other's transpose). Window geometry:
 * per-axis window sizes, strides, {@link Padding} and dilations.
 */
public sealed interface Windowed extends Primitive.Single permits ReduceWindow, SelectAndScatterAdd, SelectAndGatherAdd {
}
