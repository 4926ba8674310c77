package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;

/**
 * Shared pieces of type rules (JAX's {@code naryop_dtype_rule}, {@code broadcasting_shape_rule}).
 */
public final class Rules {
  private Rules() {}

  /** Checks the operand count; a {@link ShapeError} naming {@code op} otherwise. */
  public static void arity(String op, Vector<ShapedType> in, int n) {
    if (in.size() != n) throw new ShapeError(op + ": expects " + n + " operand(s), got " + in.size() + " " + in.mkString("(", ", ", ")"));
  }

  /**
   * The elementwise result type of {@code in}: all operands share one dtype, and their shapes are equal except
   * for rank-0 operands, which broadcast. Weak only if every operand is weak.
   */
  public static ShapedType elementwise(String op, Vector<ShapedType> in) {
    ShapedType first = in.head();
    Shape shape = Shape.scalar();
    boolean weak = true;
    for (int i = 0; i < in.size(); i++) {                    // indexed: no iterator per eager op
      ShapedType t = in.get(i);
      if (t.dtype() != first.dtype())
        throw new DTypeError(op + ": operands must have one dtype, got " + in.mkString(", ")
            + "; convert one with astype(...) (Np functions and Array methods promote automatically)");
      if (t.rank() > 0) {
        if (shape.rank() > 0 && !shape.equals(t.shape()))
          throw new ShapeError(op + ": operand shapes must be equal, got " + in.mkString(", ")
              + "; broadcast first with Np.broadcastTo (Array methods and Np functions broadcast automatically)");
        shape = t.shape();
      }
      weak &= t.weak();
    }
    return new ShapedType(shape, first.dtype(), weak);
  }

  /** {@code (0,)}, {@code (0, 1)}, {@code ()}: a tuple as printed in graph parameters. */
  public static String tuple(int... xs) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < xs.length; i++) { if (i > 0) b.append(", "); b.append(xs[i]); }
    if (xs.length == 1) b.append(',');
    return b.append(')').toString();
  }
}
