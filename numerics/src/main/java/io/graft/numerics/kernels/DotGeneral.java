package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;

/**
 * {@code dot_general}: contracts {@code lhs} and {@code rhs} over paired contracting axes, batched over paired batch
 * axes. The result's axes are the batch axes (in {@code lhsBatch} order), then the lhs free axes, then the rhs free
 * axes, each group in operand order (exactly {@code lax.dot_general}).
 *
 * <p>Layout normalisation: per batch index, {@code lhs} is viewed as an {@code M×K} matrix (free axes merged
 * into rows, contracting axes merged in {@code lhsContracting} order) and {@code rhs} as {@code K×N}; when the
 * axes of a group are adjacent in memory (in the needed order) the view is just two strides handed to
 * {@link Gemm}, so ordinary and transposed matrices are never copied. Otherwise that operand is first permuted
 * into {@code (batch, free, contracting)} order. Many small products run in parallel over the batch; large
 * ones run one by one with a parallel GEMM each.
 * <pre>{@code
 * // [2,3]·[3,4] -> [2,4]
 * DotGeneral.apply(x, y, new int[] {1}, new int[] {0}, new int[0], new int[0]);
 * }</pre>
 */
public final class DotGeneral {
  /** Per-product multiply-adds below which the batch loop, not the GEMM, is parallel. */
  private static final long SMALL_PRODUCT = 1L << 18;
  /**
   * Result elements per parallel task of batched products without a contraction (outer products, a vmapped
   * {@code x * g_i}): each element is one multiply, so the time is the writing of the result, which two cores do
   * faster than one (W4's per-example gradients, 256 × 1000 results: 2026-12-06).
   */
  private static final long OUTER_TASK = 1L << 15;

  private DotGeneral() {}

  /**
   * The contraction, on operands of one dtype (f32, f64, i32, i64) whose paired axes have equal extents (the
   * caller validates); a fresh array of that dtype.
   */
  public static NdArray apply(NdArray lhs, NdArray rhs, int[] lhsContract, int[] rhsContract, int[] lhsBatch,
                              int[] rhsBatch) {
    Shape out = outShape(lhs.shape(), rhs.shape(), lhsContract, rhsContract, lhsBatch, rhsBatch);
    return run(lhs, rhs, lhsContract, rhsContract, lhsBatch, rhsBatch, out, NdArray.newStore(lhs.dtype(), out.size()), true);
  }

  /**
   * {@link #apply} into {@code store}, a {@code float[]} or {@code double[]} (as the operands) of exactly the result's
   * size whose contents are overwritten (a recycled buffer: no zeroing, and it is still in cache, where a fresh array
   * is zeroed memory the caches have not seen). The jit's executor runs its products this way; the eager path
   * allocates ({@link #apply}).
   *
   * @return the result, wrapping {@code store}
   */
  public static NdArray applyInto(NdArray lhs, NdArray rhs, int[] lhsContract, int[] rhsContract, int[] lhsBatch,
                                  int[] rhsBatch, Object store) {
    Shape out = outShape(lhs.shape(), rhs.shape(), lhsContract, rhsContract, lhsBatch, rhsBatch);
    if (!(store instanceof float[] || store instanceof double[]) || store.getClass() != NdArray.newStore(lhs.dtype(), 0).getClass()
        || java.lang.reflect.Array.getLength(store) != out.size())
      throw new IllegalArgumentException("dot_general: applyInto needs a " + lhs.dtype() + " store of " + out.size()
          + " elements for " + out + ", got " + store.getClass().getSimpleName() + "[" + java.lang.reflect.Array.getLength(store) + "]");
    return run(lhs, rhs, lhsContract, rhsContract, lhsBatch, rhsBatch, out, store, false);
  }

