package io.graft;

import static io.graft.StructuralArgs.arg;
import static io.graft.StructuralArgs.args;
import static io.graft.StructuralArgs.ints;

import io.graft.numerics.DType;
import io.graft.trace.ops.Creation;
import io.graft.trace.ops.Shapes;
import io.graft.trace.prim.PadConfig;
import io.graft.trace.Value;
import io.graft.trace.ops.Reduce;
import io.graft.trace.prim.AllGather;
import io.graft.trace.prim.ArgOp;
import io.graft.trace.prim.AxisIndex;
import io.graft.trace.prim.Collective;
import io.graft.trace.prim.Pmax;
import io.graft.trace.prim.Pmin;
import io.graft.trace.prim.Psum;
import io.graft.trace.prim.PsumScatter;
import io.graft.trace.prim.CumulativeOp;
import io.graft.trace.prim.ReduceOp;
import io.graft.trace.prim.WindowOp;
import io.graft.trace.Bind;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Logic;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.CompareOp;
import io.graft.trace.prim.ConvertElementType;
import io.graft.trace.prim.LaxOps;
import io.graft.trace.prim.UnaryOp;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code jax.lax}: the primitive-level operations, with the primitives' strict semantics (no implicit
 * broadcasting or promotion beyond what each primitive defines). One-line delegations.
 */
public final class Lax {
  private Lax() {}

  // ---------------------------------------------------------------- elementwise family

  private static Value ewArg(Array a, String name) { return Objects.requireNonNull(a, name + " is null").value(); }

  private static Array ew(UnaryOp op, Array x) { return new Array(LaxOps.unary(op, ewArg(x, "x"))); }

  private static Array ew(BinaryOp op, Array x, Array y) { return new Array(LaxOps.binary(op, ewArg(x, "x"), ewArg(y, "y"))); }

  private static Array ew(CompareOp op, Array x, Array y) { return new Array(LaxOps.compare(op, ewArg(x, "x"), ewArg(y, "y"))); }

  /** {@code -x}. */ public static Array neg(Array x) { return ew(UnaryOp.NEG, x); }
  /** -1, 0, 1 by sign. */ public static Array sign(Array x) { return ew(UnaryOp.SIGN, x); }
  /** Round toward -inf. */ public static Array floor(Array x) { return ew(UnaryOp.FLOOR, x); }
  /** Round toward +inf. */ public static Array ceil(Array x) { return ew(UnaryOp.CEIL, x); }
  /** Round half away from zero ({@code lax.round} default: {@code 2.5 -> 3}). */ public static Array round(Array x) { return ew(UnaryOp.ROUND, x); }
  /** Round half to even ({@code lax.round(x, TO_NEAREST_EVEN)}: {@code 2.5 -> 2}). */ public static Array roundNearestEven(Array x) { return ew(UnaryOp.ROUND_EVEN, x); }
  /** True where finite (bool; floats only). */ public static Array isFinite(Array x) { return ew(UnaryOp.IS_FINITE, x); }
  /** {@code e^x}. */ public static Array exp(Array x) { return ew(UnaryOp.EXP, x); }
  /** {@code 2^x}. */ public static Array exp2(Array x) { return ew(UnaryOp.EXP2, x); }
  /** Natural log. */ public static Array log(Array x) { return ew(UnaryOp.LOG, x); }
  /** {@code ln(1 + x)}. */ public static Array log1p(Array x) { return ew(UnaryOp.LOG1P, x); }
  /** {@code e^x - 1}. */ public static Array expm1(Array x) { return ew(UnaryOp.EXPM1, x); }
  /** Hyperbolic tangent. */ public static Array tanh(Array x) { return ew(UnaryOp.TANH, x); }
  /** {@code 1 / (1 + e^-x)}. */ public static Array logistic(Array x) { return ew(UnaryOp.LOGISTIC, x); }
  /** Sine. */ public static Array sin(Array x) { return ew(UnaryOp.SIN, x); }
  /** Cosine. */ public static Array cos(Array x) { return ew(UnaryOp.COS, x); }
  /** Tangent. */ public static Array tan(Array x) { return ew(UnaryOp.TAN, x); }
  /** Arc sine. */ public static Array asin(Array x) { return ew(UnaryOp.ASIN, x); }
  /** Arc cosine. */ public static Array acos(Array x) { return ew(UnaryOp.ACOS, x); }
  /** Arc tangent. */ public static Array atan(Array x) { return ew(UnaryOp.ATAN, x); }
  /** Hyperbolic sine. */ public static Array sinh(Array x) { return ew(UnaryOp.SINH, x); }
  /** Hyperbolic cosine. */ public static Array cosh(Array x) { return ew(UnaryOp.COSH, x); }
  /** Inverse hyperbolic sine. */ public static Array asinh(Array x) { return ew(UnaryOp.ASINH, x); }
  /** Inverse hyperbolic cosine. */ public static Array acosh(Array x) { return ew(UnaryOp.ACOSH, x); }
  /** Inverse hyperbolic tangent. */ public static Array atanh(Array x) { return ew(UnaryOp.ATANH, x); }
  /** Square root. */ public static Array sqrt(Array x) { return ew(UnaryOp.SQRT, x); }
  /** {@code 1 / sqrt(x)}. */ public static Array rsqrt(Array x) { return ew(UnaryOp.RSQRT, x); }
  /** Cube root. */ public static Array cbrt(Array x) { return ew(UnaryOp.CBRT, x); }
  /** {@code |x|}. */ public static Array abs(Array x) { return ew(UnaryOp.ABS, x); }
  /** The error function. */ public static Array erf(Array x) { return ew(UnaryOp.ERF, x); }
  /** The inverse error function. */ public static Array erfInv(Array x) { return ew(UnaryOp.ERF_INV, x); }
  /** Logical (bool) or bitwise (integers) not. */ public static Array not(Array x) { return ew(UnaryOp.NOT, x); }
  /** {@code x * x}. */ public static Array square(Array x) { return ew(UnaryOp.SQUARE, x); }

