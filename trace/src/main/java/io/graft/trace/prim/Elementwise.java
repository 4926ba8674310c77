package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.trace.Value;
import io.vavr.collection.Vector;

/**
 * Elementwise primitives: {@code out[i] = f(in0[i], in1[i], ...)} over equal shapes, where rank-0 operands
 * broadcast. Op tables: {@link UnaryOp}, {@link BinaryOp}, {@link CompareOp}; the other records carry their own
 * parameters ({@link IntegerPow}) or operand structure ({@link SelectN}, {@link Clamp}).
 */
public sealed interface Elementwise extends Primitive.Single
    permits Unary, Binary, Compare, IntegerPow, SelectN, Clamp, ConvertElementType, BitcastConvertType, StopGradient, DebugPrint {
  /**
   * Elementwise batching ({@code batching.defvectorized} and {@code defbroadcasting} in one): the primitive applied
   * directly, keeping the batch axis, when the mapped operands agree on shape and batch axis and the unmapped ones
   * are rank-0; otherwise after lining the operands up with {@link Batching#elementwise} (batch axis 0).
   */
  @Override default Batched batch(Vector<Value> args, Ints dims, int size) { return ElementwiseRules.batch(this, args, dims, size); }
}
