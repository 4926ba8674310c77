package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.UnaryKernels;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;

/**
 * One-operand elementwise math {@code y = f(x)}; the op table is {@link UnaryOp}. Prints as {@code sin a}.
 *
 * @param op which function
 */
public record Unary(UnaryOp op) implements Elementwise {
  @Override public String name() { return op.printName(); }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    if (!op.accepts(x.dtype()))
      throw new DTypeError(name() + ": does not accept " + x + "; " + op.dtypeHint());
    return x;
  }

  @Override public NdArray eval(Vector<NdArray> in) { return UnaryKernels.apply(op.kernel(), in.head()); }
}
