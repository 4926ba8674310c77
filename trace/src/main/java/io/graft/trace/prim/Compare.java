package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.CompareKernels;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Elementwise comparison {@code z[i] = x[i] cmp y[i]} with a bool result; the op table is {@link CompareOp}.
 * Prints as {@code lt a b}. IEEE semantics for floats (NaN compares false except under {@code ne}).
 *
 * <p>Type rule: operands of one (any) dtype, equal shapes or a rank-0 operand; the result is a strong bool of
 * the broadcast shape. JVP: zero (bool result); batching: operands lined up.
 * <pre>{@code Bind.bind1(new Compare(CompareOp.GT), x, zero)   // f32[3], f32[] -> bool[3]}</pre>
 *
 * @param op which comparison
 */
public record Compare(CompareOp op) implements Elementwise {
  /** Validates. */
  public Compare { Objects.requireNonNull(op, "op is null"); }

  @Override public String name() { return op.printName(); }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 2);
    return new ShapedType(Rules.elementwise(name(), in).shape(), DType.BOOL, false);
  }

  @Override public NdArray eval(Vector<NdArray> in) { return CompareKernels.apply(op.kernel(), in.get(0), in.get(1)); }

  /** A bool result: the tangent is zero. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) { return Option.none(); }
}
