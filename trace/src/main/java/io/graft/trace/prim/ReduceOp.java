package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.Reductions;
import io.graft.numerics.kernels.Reductions.Op;

/** The table of {@link Reduce} ops: printed name, kernel op, and what a bool operand gives. */
public enum ReduceOp {
  /** Sum; empty sums are 0. On bool: the count of true elements, as i32 (what jnp.sum gives). */
  SUM("reduce_sum", Op.SUM),
  /** Maximum; empty maxima are -inf (int min, false); NaN propagates; on bool: any. */
  MAX("reduce_max", Op.MAX),
  /** Minimum; empty minima are +inf (int max, true); NaN propagates; on bool: all. */
  MIN("reduce_min", Op.MIN),
  /** Product; empty products are 1. On bool: 1 if every element is true, else 0, as i32 (what jnp.prod gives). */
  PROD("reduce_prod", Op.PROD);

  private final String printName;
  private final Op kernel;

  ReduceOp(String printName, Op kernel) {
    this.printName = printName;
    this.kernel = kernel;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel op. */
  public Op kernel() { return kernel; }

  /** The result dtype over an operand of dtype {@code d}: {@code d}, except i32 for the sum and product of bool. */
  public DType resultDType(DType d) { return Reductions.resultDType(kernel, d); }

  /** Whether the op is an extreme (max, min): it has no identity in jnp, and keeps a bool operand bool. */
  public boolean isExtreme() { return this == MAX || this == MIN; }
}
