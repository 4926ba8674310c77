package io.graft.trace.prim;

import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Windows;
import io.graft.trace.ShapedType;

/** Validation shared by the reduction and window primitives' type rules. Messages name the op, the type and the fix. */
final class ReduceRules {
  private ReduceRules() {}

  /** Checks that {@code axes} are sorted, unique axes of {@code x}. */
  static void axes(String op, ShapedType x, Ints axes) {
    for (int i = 0; i < axes.size(); i++) {
      int a = axes.get(i);
      if (a < 0 || a >= x.rank())
        throw new ShapeError(op + ": axis " + a + " in axes=" + axes + " is out of range for " + x + " (rank " + x.rank()
            + "); use axes in [0, " + x.rank() + ") (Np functions also accept negative axes)");
      if (i > 0 && a <= axes.get(i - 1))
        throw new ShapeError(op + ": axes=" + axes + " for " + x + " must be sorted and unique; list each axis once, in increasing order");
    }
  }

  /** Checks that {@code axis} is an axis of {@code x}. */
  static void axis(String op, ShapedType x, int axis) {
    if (axis < 0 || axis >= x.rank())
      throw new ShapeError(op + ": axis=" + axis + " is out of range for " + x + " (rank " + x.rank() + "); use an axis in [0, "
          + x.rank() + ") (Np functions also accept negative axes)");
  }

  /** {@code s} without {@code axes}. */
  static Shape drop(Shape s, Ints axes) {
    int[] d = new int[s.rank() - axes.size()];
    for (int i = 0, j = 0; i < s.rank(); i++) if (!axes.contains(i)) d[j++] = s.dim(i);
    return Shape.of(d);
  }

  /** A {@link DTypeError} unless {@code ok}: {@code op} does not accept bool {@code x}. */
  static void notBool(String op, ShapedType x, boolean ok, String fix) {
    if (!ok && x.dtype().isBool()) throw new DTypeError(op + ": does not accept " + x + "; " + fix);
  }

  /**
   * Validates window geometry against {@code x} (one entry per axis, sizes/strides/dilations at least 1, padding
   * non-negative) and returns the output shape, computed in {@code long} and checked against {@link Shape#MAX_SIZE}.
   */
  static Shape window(String op, ShapedType x, Ints win, Ints str, Padding pad, Ints bdil, Ints wdil) {
    length(op, x, "window_dimensions", win.size());
    length(op, x, "window_strides", str.size());
    length(op, x, "padding", pad.rank());
    length(op, x, "base_dilation", bdil.size());
    length(op, x, "window_dilation", wdil.size());
    positive(op, x, "window_dimensions", win);
    positive(op, x, "window_strides", str);
    positive(op, x, "base_dilation", bdil);
    positive(op, x, "window_dilation", wdil);
    for (int d = 0; d < pad.rank(); d++)
      if (pad.lo().get(d) < 0 || pad.hi().get(d) < 0)
        throw new ShapeError(op + ": padding=" + pad + " for " + x + " has a negative entry on axis " + d
            + "; padding must be >= 0 (slice the operand to crop it)");
    long[] out = Windows.outputDims(x.shape().dims(), win.toArray(), str.toArray(), pad.lo().toArray(), pad.hi().toArray(),
        bdil.toArray(), wdil.toArray());
    return Shape.checked(op, () -> "operand " + x + ", window_dimensions=" + win + " window_strides=" + str + " padding=" + pad
        + " base_dilation=" + bdil + " window_dilation=" + wdil, out);
  }

  private static void length(String op, ShapedType x, String param, int n) {
    if (n != x.rank())
      throw new ShapeError(op + ": " + param + " has " + n + " entries but the operand " + x + " has rank " + x.rank()
          + "; give one entry per axis (1 for axes the window leaves alone)");
  }

  private static void positive(String op, ShapedType x, String param, Ints v) {
    for (int d = 0; d < v.size(); d++)
      if (v.get(d) < 1)
        throw new ShapeError(op + ": " + param + "=" + v + " for " + x + " has " + v.get(d) + " on axis " + d + "; every entry must be >= 1");
  }
}