  /** The contraction into {@code c}; {@code zeros}: c holds only zeros (fresh), else anything (overwritten). */
  private static NdArray run(NdArray lhs, NdArray rhs, int[] lhsContract, int[] rhsContract, int[] lhsBatch,
                             int[] rhsBatch, Shape out, Object c, boolean zeros) {
    int[] lf = free(lhs.rank(), lhsContract, lhsBatch), rf = free(rhs.rank(), rhsContract, rhsBatch);
    if (out.size() == 0) {
      if (!zeros && GemmAccumulate.bound(c) instanceof GemmAccumulate a) a.addScaled(c);   // nothing to add to
      return NdArray.wrapStore(lhs.dtype(), out, c);
    }
    View l = View.of(lhs, lhsBatch, lf, lhsContract), r = View.of(rhs, rhsBatch, rhsContract, rf);
    int m = l.rows, n = r.cols, k = l.cols, batches = out.size() / (m * n);
    GemmAccumulate acc = zeros ? null : GemmAccumulate.bound(c);
    if (acc != null && !(batches == 1 && k > 0 && Gemm.runsOnBlas(m, n, k, l.operand(0), r.operand(0), c, 0, n))) {
      Object p = NdArray.newStore(lhs.dtype(), out.size());     // no BLAS product to add into C: p, then c ± s·p
      run(lhs, rhs, lhsContract, rhsContract, lhsBatch, rhsBatch, out, p, true);
      acc.addScaled(p);
      return NdArray.wrapStore(lhs.dtype(), out, c);
    }
    long work = (long) m * n * Math.max(1, k);
    Parallel.RangeBody body = (lo, hi) -> {
      for (int b = lo; b < hi; b++)
        if (zeros) Gemm.multiplyIntoZeros(m, n, k, l.operand(b), r.operand(b), c, b * m * n, n);   // c is fresh
        else Gemm.multiply(m, n, k, l.operand(b), r.operand(b), c, b * m * n, n);
    };
    long task = k <= 1 ? OUTER_TASK : SMALL_PRODUCT;   // no contraction: one multiply per result element, bound by its writes
    if (work < SMALL_PRODUCT) Parallel.range(batches, (int) Math.max(1, task / work), body);
    else body.run(0, batches);
    if (acc != null && !acc.claimed())       // runsOnBlas said the BLAS call would take it: C now holds the bare product
      throw new IllegalStateException("dot_general: the BLAS product " + m + "x" + n + "x" + k + " did not add itself to its result");
    GemmEpilogue.finish(c);                  // a bound epilogue no product took (OpenBLAS, a batch of products)
    return NdArray.wrapStore(lhs.dtype(), out, c);
  }

  /** The result shape: batch extents (in {@code lhsBatch} order), then lhs free extents, then rhs free extents. */
  public static Shape outShape(Shape lhs, Shape rhs, int[] lhsContract, int[] rhsContract, int[] lhsBatch,
                               int[] rhsBatch) {
    int[] lf = free(lhs.rank(), lhsContract, lhsBatch), rf = free(rhs.rank(), rhsContract, rhsBatch);
    int nb = lhsBatch.length;
    int[] dims = new int[nb + lf.length + rf.length];
    for (int i = 0; i < nb; i++) dims[i] = lhs.dim(lhsBatch[i]);
    for (int i = 0; i < lf.length; i++) dims[nb + i] = lhs.dim(lf[i]);
    for (int i = 0; i < rf.length; i++) dims[nb + lf.length + i] = rhs.dim(rf[i]);
    return Shape.checked("dot_general", () -> "lhs " + lhs + ", rhs " + rhs + ", contracting " + java.util.Arrays.toString(lhsContract)
        + " x " + java.util.Arrays.toString(rhsContract) + ", batch " + java.util.Arrays.toString(lhsBatch) + " x "
        + java.util.Arrays.toString(rhsBatch), dims);
  }

  /** The axes of {@code rank} that are neither contracted nor batched, in order. */
  static int[] free(int rank, int[] contract, int[] batch) {
    int[] f = new int[rank - contract.length - batch.length];
    for (int i = 0, j = 0; i < rank; i++) if (!has(contract, i) && !has(batch, i)) f[j++] = i;
    return f;
  }

  private static boolean has(int[] xs, int x) {
    for (int v : xs) if (v == x) return true;
    return false;
  }