  /** {@code x + y} (one dtype; equal shapes or a rank-0 operand). */ public static Array add(Array x, Array y) { return ew(BinaryOp.ADD, x, y); }
  /** {@code x - y}. */ public static Array sub(Array x, Array y) { return ew(BinaryOp.SUB, x, y); }
  /** {@code x * y}. */ public static Array mul(Array x, Array y) { return ew(BinaryOp.MUL, x, y); }
  /** {@code x / y} (integers truncate toward zero; {@code x / 0 = 0}). */ public static Array div(Array x, Array y) { return ew(BinaryOp.DIV, x, y); }
  /** Remainder with the sign of {@code x} (integers: {@code x rem 0 = x}). */ public static Array rem(Array x, Array y) { return ew(BinaryOp.REM, x, y); }
  /** {@code x^y} (floats). */ public static Array pow(Array x, Array y) { return ew(BinaryOp.POW, x, y); }
  /** Maximum (NaN-propagating). */ public static Array max(Array x, Array y) { return ew(BinaryOp.MAX, x, y); }
  /** Minimum (NaN-propagating). */ public static Array min(Array x, Array y) { return ew(BinaryOp.MIN, x, y); }
  /** {@code atan2(x, y)}. */ public static Array atan2(Array x, Array y) { return ew(BinaryOp.ATAN2, x, y); }
  /** Logical (bool) or bitwise (integers) and. */ public static Array and(Array x, Array y) { return ew(BinaryOp.AND, x, y); }
  /** Logical (bool) or bitwise (integers) or. */ public static Array or(Array x, Array y) { return ew(BinaryOp.OR, x, y); }
  /** Logical (bool) or bitwise (integers) xor. */ public static Array xor(Array x, Array y) { return ew(BinaryOp.XOR, x, y); }
  /** The next float after {@code x} toward {@code y}. */ public static Array nextafter(Array x, Array y) { return ew(BinaryOp.NEXTAFTER, x, y); }
  /** {@code x << y} (integers; 0 once {@code y} reaches the width). */ public static Array shiftLeft(Array x, Array y) { return ew(BinaryOp.SHIFT_LEFT, x, y); }
  /** {@code x >>> y} (integers, zeros in). */ public static Array shiftRightLogical(Array x, Array y) { return ew(BinaryOp.SHIFT_RIGHT_LOGICAL, x, y); }
  /** {@code x >> y} (integers, sign bits in). */ public static Array shiftRightArithmetic(Array x, Array y) { return ew(BinaryOp.SHIFT_RIGHT_ARITHMETIC, x, y); }
  /** {@code x == y} (bool). */ public static Array eq(Array x, Array y) { return ew(CompareOp.EQ, x, y); }
  /** {@code x != y} (bool). */ public static Array ne(Array x, Array y) { return ew(CompareOp.NE, x, y); }
  /** {@code x < y} (bool). */ public static Array lt(Array x, Array y) { return ew(CompareOp.LT, x, y); }
  /** {@code x <= y} (bool). */ public static Array le(Array x, Array y) { return ew(CompareOp.LE, x, y); }
  /** {@code x > y} (bool). */ public static Array gt(Array x, Array y) { return ew(CompareOp.GT, x, y); }
  /** {@code x >= y} (bool). */ public static Array ge(Array x, Array y) { return ew(CompareOp.GE, x, y); }

  /** {@code x^y} by repeated squaring ({@code integer_pow}); a negative {@code y} needs floats. */
  public static Array integerPow(Array x, int y) { return new Array(Arith.integerPow(ewArg(x, "x"), y)); }

  /** {@code cases[which]} elementwise ({@code select_n}): bool {@code which} with two cases (false picks the first) or i32. */
  public static Array selectN(Array which, Array... cases) {
    Objects.requireNonNull(cases, "cases is null");
    return new Array(Logic.selectN(ewArg(which, "which"), java.util.Arrays.stream(cases).map(c -> ewArg(c, "cases[i]")).toArray(Value[]::new)));
  }

  /** {@code x}'s bits read as {@code dtype}, of the same width ({@code bitcast_convert_type}: f32/i32/u32, f64/i64). */
  public static Array bitcastConvertType(Array x, DType dtype) {
    Objects.requireNonNull(dtype, "dtype is null");
    return new Array(Bind.bind1(new io.graft.trace.prim.BitcastConvertType(dtype), ewArg(x, "x")));
  }

  /** The indices that sort {@code x} ascending along {@code axis}, stably (i32; {@code jnp.argsort(stable=True)}). */
  public static Array argsort(Array x, int axis) {
    Value v = ewArg(x, "x");
    int a = axis < 0 ? axis + v.type().rank() : axis;                // the type rule reports an axis out of range
    return new Array(Bind.bind1(new io.graft.trace.prim.ArgSort(a), v));
  }

  /** {@code x} converted to {@code dtype} ({@code convert_element_type}; strongly typed). */
  public static Array convertElementType(Array x, DType dtype) {
    return new Array(Bind.bind1(new ConvertElementType(Objects.requireNonNull(dtype, "dtype is null"), false), ewArg(x, "x")));
  }

  /** The identity with a zero derivative ({@code stop_gradient}). */
  public static Array stopGradient(Array x) { return new Array(Arith.stopGradient(ewArg(x, "x"))); }

  /** {@code min(max(x, lo), hi)} ({@code clamp}; {@code lo}, {@code hi} rank-0 or {@code x}'s shape, one dtype). */
  public static Array clamp(Array lo, Array x, Array hi) { return new Array(Logic.clamp(ewArg(lo, "lo"), ewArg(x, "x"), ewArg(hi, "hi"))); }

  // ---------------------------------------------------------------- structural family

