package io.graft.trace.prim;

import io.graft.numerics.kernels.Reductions.Arg;

/** The table of {@link ArgMinMax} ops: printed name and kernel. */
public enum ArgOp {
  /** Index of the first maximum (the first NaN, if any). */
  MAX("argmax", Arg.MAX),
  /** Index of the first minimum (the first NaN, if any). */
  MIN("argmin", Arg.MIN);

  private final String printName;
  private final Arg kernel;

  ArgOp(String printName, Arg kernel) {
    this.printName = printName;
    this.kernel = kernel;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel op. */
  public Arg kernel() { return kernel; }
}
