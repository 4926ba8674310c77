package io.graft.trace.prim;

import io.graft.numerics.kernels.Reductions.Op;

/** The table of {@link Reduce} ops: printed name, kernel op, whether bool is accepted. */
public enum ReduceOp {
  /** Sum; empty sums are 0. Not for bool (jnp.sum converts bool to i32 first). */
  SUM("reduce_sum", Op.SUM, false),
  /** Maximum; empty maxima are -inf (int min, false); NaN propagates; on bool: any. */
  MAX("reduce_max", Op.MAX, true),
  /** Minimum; empty minima are +inf (int max, true); NaN propagates; on bool: all. */
  MIN("reduce_min", Op.MIN, true),
  /** Product; empty products are 1. Not for bool. */
  PROD("reduce_prod", Op.PROD, false);

  private final String printName;
  private final Op kernel;
  private final boolean acceptsBool;

  ReduceOp(String printName, Op kernel, boolean acceptsBool) {
    this.printName = printName;
    this.kernel = kernel;
    this.acceptsBool = acceptsBool;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel op. */
  public Op kernel() { return kernel; }

  /** Whether bool operands are accepted (max = any, min = all). */
  public boolean acceptsBool() { return acceptsBool; }
}