  /** {@code lax.broadcast_in_dim}: operand axis {@code i} becomes axis {@code dims[i]} of {@code shape}. */
  public static Array broadcastInDim(Array x, int[] shape, int[] dims) {
    return new Array(Shapes.broadcastInDim(arg(x, "x"), ints(shape, "shape"), ints(dims, "dims")));
  }

  /** {@code lax.reshape}: {@code x} under exactly {@code newSizes} (no {@code -1}). */
  public static Array reshape(Array x, int... newSizes) { return new Array(Shapes.laxReshape(arg(x, "x"), ints(newSizes, "newSizes"))); }

  /** {@code lax.squeeze}: {@code x} without {@code dims}, each of extent 1. */
  public static Array squeeze(Array x, int... dims) { return new Array(Shapes.laxSqueeze(arg(x, "x"), ints(dims, "dims"))); }

  /** {@code lax.transpose}: result axis {@code k} is axis {@code perm[k]}; {@code perm} lists every axis once. */
  public static Array transpose(Array x, int... perm) { return new Array(Shapes.laxTranspose(arg(x, "x"), ints(perm, "perm"))); }

  /** {@code lax.rev}: {@code x} reversed along {@code dims}. */
  public static Array rev(Array x, int... dims) { return new Array(Shapes.rev(arg(x, "x"), ints(dims, "dims"))); }

  /** {@code lax.pad}: {@code x} padded with the rank-0 {@code padValue} (same dtype) per {@code config}; negative lo/hi crop. */
  public static Array pad(Array x, Array padValue, PadConfig config) {
    return new Array(Shapes.laxPad(arg(x, "x"), arg(padValue, "padValue"), Objects.requireNonNull(config, "config is null")));
  }

  /** {@code lax.pad} with {@code config} as rows {@code {lo, hi, interior}}, one per axis. */
  public static Array pad(Array x, Array padValue, int[][] config) {
    return pad(x, padValue, PadConfig.of(Objects.requireNonNull(config, "config is null")));
  }

  /** {@code lax.concatenate}: operands of one dtype joined along {@code dimension}. */
  public static Array concatenate(int dimension, Array... xs) { return new Array(Shapes.laxConcatenate(dimension, args(xs, "xs"))); }

  /** {@code lax.slice} with unit strides: strict bounds {@code 0 <= starts <= limits <= shape}. */
  public static Array slice(Array x, int[] starts, int[] limits) {
    return new Array(Shapes.laxSlice(arg(x, "x"), ints(starts, "starts"), ints(limits, "limits"), null));
  }

  /** {@code lax.slice}: elements {@code starts + i * strides} below {@code limits}, with strict bounds. */
  public static Array slice(Array x, int[] starts, int[] limits, int[] strides) {
    return new Array(Shapes.laxSlice(arg(x, "x"), ints(starts, "starts"), ints(limits, "limits"),
        ints(strides, "strides")));
  }

  /** {@code lax.dynamic_slice}: a {@code sizes} window at run-time {@code starts} (rank-0 integers), clamped into {@code x}. */
  public static Array dynamicSlice(Array x, Array[] starts, int[] sizes) {
    return new Array(Shapes.dynamicSlice(arg(x, "x"), args(starts, "starts"), ints(sizes, "sizes")));
  }

  /** {@code lax.dynamic_update_slice}: {@code x} with {@code update} (same dtype) written at run-time {@code starts}, clamped. */
  public static Array dynamicUpdateSlice(Array x, Array update, Array[] starts) {
    return new Array(Shapes.dynamicUpdateSlice(arg(x, "x"), arg(update, "update"), args(starts, "starts")));
  }

  /** {@code lax.iota}: {@code [0, ..., size-1]} as {@code dtype}. */
  public static Array iota(DType dtype, int size) { return new Array(Creation.iota(Objects.requireNonNull(dtype, "dtype is null"), size)); }

  /** {@code lax.broadcasted_iota}: the index along {@code dimension} over {@code shape}, as {@code dtype}. */
  public static Array broadcastedIota(DType dtype, int[] shape, int dimension) {
    return new Array(Creation.broadcastedIota(Objects.requireNonNull(dtype, "dtype is null"), ints(shape, "shape"), dimension));
  }

  // ---------------------------------------------------------------- reductions family

  /** Sum over {@code axes} ({@code lax.reduce_sum}; negative allowed); an empty reduction gives the identity. */
  public static Array reduceSum(Array x, int... axes) { return new Array(Reduce.reduce(ReduceOp.SUM, reductionArg(x), axes)); }

  /** Maximum over {@code axes} ({@code lax.reduce_max}; negative allowed); an empty reduction gives the identity. */
  public static Array reduceMax(Array x, int... axes) { return new Array(Reduce.reduce(ReduceOp.MAX, reductionArg(x), axes)); }

  /** Minimum over {@code axes} ({@code lax.reduce_min}; negative allowed); an empty reduction gives the identity. */
  public static Array reduceMin(Array x, int... axes) { return new Array(Reduce.reduce(ReduceOp.MIN, reductionArg(x), axes)); }

  /** Product over {@code axes} ({@code lax.reduce_prod}; negative allowed); an empty reduction gives the identity. */
  public static Array reduceProd(Array x, int... axes) { return new Array(Reduce.reduce(ReduceOp.PROD, reductionArg(x), axes)); }

  /** {@code lax.argmax}: indices of the first maxima along {@code axis} as {@code indexDtype} (i32 or i64). */
  public static Array argmax(Array x, int axis, DType indexDtype) { return new Array(Reduce.argMinMax(ArgOp.MAX, reductionArg(x), axis, indexDtype)); }

  /** {@code lax.argmin}: indices of the first minima along {@code axis} as {@code indexDtype} (i32 or i64). */
  public static Array argmin(Array x, int axis, DType indexDtype) { return new Array(Reduce.argMinMax(ArgOp.MIN, reductionArg(x), axis, indexDtype)); }

