package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.BinaryKernels.Fn;
import io.graft.numerics.kernels.Domain;

/**
 * The table of two-operand elementwise ops ({@code lax} names): printed name and kernel; the accepted dtypes are
 * the kernel's {@link Fn#domain()}: numeric for arithmetic, float for {@code pow, atan2, nextafter}, bool and
 * integers for {@code and, or, xor}, any dtype for {@code max, min}. Integer {@code div} truncates toward zero and
 * gives 0 for a zero divisor; integer {@code rem} takes the dividend's sign and gives {@code x} for a zero divisor
 * (NB: XLA leaves both to the implementation; these keep {@code (x / y) * y + x rem y == x}).
 */
public enum BinaryOp {
  /** {@code x + y}. */ ADD("add", Fn.ADD),
  /** {@code x - y}. */ SUB("sub", Fn.SUB),
  /** {@code x * y}. */ MUL("mul", Fn.MUL),
  /** {@code x / y} (integers truncate toward zero; {@code x / 0 = 0}). */ DIV("div", Fn.DIV),
  /** Remainder with the sign of {@code x} (C {@code fmod}; integers: {@code x rem 0 = x}). */ REM("rem", Fn.REM),
  /** {@code x^y}. */ POW("pow", Fn.POW),
  /** Maximum; NaN-propagating for floats. */ MAX("max", Fn.MAX),
  /** Minimum; NaN-propagating for floats. */ MIN("min", Fn.MIN),
  /** {@code atan2(x, y)}. */ ATAN2("atan2", Fn.ATAN2),
  /** Logical (bool) or bitwise (integers) and. */ AND("and", Fn.AND),
  /** Logical (bool) or bitwise (integers) or. */ OR("or", Fn.OR),
  /** Logical (bool) or bitwise (integers) xor. */ XOR("xor", Fn.XOR),
  /** The next float after {@code x} toward {@code y}. */ NEXTAFTER("nextafter", Fn.NEXTAFTER);

  private final String printName;
  private final Fn kernel;

  BinaryOp(String printName, Fn kernel) {
    this.printName = printName;
    this.kernel = kernel;
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel. */
  public Fn kernel() { return kernel; }

  /** The accepted dtypes. */
  public Domain domain() { return kernel.domain(); }

  /** True if this op accepts operands of dtype {@code d}. */
  public boolean accepts(DType d) { return kernel.domain().accepts(d); }
}
