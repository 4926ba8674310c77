package io.graft.trace.prim;

/** Elementwise primitives: {@code out[i] = f(in0[i], in1[i], ...)} over equal shapes (rank-0 operands broadcast). */
public sealed interface Elementwise extends Primitive.Single permits Unary, Binary, ConvertElementType {
}
