package io.graft.jit.kernel;

import io.graft.numerics.kernels.BinaryKernels;
import io.graft.numerics.kernels.UnaryKernels.Fn;
import java.util.Optional;

/**
 * Unary functions of the kernel IR: each names the numerics op-table row ({@link Fn}) it computes, which holds
 * everything a backend needs (scalar definition, vector definition, C spelling), so nothing is repeated here; the
 * kernel IR lists only the rows its lowering and backends support. Each is computed in the kernel dtype, bit for bit
 * as the eager kernel of its row. {@link #RECIPROCAL} has no row of its own: it is {@code integer_pow(x, -1)}, the
 * {@code DIV} row with 1 as dividend.
 */
public enum UnaryFn {
  /** {@code -x}. */ NEG(Fn.NEG),
  /** {@code e^x}. */ EXP(Fn.EXP),
  /** Natural logarithm; NaN below 0. */ LOG(Fn.LOG),
  /** Hyperbolic tangent. */ TANH(Fn.TANH),
  /** Sine. */ SIN(Fn.SIN),
  /** Cosine. */ COS(Fn.COS),
  /** Square root ({@link Math#sqrt}, correctly rounded); NaN below 0. */ SQRT(Fn.SQRT),
  /** {@code |x|}. */ ABS(Fn.ABS),
  /** {@code 1 / (1 + exp(-x))}. */ LOGISTIC(Fn.LOGISTIC),
  /** {@code log(1 + x)}. */ LOG1P(Fn.LOG1P),
  /** {@code e^x - 1}. */ EXPM1(Fn.EXPM1),
  /** {@code 1 / sqrt(x)} (the square root rounded, then the division). */ RSQRT(Fn.RSQRT),
  /** {@link Math#signum}: -1, 0 or 1; keeps -0, +0 and NaN. */ SIGN(Fn.SIGN),
  /** Largest integer value {@code <= x} ({@link Math#floor}). */ FLOOR(Fn.FLOOR),
  /** Smallest integer value {@code >= x} ({@link Math#ceil}). */ CEIL(Fn.CEIL),
  /** {@code x * x}. */ SQUARE(Fn.SQUARE),
  /** {@code 1 / x} ({@code integer_pow(x, -1)}; no unary eager kernel). */ RECIPROCAL(null);

  private final Fn kernel;

  UnaryFn(Fn kernel) { this.kernel = kernel; }

  /** The numerics row (and eager kernel) this function computes bit for bit; empty for {@link #RECIPROCAL}. */
  public Optional<Fn> kernel() { return Optional.ofNullable(kernel); }

  /**
   * The name of its scalar definition (overloaded for float and double): its row's {@link Fn#scalar()}, in
   * {@code ScalarMath} for a polynomial, else in {@link io.graft.numerics.kernels.ScalarOpsF32}/{@code F64} ({@code reciprocal} for
   * {@link #RECIPROCAL}); a polynomial's vector definition has the same name in {@code VectorMath}.
   */
  public String scalar() { return kernel == null ? "reciprocal" : kernel.scalar(); }

  /**
   * True if its row is a {@link Fn#polynomial()}: computed by {@code VectorMath.<scalar()>} on vectors and
   * {@code ScalarMath.<scalar()>} elsewhere; else by an exact operator, or {@link Math}, spelled in each backend.
   */
  public boolean polynomial() { return kernel != null && kernel.polynomial(); }

  /** Its C spelling (its row's), a {@link String#format} template with the operand as {@code %s}; e.g. {@code exp(%s)}. */
  public String c() {
    if (kernel == null) return BinaryKernels.Fn.DIV.c().orElseThrow().formatted("1", "%s");
    return kernel.c().orElseThrow(() -> new AssertionError(this + ": its row has no float C spelling"));
  }

  /** The row computing eager kernel {@code f}, if the kernel IR has one (lowering reads the table through this). */
  public static Optional<UnaryFn> of(Fn f) {
    for (UnaryFn u : values()) if (u.kernel == f) return Optional.of(u);
    return Optional.empty();
  }
}
