package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.control.Option;

/**
 * Tangents and cotangents with symbolic zeros: {@code Option.none()} is a zero that costs nothing until a rule
 * has to {@link #instantiate} it.
 */
public final class Tangents {
  private Tangents() {}

  /** Zeros of type {@code t} (strong), staged as a broadcast of a scalar literal when traced. */
  public static Value zeros(ShapedType t) {
    Const zero = Const.of(NdArray.scalar(t.dtype(), 0));
    if (t.rank() == 0) return zero;
    return Bind.bind1(new BroadcastInDim(t.shape(), Ints.of()), zero);
  }

  /** {@code t} itself, or zeros of {@code type} for a symbolic zero. */
  public static Value instantiate(Option<Value> t, ShapedType type) { return t.isDefined() ? t.get() : zeros(type); }

  /** {@code a + b} where either may be a symbolic zero. */
  public static Option<Value> add(Option<Value> a, Option<Value> b) {
    if (a.isEmpty()) return b;
    if (b.isEmpty()) return a;
    return Option.of(LaxOps.add(a.get(), b.get()));
  }

  /**
   * The transpose of {@code broadcast_in_dim(x, ct.shape, dims)}: {@code ct} summed over the axes that broadcasting
   * created (new axes, and size-1 operand axes that were stretched), reshaped to {@code x}'s shape.
   */
  public static Value unbroadcast(Value ct, ShapedType x, Ints dims) {
    ShapedType c = ct.type();
    int[] sum = new int[c.rank()];
    int n = 0;
    for (int a = 0; a < c.rank(); a++) {
      int i = dims.indexOf(a);
      if (i < 0 || (x.shape().dim(i) == 1 && c.shape().dim(a) != 1)) sum[n++] = a;
    }
    Value r = n == 0 ? ct : Bind.bind1(new Reduce(ReduceOp.SUM, Ints.of(java.util.Arrays.copyOf(sum, n))), ct);
    return r.type().shape().equals(x.shape()) ? r : Bind.bind1(new Reshape(x.shape()), r);
  }

  /** The cotangent of an elementwise operand of type {@code x}: {@code ct} itself, or summed when {@code x} was a broadcast rank-0 operand. */
  public static Value sumToOperand(Value ct, ShapedType x) {
    if (x.rank() == ct.type().rank()) return ct;
    return Bind.bind1(new Reduce(ReduceOp.SUM, Ints.range(ct.type().rank())), ct);
  }

  /** {@code f(t)} for a nonzero tangent; a symbolic zero stays zero (for rules linear in {@code t}). */
  public static Option<Value> map(Option<Value> t, java.util.function.Function<Value, Value> f) { return t.map(f); }
}
