package io.graft.trace.prim;

/**
 * Elementwise primitives: {@code out[i] = f(in0[i], in1[i], ...)} over equal shapes, where rank-0 operands
 * broadcast. Op tables: {@link UnaryOp}, {@link BinaryOp}, {@link CompareOp}; the other records carry their own
 * parameters ({@link IntegerPow}) or operand structure ({@link SelectN}, {@link Clamp}).
 */
public sealed interface Elementwise extends Primitive.Single
    permits Unary, Binary, Compare, IntegerPow, SelectN, Clamp, ConvertElementType, StopGradient, DebugPrint {
}
