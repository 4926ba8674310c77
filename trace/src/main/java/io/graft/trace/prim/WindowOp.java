package io.graft.trace.prim;

import io.graft.numerics.kernels.Reductions.Op;

/** The table of {@link ReduceWindow} ops: printed name, kernel op, whether bool is accepted. */
public enum WindowOp {
  /** Window sum (padding counts as 0): sum-pooling, the numerator of average pooling. Not for bool. */
  SUM("reduce_window_sum", Op.SUM, false),
  /** Window maximum (padding counts as -inf): max-pooling. */
  MAX("reduce_window_max", Op.MAX, true),
  /** Window minimum (padding counts as +inf). */
  MIN("reduce_window_min", Op.MIN, true);

  private final String printName;
  private final Op kernel;
  private final boolean acceptsBool;

  WindowOp(String printName, Op kernel, boolean acceptsBool) {
    this.printName = printName;
    this.kernel = kernel;
    this.acceptsBool = acceptsBool;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel op. */
  public Op kernel() { return kernel; }

  /** Whether bool operands are accepted. */
  public boolean acceptsBool() { return acceptsBool; }
}
