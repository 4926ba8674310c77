package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.UnaryKernels;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * One-operand elementwise math {@code y[i] = f(x[i])}; the op table is {@link UnaryOp}. Prints as {@code sin a}
 * (or {@code round[rounding_method=0] a}).
 *
 * <p>Type rule: the operand's dtype must be in the op's domain; the result has the operand's shape, dtype and
 * weakness, except {@code is_finite}, whose result is a strong bool.
 * <pre>{@code Bind.bind1(new Unary(UnaryOp.SQRT), x)   // f32[3] -> f32[3]}</pre>
 *
 * @param op which function
 */
public record Unary(UnaryOp op) implements Elementwise {
  /** Validates. */
  public Unary { Objects.requireNonNull(op, "op is null"); }

  @Override public String name() { return op.printName(); }

  @Override public String params() { return op.params(); }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    ElementwiseRules.requireDomain(name(), op.domain(), x, in);
    DType r = op.resultDType(x.dtype());
    return r == x.dtype() ? x : new ShapedType(x.shape(), r, false);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return UnaryKernels.apply(op.kernel(), in.head()); }
}
