package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.BinaryKernels;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;

/**
 * Two-operand elementwise arithmetic {@code z = x op y} over one dtype and equal shapes (a rank-0 operand
 * broadcasts); the op table is {@link BinaryOp}. Prints as {@code add a b}.
 *
 * @param op which operation
 */
public record Binary(BinaryOp op) implements Elementwise {
  @Override public String name() { return op.printName(); }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 2);
    ShapedType t = Rules.elementwise(name(), in);
    if (!op.accepts(t.dtype())) throw new DTypeError(name() + ": does not accept " + in.mkString(", ") + "; " + op.dtypeHint());
    return t;
  }

  @Override public NdArray eval(Vector<NdArray> in) { return BinaryKernels.apply(op.kernel(), in.get(0), in.get(1)); }
}
