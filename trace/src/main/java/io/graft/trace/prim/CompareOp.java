package io.graft.trace.prim;

import io.graft.numerics.kernels.CompareKernels.Cmp;

/** The table of comparisons ({@code lax} names): printed name and kernel. Every dtype is accepted. */
public enum CompareOp {
  /** {@code x == y}. */ EQ("eq", Cmp.EQ),
  /** {@code x != y} (true for NaN). */ NE("ne", Cmp.NE),
  /** {@code x < y}. */ LT("lt", Cmp.LT),
  /** {@code x <= y}. */ LE("le", Cmp.LE),
  /** {@code x > y}. */ GT("gt", Cmp.GT),
  /** {@code x >= y}. */ GE("ge", Cmp.GE);

  private final String printName;
  private final Cmp kernel;

  CompareOp(String printName, Cmp kernel) {
    this.printName = printName;
    this.kernel = kernel;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel. */
  public Cmp kernel() { return kernel; }
}
