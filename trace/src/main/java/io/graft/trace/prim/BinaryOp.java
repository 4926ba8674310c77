package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.BinaryKernels.Fn;
import io.graft.numerics.kernels.Domain;
import io.graft.trace.Value;
import io.vavr.control.Option;

import static io.graft.trace.prim.LaxOps.*;

/**
 * The table of two-operand elementwise ops ({@code lax} names): printed name, kernel, the JVP contribution of each
 * operand's tangent ({@code dx}, {@code dy}: {@code (x, y, z, t) -> ...} for {@code z = x op y}, linear in
 * {@code t}; JAX's {@code ad.defjvp2} rows) and the linearity that transposes rely on. Rows without JVP columns
 * have a zero derivative. The accepted dtypes are the kernel's {@link Fn#domain()}: numeric for arithmetic, float
 * for {@code pow, atan2, nextafter}, bool and integers for {@code and, or, xor}, integers for the shifts, any dtype for
 * {@code max, min}.
 * Integer {@code div} truncates toward zero and gives 0 for a zero divisor; integer {@code rem} takes the dividend's
 * sign and gives {@code x} for a zero divisor (NB: XLA leaves both to the implementation; these keep
 * {@code (x / y) * y + x rem y == x}).
 */
public enum BinaryOp {
  /** {@code x + y}. */ ADD("add", Fn.ADD, (x, y, z, t) -> t, (x, y, z, t) -> t, Linearity.JOINT),
  /** {@code x - y}. */ SUB("sub", Fn.SUB, (x, y, z, t) -> t, (x, y, z, t) -> neg(t), Linearity.JOINT),
  /** {@code x * y}. */ MUL("mul", Fn.MUL, (x, y, z, t) -> mul(t, y), (x, y, z, t) -> mul(x, t), Linearity.EACH),
  /** {@code x / y} (integers truncate toward zero; {@code x / 0 = 0}). */
  DIV("div", Fn.DIV, (x, y, z, t) -> div(t, y), (x, y, z, t) -> mul(mul(neg(t), x), integerPow(y, -2)), Linearity.LEFT),
  /** Remainder with the sign of {@code x} (C {@code fmod}; integers: {@code x rem 0 = x}); d/dy = -trunc(x / y). */
  REM("rem", Fn.REM, (x, y, z, t) -> t,
      (x, y, z, t) -> mul(neg(t), mul(sign(div(x, y)), floor(abs(div(x, y))))), Linearity.NONE),
  /** {@code x^y}; d/dy uses {@code log(x)} with {@code x = 0} replaced by 1 (JAX's {@code _replace_zero}). */
  POW("pow", Fn.POW, (x, y, z, t) -> mul(t, mul(y, pow(x, sub(y, lit(y, 1))))),
      (x, y, z, t) -> mul(t, mul(log(select(eq(x, lit(x, 0)), lit(x, 1), x)), z)), Linearity.NONE),
  /** Maximum; NaN-propagating for floats; ties split the tangent equally. */
  MAX("max", Fn.MAX, (x, y, z, t) -> mul(t, balancedEq(x, z, y)), (x, y, z, t) -> mul(t, balancedEq(y, z, x)), Linearity.NONE),
  /** Minimum; NaN-propagating for floats; ties split the tangent equally. */
  MIN("min", Fn.MIN, (x, y, z, t) -> mul(t, balancedEq(x, z, y)), (x, y, z, t) -> mul(t, balancedEq(y, z, x)), Linearity.NONE),
  /** {@code atan2(x, y)}. */
  ATAN2("atan2", Fn.ATAN2, (x, y, z, t) -> mul(t, div(y, add(square(x), square(y)))),
      (x, y, z, t) -> mul(t, div(neg(x), add(square(x), square(y)))), Linearity.NONE),
  /** Logical (bool) or bitwise (integers) and. */ AND("and", Fn.AND),
  /** Logical (bool) or bitwise (integers) or. */ OR("or", Fn.OR),
  /** Logical (bool) or bitwise (integers) xor. */ XOR("xor", Fn.XOR),
  /** {@code x << y} on integers; 0 once {@code y} (read unsigned) reaches the width. */ SHIFT_LEFT("shift_left", Fn.SHIFT_LEFT),
  /** {@code x >>> y} on integers (zeros shifted in); 0 once {@code y} (read unsigned) reaches the width. */
  SHIFT_RIGHT_LOGICAL("shift_right_logical", Fn.SHIFT_RIGHT_LOGICAL),
  /** {@code x >> y} on integers (sign bits shifted in). */
  SHIFT_RIGHT_ARITHMETIC("shift_right_arithmetic", Fn.SHIFT_RIGHT_ARITHMETIC),
  /** The next float after {@code x} toward {@code y}. */ NEXTAFTER("nextafter", Fn.NEXTAFTER);

