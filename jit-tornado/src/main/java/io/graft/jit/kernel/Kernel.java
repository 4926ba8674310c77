package io.graft.jit.kernel;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One fused loop nest: {@code body} evaluated in {@code dtype} at every index of {@code space}, reading input
 * {@code k} through {@code inputs.get(k)}, then folded by {@code reduction} over {@code reducedAxes}. The result has
 * {@code space}'s shape without the reduced axes (row-major, {@code outDType}). A value: equal kernels share one
 * compiled form in {@link io.graft.jit.cpu.FusedKernels}' cache.
 * <pre>{@code
 * // f32[256] = sum over axis 1 of tanh(x) + b, x: f32[256,1024], b: f32[1024] broadcast along axis 0
 * Shape sp = Shape.of(256, 1024);
 * new Kernel(DType.F32, sp,
 *     List.of(Access.contiguous(DType.F32, sp), Access.broadcast(DType.F32, Shape.of(1024), Ints.of(1), sp)),
 *     new Binary(BinaryFn.ADD, new Unary(UnaryFn.TANH, new Input(0)), new Input(1)),
 *     Reduction.SUM, Ints.of(1), DType.F32);
 * }</pre>
 *
 * @param dtype the compute dtype, f32 or f64
 * @param space the iteration space, rank 0 to {@value #MAX_RANK}
 * @param inputs one access per input (at most {@value #MAX_INPUTS}); every {@code Input} index is below its size
 * @param reduction {@code NONE} or the fold over {@code reducedAxes}
 * @param reducedAxes sorted distinct axes of {@code space}; empty exactly when {@code reduction} is {@code NONE}
 * @param outDType the result dtype: any dtype for {@code NONE} (converted: bool is {@code v != 0}, NaN true; ints
 *     are Java's {@code (int)}/{@code (long)} casts), else {@code dtype}; never u32, nor any input (their signed loads
 *     would misread it)
 */
public record Kernel(DType dtype, Shape space, List<Access> inputs, Expr body, Reduction reduction, Ints reducedAxes,
                     DType outDType) {
  /** Most axes of an iteration space. */
  public static final int MAX_RANK = 8;
  /** Most inputs of a kernel. */
  public static final int MAX_INPUTS = 64;

  public Kernel {
    Objects.requireNonNull(dtype, "dtype is null");
    Objects.requireNonNull(space, "space is null");
    Objects.requireNonNull(inputs, "inputs is null");
    Objects.requireNonNull(body, "body is null");
    Objects.requireNonNull(reduction, "reduction is null");
    Objects.requireNonNull(reducedAxes, "reducedAxes is null");
    Objects.requireNonNull(outDType, "outDType is null");
    inputs = List.copyOf(inputs);
    if (!dtype.isFloating()) throw new DTypeError("Kernel: compute dtype must be a float (f32, f64, bf16, f16), got " + dtype);
    // i8/u8 equations run unfused (Lowering.touchesByte), so no loop loads or stores bytes
    if (outDType.isByte() || inputs.stream().anyMatch(a -> a.dtype().isByte()))
      throw new DTypeError("Kernel: i8/u8 cannot be read or written by a fused loop (jit runs 8-bit equations unfused), got"
          + " inputs " + inputs.stream().map(a -> a.dtype().toString()).toList() + " and result " + outDType);
    // the loops load and store ints signed; u32 stays out of them (Lowering gives its conversions their own step)
    if (outDType.isUnsigned() || inputs.stream().anyMatch(a -> a.dtype().isUnsigned()))
      throw new DTypeError("Kernel: u32 cannot be read or written by a fused loop, got inputs "
          + inputs.stream().map(a -> a.dtype().toString()).toList() + " and result " + outDType);
    checkHalf(dtype, inputs, reduction, outDType);
    if (space.rank() > MAX_RANK) {
      throw new ShapeError("Kernel: space " + space + " has rank " + space.rank() + "; at most " + MAX_RANK + " axes");
    }
    checkInputs(space, inputs, body);
    checkReduction(dtype, space, reduction, reducedAxes, outDType);
  }

  /** The old flat case: {@code nInputs} contiguous inputs of {@code dtype} and shape {@code space}, no reduction. */
  public static Kernel elementwise(DType dtype, Shape space, int nInputs, Expr body) {
    return new Kernel(dtype, space, contiguousInputs(dtype, space, nInputs), body, Reduction.NONE, Ints.of(), dtype);
  }

  /** {@code nInputs} contiguous inputs of {@code dtype} over {@code space}, folded by {@code r} over every axis. */
  public static Kernel reduceAll(DType dtype, Shape space, int nInputs, Expr body, Reduction r) {
    return new Kernel(dtype, space, contiguousInputs(dtype, space, nInputs), body, r, Ints.range(space.rank()), dtype);
  }

  private static List<Access> contiguousInputs(DType dtype, Shape space, int n) {
    if (n < 0) throw new IllegalArgumentException("Kernel: nInputs must be >= 0, got " + n);
    List<Access> in = new ArrayList<>();
    for (int i = 0; i < n; i++) in.add(Access.contiguous(dtype, space));
    return in;
  }

  /** The result's shape: {@code space} without the reduced axes. */
  public Shape resultShape() {
    int[] d = new int[space.rank() - reducedAxes.size()];
    for (int a = 0, j = 0; a < space.rank(); a++) if (!reducedAxes.contains(a)) d[j++] = space.dim(a);
    return Shape.of(d);
  }

  /**
   * 16-bit values are loaded, computed (rounded after each op) and stored only by elementwise loops of their own
   * dtype, whose other operands and result may only be bool (what Fusion builds; see RowEmitter).
   */
  private static void checkHalf(DType dtype, List<Access> inputs, Reduction reduction, DType outDType) {
    boolean ok = dtype.isHalf()
        ? reduction == Reduction.NONE && (outDType == dtype || outDType == DType.BOOL)
            && inputs.stream().allMatch(a -> a.dtype() == dtype || a.dtype() == DType.BOOL)
        : !outDType.isHalf() && inputs.stream().noneMatch(a -> a.dtype().isHalf());
    if (!ok)
      throw new DTypeError("Kernel: bf16/f16 values need an elementwise loop computing in that dtype (other operands and "
          + "the result bool only), got compute " + dtype + ", inputs " + inputs.stream().map(a -> a.dtype().toString()).toList()
          + ", reduction " + reduction + " and result " + outDType);
  }

  private static void checkInputs(Shape space, List<Access> inputs, Expr body) {
    if (inputs.size() > MAX_INPUTS) {
      throw new IllegalArgumentException("Kernel: " + inputs.size() + " inputs; at most " + MAX_INPUTS);
    }
    for (int k = 0; k < inputs.size(); k++) {
      Access a = Objects.requireNonNull(inputs.get(k), "inputs[" + k + "] is null");
      if (a.strides().size() != space.rank()) {
        throw new ShapeError("Kernel: input " + k + " has " + a.strides().size() + " strides " + a.strides()
            + " but space " + space + " has rank " + space.rank() + "; give one stride per axis (0 to broadcast)");
      }
    }
    if (Expr.arity(body) > inputs.size()) {
      throw new IllegalArgumentException("Kernel: body reads input " + (Expr.arity(body) - 1) + " but there are "
          + inputs.size() + " inputs; add an Access per input");
    }
  }

  private static void checkReduction(DType dtype, Shape space, Reduction r, Ints axes, DType outDType) {
    if ((r == Reduction.NONE) != (axes.size() == 0)) {
      throw new IllegalArgumentException("Kernel: reduction " + r + " with reducedAxes " + axes
          + "; NONE takes no axes and SUM/MAX/MIN take at least one (use NONE to reduce over no axes)");
    }
    for (int j = 0; j < axes.size(); j++) {
      int a = axes.get(j);
      if (a < 0 || a >= space.rank() || (j > 0 && a <= axes.get(j - 1))) {
        throw new ShapeError("Kernel: reducedAxes " + axes + " must be sorted distinct axes of space " + space
            + " (in [0, " + space.rank() + "))");
      }
    }
    if (r != Reduction.NONE && outDType != dtype) {
      throw new DTypeError("Kernel: a " + r + " reduction gives the compute dtype " + dtype + ", but outDType is "
          + outDType + "; convert in a later kernel");
    }
  }
}
