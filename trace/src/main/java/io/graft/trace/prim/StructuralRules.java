package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;

/**
 * Checks shared by the structural type rules (axis lists, scalar index operands) and the shape of their JVP rule:
 * every structural primitive is linear in its array operands.
 */
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
  static long[] readIndices(Vector<NdArray> in, int from) {
    long[] s = new long[in.size() - from];
    for (int k = 0; k < s.length; k++) s[k] = in.get(from + k).getLong(0);
    return s;
  }

  /** {@code xs} with {@code v} inserted at position {@code at}. */
  static Ints insert(Ints xs, int at, int v) {
    int[] out = new int[xs.size() + 1];
    for (int i = 0, j = 0; i < out.length; i++) out[i] = i == at ? v : xs.get(j++);
    return Ints.of(out);
  }

  /** Axis {@code a} of an example as an axis of the batch whose batch axis is {@code bdim}. */
  static int shift(int a, int bdim) { return a < bdim ? a : a + 1; }

  /** Every axis of {@code axes} as an axis of the batch whose batch axis is {@code bdim}. */
  static Ints shift(Ints axes, int bdim) {
    int[] out = new int[axes.size()];
    for (int i = 0; i < out.length; i++) out[i] = shift(axes.get(i), bdim);
    return Ints.of(out);
  }

  /** A rank-0 zero index of the dtype of the start indices {@code in[from..]} (i32 when there are none). */
  static Value zeroIndex(Vector<Value> in, int from) {
    DType d = in.size() > from ? in.get(from).type().dtype() : DType.I32;
    return Const.of(NdArray.scalarLong(d, 0));
  }
}
