package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Logic;
import io.graft.trace.prim.BroadcastInDim;
import java.util.Objects;

/**
 * {@code jax.numpy} for Java: NumPy names in camelCase, each built from primitives (so each works eagerly and
 * under every transform). One-line delegations; the logic lives in {@code io.graft.trace.ops}.
 *
 * <pre>{@code Array p = Np.softmax(logits, -1); Array m = Np.mean(x, 0);}</pre>
 */
public final class Np {
  private Np() {}

  /** f32, Graft's default float. */
  public static final DType float32 = DType.F32;
  /** f64 (by request, as JAX's x64 mode). */
  public static final DType float64 = DType.F64;
  /** i32. */
  public static final DType int32 = DType.I32;
  /** i64. */
  public static final DType int64 = DType.I64;
  /** bool. */
  public static final DType bool = DType.BOOL;

  // ---------------------------------------------------------------- creation

  /** An array of {@code shape} filled with {@code value} as {@code dtype} (staged as a broadcast when traced). */
  public static Array full(int[] shape, double value, DType dtype) {
    Objects.requireNonNull(shape, "shape is null");
    Objects.requireNonNull(dtype, "dtype is null");
    Const scalar = Const.of(NdArray.scalar(dtype, value));
    if (shape.length == 0) return new Array(scalar);
    return new Array(Bind.bind1(new BroadcastInDim(Shape.of(shape), Ints.of()), scalar));
  }

  /** An f32 array of {@code shape} filled with {@code value}. */
  public static Array full(int[] shape, double value) { return full(shape, value, float32); }

  /** Zeros of {@code shape} and {@code dtype}. */
  public static Array zeros(DType dtype, int... shape) { return full(shape, 0, dtype); }

  /** f32 zeros of {@code shape}. */
  public static Array zeros(int... shape) { return full(shape, 0, float32); }

  /** Ones of {@code shape} and {@code dtype}. */
  public static Array ones(DType dtype, int... shape) { return full(shape, 1, dtype); }

  /** f32 ones of {@code shape}. */
  public static Array ones(int... shape) { return full(shape, 1, float32); }

  /** Zeros with {@code x}'s shape and dtype. */
  public static Array zerosLike(Array x) { return full(Objects.requireNonNull(x, "x is null").shape(), 0, x.dtype()); }

  /** Ones with {@code x}'s shape and dtype. */
  public static Array onesLike(Array x) { return full(Objects.requireNonNull(x, "x is null").shape(), 1, x.dtype()); }

  // ---------------------------------------------------------------- elementwise family

  private static Value ewArg(Array a, String name) { return Objects.requireNonNull(a, name + " is null").value(); }