  /** {@code lax.cumsum}: running sum along {@code axis}, from the end when {@code reverse}. */
  public static Array cumsum(Array x, int axis, boolean reverse) { return new Array(Reduce.cumulative(CumulativeOp.SUM, reductionArg(x), axis, reverse)); }

  /** {@code lax.cumprod}: running product along {@code axis}, from the end when {@code reverse}. */
  public static Array cumprod(Array x, int axis, boolean reverse) { return new Array(Reduce.cumulative(CumulativeOp.PROD, reductionArg(x), axis, reverse)); }

  /** {@code lax.cummax}: running maximum along {@code axis}, from the end when {@code reverse}. */
  public static Array cummax(Array x, int axis, boolean reverse) { return new Array(Reduce.cumulative(CumulativeOp.MAX, reductionArg(x), axis, reverse)); }

  /** {@code lax.cummin}: running minimum along {@code axis}, from the end when {@code reverse}. */
  public static Array cummin(Array x, int axis, boolean reverse) { return new Array(Reduce.cumulative(CumulativeOp.MIN, reductionArg(x), axis, reverse)); }

  /**
   * {@code lax.reduce_window} with {@code op} (padding holds the op's identity): {@code window} and {@code strides}
   * per axis, {@code padding} one {@code (lo, hi)} pair per axis, no dilation.
   */
  public static Array reduceWindow(Array x, WindowOp op, int[] window, int[] strides, int[][] padding) {
    return new Array(Reduce.reduceWindow(reductionArg(x), op, window, strides, padding, null, null));
  }

  /** {@code lax.reduce_window} with base (operand) and window dilation per axis. */
  public static Array reduceWindow(Array x, WindowOp op, int[] window, int[] strides, int[][] padding, int[] baseDilation,
                                   int[] windowDilation) {
    Objects.requireNonNull(baseDilation, "baseDilation is null");
    Objects.requireNonNull(windowDilation, "windowDilation is null");
    return new Array(Reduce.reduceWindow(reductionArg(x), op, window, strides, padding, baseDilation, windowDilation));
  }

  /**
   * The max-pool gradient: adds each {@code source} element at the first maximum of its window of {@code operand}
   * into zeros of {@code operand}'s shape ({@code lax._select_and_scatter_add}).
   */
  public static Array selectAndScatterAdd(Array source, Array operand, int[] window, int[] strides, int[][] padding) {
    Objects.requireNonNull(source, "source is null");
    Objects.requireNonNull(operand, "operand is null");
    return new Array(Reduce.selectAndScatterAdd(source.value(), operand.value(), window, strides, padding));
  }

  /**
   * The max-pool JVP: for each window of {@code operand}, the element of {@code tangents} at the window's first
   * maximum ({@code lax._select_and_gather_add}); the transpose of {@link #selectAndScatterAdd} in its first operand.
   */
  public static Array selectAndGatherAdd(Array tangents, Array operand, int[] window, int[] strides, int[][] padding) {
    Objects.requireNonNull(tangents, "tangents is null");
    Objects.requireNonNull(operand, "operand is null");
    return new Array(Reduce.selectAndGatherAdd(tangents.value(), operand.value(), window, strides, padding));
  }

  private static Value reductionArg(Array x) { return Objects.requireNonNull(x, "x is null").value(); }

  // ---------------------------------------------------------------- linalg family
  /**
   * {@code lax.dot_general}: contracts {@code lhsContract[i]} with {@code rhsContract[i]}, batching over paired
   * {@code lhsBatch}/{@code rhsBatch}; result axes are batch, lhs free, rhs free. Operands must share a dtype;
   * axes may be negative.
   * <pre>{@code Lax.dotGeneral(a, b, new int[] {2}, new int[] {1}, new int[] {0}, new int[] {0})  // [B,m,k]·[B,k,n] -> [B,m,n]}</pre>
   */
  public static Array dotGeneral(Array lhs, Array rhs, int[] lhsContract, int[] rhsContract, int[] lhsBatch,
                                 int[] rhsBatch) {
    return new Array(io.graft.trace.ops.Linalg.dotGeneral(linArg(lhs, "lhs"), linArg(rhs, "rhs"),
        linInts(lhsContract, "lhsContract"), linInts(rhsContract, "rhsContract"), linInts(lhsBatch, "lhsBatch"),
        linInts(rhsBatch, "rhsBatch")));
  }

  /** {@link #dotGeneral(Array, Array, int[], int[], int[], int[])} accumulating in {@code preferredElementType}. */
  public static Array dotGeneral(Array lhs, Array rhs, int[] lhsContract, int[] rhsContract, int[] lhsBatch,
                                 int[] rhsBatch, io.graft.numerics.DType preferredElementType) {
    return new Array(io.graft.trace.ops.Linalg.dotGeneral(linArg(lhs, "lhs"), linArg(rhs, "rhs"),
        linInts(lhsContract, "lhsContract"), linInts(rhsContract, "rhsContract"), linInts(lhsBatch, "lhsBatch"),
        linInts(rhsBatch, "rhsBatch"),
        java.util.Objects.requireNonNull(preferredElementType, "preferredElementType is null")));
  }

  /** {@code lax.dot}: vector/matrix product of rank-1 or rank-2 operands of one dtype. */
  public static Array dot(Array lhs, Array rhs) {
    return new Array(io.graft.trace.ops.Linalg.laxDot(linArg(lhs, "lhs"), linArg(rhs, "rhs")));
  }

  /**
   * {@code lax.conv_general_dilated} with explicit {@code (lo, hi)} padding per spatial axis and layout strings
   * such as {@code {"NCHW", "OIHW", "NCHW"}} or {@code {"NHWC", "HWIO", "NHWC"}}; see
   * {@link io.graft.trace.prim.ConvGeneralDilated} for the semantics of every parameter.
   * <pre>{@code Lax.convGeneralDilated(x, w, new int[] {1, 1}, new int[][] {{1, 1}, {1, 1}}, new int[] {1, 1},
   *     new int[] {1, 1}, new String[] {"NHWC", "HWIO", "NHWC"}, 1, 1)}</pre>
   */
  public static Array convGeneralDilated(Array lhs, Array rhs, int[] strides, int[][] padding, int[] lhsDilation,
                                         int[] rhsDilation, String[] dimensionNumbers, int featureGroupCount,
                                         int batchGroupCount) {
    return convGeneralDilated(lhs, rhs, strides, padding, lhsDilation, rhsDilation, linDims(dimensionNumbers),
        featureGroupCount, batchGroupCount);
  }

