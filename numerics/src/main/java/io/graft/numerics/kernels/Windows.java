package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.ShapeError;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.Reductions.Op;

/**
 * Window kernels: {@code reduce_window} (pooling), {@code select_and_scatter_add} (its max-pool gradient) and
 * {@code select_and_gather_add} (the max-pool JVP, the transpose of {@code select_and_scatter_add}).
 *
 * <p>Windows slide over the operand padded with {@code lo}/{@code hi} elements per axis and dilated by
 * {@code baseDilation} (holes between elements) and {@code windowDilation} (gaps between taps). Padding and holes
 * hold the op's identity, so they are skipped. Per axis the output extent is
 * {@code floor((dilatedBase + lo + hi - dilatedWindow) / stride) + 1}, or 0 when the window does not fit. See
 * {@link ReduceWindowPlan} for the iteration: work is split over output rows, and trailing axes untouched by the window
 * (NHWC channels) are processed as contiguous blocks.
 * <pre>{@code reduceWindow(MAX, x f32[1,4,4,1], {1,2,2,1}, {1,2,2,1}, ...) -> f32[1,2,2,1]  // 2x2 max-pool}</pre>
 */
public final class Windows {
  private Windows() {}

  /**
   * The output extents (see the class doc), exact in {@code long}: with int parameters every term is below
   * {@code 2^62}, so nothing wraps; the caller validates them with {@link io.graft.numerics.Shape#checked}. Arrays
   * have one entry per axis; sizes, strides and dilations are at least 1.
   */
  public static long[] outputDims(int[] dims, int[] win, int[] str, int[] lo, int[] hi, int[] bdil, int[] wdil) {
    long[] out = new long[dims.length];
    for (int d = 0; d < dims.length; d++) {
      long base = dims[d] == 0 ? 0 : (long) (dims[d] - 1) * bdil[d] + 1;
      long span = base + lo[d] + hi[d] - ((long) (win[d] - 1) * wdil[d] + 1);
      out[d] = span < 0 ? 0 : span / str[d] + 1;
    }
    return out;
  }

  /** {@code x} reduced by {@code op} (SUM, MAX, MIN, PROD) over every window; padding is the op's identity. */
  public static NdArray reduceWindow(Op op, NdArray x, int[] win, int[] str, int[] lo, int[] hi, int[] bdil, int[] wdil) {
    if (Unsigned.is(x.dtype()) && (op == Op.MAX || op == Op.MIN))
      return Unsigned.fromOrdered(reduceWindow(op, Unsigned.toOrdered(x), win, str, lo, hi, bdil, wdil));
    DType dt = x.dtype();
    if (dt == DType.BOOL) ReduceLoops.boolOp(op);
    ReduceWindowPlan p = ReduceWindowPlan.of(x.shape().dims(), win, str, lo, hi, bdil, wdil);
    return run(op, x, p, NdArray.newStore(dt, p.outShape.size()));
  }

  /**
   * {@link #reduceWindow} of an f32 or f64 operand into {@code store}, a store of its dtype and exactly the result's
   * size whose contents are overwritten (a recycled buffer: the jit's executor runs its pooling this way).
   *
   * @return the result, wrapping {@code store}
   */
  public static NdArray reduceWindowInto(Op op, NdArray x, int[] win, int[] str, int[] lo, int[] hi, int[] bdil, int[] wdil,
                                         Object store) {
    ReduceWindowPlan p = ReduceWindowPlan.of(x.shape().dims(), win, str, lo, hi, bdil, wdil);
    if (!(x.store() instanceof float[] || x.store() instanceof double[]) || store.getClass() != x.store().getClass()
        || java.lang.reflect.Array.getLength(store) != p.outShape.size())
      throw new IllegalArgumentException("reduce_window: reduceWindowInto needs an f32/f64 operand and a store of its dtype with "
          + p.outShape.size() + " elements for " + p.outShape + ", got a " + x.dtype() + " operand and "
          + store.getClass().getSimpleName() + "[" + java.lang.reflect.Array.getLength(store) + "]");
    return run(op, x, p, store);
  }

  /** The reduction into {@code dst}, whatever it holds: each row is set to the identity by the thread that reduces it. */
  private static NdArray run(Op op, NdArray x, ReduceWindowPlan p, Object dst) {
    DType dt = x.dtype();
    int n = p.outShape.size(), rowLen = p.lastOut * p.inner;
    Object src = x.store();
    if (n == 0) return NdArray.wrapStore(dt, p.outShape, dst);
    boolean vectors = Simd.AVAILABLE && src instanceof float[] && p.inner >= WindowSimdF32.width();
    Parallel.range(p.rows, grain(p, rowLen), (a, b) -> {
      ReduceLoops.fill(op, dst, a * rowLen, (b - a) * rowLen);   // in the cache of the thread that reduces these rows
      for (int row = a; row < b; row++) {
        int[] ro = p.rowOffsets(row);
        int off = row * rowLen;
        if (p.tapOff != null) WindowLoops.reduceRowTapMajor(op, src, ro, p, dst, off);
        else if (p.inner == 1) WindowLoops.reduceRow(op, src, ro, p.lastTaps, dst, off);
        else for (int ow = 0; ow < p.lastOut; ow++) {   // NHWC pooling: whole vectors of channels in registers, then the tail
          int done = vectors ? WindowSimdF32.reduce(op, (float[]) src, ro, p.lastTaps[ow], p.inner, (float[]) dst, off + ow * p.inner) : 0;
          if (done < p.inner)
            for (int r : ro) for (int t : p.lastTaps[ow]) ReduceLoops.rows(op, src, r + t, 1, p.inner, dst, off + ow * p.inner, done, p.inner);
        }
      }
    });
    return NdArray.wrapStore(dt, p.outShape, dst);
  }

