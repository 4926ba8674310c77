package io.graft.jit.kernel;

import io.graft.numerics.kernels.BinaryKernels.Fn;
import io.graft.numerics.kernels.CompareKernels.Cmp;
import java.util.Optional;

/**
 * Binary functions of the kernel IR: each names the numerics op-table row it computes (a {@link Fn} for arithmetic,
 * a {@link Cmp} for comparisons), which holds its scalar definition and C spelling, so nothing is repeated here. Each
 * is computed in the kernel dtype, bit for bit as its row's eager kernel. Comparisons give 1 or 0 with IEEE
 * semantics: any comparison with NaN is false (0), except {@code NE}, which is true (1).
 */
public enum BinaryFn {
  /** {@code a + b}. */ ADD(Fn.ADD, null),
  /** {@code a - b}. */ SUB(Fn.SUB, null),
  /** {@code a * b}. */ MUL(Fn.MUL, null),
  /** {@code a / b}. */ DIV(Fn.DIV, null),
  /** {@link Math#max}: NaN if either is NaN, +0 above -0. */ MAX(Fn.MAX, null),
  /** {@link Math#min}: NaN if either is NaN, -0 below +0. */ MIN(Fn.MIN, null),
  /** {@code a > b ? 1 : 0}. */ GT(null, Cmp.GT),
  /** {@code a < b ? 1 : 0}. */ LT(null, Cmp.LT),
  /** {@code a >= b ? 1 : 0}. */ GE(null, Cmp.GE),
  /** {@code a <= b ? 1 : 0}. */ LE(null, Cmp.LE),
  /** {@code a == b ? 1 : 0} (-0 equals +0). */ EQ(null, Cmp.EQ),
  /** {@code a != b ? 1 : 0} (1 when either is NaN). */ NE(null, Cmp.NE),
  /** {@code a^b} ({@link Math#pow}, lane by lane). */ POW(Fn.POW, null),
  /** Angle of the point {@code (b, a)}: {@link Math#atan2}{@code (a, b)}, lane by lane. */ ATAN2(Fn.ATAN2, null);

  private final Fn kernel;
  private final Cmp compare;

  BinaryFn(Fn kernel, Cmp compare) {
    this.kernel = kernel;
    this.compare = compare;
  }

  /** The eager arithmetic row this function computes bit for bit; empty for comparisons. */
  public Optional<Fn> kernel() { return Optional.ofNullable(kernel); }

  /** The eager comparison row this function computes (as 1 or 0); empty for arithmetic. */
  public Optional<Cmp> compare() { return Optional.ofNullable(compare); }

  /** The name of its row's scalar definition in {@link io.graft.numerics.kernels.ScalarOpsF32}/{@code F64} (f32 and f64). */
  public String scalar() { return kernel != null ? kernel.scalar() : compare.scalar(); }

  /** Its row's C spelling, a {@link String#format} template with the operands as {@code %1$s} and {@code %2$s}. */
  public String c() {
    if (compare != null) return compare.c();
    return kernel.c().orElseThrow(() -> new AssertionError(this + ": its row has no float C spelling"));
  }

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
