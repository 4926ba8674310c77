package io.graft.trace.prim;

import io.graft.numerics.kernels.Reductions.Op;

/** The table of {@link Cumulative} scans: printed name and kernel op. */
public enum CumulativeOp {
  /** Running sum. */
  SUM("cumsum", Op.SUM),
  /** Running product. */
  PROD("cumprod", Op.PROD),
  /** Running maximum (NaN propagates). */
  MAX("cummax", Op.MAX),
  /** Running minimum (NaN propagates). */
  MIN("cummin", Op.MIN);

  private final String printName;
  private final Op kernel;

  CumulativeOp(String printName, Op kernel) {
    this.printName = printName;
    this.kernel = kernel;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel op. */
  public Op kernel() { return kernel; }
}
