package io.graft.jit.kernel;

import io.graft.numerics.kernels.UnaryKernels.Fn;
import java.util.Optional;

/**
 * Unary functions of the kernel IR, one row per function: the eager kernel it equals bit for bit (so lowering maps
 * an op to its row by the kernel, and a test checks every row against it), its scalar definition (the method,
 * f32 and f64 overloads, that generated row loops and tails call: {@code ScalarMath.<scalar()>} for a polynomial,
 * else {@code ScalarOps.<scalar()>}), its vector definition
 * ({@link #polynomial()}) and its C spelling (a {@code %s} template for the accelerator backends' kernel source). Each is computed in the kernel dtype. EXP, LOG,
 * TANH, SIN, COS, LOGISTIC, LOG1P and EXPM1 are {@code VectorMath}'s polynomials (scalar twins:
 * {@link io.graft.numerics.kernels.ScalarMath}); the others are exact or {@link Math}'s, f32 results rounded.
 */
public enum UnaryFn {
  /** {@code -x}. */ NEG(Fn.NEG, "neg", "(-%s)"),
  /** {@code e^x}. */ EXP(Fn.EXP, "exp", "exp(%s)"),
  /** Natural logarithm; NaN below 0. */ LOG(Fn.LOG, "log", "log(%s)"),
  /** Hyperbolic tangent. */ TANH(Fn.TANH, "tanh", "tanh(%s)"),
  /** Sine. */ SIN(Fn.SIN, "sin", "sin(%s)"),
  /** Cosine. */ COS(Fn.COS, "cos", "cos(%s)"),
  /** Square root ({@link Math#sqrt}, correctly rounded); NaN below 0. */ SQRT(Fn.SQRT, "sqrt", "sqrt(%s)"),
  /** {@code |x|}. */ ABS(Fn.ABS, "abs", "fabs(%s)"),
  /** {@code 1 / (1 + exp(-x))}. */ LOGISTIC(Fn.LOGISTIC, "logistic", "(1 / (1 + exp(-(%s))))"),
  /** {@code log(1 + x)}. */ LOG1P(Fn.LOG1P, "log1p", "log1p(%s)"),
  /** {@code e^x - 1}. */ EXPM1(Fn.EXPM1, "expm1", "expm1(%s)"),
  /** {@code 1 / sqrt(x)} (the square root rounded, then the division). */ RSQRT(Fn.RSQRT, "rsqrt", "(1 / sqrt(%s))"),
  /** {@link Math#signum}: -1, 0 or 1; keeps -0, +0 and NaN. */ SIGN(Fn.SIGN, "sign", "sign(%s)"),
  /** Largest integer value {@code <= x} ({@link Math#floor}). */ FLOOR(Fn.FLOOR, "floor", "floor(%s)"),
  /** Smallest integer value {@code >= x} ({@link Math#ceil}). */ CEIL(Fn.CEIL, "ceil", "ceil(%s)"),
  /** {@code x * x}. */ SQUARE(Fn.SQUARE, "square", "((%1$s) * (%1$s))"),
  /** {@code 1 / x} ({@code integer_pow(x, -1)}; no unary eager kernel). */ RECIPROCAL(null, "reciprocal", "(1 / (%s))");

  private final Fn kernel;
  private final String scalar;
  private final String c;

  UnaryFn(Fn kernel, String scalar, String c) {
    this.kernel = kernel;
    this.scalar = scalar;
    this.c = c;
  }

  /** The eager kernel this function equals bit for bit; empty for {@link #RECIPROCAL}. */
  public Optional<Fn> kernel() { return Optional.ofNullable(kernel); }

  /**
   * The name of its scalar definition (overloaded for float and double): in {@code ScalarMath} for a polynomial,
   * else in {@link io.graft.jit.cpu.ScalarOps}; a polynomial's vector definition has the same name in {@code VectorMath}.
   */
  public String scalar() { return scalar; }

  /**
   * True if its kernel is a {@link Fn#polynomial()} row: computed by {@code VectorMath.<scalar()>} on vectors and
   * {@code ScalarMath.<scalar()>} elsewhere; else by an exact operator, or {@link Math}, spelled in each backend.
   */
  public boolean polynomial() { return kernel != null && kernel.polynomial(); }

  /** Its C spelling, a {@link String#format} template with the operand as {@code %s}; e.g. {@code exp(%s)}. */
  public String c() { return c; }

  /** The row computing eager kernel {@code f}, if the kernel IR has one (lowering reads the table through this). */
  public static Optional<UnaryFn> of(Fn f) {
    for (UnaryFn u : values()) if (u.kernel == f) return Optional.of(u);
    return Optional.empty();
  }
}