  /** {@code cond ? x : y} elementwise ({@code jnp.where}): all three broadcast; {@code x}, {@code y} promote; a non-bool {@code cond} means {@code cond != 0}. */
  public static Array where(Array cond, Array x, Array y) { return new Array(Logic.where(ewArg(cond, "cond"), ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code cond ? x : y} with a weak literal {@code y} (e.g. {@code where(x.gt(0.0), x, 0.0)}). */
  public static Array where(Array cond, Array x, double y) { return new Array(Logic.where(ewArg(cond, "cond"), ewArg(x, "x"), Array.literal(y))); }

  /** {@code cond ? x : y} with a weak literal {@code x}. */
  public static Array where(Array cond, double x, Array y) { return new Array(Logic.where(ewArg(cond, "cond"), Array.literal(x), ewArg(y, "y"))); }

  /** {@code cond ? x : y} with weak literals (the result takes {@code cond}'s shape). */
  public static Array where(Array cond, double x, double y) { return new Array(Logic.where(ewArg(cond, "cond"), Array.literal(x), Array.literal(y))); }

  /** {@code x} limited to {@code [lo, hi]} ({@code jnp.clip}: {@code minimum(hi, maximum(lo, x))}; NaN propagates). */
  public static Array clip(Array x, double lo, double hi) { return new Array(Logic.clip(ewArg(x, "x"), Array.literal(lo), Array.literal(hi))); }

  /** {@code x} limited to {@code [lo, hi]} elementwise, with broadcasting and promotion. */
  public static Array clip(Array x, Array lo, Array hi) { return new Array(Logic.clip(ewArg(x, "x"), ewArg(lo, "lo"), ewArg(hi, "hi"))); }

  /** {@code x + y} ({@code jnp.add}; bools are a {@code DTypeError}: use {@link #logicalOr}). */
  public static Array add(Array x, Array y) { return new Array(Arith.add(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x - y}. */
  public static Array subtract(Array x, Array y) { return new Array(Arith.sub(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x * y}. */
  public static Array multiply(Array x, Array y) { return new Array(Arith.mul(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x / y} in float ({@code jnp.divide}: integers become f32; {@code Array.div} keeps integer division). */
  public static Array divide(Array x, Array y) { return new Array(Arith.trueDivide(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code floor(x / y)} ({@code jnp.floor_divide}, Python's {@code //}); integers stay integers. */
  public static Array floorDivide(Array x, Array y) { return new Array(Arith.floorDivide(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x mod y} with the sign of {@code y} ({@code jnp.remainder}, Python's {@code %}). */
  public static Array remainder(Array x, Array y) { return new Array(Arith.remainder(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Remainder with the sign of {@code x} ({@code jnp.fmod}, Java's {@code %}). */
  public static Array fmod(Array x, Array y) { return new Array(Arith.rem(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x^y} ({@code jnp.power}; integer and bool operands become f32). */
  public static Array power(Array x, Array y) { return new Array(Arith.pow(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x^y} for a float exponent. */
  public static Array power(Array x, double y) { return new Array(Arith.pow(ewArg(x, "x"), Array.literal(y))); }

  /** {@code x^y} for an integer exponent ({@code integer_pow}: exact repeated squaring). */
  public static Array power(Array x, long y) { return new Array(Arith.pow(ewArg(x, "x"), y)); }

  /** Elementwise maximum (NaN-propagating), with broadcasting and promotion. */
  public static Array maximum(Array x, Array y) { return new Array(Arith.maximum(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Elementwise maximum with a weak literal ({@code maximum(x, 0.0)} is relu). */
  public static Array maximum(Array x, double y) { return new Array(Arith.maximum(ewArg(x, "x"), Array.literal(y))); }

  /** Elementwise minimum (NaN-propagating), with broadcasting and promotion. */
  public static Array minimum(Array x, Array y) { return new Array(Arith.minimum(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Elementwise minimum with a weak literal. */
  public static Array minimum(Array x, double y) { return new Array(Arith.minimum(ewArg(x, "x"), Array.literal(y))); }

  /** {@code atan2(x, y)}: the angle of the point {@code (y, x)}. */
  public static Array arctan2(Array x, Array y) { return new Array(Arith.atan2(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code -x}. */ public static Array negative(Array x) { return new Array(Arith.neg(ewArg(x, "x"))); }
  /** {@code |x|}. */ public static Array abs(Array x) { return new Array(Arith.abs(ewArg(x, "x"))); }
  /** -1, 0, 1 by sign. */ public static Array sign(Array x) { return new Array(Arith.sign(ewArg(x, "x"))); }
  /** Square root. */ public static Array sqrt(Array x) { return new Array(Arith.sqrt(ewArg(x, "x"))); }
  /** {@code 1 / sqrt(x)}. */ public static Array rsqrt(Array x) { return new Array(Arith.rsqrt(ewArg(x, "x"))); }
  /** Cube root. */ public static Array cbrt(Array x) { return new Array(Arith.cbrt(ewArg(x, "x"))); }
  /** {@code x * x}. */ public static Array square(Array x) { return new Array(Arith.square(ewArg(x, "x"))); }
  /** {@code 1 / x} (in float). */ public static Array reciprocal(Array x) { return new Array(Arith.reciprocal(ewArg(x, "x"))); }
  /** {@code e^x}. */ public static Array exp(Array x) { return new Array(Arith.exp(ewArg(x, "x"))); }
  /** {@code 2^x}. */ public static Array exp2(Array x) { return new Array(Arith.exp2(ewArg(x, "x"))); }
  /** {@code e^x - 1}. */ public static Array expm1(Array x) { return new Array(Arith.expm1(ewArg(x, "x"))); }
  /** Natural log. */ public static Array log(Array x) { return new Array(Arith.log(ewArg(x, "x"))); }
  /** {@code ln(1 + x)}. */ public static Array log1p(Array x) { return new Array(Arith.log1p(ewArg(x, "x"))); }
  /** Base-2 log ({@code log(x) / log(2)}). */ public static Array log2(Array x) { return new Array(Arith.log2(ewArg(x, "x"))); }
  /** Base-10 log ({@code log(x) / log(10)}). */ public static Array log10(Array x) { return new Array(Arith.log10(ewArg(x, "x"))); }
  /** Sine. */ public static Array sin(Array x) { return new Array(Arith.sin(ewArg(x, "x"))); }
  /** Cosine. */ public static Array cos(Array x) { return new Array(Arith.cos(ewArg(x, "x"))); }
  /** Tangent. */ public static Array tan(Array x) { return new Array(Arith.tan(ewArg(x, "x"))); }
  /** Arc sine. */ public static Array arcsin(Array x) { return new Array(Arith.asin(ewArg(x, "x"))); }
  /** Arc cosine. */ public static Array arccos(Array x) { return new Array(Arith.acos(ewArg(x, "x"))); }
  /** Arc tangent. */ public static Array arctan(Array x) { return new Array(Arith.atan(ewArg(x, "x"))); }
  /** Hyperbolic sine. */ public static Array sinh(Array x) { return new Array(Arith.sinh(ewArg(x, "x"))); }
  /** Hyperbolic cosine. */ public static Array cosh(Array x) { return new Array(Arith.cosh(ewArg(x, "x"))); }
  /** Hyperbolic tangent. */ public static Array tanh(Array x) { return new Array(Arith.tanh(ewArg(x, "x"))); }
  /** Inverse hyperbolic sine. */ public static Array arcsinh(Array x) { return new Array(Arith.asinh(ewArg(x, "x"))); }
  /** Inverse hyperbolic cosine. */ public static Array arccosh(Array x) { return new Array(Arith.acosh(ewArg(x, "x"))); }
  /** Inverse hyperbolic tangent. */ public static Array arctanh(Array x) { return new Array(Arith.atanh(ewArg(x, "x"))); }
  /** Round toward -inf. */ public static Array floor(Array x) { return new Array(Arith.floor(ewArg(x, "x"))); }
  /** Round toward +inf. */ public static Array ceil(Array x) { return new Array(Arith.ceil(ewArg(x, "x"))); }
  /** Round half to even ({@code jnp.round}: {@code 0.5 -> 0}, {@code 1.5 -> 2}). */ public static Array round(Array x) { return new Array(Arith.roundEven(ewArg(x, "x"))); }
  /** True where finite (always for integers and bools). */ public static Array isFinite(Array x) { return new Array(Logic.isFinite(ewArg(x, "x"))); }
  /** True where NaN (never for integers and bools). */ public static Array isNan(Array x) { return new Array(Logic.isNan(ewArg(x, "x"))); }

  /** {@code x == y} (bool), with broadcasting and promotion. */
  public static Array equal(Array x, Array y) { return new Array(Logic.eq(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x != y} (bool). */
  public static Array notEqual(Array x, Array y) { return new Array(Logic.ne(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x < y} (bool). */
  public static Array less(Array x, Array y) { return new Array(Logic.lt(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x <= y} (bool). */
  public static Array lessEqual(Array x, Array y) { return new Array(Logic.le(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x > y} (bool). */
  public static Array greater(Array x, Array y) { return new Array(Logic.gt(ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code x >= y} (bool). */
  public static Array greaterEqual(Array x, Array y) { return new Array(Logic.ge(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Logical and of truth values (any dtype; nonzero is true). */
  public static Array logicalAnd(Array x, Array y) { return new Array(Logic.logicalAnd(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Logical or of truth values. */
  public static Array logicalOr(Array x, Array y) { return new Array(Logic.logicalOr(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Logical xor of truth values. */
  public static Array logicalXor(Array x, Array y) { return new Array(Logic.logicalXor(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Logical not of a truth value. */
  public static Array logicalNot(Array x) { return new Array(Logic.logicalNot(ewArg(x, "x"))); }

  /** Bitwise and (logical for bools). */
  public static Array bitwiseAnd(Array x, Array y) { return new Array(Logic.bitwiseAnd(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Bitwise or (logical for bools). */
  public static Array bitwiseOr(Array x, Array y) { return new Array(Logic.bitwiseOr(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Bitwise xor (logical for bools). */
  public static Array bitwiseXor(Array x, Array y) { return new Array(Logic.bitwiseXor(ewArg(x, "x"), ewArg(y, "y"))); }

  /** Bitwise not (logical for bools). */
  public static Array bitwiseNot(Array x) { return new Array(Logic.bitwiseNot(ewArg(x, "x"))); }

  // ---------------------------------------------------------------- structural family

  // ---------------------------------------------------------------- reductions family

  // ---------------------------------------------------------------- linalg family

  // ---------------------------------------------------------------- indexing family
}
