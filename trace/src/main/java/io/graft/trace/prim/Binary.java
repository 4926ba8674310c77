package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.BinaryKernels;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * Two-operand elementwise arithmetic and logic {@code z[i] = x[i] op y[i]}; the op table is {@link BinaryOp}.
 * Prints as {@code add a b}.
 *
 * <p>Type rule: one dtype, in the op's domain; equal shapes, or a rank-0 operand that broadcasts; the result is
 * weak only if both operands are. No promotion here: {@code Arith}/{@code Logic} promote and broadcast first.
 * JVP: the op's {@code dx}/{@code dy} columns; transpose: in the operands its {@link BinaryOp.Linearity} allows
 * ({@code add, sub, mul, div}); batching: the operands lined up.
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

  /** The sum of the op's {@link BinaryOp#dx() dx} and {@link BinaryOp#dy() dy} columns for the nonzero tangents. */
  @Override public Option<Value> jvp(Vector<Value> primals, Vector<Option<Value>> tangents, Value out) {
    if (!out.type().dtype().isFloating()) return Option.none();
    Value x = primals.get(0), y = primals.get(1);
    Option<Value> cx = contribution(op.dx(), tangents.get(0), x, y, out, out.type());
    Option<Value> cy = contribution(op.dy(), tangents.get(1), x, y, out, out.type());
    return Tangents.add(cx, cy);
  }

  /**
   * For each linear operand, its JVP column applied to {@code ct} (the op is elementwise, so the column is its own
   * transpose), summed over the broadcast axes of a rank-0 operand.
   */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    LinearArg a = args.get(0), b = args.get(1);
    if (!op.linearity().allows(a.isLinear(), b.isLinear())) return Elementwise.super.transpose(ct, args);
    Value x = a instanceof LinearArg.Known k ? k.value() : null, y = b instanceof LinearArg.Known k ? k.value() : null;
    return Vector.of(transposed(op.dx(), a, x, y, ct), transposed(op.dy(), b, x, y, ct));
  }

  private static Option<Value> contribution(Option<BinaryOp.Jvp> column, Option<Value> t, Value x, Value y, Value z, ShapedType out) {
    if (column.isEmpty() || t.isEmpty() || !t.get().type().dtype().isFloating()) return Option.none();
    return Option.of(ElementwiseRules.fit(column.get().apply(x, y, z, t.get()), out));
  }

  private static Option<Value> transposed(Option<BinaryOp.Jvp> column, LinearArg arg, Value x, Value y, Value ct) {
    if (!arg.isLinear()) return Option.none();
    return Option.of(Tangents.sumToOperand(column.get().apply(x, y, null, ct), arg.type()));
  }
}
