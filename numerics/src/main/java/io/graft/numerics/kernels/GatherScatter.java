package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;
import java.util.Objects;

/**
 * XLA's {@code Gather} and {@code Scatter} (with addition) over general dimension numbers, the index vector being
 * the last axis of the indices (JAX's convention).
 *
 * <p><b>Gather.</b> For every position {@code b} of the indices' batch shape (all axes but the last), the start
 * {@code S = indices[b, :]} names operand axes {@code startDims}; operand batching axes take {@code b}'s coordinate
 * on the paired indices axis; a window of {@code sliceSizes} starting there is copied into the output, whose
 * {@code windowDims} hold the window's uncollapsed axes and whose other axes are {@code b}. Example: rows 2 and 0 of
 * {@code x[3,4]} are {@code gather(x, [[2],[0]], windowDims=(1,), droppedDims=(0,), startDims=(0,), sliceSizes=(1,4))}.
 *
 * <p><b>Scatter-add</b> is the adjoint: the same geometry with the updates in place of the output, each update
 * window added into a copy of the operand (duplicates accumulate).
 *
 * <p>Out-of-range starts are clamped into {@code [0, dim - window]} ({@code clip}) or, without clipping, the whole
 * window is filled with the fill value (gather; {@link #fillValue} unless one is given) or dropped (scatter). Per
 * batch position the kernel computes the two base offsets once, then moves the window as contiguous runs
 * ({@code System.arraycopy} for long runs).
 * Gather splits batch positions over threads; scatter-add runs sequentially (updates may collide).
 */
public final class GatherScatter {
  /**
   * Dimension numbers shared by gather and scatter.
   *
   * @param windowDims          gather {@code offset_dims} / scatter {@code update_window_dims}: axes of the output
   *                            (updates) that hold the window, ascending
   * @param droppedDims         gather {@code collapsed_slice_dims} / scatter {@code inserted_window_dims}: operand
   *                            axes of window size 1 with no output (updates) axis
   * @param startDims           gather {@code start_index_map} / scatter {@code scatter_dims_to_operand_dims}: the
   *                            operand axis of each index-vector component
   * @param operandBatchingDims operand axes indexed by the batch position itself
   * @param indicesBatchingDims the indices axis paired with each operand batching axis
   */
  public record Dims(Ints windowDims, Ints droppedDims, Ints startDims, Ints operandBatchingDims, Ints indicesBatchingDims) {
    /** Validates presence. */
    public Dims {
      Objects.requireNonNull(windowDims, "windowDims is null");
      Objects.requireNonNull(droppedDims, "droppedDims is null");
      Objects.requireNonNull(startDims, "startDims is null");
      Objects.requireNonNull(operandBatchingDims, "operandBatchingDims is null");
      Objects.requireNonNull(indicesBatchingDims, "indicesBatchingDims is null");
    }

    /** True if operand axis {@code d} has no window axis of its own (dropped or batching). */
    boolean notWindow(int d) { return droppedDims.contains(d) || operandBatchingDims.contains(d); }
  }

  private static final int BLOCK = 256;        // batch positions whose offsets are computed together
  private static final int GRAIN = 1 << 14;    // elements per task before gather goes parallel

  private GatherScatter() {}

  /**
   * The gather output shape: {@code windowDims} take the slice sizes of the window axes in order, the other axes
   * the indices' batch shape in order. Assumes the dimension numbers are valid (the trace layer checks them).
   */
  public static Shape gatherShape(Shape indices, Dims dims, int[] sliceSizes) {
    int rank = dims.windowDims().size() + indices.rank() - 1;
    int[] out = new int[rank];
    int s = 0, b = 0;
    for (int i = 0; i < rank; i++) {
      if (dims.windowDims().contains(i)) {
        while (dims.notWindow(s)) s++;
        out[i] = sliceSizes[s++];
      } else {
        out[i] = indices.dim(b++);
      }
    }
    return Shape.checked("gather", () -> "start_indices " + indices + ", slice_sizes " + java.util.Arrays.toString(sliceSizes), out);
  }

  /**
   * Gather's fill value for out-of-range windows: NaN for floats, the minimum for signed integers, the maximum for
   * unsigned ones, true for bool (JAX's).
   */
  public static double fillValue(DType dtype) {
    return switch (dtype) {
      case F32, F64, BF16, F16 -> Double.NaN;
      case I32 -> Integer.MIN_VALUE;
      case I64 -> Long.MIN_VALUE;
      case U32 -> 4294967295.0;
      case I8 -> -128;
      case U8 -> 255;
      case BOOL -> 1;
    };
  }