  /**
   * Zeros of {@code operand}'s shape into which each {@code source} element is added at the position of the first
   * maximum of its window of {@code operand} (XLA's {@code select_and_scatter} with a {@code ge} select: a later
   * tap wins only when the current choice is not {@code >=} it). Windows that lie entirely in padding drop their
   * source element. {@code source} must have the {@code reduce_window} output shape; both share one numeric dtype.
   */
  public static NdArray selectAndScatterAdd(NdArray source, NdArray operand, int[] win, int[] str, int[] lo, int[] hi) {
    checkDTypes("select_and_scatter_add", "source", source, operand);
    ReduceWindowPlan p = ReduceWindowPlan.of(operand.shape().dims(), win, str, lo, hi, ones(operand.rank()), ones(operand.rank()));
    if (!p.outShape.equals(source.shape()))
      throw new ShapeError("select_and_scatter_add: source " + source.dtype() + source.shape() + " must have the window output shape "
          + p.outShape + " of operand " + operand.dtype() + operand.shape());
    int[] sel = select(operand, p);
    Object out = NdArray.newStore(operand.dtype(), operand.size());
    int blocks = independentBlocks(source.shape().dims(), win, str, lo, hi);
    if (disjoint(win, str)) {   // each operand element is in at most one window: the targets are distinct
      Parallel.range(sel.length, UnaryKernels.CHEAP_GRAIN, (a, b) -> WindowLoops.scatterAdd(source.store(), sel, out, a, b));
    } else if (blocks > 1) {    // overlapping windows, but never across a leading unwindowed axis (the batch of a pool)
      int per = sel.length / blocks;
      Parallel.range(blocks, Math.max(1, UnaryKernels.CHEAP_GRAIN / Math.max(1, per)),
          (a, b) -> WindowLoops.scatterAdd(source.store(), sel, out, a * per, b * per));
    } else {
      WindowLoops.scatterAdd(source.store(), sel, out, 0, sel.length);
    }
    return NdArray.wrapStore(operand.dtype(), operand.shape(), out);
  }

  /**
   * For every window of {@code operand}, the element of {@code tangents} at the position of the window's first
   * maximum, chosen exactly as {@link #selectAndScatterAdd} chooses it (so the two are transposes of each other in
   * their first operand); 0 for windows entirely in padding. {@code tangents} has {@code operand}'s shape and
   * dtype (numeric); the result has the {@code reduce_window} output shape.
   */
  public static NdArray selectAndGatherAdd(NdArray tangents, NdArray operand, int[] win, int[] str, int[] lo, int[] hi) {
    checkDTypes("select_and_gather_add", "tangents", tangents, operand);
    if (!tangents.shape().equals(operand.shape()))
      throw new ShapeError("select_and_gather_add: tangents " + tangents.dtype() + tangents.shape() + " must have the shape of operand "
          + operand.dtype() + operand.shape());
    ReduceWindowPlan p = ReduceWindowPlan.of(operand.shape().dims(), win, str, lo, hi, ones(operand.rank()), ones(operand.rank()));
    int[] sel = select(operand, p);
    Object out = NdArray.newStore(operand.dtype(), sel.length);
    WindowLoops.gather(tangents.store(), sel, out);
    return NdArray.wrapStore(operand.dtype(), p.outShape, out);
  }

  /** The operand offset of each window's first maximum ({@code -1} for windows entirely in padding), in output order. */
  private static int[] select(NdArray operand, ReduceWindowPlan p) {
    int n = p.outShape.size(), rowLen = p.lastOut * p.inner;
    int[] sel = new int[n];
    Object op = operand.store();
    if (n > 0) Parallel.range(p.rows, grain(p, rowLen), (a, b) -> {
      for (int row = a; row < b; row++) {
        if (p.tapOff != null) WindowLoops.selectRowTapMajor(op, p.rowOffsets(row), p, sel, row * rowLen);
        else WindowLoops.selectRow(op, p.rowOffsets(row), p.lastTaps, p.inner, sel, row * rowLen);
      }
    });
    return sel;
  }

  private static void checkDTypes(String op, String what, NdArray a, NdArray operand) {
    DType dt = operand.dtype();
    if (dt == DType.BOOL || a.dtype() != dt)
      throw new DTypeError(op + ": needs " + what + " and operand of one numeric dtype, got "
          + a.dtype() + a.shape() + " and " + dt + operand.shape());
  }

  /**
   * The number of output blocks whose windows read disjoint parts of the operand: the product of the leading axes
   * that are not windowed (window 1, stride 1, no padding; the batch of a max-pool). Consecutive runs of
   * {@code size / blocks} output elements then scatter into disjoint targets and can run in parallel, in order
   * within each block, so the sums equal the sequential ones.
   */
  static int independentBlocks(int[] outDims, int[] win, int[] str, int[] lo, int[] hi) {
    int blocks = 1;
    for (int d = 0; d < win.length && win[d] == 1 && str[d] == 1 && lo[d] == 0 && hi[d] == 0; d++) blocks *= outDims[d];
    return blocks;
  }

  /** Whether windows never overlap: every stride at least its window extent (the 2×2/2 max-pool). */
  static boolean disjoint(int[] win, int[] str) {
    for (int d = 0; d < win.length; d++) if (str[d] < win[d]) return false;
    return true;
  }

  private static int[] ones(int rank) {
    int[] ones = new int[rank];
    java.util.Arrays.fill(ones, 1);
    return ones;
  }

  private static int grain(ReduceWindowPlan p, int rowLen) {
    return Math.max(1, Reductions.GRAIN / Math.max(1, rowLen * p.windowVolume));
  }
}