  /** {@code lax.conv_general_dilated} with explicit padding and dimension numbers as a value. */
  public static Array convGeneralDilated(Array lhs, Array rhs, int[] strides, int[][] padding, int[] lhsDilation,
                                         int[] rhsDilation, io.graft.trace.prim.ConvDims dimensionNumbers,
                                         int featureGroupCount, int batchGroupCount) {
    var pads = io.graft.trace.prim.Padding.of(java.util.Objects.requireNonNull(padding, "padding is null"));
    return new Array(io.graft.trace.ops.Linalg.convGeneralDilated(linArg(lhs, "lhs"), linArg(rhs, "rhs"),
        linInts(strides, "strides"), pads, linInts(lhsDilation, "lhsDilation"), linInts(rhsDilation, "rhsDilation"),
        java.util.Objects.requireNonNull(dimensionNumbers, "dimensionNumbers is null"), featureGroupCount,
        batchGroupCount));
  }

  /** {@code lax.conv_general_dilated} with padding {@code "SAME"}, {@code "SAME_LOWER"} or {@code "VALID"}. */
  public static Array convGeneralDilated(Array lhs, Array rhs, int[] strides, String padding, int[] lhsDilation,
                                         int[] rhsDilation, String[] dimensionNumbers, int featureGroupCount,
                                         int batchGroupCount) {
    return new Array(io.graft.trace.ops.Linalg.convGeneralDilated(linArg(lhs, "lhs"), linArg(rhs, "rhs"),
        linInts(strides, "strides"), java.util.Objects.requireNonNull(padding, "padding is null"),
        linInts(lhsDilation, "lhsDilation"), linInts(rhsDilation, "rhsDilation"), linDims(dimensionNumbers),
        featureGroupCount, batchGroupCount));
  }

  /** {@code lax.conv}: NCHW-style layout (any number of spatial axes), padding {@code "SAME"} or {@code "VALID"}. */
  public static Array conv(Array lhs, Array rhs, int[] strides, String padding) {
    return new Array(io.graft.trace.ops.Linalg.conv(linArg(lhs, "lhs"), linArg(rhs, "rhs"), linInts(strides, "strides"),
        java.util.Objects.requireNonNull(padding, "padding is null")));
  }

  private static io.graft.trace.Value linArg(Array x, String name) {
    return java.util.Objects.requireNonNull(x, name + " is null").value();
  }

  private static io.graft.numerics.Ints linInts(int[] xs, String name) {
    return io.graft.numerics.Ints.of(java.util.Objects.requireNonNull(xs, name + " is null"));
  }

  private static io.graft.trace.prim.ConvDims linDims(String[] specs) {
    java.util.Objects.requireNonNull(specs, "dimensionNumbers is null");
    if (specs.length != 3)
      throw new IllegalArgumentException("dimensionNumbers must be three layout strings (lhs, rhs, out), e.g. "
          + "{\"NCHW\", \"OIHW\", \"NCHW\"}; got " + specs.length);
    for (int i = 0; i < 3; i++) java.util.Objects.requireNonNull(specs[i], "dimensionNumbers[" + i + "] is null");
    return io.graft.trace.prim.ConvDims.of(specs[0], specs[1], specs[2]);
  }

  // ---------------------------------------------------------------- indexing family
  /**
   * {@code lax.gather}: XLA's gather with general dimension numbers; {@code indices} (i32/i64) has the index vector
   * as its last axis. See {@link io.graft.trace.prim.Gather}.
   */
  public static Array gather(Array operand, Array indices, io.graft.trace.prim.GatherDims dims, int[] sliceSizes,
                             io.graft.trace.prim.GatherMode mode) {
    java.util.Objects.requireNonNull(operand, "operand is null");
    java.util.Objects.requireNonNull(indices, "indices is null");
    java.util.Objects.requireNonNull(dims, "dims is null");
    java.util.Objects.requireNonNull(sliceSizes, "sliceSizes is null");
    java.util.Objects.requireNonNull(mode, "mode is null");
    return Array.wrap(io.graft.trace.ops.Indexing.gather(operand.value(), indices.value(), dims,
        io.graft.numerics.Ints.of(sliceSizes), mode));
  }

  /**
   * {@code lax.scatter_add}: {@code operand} with each update window added at its start (duplicates accumulate);
   * {@code indices} (i32/i64) has the index vector as its last axis. See {@link io.graft.trace.prim.ScatterAdd}.
   */
  public static Array scatterAdd(Array operand, Array indices, Array updates, io.graft.trace.prim.ScatterDims dims,
                                 io.graft.trace.prim.ScatterMode mode) {
    java.util.Objects.requireNonNull(operand, "operand is null");
    java.util.Objects.requireNonNull(indices, "indices is null");
    java.util.Objects.requireNonNull(updates, "updates is null");
    java.util.Objects.requireNonNull(dims, "dims is null");
    java.util.Objects.requireNonNull(mode, "mode is null");
    return Array.wrap(io.graft.trace.ops.Indexing.scatterAdd(operand.value(), indices.value(), updates.value(), dims, mode));
  }

  // ---------------------------------------------------------------- structured control flow

