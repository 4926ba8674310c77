package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;

/** Checks shared by the structural type rules: axis lists and scalar index operands. */
final class StructuralRules {
  private StructuralRules() {}

  /**
   * Checks that {@code axes} are distinct, non-negative axes of {@code x}; a {@link ShapeError} naming {@code op},
   * the parameter {@code param}, the operand type and the fix otherwise.
   */
  static void distinctAxes(String op, String param, Ints axes, ShapedType x) {
    for (int i = 0; i < axes.size(); i++) {
      int a = axes.get(i);
      if (a < 0 || a >= x.rank())
        throw new ShapeError(op + ": " + param + " " + axes + " names axis " + a + ", which is not an axis of operand " + x
            + "; use axes in [0, " + x.rank() + ")");
      if (axes.indexOf(a) != i)
        throw new ShapeError(op + ": " + param + " " + axes + " repeats axis " + a + " (operand " + x + "); list each axis once");
    }
  }

  /**
   * Checks the scalar start-index operands {@code in[from..]} of a dynamic slice: one per axis of {@code x}, each a
   * rank-0 integer, all of one dtype (as in JAX).
   */
  static void startIndices(String op, Vector<ShapedType> in, int from, ShapedType x) {
    int n = in.size() - from;
    if (n != x.rank())
      throw new ShapeError(op + ": operand " + x + " has rank " + x.rank() + " but got " + n + " start index operand(s) "
          + in.drop(from).mkString("(", ", ", ")") + "; pass one rank-0 integer index per axis");
    for (int k = from; k < in.size(); k++) {
      ShapedType t = in.get(k);
      if (t.rank() != 0)
        throw new ShapeError(op + ": start index " + (k - from) + " must be rank-0, got " + t + " (operands "
            + in.mkString(", ") + "); pass one scalar per axis");
      if (!t.dtype().isInteger() || t.dtype() != in.get(from).dtype())
        throw new DTypeError(op + ": start indices must be integers of one dtype, got " + in.drop(from).mkString(", ")
            + " (operand " + x + "); convert them with astype(Np.int32)");
    }
  }

  /** The start indices {@code in[from..]} of a dynamic slice as longs. */
  static long[] readIndices(Vector<io.graft.numerics.NdArray> in, int from) {
    long[] s = new long[in.size() - from];
    for (int k = 0; k < s.length; k++) s[k] = in.get(from + k).getLong(0);
    return s;
  }
}
