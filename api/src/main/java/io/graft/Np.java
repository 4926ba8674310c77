package io.graft;

import static io.graft.StructuralArgs.arg;
import static io.graft.StructuralArgs.args;
import static io.graft.StructuralArgs.arrays;
import static io.graft.StructuralArgs.ints;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.ops.Creation;
import io.graft.trace.ops.Shapes;
import io.graft.trace.Value;
import io.graft.trace.ops.Nn;
import io.graft.trace.ops.Reduce;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Logic;
import io.graft.trace.prim.BroadcastInDim;
import io.vavr.collection.Vector;
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
  /** bf16: bfloat16, f32's range at 8 significant bits, computed in f32 ({@code jnp.bfloat16}). */
  public static final DType bfloat16 = DType.BF16;
  /** f16: IEEE binary16, largest finite 65504, computed in f32 ({@code jnp.float16}). */
  public static final DType float16 = DType.F16;
  /** i8: 8-bit signed integer, computed in i32 and wrapped ({@code jnp.int8}). */
  public static final DType int8 = DType.I8;
  /** u8: 8-bit unsigned integer, computed in i32 and wrapped ({@code jnp.uint8}). */
  public static final DType uint8 = DType.U8;
  /** i32. */
  public static final DType int32 = DType.I32;
  /** i64. */
  public static final DType int64 = DType.I64;
  /** u32: unsigned, the dtype of random keys and bits ({@code jnp.uint32}). */
  public static final DType uint32 = DType.U32;
  /** bool. */
  public static final DType bool = DType.BOOL;

  // ---------------------------------------------------------------- creation

  /** An array of {@code shape} filled with {@code value} as {@code dtype} (staged as a broadcast when traced). */
  public static Array full(int[] shape, double value, DType dtype) {
    Objects.requireNonNull(shape, "shape is null");
    Objects.requireNonNull(dtype, "dtype is null");
    Const scalar = Const.of(NdArray.scalar(dtype, value));
    if (shape.length == 0) return new Array(scalar);
    Shape s = Shape.checked("full", () -> "shape " + java.util.Arrays.toString(shape) + ", dtype " + dtype, shape);
    return new Array(Bind.bind1(new BroadcastInDim(s, Ints.of()), scalar));
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

  /** {@code x << y} on integers ({@code jnp.left_shift}); 0 where {@code y} is at least the bit width. */
  public static Array leftShift(Array x, Array y) { return new Array(Logic.shiftLeft(ewArg(x, "x"), ewArg(y, "y"))); }

  /**
   * {@code x >> y} on integers ({@code jnp.right_shift}): logical (zeros in) for u32, arithmetic (sign bits in) for
   * signed integers, as NumPy.
   */
  public static Array rightShift(Array x, Array y) {
    Value a = ewArg(x, "x"), b = ewArg(y, "y");
    return new Array(io.graft.trace.ops.Promotion.resultType(a.type(), b.type()).dtype().isUnsigned()
        ? Logic.shiftRightLogical(a, b) : Logic.shiftRightArithmetic(a, b));
  }

  /** Bitwise not (logical for bools). */
  public static Array bitwiseNot(Array x) { return new Array(Logic.bitwiseNot(ewArg(x, "x"))); }

  // ---------------------------------------------------------------- structural family

  /** {@code x}'s elements under {@code newShape}; one extent may be {@code -1}. */
  public static Array reshape(Array x, int... newShape) { return new Array(Shapes.reshape(arg(x, "x"), ints(newShape, "newShape"))); }

  /** {@code x} with axes permuted by {@code axes} (reversed when none are given). */
  public static Array transpose(Array x, int... axes) { return new Array(Shapes.transpose(arg(x, "x"), ints(axes, "axes"))); }

  /** The arrays joined along {@code axis} (dtypes promoted; extents off {@code axis} must match). */
  public static Array concatenate(int axis, Array... xs) { return new Array(Shapes.concatenate(axis, args(xs, "xs"))); }

  /** The arrays (all of one shape) joined along a new axis {@code axis}. */
  public static Array stack(int axis, Array... xs) { return new Array(Shapes.stack(axis, args(xs, "xs"))); }

  /** {@code x} cut into {@code sections} equal pieces along {@code axis}. */
  public static Vector<Array> split(Array x, int sections, int axis) {
    return arrays(Shapes.split(arg(x, "x"), sections, axis));
  }

  /** {@code x} cut along {@code axis} before each of {@code indices} (NumPy's {@code split} with indices). */
  public static Vector<Array> split(Array x, int[] indices, int axis) {
    return arrays(Shapes.split(arg(x, "x"), ints(indices, "indices"), axis));
  }

  /** {@code x} without the given axes of extent 1 (every such axis when none are given). */
  public static Array squeeze(Array x, int... axes) { return new Array(Shapes.squeeze(arg(x, "x"), ints(axes, "axes"))); }

  /** {@code x} with new axes of extent 1 at {@code axes}. */
  public static Array expandDims(Array x, int... axes) { return new Array(Shapes.expandDims(arg(x, "x"), ints(axes, "axes"))); }

  /** {@code x} broadcast to {@code shape} (NumPy rules). */
  public static Array broadcastTo(Array x, int... shape) { return Objects.requireNonNull(x, "x is null").broadcastTo(shape); }

  /**
   * {@code np.pad(x, padWidth, constant_values=constant)}: {@code padWidth} has one {@code {before, after}} row per
   * axis (or one row for all axes), all {@code >= 0}.
   */
  public static Array pad(Array x, int[][] padWidth, double constant) {
    return new Array(Shapes.pad(arg(x, "x"), Objects.requireNonNull(padWidth, "padWidth is null"), Array.literal(constant)));
  }

  /** {@code x} reversed along {@code axes} (every axis when none are given). */
  public static Array flip(Array x, int... axes) { return new Array(Shapes.flip(arg(x, "x"), ints(axes, "axes"))); }

  /** {@code x} as 1-D, row-major. */
  public static Array ravel(Array x) { return new Array(Shapes.ravel(arg(x, "x"))); }

  /** {@code [0, 1, ..., stop-1]} as i32. */
  public static Array arange(int stop) { return new Array(Creation.arange(0, stop, 1, int32)); }

  /** {@code [start, ..., stop-1]} as i32. */
  public static Array arange(int start, int stop) { return new Array(Creation.arange(start, stop, 1, int32)); }

  /** {@code start, start + step, ...} below {@code stop} as i32. */
  public static Array arange(int start, int stop, int step) { return new Array(Creation.arange(start, stop, step, int32)); }

  /** {@code start, start + step, ...} below {@code stop} ({@code ceil((stop - start) / step)} elements) as f32. */
  public static Array arange(double start, double stop, double step) { return new Array(Creation.arange(start, stop, step, float32)); }

  /** {@code start, start + step, ...} below {@code stop} as {@code dtype} (floats computed in f64, rounded once). */
  public static Array arange(double start, double stop, double step, DType dtype) {
    return new Array(Creation.arange(start, stop, step, Objects.requireNonNull(dtype, "dtype is null")));
  }

  /** {@code num} evenly spaced f32 values from {@code start} to {@code stop} inclusive. */
  public static Array linspace(double start, double stop, int num) { return new Array(Creation.linspace(start, stop, num, true, float32)); }

  /** {@code num} evenly spaced f32 values from {@code start} to {@code stop} ({@code stop} included iff {@code endpoint}). */
  public static Array linspace(double start, double stop, int num, boolean endpoint) {
    return new Array(Creation.linspace(start, stop, num, endpoint, float32));
  }

  /** The f32 {@code n x n} identity. */
  public static Array eye(int n) { return new Array(Creation.eye(n, n, 0, float32)); }

  /** An {@code n x m} array of {@code dtype} with ones on diagonal {@code k} ({@code k > 0} above the main one). */
  public static Array eye(int n, int m, int k, DType dtype) {
    return new Array(Creation.eye(n, m, k, Objects.requireNonNull(dtype, "dtype is null")));
  }

  // ---------------------------------------------------------------- reductions family

  /** Sum of all elements of {@code x} ({@code jnp.sum}; bool counts as i32). */
  public static Array sum(Array x) { return new Array(Reduce.sum(reductionArg(x), null, false)); }

  /** Sum over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array sum(Array x, int... axes) { return new Array(Reduce.sum(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Sum over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array sum(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.sum(reductionArg(x), axes, keepdims)); }

  /** Mean of all elements of {@code x} ({@code jnp.mean}; integers and bool average in f32). */
  public static Array mean(Array x) { return new Array(Reduce.mean(reductionArg(x), null, false)); }

  /** Mean over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array mean(Array x, int... axes) { return new Array(Reduce.mean(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Mean over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array mean(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.mean(reductionArg(x), axes, keepdims)); }

  /** Maximum of all elements of {@code x} ({@code jnp.max}; NaN propagates; a zero-size reduced axis is an error). */
  public static Array max(Array x) { return new Array(Reduce.max(reductionArg(x), null, false)); }

  /** Maximum over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array max(Array x, int... axes) { return new Array(Reduce.max(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Maximum over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array max(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.max(reductionArg(x), axes, keepdims)); }

  /** Minimum of all elements of {@code x} ({@code jnp.min}; NaN propagates; a zero-size reduced axis is an error). */
  public static Array min(Array x) { return new Array(Reduce.min(reductionArg(x), null, false)); }

  /** Minimum over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array min(Array x, int... axes) { return new Array(Reduce.min(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Minimum over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array min(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.min(reductionArg(x), axes, keepdims)); }

  /** Product of all elements of {@code x} ({@code jnp.prod}; bool counts as i32). */
  public static Array prod(Array x) { return new Array(Reduce.prod(reductionArg(x), null, false)); }

  /** Product over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array prod(Array x, int... axes) { return new Array(Reduce.prod(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Product over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array prod(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.prod(reductionArg(x), axes, keepdims)); }

  /** Variance of all elements of {@code x} ({@code jnp.var}, ddof 0; integers in f32). */
  public static Array var(Array x) { return new Array(Reduce.var(reductionArg(x), null, 0, false)); }

  /** Variance over {@code axes} (negative allowed; ddof 0). */
  public static Array var(Array x, int... axes) { return new Array(Reduce.var(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), 0, false)); }

  /** Variance over {@code axes} ({@code null}: all; ddof 0), keeping them as size 1 when {@code keepdims}. */
  public static Array var(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.var(reductionArg(x), axes, 0, keepdims)); }

  /** Variance over {@code axes} ({@code null}: all) with divisor {@code count - ddof}. */
  public static Array var(Array x, int[] axes, int ddof, boolean keepdims) { return new Array(Reduce.var(reductionArg(x), axes, ddof, keepdims)); }

  /** {@code jnp.std}: standard deviation over every axis. */
  public static Array std(Array x) { return new Array(Reduce.std(reductionArg(x), null, 0, false)); }

  /** {@code jnp.std} over {@code axes}. */
  public static Array std(Array x, int... axes) { return new Array(Reduce.std(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), 0, false)); }

  /** {@code jnp.std} over {@code axes} with {@code ddof} and {@code keepdims}. */
  public static Array std(Array x, int[] axes, int ddof, boolean keepdims) { return new Array(Reduce.std(reductionArg(x), axes, ddof, keepdims)); }

  /**
   * {@code jax.nn.one_hot}: {@code (..., numClasses)} rows that are 1 at each integer class id (f32); ids out of
   * range give all-zero rows.
   */
  public static Array oneHot(Array x, int numClasses) { return oneHot(x, numClasses, float32); }

  /** {@code jax.nn.one_hot} as {@code dtype}. */
  public static Array oneHot(Array x, int numClasses, DType dtype) {
    return new Array(io.graft.trace.ops.Nn.oneHot(Objects.requireNonNull(x, "x is null").value(), numClasses, dtype));
  }

  /** Index (i32) of the first maximum of the flattened {@code x} ({@code jnp.argmax}; the first NaN wins). */
  public static Array argmax(Array x) { return new Array(Reduce.argmax(reductionArg(x), null, false)); }

  /** Indices (i32) of the first maxima along {@code axis} (negative allowed). */
  public static Array argmax(Array x, int axis) { return new Array(Reduce.argmax(reductionArg(x), axis, false)); }

  /** Indices (i32) of the first maxima along {@code axis}, kept as a size-1 axis when {@code keepdims}. */
  public static Array argmax(Array x, int axis, boolean keepdims) { return new Array(Reduce.argmax(reductionArg(x), axis, keepdims)); }

  /** Index (i32) of the first minimum of the flattened {@code x} ({@code jnp.argmin}; the first NaN wins). */
  public static Array argmin(Array x) { return new Array(Reduce.argmin(reductionArg(x), null, false)); }

  /** Indices (i32) of the first minima along {@code axis} (negative allowed). */
  public static Array argmin(Array x, int axis) { return new Array(Reduce.argmin(reductionArg(x), axis, false)); }

  /** Indices (i32) of the first minima along {@code axis}, kept as a size-1 axis when {@code keepdims}. */
  public static Array argmin(Array x, int axis, boolean keepdims) { return new Array(Reduce.argmin(reductionArg(x), axis, keepdims)); }

  /** Running sum of the flattened {@code x} ({@code jnp.cumsum}; bool counts as i32). */
  public static Array cumsum(Array x) { return new Array(Reduce.cumsum(reductionArg(x), null)); }

  /** Running sum along {@code axis} (negative allowed). */
  public static Array cumsum(Array x, int axis) { return new Array(Reduce.cumsum(reductionArg(x), axis)); }

  /** Running product of the flattened {@code x} ({@code jnp.cumprod}; bool counts as i32). */
  public static Array cumprod(Array x) { return new Array(Reduce.cumprod(reductionArg(x), null)); }

  /** Running product along {@code axis} (negative allowed). */
  public static Array cumprod(Array x, int axis) { return new Array(Reduce.cumprod(reductionArg(x), axis)); }

  /** {@code log(sum(exp(x)))} over all elements, computed stably ({@code jax.nn.logsumexp}; integers in f32). */
  public static Array logsumexp(Array x) { return new Array(Reduce.logsumexp(reductionArg(x), null, false)); }

  /** {@code log(sum(exp(x)))} over {@code axes} (negative allowed), computed stably. */
  public static Array logsumexp(Array x, int... axes) { return new Array(Reduce.logsumexp(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** {@code log(sum(exp(x)))} over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array logsumexp(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.logsumexp(reductionArg(x), axes, keepdims)); }

  /** {@code exp(x) / sum(exp(x))} along the last axis ({@code jax.nn.softmax}), shifted by the maximum for stability. */
  public static Array softmax(Array x) { return new Array(Nn.softmax(reductionArg(x), -1)); }

  /** {@code exp(x) / sum(exp(x))} along {@code axis} (negative allowed), shifted by the maximum for stability. */
  public static Array softmax(Array x, int axis) { return new Array(Nn.softmax(reductionArg(x), axis)); }

  /** {@code x - logsumexp(x)} along the last axis ({@code jax.nn.log_softmax}), computed stably. */
  public static Array logSoftmax(Array x) { return new Array(Nn.logSoftmax(reductionArg(x), -1)); }

  /** {@code x - logsumexp(x)} along {@code axis} (negative allowed), computed stably. */
  public static Array logSoftmax(Array x, int axis) { return new Array(Nn.logSoftmax(reductionArg(x), axis)); }

  // ---------------------------------------------------------------- activations ({@code jax.nn})

  /** {@code max(x, 0)} ({@code jax.nn.relu}); its derivative at 0 is 0, as JAX's. */
  public static Array relu(Array x) { return where(Objects.requireNonNull(x, "x is null").gt(0.0), x, 0.0); }

  /** {@code 1 / (1 + e^-x)} ({@code jax.nn.sigmoid}). */
  public static Array sigmoid(Array x) { return new Array(Arith.logistic(ewArg(x, "x"))); }

  /** {@code x σ(x)} ({@code jax.nn.silu}, also called swish). */
  public static Array silu(Array x) { return x.mul(sigmoid(x)); }

  /**
   * {@code log(1 + e^x)} ({@code jax.nn.softplus}), computed as {@code max(x, 0) + log1p(e^-|x|)} so it never
   * overflows; {@code max(x, 0)} is written {@code (x + |x|)/2} so the derivative at 0 is the true {@code σ(0) = ½}.
   */
  public static Array softplus(Array x) {
    Array abs = Objects.requireNonNull(x, "x is null").abs();
    return x.add(abs).mul(0.5).add(abs.neg().exp().log1p());
  }

  /** {@code log σ(x) = -softplus(-x)} ({@code jax.nn.log_sigmoid}), stable for large {@code |x|}. */
  public static Array logSigmoid(Array x) { return softplus(Objects.requireNonNull(x, "x is null").neg()).neg(); }

  /** The error function {@code erf(x) = 2/√π ∫₀ˣ e^{-t²} dt} ({@code jax.scipy.special.erf}). */
  public static Array erf(Array x) { return new Array(Arith.erf(ewArg(x, "x"))); }

  /**
   * GELU with the tanh approximation ({@code jax.nn.gelu}'s default, {@code approximate=True}):
   * {@code ½ x (1 + tanh(√(2/π) (x + 0.044715 x³)))}.
   */
  public static Array gelu(Array x) { return gelu(x, true); }

  /**
   * GELU ({@code jax.nn.gelu(x, approximate)}): exact {@code ½ x (1 + erf(x / √2))} when {@code approximate} is false,
   * else the tanh approximation of {@link #gelu(Array)}.
   */
  public static Array gelu(Array x, boolean approximate) {
    Objects.requireNonNull(x, "x is null");
    if (!approximate) return x.mul(0.5).mul(x.mul(1 / Math.sqrt(2)).erf().add(1.0));
    Array inner = x.add(x.integerPow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1.0));
  }

  private static Value reductionArg(Array x) { return Objects.requireNonNull(x, "x is null").value(); }

  // ---------------------------------------------------------------- linalg family

  /**
   * {@code jnp.einsum}: Einstein summation, e.g. {@code einsum("bij,bjk->bik", a, b)}; any subscripts, implicit
   * output when there is no {@code ->}, {@code ...} for shared leading axes; lowered to {@code dot_general},
   * transposes and reductions.
   */
  public static Array einsum(String subscripts, Array... operands) {
    Objects.requireNonNull(subscripts, "subscripts is null");
    Objects.requireNonNull(operands, "operands is null");
    io.graft.trace.Value[] vs = new io.graft.trace.Value[operands.length];
    for (int i = 0; i < vs.length; i++) vs[i] = Objects.requireNonNull(operands[i], "operands[" + i + "] is null").value();
    return new Array(io.graft.trace.ops.Einsum.einsum(subscripts, vs));
  }
  /** {@code numpy.matmul(a, b)} ({@code a @ b}); see {@link Array#matmul}. */
  public static Array matmul(Array a, Array b) {
    return new Array(io.graft.trace.ops.Linalg.matmul(linArg(a, "a"), linArg(b, "b")));
  }

  /** {@code numpy.dot(a, b)}; see {@link Array#dot}. */
  public static Array dot(Array a, Array b) {
    return new Array(io.graft.trace.ops.Linalg.dot(linArg(a, "a"), linArg(b, "b")));
  }

  /** {@code numpy.outer(a, b)}: {@code out[i, j] = a.ravel()[i] · b.ravel()[j]}. */
  public static Array outer(Array a, Array b) {
    return new Array(io.graft.trace.ops.Linalg.outer(linArg(a, "a"), linArg(b, "b")));
  }

  private static io.graft.trace.Value linArg(Array x, String name) {
    return Objects.requireNonNull(x, name + " is null").value();
  }

  // ---------------------------------------------------------------- indexing family
  /** {@code np.take(x, indices)}: entries of flattened {@code x} at integer {@code indices} (negatives wrap, others clamp). */
  public static Array take(Array x, Array indices) { return Objects.requireNonNull(x, "x is null").take(indices); }

  /**
   * {@code np.take(x, indices, axis)}: shape {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}; an embedding
   * lookup is {@code take(table, ids, 0)}. Negative indices wrap; indices still out of range are clamped.
   */
  public static Array take(Array x, Array indices, int axis) { return Objects.requireNonNull(x, "x is null").take(indices, axis); }

  /**
   * {@code jnp.take(x, indices, axis, mode=...)}: as {@link #take(Array, Array, int)}, with {@code mode} for indices
   * still out of range after wrapping: {@code CLIP} clamps, {@code FILL} gives NaN (floats), the minimum (ints) or
   * true (bool).
   */
  public static Array take(Array x, Array indices, int axis, io.graft.trace.prim.GatherMode mode) {
    Objects.requireNonNull(x, "x is null");
    Objects.requireNonNull(indices, "indices is null");
    Objects.requireNonNull(mode, "mode is null");
    return new Array(io.graft.trace.ops.Indexing.take(x.value(), indices.value(), axis, mode));
  }

  /**
   * {@code np.take_along_axis(x, indices, axis)}: {@code out[..., i, ...] = x[..., indices[..., i, ...], ...]};
   * {@code indices} has {@code x}'s rank and broadcasts against it off {@code axis}. Negative indices wrap, others clamp.
   */
  public static Array takeAlongAxis(Array x, Array indices, int axis) {
    Objects.requireNonNull(x, "x is null");
    Objects.requireNonNull(indices, "indices is null");
    return new Array(io.graft.trace.ops.Indexing.takeAlongAxis(x.value(), indices.value(), axis));
  }
}