  /**
   * {@code gather(operand, indices)}; any dtype, integer indices.
   *
   * @param fill false: clamp starts into range; true: fill out-of-range windows with {@link #fillValue}
   */
  public static NdArray gather(NdArray operand, NdArray indices, Dims dims, int[] sliceSizes, boolean fill) {
    return gather(operand, indices, dims, sliceSizes, fill, fillValue(operand.dtype()));
  }

  /**
   * {@code gather(operand, indices)} with an explicit fill value (JAX's {@code fill_value}), converted to the
   * operand's dtype as {@link NdArray#full} does; used only when {@code fill} is true.
   */
  public static NdArray gather(NdArray operand, NdArray indices, Dims dims, int[] sliceSizes, boolean fill, double fillValue) {
    Shape outShape = gatherShape(indices.shape(), dims, sliceSizes);
    DType dt = operand.dtype();
    if (outShape.size() == 0) return NdArray.zeros(dt, outShape);
    WindowPlan p = WindowPlan.of(operand.shape(), indices.shape(), outShape, dims, sliceSizes);
    double runFill = dt == DType.U32 ? (int) (long) fillValue                 // the run filler stores (int) value: u32 bits
        : dt.isHalf() ? io.graft.numerics.Half.round(dt, fillValue)              // and (short) value: bf16/f16 bits
        : dt == DType.U8 ? (byte) (int) fillValue : fillValue;                  // and (byte) value: u8 bits
    if (p.emptyWindow) {
      // NB: a batching axis with slice size 0 selects nothing: such windows read as 0 (clip) or the fill value.
      return fill ? NdArray.full(dt, outShape, fillValue) : NdArray.zeros(dt, outShape);
    }
    long[] idx = starts(indices);
    Object src = operand.store(), dst = NdArray.newStore(dt, outShape.size());
    int grain = Math.max(1, GRAIN / Math.max(1, p.windowElements()));
    Parallel.range(p.batches, grain, (lo, hi) -> {
      int[] opBase = new int[BLOCK], winBase = new int[BLOCK];
      for (int s = lo; s < hi; s += BLOCK) {
        int n = Math.min(BLOCK, hi - s);
        p.bases(idx, s, n, !fill, opBase, winBase);
        Runs.copy(src, opBase, dst, winBase, n, p.opRow, p.winRow, p.run);
        if (fill) Runs.fill(dst, opBase, winBase, n, p.winRow, p.run, runFill);
      }
    });
    return NdArray.wrapStore(dt, outShape, dst);
  }

  /**
   * {@code operand} with every update window added at its start ({@code scatter} with addition); f32, f64, i32, i64.
   *
   * @param clip true: clamp starts into range; false: drop updates whose window does not fit
   */
  public static NdArray scatterAdd(NdArray operand, NdArray indices, NdArray updates, Dims dims, boolean clip) {
    DType dt = operand.dtype();
    if (dt == DType.BOOL || updates.dtype() != dt)
      throw new DTypeError("scatter_add: no kernel for operand " + dt + operand.shape() + " with updates "
          + updates.dtype() + updates.shape() + "; both must share one numeric dtype");
    int rank = operand.rank();
    int[] window = new int[rank];
    for (int d = 0, w = 0; d < rank; d++) window[d] = dims.notWindow(d) ? 1 : updates.shape().dim(dims.windowDims().get(w++));
    Object out = copyOf(operand);
    if (updates.size() == 0) return NdArray.wrapStore(dt, operand.shape(), out);
    WindowPlan p = WindowPlan.of(operand.shape(), indices.shape(), updates.shape(), dims, window);
    long[] idx = starts(indices);
    int[] opBase = new int[BLOCK], winBase = new int[BLOCK];
    for (int s = 0; s < p.batches; s += BLOCK) {
      int n = Math.min(BLOCK, p.batches - s);
      p.bases(idx, s, n, clip, opBase, winBase);
      Runs.add(out, opBase, updates.store(), winBase, n, p.opRow, p.winRow, p.run);
    }
    return NdArray.wrapStore(dt, operand.shape(), out);
  }

  private static long[] starts(NdArray indices) {
    return switch (indices.dtype()) {
      case I64 -> indices.i64();
      case I32 -> {
        int[] a = indices.i32();
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) l[i] = a[i];
        yield l;
      }
      default -> throw new DTypeError("gather/scatter: indices must be i32 or i64, got " + indices.dtype() + indices.shape());
    };
  }

  private static Object copyOf(NdArray a) {
    Object out = NdArray.newStore(a.dtype(), a.size());
    System.arraycopy(a.store(), 0, out, 0, a.size());
    return out;
  }
}
