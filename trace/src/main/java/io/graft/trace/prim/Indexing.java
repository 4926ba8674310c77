package io.graft.trace.prim;

/**
 * Indexing primitives: XLA's gather and scatter over general dimension numbers ({@link GatherDims},
 * {@link ScatterDims}). NumPy-level indexing ({@code take}, {@code take_along_axis}, {@code segment_sum},
 * {@code x.at[i].add}) is built from them in {@code io.graft.trace.ops.Indexing}.
 */
public sealed interface Indexing extends Primitive.Single permits Gather, ScatterAdd {
}
