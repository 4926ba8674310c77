package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.BinaryKernels;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * Two-operand elementwise arithmetic and logic {@code z[i] = x[i] op y[i]}; the op table is {@link BinaryOp}.
 * Prints as {@code add a b}.
 *
 * <p>Type rule: one dtype, in the op's domain; equal shapes, or a rank-0 operand that broadcasts; the result is
 * weak only if both operands are. No promotion here: {@code Arith}/{@code Logic} promote and broadcast first.
 * <pre>{@code Bind.bind1(new Binary(BinaryOp.MUL), x, two)   // f32[3], f32[] -> f32[3]}</pre>
 *
 * @param op which operation
 */
public record Binary(BinaryOp op) implements Elementwise {
  /** Validates. */
  public Binary { Objects.requireNonNull(op, "op is null"); }

  @Override public String name() { return op.printName(); }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 2);
    ShapedType t = Rules.elementwise(name(), in);
    ElementwiseRules.requireDomain(name(), op.domain(), t, in);
    return t;
  }

  @Override public NdArray eval(Vector<NdArray> in) { return BinaryKernels.apply(op.kernel(), in.get(0), in.get(1)); }
}
