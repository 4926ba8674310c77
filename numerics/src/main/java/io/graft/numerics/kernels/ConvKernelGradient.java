package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;
import java.util.Arrays;

/**
 * The kernel gradient of a channels-last convolution as one implicit GEMM over zero-padded patches. In the geometry
 * the transpose rule builds ({@code lhs} = the input with batch and feature roles swapped, so its "batch" {@code b}
 * is the contiguous input feature; {@code rhs} = {@code dy}; the result's positions {@code q} are the kernel taps):
 * <pre>
 * Ct[o, (q, b)] = Σ_{(n, w)} dy[n, w, o] · xpad[n, q·stride + w·rd, b]      out[q, b, o] = Ct[o, (q, b)]
 * </pre>
 * {@code xpad} is the input copied once with its padding made real (zeros; the input itself when there is no
 * padding, as for a 1×1 convolution), so every (tap, position) pair reads the
 * buffer and the offset of {@code xpad[n, q·stride + w·rd, b]} is a row part ({@code n, w}) plus a column part
 * ({@code q, b}): {@code dy} and {@code xpad} are packed straight into the GEMM's panels ({@link GemmGathered}), with
 * runs of contiguous input features copied as blocks, and the product runs once for all taps. The reduction
 * ({@code N·|dy positions|}) is long and the result small ({@code O × taps·C}), so it is cut into one slice per
 * kernel thread ({@link ConvImplicit#splits}) and the slices summed in order. This replaces {@link Conv}'s
 * transposed im2col for these plans (a 9×-larger copy, materialised chunk by chunk).
 */
final class ConvKernelGradient {
  /** The valid-tap fraction from which the padded copy beats skipping padded taps ({@link ConvImplicit}). */
  static final double DENSE = 0.75;

  private ConvKernelGradient() {}

  /**
   * Whether this path runs the plan: a one-group, f32/f64, reduction-major plan ({@link Conv#reductionMajor}) whose
   * lhs batch (the input feature) has unit stride, without input dilation or cropping, mostly inside the input
   * (at least {@link #DENSE} of its taps valid), whose padded input fits an array.
   */
  static boolean applies(ConvPlan p, ConvGeometry g, NdArray lhs) {
    if (!(lhs.store() instanceof float[] || lhs.store() instanceof double[]) || p.groups != 1 || p.lsBatch != 1
        || !Conv.reductionMajor(p) || p.validFraction() < DENSE) return false;
    for (int i = 0; i < p.spatial; i++) if (g.lhsDilation().get(i) != 1 || g.padLo().get(i) < 0) return false;
    long size = 1;
    for (int d : paddedDims(g, lhs.shape())) size *= d;
    return size <= Shape.MAX_SIZE;
  }

  /** {@code lhs}'s dims with each spatial axis grown by its padding ({@code hi} only where positive). */
  static int[] paddedDims(ConvGeometry g, Shape lhs) {
    int[] d = lhs.dims();
    for (int i = 0; i < g.spatial(); i++) d[g.lhsSpec().get(2 + i)] += g.padLo().get(i) + Math.max(0, g.padHi().get(i));
    return d;
  }

