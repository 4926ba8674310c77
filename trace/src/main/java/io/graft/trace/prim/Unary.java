package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.UnaryKernels;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * One-operand elementwise math {@code y[i] = f(x[i])}; the op table is {@link UnaryOp}. Prints as {@code sin a}
 * (or {@code round[rounding_method=0] a}).
 *
 * <p>Type rule: the operand's dtype must be in the op's domain; the result has the operand's shape, dtype and
 * weakness, except {@code is_finite}, whose result is a strong bool. JVP: the op's row in {@link UnaryOp};
 * transpose: only for {@code neg}; batching: the batch axis stays in place.
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

  /** The op's {@link UnaryOp#jvp() JVP column}; zero for rows without one and for non-float results. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    if (!out.type().dtype().isFloating() || tangents.head().isEmpty()) return Option.none();
    return op.jvp().map(rule -> rule.apply(primals.head(), out, tangents.head().get()));
  }

  /** A linear elementwise op is diagonal, so its transpose is the op itself ({@code neg}: {@code -ct}). */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    if (!op.linear()) return Elementwise.super.transpose(ct, args);
    return Vector.of(Option.of(Bind.bind1(this, ct)));
  }
}
