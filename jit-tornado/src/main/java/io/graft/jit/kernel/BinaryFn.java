package io.graft.jit.kernel;

import io.graft.numerics.kernels.BinaryKernels.Fn;
import io.graft.numerics.kernels.CompareKernels.Cmp;
import java.util.Optional;

/**
 * Binary functions of the kernel IR, one row per function: the eager kernel it equals bit for bit (a
 * {@link Fn} for arithmetic, a {@link Cmp} for comparisons), its scalar definition (the {@link io.graft.jit.cpu.ScalarOps} method,
 * f32 and f64 overloads) and its C spelling (a template with operands {@code %1$s}, {@code %2$s}). Each is computed
 * in the kernel dtype. Comparisons give 1 or 0 with IEEE semantics: any comparison with NaN is false (0), except
 * {@code NE}, which is true (1).
 */
public enum BinaryFn {
  /** {@code a + b}. */ ADD(Fn.ADD, null, "add", "(%1$s + %2$s)"),
  /** {@code a - b}. */ SUB(Fn.SUB, null, "sub", "(%1$s - %2$s)"),
  /** {@code a * b}. */ MUL(Fn.MUL, null, "mul", "(%1$s * %2$s)"),
  /** {@code a / b}. */ DIV(Fn.DIV, null, "div", "(%1$s / %2$s)"),
  /** {@link Math#max}: NaN if either is NaN, +0 above -0. */ MAX(Fn.MAX, null, "max", "max_nan(%1$s, %2$s)"),
  /** {@link Math#min}: NaN if either is NaN, -0 below +0. */ MIN(Fn.MIN, null, "min", "min_nan(%1$s, %2$s)"),
  /** {@code a > b ? 1 : 0}. */ GT(null, Cmp.GT, "gt", "(%1$s > %2$s)"),
  /** {@code a < b ? 1 : 0}. */ LT(null, Cmp.LT, "lt", "(%1$s < %2$s)"),
  /** {@code a >= b ? 1 : 0}. */ GE(null, Cmp.GE, "ge", "(%1$s >= %2$s)"),
  /** {@code a <= b ? 1 : 0}. */ LE(null, Cmp.LE, "le", "(%1$s <= %2$s)"),
  /** {@code a == b ? 1 : 0} (-0 equals +0). */ EQ(null, Cmp.EQ, "eq", "(%1$s == %2$s)"),
  /** {@code a != b ? 1 : 0} (1 when either is NaN). */ NE(null, Cmp.NE, "ne", "(%1$s != %2$s)"),
  /** {@code a^b} ({@link Math#pow}, lane by lane). */ POW(Fn.POW, null, "pow", "pow(%1$s, %2$s)"),
  /** Angle of the point {@code (b, a)}: {@link Math#atan2}{@code (a, b)}, lane by lane. */
  ATAN2(Fn.ATAN2, null, "atan2", "atan2(%1$s, %2$s)");

  private final Fn kernel;
  private final Cmp compare;
  private final String scalar;
  private final String c;

  BinaryFn(Fn kernel, Cmp compare, String scalar, String c) {
    this.kernel = kernel;
    this.compare = compare;
    this.scalar = scalar;
    this.c = c;
  }

  /** The eager arithmetic kernel this function equals bit for bit; empty for comparisons. */
  public Optional<Fn> kernel() { return Optional.ofNullable(kernel); }

  /** The eager comparison this function computes (as 1 or 0); empty for arithmetic. */
  public Optional<Cmp> compare() { return Optional.ofNullable(compare); }

  /** The name of its scalar definition in {@link io.graft.jit.cpu.ScalarOps} (overloaded for float and double). */
  public String scalar() { return scalar; }

  /** Its C spelling, a {@link String#format} template with the operands as {@code %1$s} and {@code %2$s}. */
  public String c() { return c; }

  /** The row computing eager kernel {@code f}, if the kernel IR has one. */
  public static Optional<BinaryFn> of(Fn f) {
    for (BinaryFn b : values()) if (b.kernel == f) return Optional.of(b);
    return Optional.empty();
  }

  /** The row computing comparison {@code c}. */
  public static BinaryFn of(Cmp c) {
    for (BinaryFn b : values()) if (b.compare == c) return b;
    throw new AssertionError("no kernel IR row for comparison " + c);
  }
}