  /**
   * An operand seen as a batch of {@code rows×cols} matrices: rows merge the axes {@code rowAxes}, columns merge
   * {@code colAxes}; {@code batchOffsets[b]} is where matrix {@code b} starts.
   */
  private record View(Object store, int[] batchOffsets, int rows, int cols, int rowStride, int colStride) {
    static View of(NdArray x, int[] batchAxes, int[] rowAxes, int[] colAxes) {
      int[] strides = x.shape().strides();
      int rs = merged(x.shape(), strides, rowAxes), cs = merged(x.shape(), strides, colAxes);
      int rows = extent(x.shape(), rowAxes), cols = extent(x.shape(), colAxes);
      if (rs < 0 || cs < 0) {                        // not expressible by strides: permute into (batch, rows, cols)
        int[] perm = concat(batchAxes, rowAxes, colAxes);
        NdArray p = permute(x, perm);
        int nb = batchAxes.length;
        return of(p, range(0, nb), range(nb, nb + rowAxes.length), range(nb + rowAxes.length, perm.length));
      }
      int batches = extent(x.shape(), batchAxes);
      int[] offsets = new int[batches];
      int[] idx = new int[batchAxes.length];
      for (int b = 0; b < batches; b++) {
        int off = 0;
        for (int i = 0; i < idx.length; i++) off += idx[i] * strides[batchAxes[i]];
        offsets[b] = off;
        for (int i = idx.length - 1; i >= 0; i--) { if (++idx[i] < x.shape().dim(batchAxes[i])) break; idx[i] = 0; }
      }
      return new View(x.store(), offsets, rows, cols, rs, cs);
    }

    Gemm.Operand operand(int b) { return new Gemm.Operand(store, batchOffsets[b], rowStride, colStride); }
  }

  /** The single stride that walks the axes {@code axes} in order as one merged axis, or -1 if there is none. */
  static int merged(Shape s, int[] strides, int[] axes) {
    int stride = -1, next = -1;
    for (int i = axes.length - 1; i >= 0; i--) {
      int a = axes[i];
      if (s.dim(a) == 1) continue;
      if (stride < 0) stride = strides[a];
      else if (strides[a] != next) return -1;
      next = strides[a] * s.dim(a);
    }
    return stride < 0 ? 1 : stride;
  }

  private static int extent(Shape s, int[] axes) {
    int e = 1;
    for (int a : axes) e *= s.dim(a);
    return e;
  }

  private static int[] range(int lo, int hi) {
    int[] r = new int[hi - lo];
    for (int i = 0; i < r.length; i++) r[i] = lo + i;
    return r;
  }

  private static int[] concat(int[] a, int[] b, int[] c) {
    int[] r = new int[a.length + b.length + c.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    System.arraycopy(c, 0, r, a.length + b.length, c.length);
    return r;
  }

  /** {@code x} with its axes reordered: result axis {@code i} is operand axis {@code perm[i]} (a row-major copy). */
  static NdArray permute(NdArray x, int[] perm) {
    int rank = perm.length;
    int[] dims = new int[rank], src = new int[rank], xs = x.shape().strides();
    for (int i = 0; i < rank; i++) { dims[i] = x.shape().dim(perm[i]); src[i] = xs[perm[i]]; }
    Shape shape = Shape.of(dims);
    Object dst = NdArray.newStore(x.dtype(), shape.size());
    int inner = rank == 0 ? 1 : dims[rank - 1], innerStride = rank == 0 ? 0 : src[rank - 1];
    if (shape.size() > 0) {
      int[] idx = new int[rank];
      for (int off = 0; off < shape.size(); off += inner) {
        int base = 0;
        for (int i = 0; i < rank - 1; i++) base += idx[i] * src[i];
        Copy.repeat(x.store(), base, innerStride, dst, off, inner);
        for (int i = rank - 2; i >= 0; i--) { if (++idx[i] < dims[i]) break; idx[i] = 0; }
      }
    }
    return NdArray.wrapStore(x.dtype(), shape, dst);
  }
}