  /**
   * {@code lax.cond}: {@code pred ? trueFn(operand) : falseFn(operand)}, where {@code pred} may be traced. Both functions
   * are traced once (into the branches of one {@code cond} equation); only the chosen one runs. They must return the
   * same pytree structure with the same leaf shapes and dtypes (else a {@code ShapeError} shows both; a weakly typed
   * result, such as a Java literal {@code Array.scalar(0.0)}, takes the dtype the other branches agree on). Works eagerly
   * and under {@code jit}, {@code grad} (reverse mode carries the residuals of both branches, the untaken one
   * zero-filled), {@code vmap} (a batched {@code pred} runs both branches and selects per lane, so it costs both) and
   * {@code hessian}. This is what a Java {@code if} on a traced value should become.
   * <pre>{@code
   * Array y = Lax.cond(x.sum().gt(0.0), v -> v.sin(), v -> v.cos(), x);
   * }</pre>
   *
   * @param pred    a {@code bool[]} scalar
   * @param trueFn  the branch taken when {@code pred} is true
   * @param falseFn the branch taken otherwise
   * @param operand the pytree both branches receive
   * @param <P>     the operand's type
   * @param <R>     the result's type
   * @return the chosen branch's result
   */
  public static <P, R> R cond(Array pred, Function<P, R> trueFn, Function<P, R> falseFn, P operand) {
    Objects.requireNonNull(trueFn, "trueFn is null");
    Objects.requireNonNull(falseFn, "falseFn is null");
    String site = CallSite.describe(Lax.class);
    return Loops.switchCase("cond", site, Loops.index("cond(" + site + ")", pred, true), Vector.of(falseFn, trueFn),
        Vector.of("falseFn", "trueFn"), operand);
  }

  /**
   * {@code lax.switch}: {@code branches[clamp(index, 0, n - 1)](operand)}, where {@code index} may be traced (an
   * out-of-range index is clamped, as in JAX). The rules of {@link #cond} apply; with a batched index every branch runs.
   * <pre>{@code
   * Array y = Lax.switchCase(k, List.of(v -> v.sin(), v -> v.cos(), v -> v.neg()), x);
   * }</pre>
   *
   * @param index    an integer scalar
   * @param branches at least one function
   * @param operand  the pytree every branch receives
   * @param <P>      the operand's type
   * @param <R>      the result's type
   * @return the chosen branch's result
   */
  public static <P, R> R switchCase(Array index, java.util.List<? extends Function<P, R>> branches, P operand) {
    Objects.requireNonNull(branches, "branches is null");
    if (branches.isEmpty()) throw new IllegalArgumentException("switchCase: needs at least one branch");
    Vector<Function<P, R>> fs = Vector.ofAll(branches).map(f -> Objects.requireNonNull((Function<P, R>) f, "a branch is null"));
    String site = CallSite.describe(Lax.class);
    return Loops.switchCase("switchCase", site, Loops.index("switchCase(" + site + ")", index, false), fs,
        Vector.range(0, fs.size()).map(i -> "branches[" + i + "]"), operand);
  }

  /**
   * {@code lax.while_loop}: {@code c = init; while (condFn(c)) c = bodyFn(c); return c}, one {@code while} equation
   * whose condition and body are traced once. The body must return the carry's structure and leaf types. Works
   * eagerly and under {@code jit}, {@code jvp}/{@code jacfwd} and {@code vmap} (a batched condition runs until every
   * lane is done, finished lanes frozen). Reverse mode ({@code grad}) is an error, since the trip count depends on
   * the data: use {@link #scan} or {@link #foriLoop(int, int, BiFunction, Object)} with static bounds.
   * <pre>{@code
   * Array root = Lax.whileLoop(r -> r.mul(r).sub(a).abs().gt(1e-6), r -> r.add(a.div(r)).mul(0.5), a);   // Newton
   * }</pre>
   *
   * @param condFn the condition: a {@code bool[]} scalar
   * @param bodyFn the step
   * @param init   the initial carry (a pytree)
   * @param <C>    the carry's type
   * @return the final carry
   */
  public static <C> C whileLoop(Function<C, Array> condFn, Function<C, C> bodyFn, C init) {
    Objects.requireNonNull(condFn, "condFn is null");
    Objects.requireNonNull(bodyFn, "bodyFn is null");
    Objects.requireNonNull(init, "init is null");
    return Loops.whileLoop(CallSite.describe(Lax.class), condFn, bodyFn, init);
  }

  /**
   * {@code lax.fori_loop} with static bounds: {@code for (i = lower; i < upper; i++) x = bodyFn(i, x)}, lowered to a
   * {@link #scan} of {@code upper - lower} steps (so {@code grad} works), {@code i} an {@code i32[]} scalar.
   *
   * @param lower  the first index
   * @param upper  one past the last index
   * @param bodyFn the step, given the index and the carry
   * @param init   the initial carry
   * @param <C>    the carry's type
   * @return the final carry
   */
  public static <C> C foriLoop(int lower, int upper, BiFunction<Array, C, C> bodyFn, C init) {
    Objects.requireNonNull(bodyFn, "bodyFn is null");
    Objects.requireNonNull(init, "init is null");
    String site = CallSite.describe(Lax.class);
    Tuple2<Array, C> start = Tuple.of(Array.scalar(lower).astype(DType.I32), init);
    BiFunction<Tuple2<Array, C>, Object, Tuple2<Tuple2<Array, C>, Option<Array>>> step =
        (c, x) -> Tuple.of(Tuple.of(c._1.add(1), bodyFn.apply(c._1, c._2)), Option.none());
    return Loops.scan(site, step, start, null, ScanOptions.DEFAULT.withLength(Math.max(0, upper - lower)))._1._2;
  }

