package io.graft.trace.prim;

/** Data-movement primitives: they rearrange, select or create elements without arithmetic. */
public sealed interface Structural extends Primitive.Single
    permits BroadcastInDim, Reshape, Squeeze, Transpose, Rev, Pad, Concatenate, Slice, DynamicSlice, DynamicUpdateSlice, Iota {
}