  /** A JVP column: the contribution of one operand's tangent {@code t} to the tangent of {@code z = x op y}. */
  @FunctionalInterface
  public interface Jvp {
    /** The contribution; linear in {@code t}. */
    Value apply(Value x, Value y, Value z, Value t);
  }

  /**
   * In which operands an op is linear. A transpose applies an operand's JVP column to the cotangent; for an operand
   * the op is linear in, the column reads neither that operand nor {@code z} (they are unknown when transposing,
   * and passed as {@code null}).
   */
  public enum Linearity {
    /** Not linear: no transpose. */ NONE,
    /** Linear in both operands together ({@code add, sub}). */ JOINT,
    /** Linear in either operand while the other is known ({@code mul}). */ EACH,
    /** Linear in {@code x} while {@code y} is known ({@code div}). */ LEFT;

    /** True if an op with this linearity is linear in exactly the operands marked {@code linearX}, {@code linearY}. */
    public boolean allows(boolean linearX, boolean linearY) {
      return switch (this) {
        case NONE -> false;
        case JOINT -> linearX || linearY;
        case EACH -> linearX ^ linearY;
        case LEFT -> linearX && !linearY;
      };
    }
  }

  private final String printName;
  private final Fn kernel;
  private final Option<Jvp> dx, dy;
  private final Linearity linearity;

  BinaryOp(String printName, Fn kernel) { this(printName, kernel, Option.none(), Option.none(), Linearity.NONE); }

  BinaryOp(String printName, Fn kernel, Jvp dx, Jvp dy, Linearity linearity) {
    this(printName, kernel, Option.of(dx), Option.of(dy), linearity);
  }

  BinaryOp(String printName, Fn kernel, Option<Jvp> dx, Option<Jvp> dy, Linearity linearity) {
    this.printName = printName;
    this.kernel = kernel;
    this.dx = dx;
    this.dy = dy;
    this.linearity = linearity;
  }

  /**
   * JAX's {@code _balanced_eq}: 1 where {@code x == z} and {@code y != z}, 0.5 where both equal {@code z} (a tie
   * splits the tangent), 0 elsewhere.
   */
  private static Value balancedEq(Value x, Value z, Value y) {
    return select(eq(x, z), select(eq(y, z), lit(z, 0.5), lit(z, 1)), lit(z, 0));
  }

  /** Name as printed in graphs. */
  public String printName() { return printName; }

  /** The numerics kernel. */
  public Fn kernel() { return kernel; }

  /** The JVP contribution of {@code x}'s tangent; {@code none} for a zero derivative. */
  public Option<Jvp> dx() { return dx; }

  /** The JVP contribution of {@code y}'s tangent; {@code none} for a zero derivative. */
  public Option<Jvp> dy() { return dy; }

  /** In which operands the op is linear. */
  public Linearity linearity() { return linearity; }

  /** The accepted dtypes. */
  public Domain domain() { return kernel.domain(); }

  /** True if this op accepts operands of dtype {@code d}. */
  public boolean accepts(DType d) { return kernel.domain().accepts(d); }
}