  /**
   * {@code lax.fori_loop} with traced bounds: lowered to a {@link #whileLoop} (so reverse mode is an error; use the
   * {@code int} overload for {@code grad}). {@code i} has the bounds' integer dtype.
   *
   * @param lower  the first index (an integer scalar)
   * @param upper  one past the last index (an integer scalar)
   * @param bodyFn the step, given the index and the carry
   * @param init   the initial carry
   * @param <C>    the carry's type
   * @return the final carry
   */
  public static <C> C foriLoop(Array lower, Array upper, BiFunction<Array, C, C> bodyFn, C init) {
    Objects.requireNonNull(lower, "lower is null");
    Objects.requireNonNull(upper, "upper is null");
    Objects.requireNonNull(bodyFn, "bodyFn is null");
    Objects.requireNonNull(init, "init is null");
    String site = CallSite.describe(Lax.class);
    Tuple2<Tuple2<Array, Array>, C> start = Tuple.of(Tuple.of(lower, upper.astype(lower.dtype())), init);
    return Loops.whileLoop(site, (Tuple2<Tuple2<Array, Array>, C> c) -> c._1._1.lt(c._1._2),
        c -> Tuple.of(Tuple.of(c._1._1.add(1), c._1._2), bodyFn.apply(c._1._1, c._2)), start)._2;
  }

  /**
   * {@code lax.scan}: {@code for i: (c, ys[i]) = f(c, xs[i])}, returning the final carry and the stacked {@code ys}
   * (each leaf with a new leading axis of the scan's length). {@code xs} is a pytree whose leaves share a leading axis;
   * {@code f} is traced once into one {@code scan} equation and never unrolled, so compile time and reverse mode's
   * graph do not grow with the length; {@code grad} stacks each step's residuals and runs the transposed scan
   * backwards. Works eagerly and under {@code jit}, {@code grad}, {@code vmap}, {@code hessian}.
   * <pre>{@code
   * // a tanh RNN: h' = tanh(x W + h U)
   * Tuple2<Array, Array> r = Lax.scan((h, x) -> { Array h2 = x.matmul(w).add(h.matmul(u)).tanh(); return Tuple.of(h2, h2); }, h0, xs);
   * }</pre>
   *
   * @param f    the step: {@code (carry, x) -> (newCarry, y)}; {@code newCarry} has the carry's structure and types
   *             (a weakly typed initial leaf, such as {@code Array.scalar(0.0)}, takes the dtype {@code f} gives it)
   * @param init the initial carry
   * @param xs   the pytree to scan over
   * @param <C>  the carry's type
   * @param <X>  the type of one slice of {@code xs}
   * @param <Y>  the type of one step's output
   * @return the final carry and the stacked outputs
   */
  public static <C, X, Y> Tuple2<C, Y> scan(BiFunction<C, X, Tuple2<C, Y>> f, C init, X xs) {
    return Loops.scan(CallSite.describe(Lax.class), f, init, Objects.requireNonNull(xs, "xs is null"), ScanOptions.DEFAULT);
  }

  /**
   * {@link #scan(BiFunction, Object, Object)} with options ({@code length}, {@code reverse}; {@code unroll} is
   * accepted and ignored). {@code xs} may be {@code null} when {@code opts.length()} is given: {@code f} then receives
   * {@code null} as its {@code x}.
   *
   * @param f    the step
   * @param init the initial carry
   * @param xs   the pytree to scan over, or {@code null}
   * @param opts the options
   * @param <C>  the carry's type
   * @param <X>  the type of one slice of {@code xs}
   * @param <Y>  the type of one step's output
   * @return the final carry and the stacked outputs
   */
  public static <C, X, Y> Tuple2<C, Y> scan(BiFunction<C, X, Tuple2<C, Y>> f, C init, X xs, ScanOptions opts) {
    return Loops.scan(CallSite.describe(Lax.class), f, init, xs, opts);
  }

  /**
   * {@link #scan} without xs: {@code length} steps of {@code f(carry) -> (newCarry, y)}.
   *
   * @param f      the step
   * @param init   the initial carry
   * @param length the number of steps
   * @param <C>    the carry's type
   * @param <Y>    the type of one step's output
   * @return the final carry and the stacked outputs
   */
  public static <C, Y> Tuple2<C, Y> scan(Function<C, Tuple2<C, Y>> f, C init, int length) {
    Objects.requireNonNull(f, "f is null");
    return Loops.scan(CallSite.describe(Lax.class), (C c, Object x) -> f.apply(c), init, null, ScanOptions.DEFAULT.withLength(length));
  }

  /**
   * {@code lax.map}: {@code f} applied to every slice of {@code xs} along the leading axis, results stacked (a scan
   * without a carry; one traced body, not unrolled).
   *
   * @param f  the function of one slice
   * @param xs the pytree to map over
   * @param <X> the type of one slice
   * @param <Y> the type of one result
   * @return the stacked results
   */
  public static <X, Y> Y map(Function<X, Y> f, X xs) {
    Objects.requireNonNull(f, "f is null");
    return Loops.scan(CallSite.describe(Lax.class), (Option<Array> c, X x) -> Tuple.of(c, f.apply(x)), Option.<Array>none(),
        Objects.requireNonNull(xs, "xs is null"), ScanOptions.DEFAULT)._2;
  }
  // ---------------------------------------------------------------- collectives over a named axis

  /**
   * {@code lax.psum}: {@code sum_b x_b} over the members {@code b} of the axis {@code axisName}, the same on every
   * member. The axis is bound by {@link Graft#vmap(Function, AxisSpec, AxisSpec, String)}; outside such a map an
   * {@link io.graft.trace.UnboundAxisError}. Linear (its transpose is itself).
   *
   * @param x        this member's value (not bool)
   * @param axisName the axis summed across
   * @return the sum over the group
   */
  public static Array psum(Array x, String axisName) { return collective(new Psum(name(axisName)), x); }

  /**
   * {@code lax.pmean}: {@code psum(x) / n} for the {@code n} members of {@code axisName} (for data-parallel
   * gradient averaging: {@code Tree.map(grads, g -> Lax.pmean(g, "batch"))}).
   *
   * @param x        this member's value
   * @param axisName the axis averaged across
   * @return the mean over the group
   */
  public static Array pmean(Array x, String axisName) {
    int n = Collective.axisSize("pmean", name(axisName));
    return psum(x, axisName).div((double) n);
  }

