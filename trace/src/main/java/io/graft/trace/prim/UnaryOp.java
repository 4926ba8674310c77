package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.UnaryKernels.Fn;

/**
 * The table of one-operand elementwise ops: printed name, accepted dtypes, and the kernel it runs.
 */
public enum UnaryOp {
  /** {@code -x}. */
  NEG("neg", Fn.NEG, Domain.NUMERIC),
  /** {@code sin x}. */
  SIN("sin", Fn.SIN, Domain.FLOAT),
  /** {@code cos x}. */
  COS("cos", Fn.COS, Domain.FLOAT),
  /** {@code e^x}. */
  EXP("exp", Fn.EXP, Domain.FLOAT),
  /** natural log. */
  LOG("log", Fn.LOG, Domain.FLOAT),
  /** {@code tanh x}. */
  TANH("tanh", Fn.TANH, Domain.FLOAT);

  /** Which dtypes an op accepts. */
  enum Domain { FLOAT, NUMERIC, INTEGRAL_OR_BOOL, ANY }

  private final String printName;
  private final Fn kernel;
  private final Domain domain;

  UnaryOp(String printName, Fn kernel, Domain domain) {
    this.printName = printName;
    this.kernel = kernel;
    this.domain = domain;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel. */
  public Fn kernel() { return kernel; }

  boolean accepts(DType d) {
    return switch (domain) {
      case FLOAT -> d.isFloating();
      case NUMERIC -> !d.isBool();
      case INTEGRAL_OR_BOOL -> !d.isFloating();
      case ANY -> true;
    };
  }

  String dtypeHint() {
    return switch (domain) {
      case FLOAT -> "it needs a floating dtype (f32, f64); convert with astype(Np.float32)";
      case NUMERIC -> "it needs a numeric dtype; convert bool with astype(Np.int32)";
      case INTEGRAL_OR_BOOL -> "it needs an integer or bool dtype";
      case ANY -> "";
    };
  }
}
