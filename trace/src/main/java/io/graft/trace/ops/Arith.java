package io.graft.trace.ops;

import io.graft.trace.Bind;
import io.graft.trace.Value;
import io.graft.trace.prim.Binary;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.Unary;
import io.graft.trace.prim.UnaryOp;

/**
 * Elementwise arithmetic on values with NumPy semantics (promotion and broadcasting through {@link Promotion}).
 * Everything here binds primitives, so it works eagerly and under every transform.
 */
public final class Arith {
  private Arith() {}

  /** {@code op(x)}. */
  public static Value unary(UnaryOp op, Value x) { return Bind.bind1(new Unary(op), x); }

  /** {@code x op y} with promotion and broadcasting. */
  public static Value binary(BinaryOp op, Value x, Value y) {
    Value[] p = Promotion.elementwise(op.printName(), x, y);
    return Bind.bind1(new Binary(op), p[0], p[1]);
  }

  /** {@code x + y}. */
  public static Value add(Value x, Value y) { return binary(BinaryOp.ADD, x, y); }

  /** {@code x - y}. */
  public static Value sub(Value x, Value y) { return binary(BinaryOp.SUB, x, y); }

  /** {@code x * y}. */
  public static Value mul(Value x, Value y) { return binary(BinaryOp.MUL, x, y); }

  /** {@code x / y}. */
  public static Value div(Value x, Value y) { return binary(BinaryOp.DIV, x, y); }
}