  /**
   * {@code lax.pmax}: the elementwise maximum over the members of {@code axisName}; its derivative flows to the members
   * that attain it (ties share it equally).
   *
   * @param x        this member's value
   * @param axisName the axis reduced across
   * @return the maximum over the group
   */
  public static Array pmax(Array x, String axisName) { return collective(new Pmax(name(axisName)), x); }

  /**
   * {@code lax.pmin}: the elementwise minimum over the members of {@code axisName} (derivative as {@link #pmax}).
   *
   * @param x        this member's value
   * @param axisName the axis reduced across
   * @return the minimum over the group
   */
  public static Array pmin(Array x, String axisName) { return collective(new Pmin(name(axisName)), x); }

  /**
   * {@code lax.psum(x, (axisName, more...))}: the sum over every member of several named axes at once (over the
   * product group), which is the composition of the one-axis sums.
   *
   * @param x        this member's value (not bool)
   * @param axisName the first axis
   * @param more     further axes
   * @return the sum over the product group
   */
  public static Array psum(Array x, String axisName, String... more) { return overAll(x, axisName, more, Lax::psum); }

  /**
   * {@code lax.pmean(x, (axisName, more...))}: the mean over the product group of several named axes.
   *
   * @param x        this member's value
   * @param axisName the first axis
   * @param more     further axes
   * @return the mean over the product group
   */
  public static Array pmean(Array x, String axisName, String... more) { return overAll(x, axisName, more, Lax::pmean); }

  /**
   * {@code lax.pmax(x, (axisName, more...))}: the maximum over the product group of several named axes.
   *
   * @param x        this member's value
   * @param axisName the first axis
   * @param more     further axes
   * @return the maximum over the product group
   */
  public static Array pmax(Array x, String axisName, String... more) { return overAll(x, axisName, more, Lax::pmax); }

  /**
   * {@code lax.pmin(x, (axisName, more...))}: the minimum over the product group of several named axes.
   *
   * @param x        this member's value
   * @param axisName the first axis
   * @param more     further axes
   * @return the minimum over the product group
   */
  public static Array pmin(Array x, String axisName, String... more) { return overAll(x, axisName, more, Lax::pmin); }

  /** {@code op} over {@code axisName}, then over each of {@code more}: the reduction over their product group. */
  private static Array overAll(Array x, String axisName, String[] more, BiFunction<Array, String, Array> op) {
    Array r = op.apply(x, axisName);
    for (String n : Objects.requireNonNull(more, "more is null")) r = op.apply(r, n);
    return r;
  }

  /**
   * {@code lax.all_gather(x, axisName)}: every member's {@code x} stacked along a new leading axis, in member order.
   *
   * @param x        this member's value
   * @param axisName the axis gathered across
   * @return shape {@code (n,) + x.shape}, the same on every member
   */
  public static Array allGather(Array x, String axisName) { return allGather(x, axisName, 0, false); }

  /**
   * {@code lax.all_gather(x, axisName, axis=axis, tiled=tiled)}: every member's {@code x} stacked along a new axis
   * {@code axis} in {@code [0, rank]}, or, when {@code tiled}, concatenated along the existing axis {@code axis}.
   * Linear; its transpose is {@link #psumScatter(Array, String, int, boolean)}.
   *
   * @param x        this member's value
   * @param axisName the axis gathered across
   * @param axis     where the members' values go
   * @param tiled    concatenate instead of stacking
   * @return the gathered values, the same on every member
   */
  public static Array allGather(Array x, String axisName, int axis, boolean tiled) {
    String n = name(axisName);
    return collective(new AllGather(n, axis, tiled, Collective.axisSize("all_gather", n)), x);
  }

  /**
   * {@code lax.psum_scatter(x, axisName)}: the sum over the members of {@code x}, whose leading axis has one entry per
   * member; member {@code b} receives entry {@code b} of the sum.
   *
   * @param x        this member's value, leading axis of the group's size
   * @param axisName the axis reduced and scattered across
   * @return this member's entry of the sum
   */
  public static Array psumScatter(Array x, String axisName) { return psumScatter(x, axisName, 0, false); }

  /**
   * {@code lax.psum_scatter(x, axisName, scatter_dimension=d, tiled=tiled)}: the sum over the members, split along
   * axis {@code d} among them: entry {@code b} of that axis (which has one entry per member), or, when {@code tiled},
   * the {@code b}-th of {@code n} equal slices. Linear; its transpose is {@link #allGather(Array, String, int, boolean)}.
   *
   * @param x                this member's value
   * @param axisName         the axis reduced and scattered across
   * @param scatterDimension the axis of {@code x} split among the members
   * @param tiled            keep a slice of the axis rather than dropping it
   * @return this member's block of the sum
   */
  public static Array psumScatter(Array x, String axisName, int scatterDimension, boolean tiled) {
    String n = name(axisName);
    return collective(new PsumScatter(n, scatterDimension, tiled, Collective.axisSize("psum_scatter", n)), x);
  }

  /**
   * {@code lax.axis_index}: this member's position along {@code axisName}, an {@code i32} scalar in {@code [0, n)}.
   *
   * @param axisName the axis whose index is read
   * @return the index
   */
  public static Array axisIndex(String axisName) { return new Array(Bind.bind1(new AxisIndex(name(axisName)))); }

  /**
   * {@code lax.axis_size}: the number of members of the innermost axis bound as {@code axisName} (a Java int, known
   * while tracing).
   *
   * @param axisName the axis
   * @return its size
   */
  public static int axisSize(String axisName) { return Collective.axisSize("axis_size", name(axisName)); }

  private static String name(String axisName) { return Objects.requireNonNull(axisName, "axisName is null"); }

  private static Array collective(Collective c, Array x) { return new Array(Bind.bind1(c, Objects.requireNonNull(x, "x is null").value())); }
}