  /** The kernel gradient into the zeroed {@code out}. */
  static void apply(ConvPlan p, ConvGeometry g, NdArray lhs, NdArray rhs, Object out) {
    int[] pd = paddedDims(g, lhs.shape()), ps = Shape.of(pd).strides();
    Object xp = Arrays.equals(pd, lhs.shape().dims()) ? lhs.store() : padded(lhs, g, pd, ps);   // no padding: no copy
    int[] winStride = new int[p.spatial], posStride = new int[p.spatial];
    for (int i = 0; i < p.spatial; i++) {
      int axis = g.lhsSpec().get(2 + i);
      winStride[i] = g.rhsDilation().get(i) * ps[axis];
      posStride[i] = g.strides().get(i) * ps[axis];
    }
    int[] winOff = ConvPlan.offsets(p.winExtent, winStride), posOff = ConvPlan.offsets(p.outExtent, posStride);
    int batch = p.rows / p.positions, k = p.k, n = p.rows, m = p.og, lsN = ps[g.lhsSpec().get(1)], lsB = ps[g.lhsSpec().get(0)];
    int[] aRow = new int[m], aCol = new int[k], bRow = new int[k], bCol = new int[n];
    for (int o = 0; o < m; o++) aRow[o] = o * p.rsOut;
    for (int c = 0; c < p.in; c++)
      for (int w = 0; w < p.window; w++) {
        aCol[c * p.window + w] = c * p.rsIn + p.rhsWindow[w];
        bRow[c * p.window + w] = c * lsN + winOff[w];
      }
    for (int q = 0; q < p.positions; q++)
      for (int b = 0; b < batch; b++) bCol[q * batch + b] = posOff[q] + b * lsB;
    int slices = ConvImplicit.splits(m, n, k);
    Object[] part = PartialSums.borrow(slices, m * n, out instanceof float[]);
    Parallel.range(slices, 1, (lo, hi) -> {
      for (int j = lo; j < hi; j++) {
        int k0 = (int) ((long) k * j / slices), k1 = (int) ((long) k * (j + 1) / slices);
        Gemm.multiplyPacked(m, n, k1 - k0, new GemmGathered(rhs.store(), aRow, Arrays.copyOfRange(aCol, k0, k1)),
            new GemmGathered(xp, Arrays.copyOfRange(bRow, k0, k1), bCol), part[j], 0, n, slices == 1);
      }
    });
    for (int j = 1; j < slices; j++) Conv.addInto(part[0], part[j], m * n);
    for (int q = 0; q < p.positions; q++)         // Ct[o, q·B + b] -> out[b, o, q]
      for (int b = 0; b < batch; b++)
        Copy.strided(part[0], q * batch + b, n, out, b * p.osBatch + p.outPosition[q], p.osFeature, m);
    PartialSums.giveBack(part);
  }

  /** Elements per parallel task of {@link #padded}'s copy. */
  private static final int COPY_GRAIN = 1 << 15;

  /** {@code lhs} copied into a zeroed buffer of dims {@code pd} (strides {@code ps}), shifted by the low padding. */
  static Object padded(NdArray lhs, ConvGeometry g, int[] pd, int[] ps) {
    int size = 1;
    for (int d : pd) size *= d;
    return padded(lhs, g, pd, ps, lhs.store() instanceof float[] ? new float[size] : new double[size]);
  }

  /**
   * {@link #padded(NdArray, ConvGeometry, int[], int[])} into {@code xp}, a buffer of the padded size whose elements
   * outside the copied input are zero: fresh, or one this copy (same dims, padding and input shape) filled before,
   * since it writes the same positions every time.
   */
  static Object padded(NdArray lhs, ConvGeometry g, int[] pd, int[] ps, Object xp) {
    int rank = pd.length, last = rank - 1;
    int[] dims = lhs.shape().dims(), shift = new int[rank];
    for (int i = 0; i < g.spatial(); i++) shift[g.lhsSpec().get(2 + i)] = g.padLo().get(i);
    int from = last, len = dims[last];        // runs: the trailing axes up to the innermost padded one (contiguous in both)
    while (from > 0 && pd[from] == dims[from] && shift[from] == 0) len *= dims[--from];
    int runs = len == 0 ? 0 : lhs.size() / len, runLen = len, outer = from;
    Parallel.range(runs, Math.max(1, COPY_GRAIN / Math.max(1, len)), (lo, hi) -> {
      int[] idx = new int[rank];                // the index of run lo over the axes before the run
      for (int a = outer - 1, r = lo; a >= 0; a--) { idx[a] = r % dims[a]; r /= dims[a]; }
      for (int r = lo; r < hi; r++) {           // one run per index of the axes before it
        int dst = 0;
        for (int a = 0; a < rank; a++) dst += (idx[a] + shift[a]) * ps[a];
        System.arraycopy(lhs.store(), r * runLen, xp, dst, runLen);
        for (int a = outer - 1; a >= 0; a--) { if (++idx[a] < dims[a]) break; idx[a] = 0; }
      }
    });
    return xp;
  }
}
