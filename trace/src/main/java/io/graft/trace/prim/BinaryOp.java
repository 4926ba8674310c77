package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.BinaryKernels.Fn;

/** The table of two-operand elementwise ops: printed name, accepted dtypes, kernel. */
public enum BinaryOp {
  /** {@code x + y}. */
  ADD("add", Fn.ADD, true),
  /** {@code x - y}. */
  SUB("sub", Fn.SUB, true),
  /** {@code x * y}. */
  MUL("mul", Fn.MUL, true),
  /** {@code x / y} (integer division truncates toward zero, as in XLA). */
  DIV("div", Fn.DIV, true),
  /** {@code max(x, y)} (NaN-propagating). */
  MAX("max", Fn.MAX, true),
  /** {@code min(x, y)} (NaN-propagating). */
  MIN("min", Fn.MIN, true);

  private final String printName;
  private final Fn kernel;
  private final boolean numeric;

  BinaryOp(String printName, Fn kernel, boolean numeric) {
    this.printName = printName;
    this.kernel = kernel;
    this.numeric = numeric;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel. */
  public Fn kernel() { return kernel; }

  boolean accepts(DType d) { return !numeric || !d.isBool(); }

  String dtypeHint() { return "it needs numeric operands; convert bool with astype(Np.int32)"; }
}
