package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Implicit-GEMM convolution for f32/f64: the product {@code out[rows, O/G] = X[rows, I·|window|] · W[I·|window|, O/G]}
 * of {@link Conv}, with the im2col matrix {@code X} never materialised: the GEMM packs its panels straight from the
 * input through two offset tables ({@link GemmGathered}), and the kernel's rows the same way
 * (straight from {@code rhs}'s store in any layout).
 *
 * <p>The offset of {@code X[(n, q), (kk, c)]} is {@code base(n) + tap(q, kk) + c·stride_c}. It splits into a row
 * part and a column part only where every tap is inside the input; so the output positions {@code q} are grouped by
 * their <em>tap signature</em> (which taps are valid, and each valid tap's offset from the first valid one), and each
 * group is one product whose reduction runs over its valid taps only. Taps in the padding or in the holes of an input
 * dilation are then skipped instead of multiplied as zeros: the border positions of a padded convolution form a few
 * small groups, a 3×3 convolution of a 1×1 image reduces over its centre tap alone, and the input gradient of a
 * stride-2 convolution (input dilation 2) splits into its four phases, each a dense convolution with a quarter of
 * the taps. Positions with no valid tap are zero. A kernel gradient ({@code lhs} batch = input features, contiguous)
 * is the same product with contiguous rows, which the packing copies as runs.
 *
 * <p>When most taps are valid ({@link #dense}: the usual padded 3×3 layer) the input is instead copied once with its
 * padding made real, and all positions form one group with every tap: one product, no border groups.
 *
 * <p>Each group's rows are cut into chunks of at most {@link #OUT_CHUNK} result elements; a chunk whose rows are
 * consecutive in a channels-last output is written in place, any other goes through a scratch block and is scattered.
 */
final class ConvImplicit {
  /** Result elements per product (4 MiB of f32 scratch at most). */
  private static final int OUT_CHUNK = 1 << 20;
  /** The reduction-to-result ratio from which {@link #splits} cuts the reduction instead of the result. */
  private static final int SPLIT_DEPTH = 8;
  /** Multiply-adds below which a product is not split over threads by its reduction. */
  private static final long SPLIT_WORK = 1L << 21;

  private ConvImplicit() {}

  /**
   * Whether this path runs the plan: f32/f64 operands and a tap table of bounded size, except a reduction-major
   * kernel gradient ({@link Conv#reductionMajor}) whose windows lie mostly inside the input (at least
   * {@link ConvKernelGradient#DENSE} of the taps valid). That one has a small result per tap and a long reduction, so
   * each product here would pack its operands for little arithmetic (a 64×64 result per tap of a 3×3 kernel gradient
   * over 32×32 images: 2-3× slower, 2026-12-05); {@link ConvKernelGradient} runs one product for all its taps.
   */
  static boolean applies(ConvPlan p, Object lhs) {
    return (lhs instanceof float[] || lhs instanceof double[]) && (long) p.positions * p.window <= Conv.TAP_TABLE
        && !(Conv.reductionMajor(p) && p.validFraction() >= ConvKernelGradient.DENSE);
  }

  /**
   * The convolution of {@code lhs} with {@code rhs} into {@code out} ({@code zeroed}: it holds only zeros, else it is
   * zeroed here when a path needs it): over the zero-padded input as one group when {@link #dense} (every tap valid
   * there, one product writing every element), else grouped by tap signature over the input itself; {@code l} is the
   * {@link Layout} of these shapes (a {@code Conv.Plan} keeps one across calls).
   */
  static void apply(Layout l, ConvPlan p, ConvGeometry geometry, NdArray lhs, NdArray rhs, Object out, boolean zeroed) {
    Object x = l.padded == null ? lhs.store()
        : ConvKernelGradient.padded(lhs, geometry, l.padded, l.paddedStrides, l.takePadded(lhs.store() instanceof float[]));
    if (!l.dense && !zeroed) zeroUncovered(p, l.groups, out);   // positions with no valid tap are zero; the groups write the rest
    for (Product q : l.products) q.run(p, x, rhs.store(), out);
    if (l.padded != null) l.givePadded(x);
  }

  /**
   * What {@link #apply} derives from the shapes alone: whether it runs dense (and the padded input's dims, null when
   * no copy is needed), the tap-signature groups, and every product's offset tables, row offsets and reduction split.
   * Reused by every call on operands of these shapes and store type; immutable but for the spare padded buffer it lends.
   */
  /** The largest padded input a layout keeps per thread (4 MB of f32). */
  static final int KEPT_PADDED = 1 << 20;

  static final class Layout {
    final boolean dense;
    final int[] padded, paddedStrides;
    final List<ConvTapGroup> groups;
    final List<Product> products;

    private Layout(boolean dense, int[] padded, List<ConvTapGroup> groups, List<Product> products) {
      this.dense = dense;
      this.padded = padded;
      this.paddedStrides = padded == null ? null : Shape.of(padded).strides();
      this.groups = groups;
      this.products = products;
      long size = 1;
      if (padded != null) for (int d : padded) size *= d;
      this.paddedSize = padded == null ? 0 : (int) size;
    }

    private final int paddedSize;
    /**
     * The padded-input buffer of the last call that finished (up to {@link #KEPT_PADDED} elements), lent to the next:
     * the copy writes the same positions on every call, so its padding stays zero, and it is still in cache (ResNet-18
     * at batch 1 allocated about 100 KB of padded inputs per call, 2026-12-06). A call that finds it lent out (another
     * thread runs the same plan) or larger inputs get a fresh buffer. The layout's one mutable part; its shapes and
     * tables stay immutable.
     */
    private final java.util.concurrent.atomic.AtomicReference<Object> sparePadded = new java.util.concurrent.atomic.AtomicReference<>();

    /** A zero-padded buffer for this layout's input copy: the spare one, or a fresh one. */
    Object takePadded(boolean f32) {
      Object b = sparePadded.getAndSet(null);
      if (b != null && (f32 ? b instanceof float[] : b instanceof double[])) return b;
      return f32 ? new float[paddedSize] : new double[paddedSize];
    }

    /** Returns a buffer from {@link #takePadded} once the products have read it. */
    void givePadded(Object b) {
      if (paddedSize <= KEPT_PADDED) sparePadded.set(b);
    }
  }

  /** The {@link Layout} of {@code p} for an input of shape {@code lhs} held in a store of class {@code storeType}. */
  static Layout layout(ConvPlan p, ConvGeometry geometry, Shape lhs, Class<?> storeType) {
    List<ConvTapGroup> signatures = p.validFraction() >= ConvKernelGradient.DENSE ? null : ConvTapGroup.of(p, Conv.taps(p));
    boolean dense = dense(p, geometry, lhs, signatures);
    int lsB = p.lsBatch, lsF = p.lsFeature;
    int[] padded = null;
    List<ConvTapGroup> groups;
    if (dense) {
      int[] pd = ConvKernelGradient.paddedDims(geometry, lhs), ps = Shape.of(pd).strides();
      if (!Arrays.equals(pd, lhs.dims())) padded = pd;
      lsB = ps[geometry.lhsSpec().get(0)];
      lsF = ps[geometry.lhsSpec().get(1)];
      int[] winStride = new int[p.spatial], posStride = new int[p.spatial];
      for (int i = 0; i < p.spatial; i++) {
        int axis = geometry.lhsSpec().get(2 + i);
        winStride[i] = geometry.rhsDilation().get(i) * ps[axis];
        posStride[i] = geometry.strides().get(i) * ps[axis];
      }
      int[] all = new int[p.window], positions = new int[p.positions];
      for (int kk = 0; kk < p.window; kk++) all[kk] = kk;
      for (int q = 0; q < p.positions; q++) positions[q] = q;
      groups = List.of(new ConvTapGroup(all, ConvPlan.offsets(p.winExtent, winStride), positions,
          ConvPlan.offsets(p.outExtent, posStride)));
    } else {
      groups = signatures != null ? signatures : ConvTapGroup.of(p, Conv.taps(p));
    }
    boolean f32 = storeType == float[].class;
    int[] wCol = new int[p.og];
    for (int o = 0; o < p.og; o++) wCol[o] = o * p.rsOut;
    List<Product> products = new ArrayList<>();
    for (ConvTapGroup s : groups) {
      int v = s.taps.length, k = v * p.in;
      int[] col = new int[k], wRow = new int[k];
      for (int t = 0; t < v; t++) {
        for (int c = 0; c < p.in; c++) {
          int j = p.tapMajor ? t * p.in + c : c * v + t;
          col[j] = s.delta[t] + c * lsF;
          wRow[j] = p.rhsWindow[s.taps[t]] + c * p.rsIn;
        }
      }
      int batch = p.rows / p.positions, rows = batch * s.positions.length;
      int chunk = Math.max(1, Math.min(rows, OUT_CHUNK / Math.max(1, p.og)));
      for (int g = 0; g < p.groups; g++) {
        int[] wg = wRow.clone();
        for (int j = 0; j < k; j++) wg[j] += g * p.og * p.rsOut;
        for (int r0 = 0; r0 < rows; r0 += chunk)
          products.add(new Product(p, f32, lsB, lsF, s, g, r0, Math.min(chunk, rows - r0), col, wg, wCol));
      }
    }
    return new Layout(dense, padded, groups, List.copyOf(products));
  }

  /**
   * Zeroes the output features of every position that no group covers (no valid tap: the odd positions of a strided
   * 1×1 convolution's input gradient), for every batch element and feature group, as {@link #product} addresses them;
   * the groups' products overwrite every other element. Zeroing the whole store first cost W7 about 4 % of its step.
   */
  private static void zeroUncovered(ConvPlan p, java.util.List<ConvTapGroup> groups, Object out) {
    boolean[] covered = new boolean[p.positions];
    for (ConvTapGroup s : groups) for (int q : s.positions) covered[q] = true;
    int batch = p.rows / Math.max(1, p.positions), uncovered = 0;
    for (boolean c : covered) if (!c) uncovered++;
    int[] starts = new int[uncovered * batch * p.groups];
    for (int q = 0, i = 0; q < p.positions; q++) {
      if (covered[q]) continue;
      for (int n = 0; n < batch; n++)
        for (int g = 0; g < p.groups; g++) starts[i++] = n * p.osBatch + g * p.og * p.osFeature + p.outPosition[q];
    }
    // a deep kernel gradient is mostly zeros (a 3×3 kernel's over 1×1 images: 8 of 9 taps, 8 MB at 512 channels)
    Parallel.range(starts.length, Math.max(1, ZERO_GRAIN / Math.max(1, p.og)), (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        if (p.osFeature == 1) Conv.zero(out, starts[i], p.og);
        else for (int o = 0; o < p.og; o++) Conv.zero(out, starts[i] + o * p.osFeature, 1);
      }
    });
  }

  /** Elements a thread zeroes at least, when {@link #zeroUncovered} splits its work. */
  private static final int ZERO_GRAIN = 1 << 16;

  /**
   * Whether to run over the zero-padded input (no input dilation, no cropping): when most taps are valid
   * ({@link ConvKernelGradient#DENSE}), or when the padded product reads the kernel fewer times than the groups would.
   * The padding costs a copy of the input and the multiplications by its zeros (a quarter of them at most in the first
   * case), and saves the border groups' small products and the scatter of their rows (8×8 images have 28 of 64
   * positions on the border). Each group reads its valid taps' kernel rows once per call, which is what a small batch
   * pays for: at batch 1 a 3×3 layer on 4×4 images splits into 9 groups of 1-4 rows that read the kernel 5.4 times over,
   * where the padded product reads it once for 16 rows ({@link #denseReadsLess}).
   */
  static boolean dense(ConvPlan p, ConvGeometry g, NdArray lhs) {
    return dense(p, g, lhs.shape(), p.validFraction() >= ConvKernelGradient.DENSE ? null : ConvTapGroup.of(p, Conv.taps(p)));
  }

  /** {@link #dense} with the tap-signature groups already made ({@code null} when most taps are valid). */
  private static boolean dense(ConvPlan p, ConvGeometry g, Shape lhs, java.util.List<ConvTapGroup> signatures) {
    for (int i = 0; i < p.spatial; i++) if (g.lhsDilation().get(i) != 1 || g.padLo().get(i) < 0) return false;
    long size = 1;
    for (int d : ConvKernelGradient.paddedDims(g, lhs)) size *= d;
    if (size > Shape.MAX_SIZE) return false;
    return signatures == null || denseReadsLess(p, signatures);
  }

  /**
   * The cost of reading one kernel row (one tap's {@code in × out} weights) from memory and packing it, in
   * multiply-adds of one row of the result. Each group packs its taps' weights again for a product of few rows (32-128
   * at batch 32), and the packing took as long as the multiplications in W7's step. Measured 2026-12-06 on the 2-core
   * AVX-512 Xeon (W7's jitted step, ms, two alternating rounds): 16: 66.6-66.7, 32: 67.7-68.3, 48: 65.0-67.8, 64:
   * 63.3-66.3, 96: 66.2-69.3, 128: 68.2-70.7 (from 64 the 4×4 layers run dense; from about 90 the 2×2 ones too).
   * Batch-1 layers choose the same at 16 and 64. {@code -Dgraft.convWeightRead=0} restores the rule by valid taps
   * alone (for before/after comparisons).
   */
  static final int WEIGHT_READ = Integer.getInteger("graft.convWeightRead", 64);

  /**
   * Whether the padded product costs less than the groups: {@code window · (R + rows)} against
   * {@code Σ_groups taps_g · (R + batch · positions_g)}, with {@code R} = {@link #WEIGHT_READ} (in units of one tap's
   * weights: reading them, or multiplying them into one result row).
   */
  static boolean denseReadsLess(ConvPlan p, java.util.List<ConvTapGroup> signatures) {
    long batch = p.rows / Math.max(1, p.positions), grouped = 0;
    for (ConvTapGroup s : signatures) grouped += (long) s.taps.length * (WEIGHT_READ + batch * s.positions.length);
    return (long) p.window * (WEIGHT_READ + (long) p.rows) < grouped;
  }

  /**
   * Rows {@code [r0, r0+m)} of group {@code s}'s product for feature/batch group {@code g}: its offset tables, made once
   * per {@link Layout}. A reduction much longer than the result is tall ({@link #SPLIT_DEPTH}: a kernel gradient,
   * whose result has only {@code I×O} elements per tap) is cut into one slice per task, each multiplied on its own
   * thread into a private block; the blocks are summed in slice order, so the result does not depend on the thread
   * count's timing.
   */
  static final class Product {
    private final int m, k, og, osFeature, slices;
    private final int[] row, dst, col, wRow, wCol;
    private final boolean direct, inPlace;
    /** The gathered operands' tables and their analysis, read through {@link GemmGathered#GemmGathered(Object, GemmGathered)} per call. */
    private final GemmGathered[] a, b;

    Product(ConvPlan p, boolean f32, int lsB, int lsF, ConvTapGroup s, int g, int r0, int m, int[] col, int[] wRow, int[] wCol) {
      int np = s.positions.length, k = col.length, og = p.og;
      int[] row = new int[m], dst = new int[m];
      int feature = p.lhsFeature(g) * lsF, group = g * og * p.osFeature;
      for (int i = 0, n = r0 / np, j = r0 % np; i < m; i++) {   // row r0 + i is position j of batch element n
        int q = s.positions[j];
        row[i] = p.lhsBatch(g, n) * lsB + feature + s.anchor[j];
        dst[i] = n * p.osBatch + group + p.outPosition[q];
        if (++j == np) { j = 0; n++; }
      }
      boolean inPlace = p.osFeature == 1;
      for (int i = 1; i < m && inPlace; i++) inPlace = dst[i] == dst[0] + i * og;
      this.m = m;
      this.k = k;
      this.og = og;
      this.osFeature = p.osFeature;
      this.row = row;
      this.dst = dst;
      this.col = col;
      this.wRow = wRow;
      this.wCol = wCol;
      this.direct = direct(f32, k, p.osFeature) || shortRuns(p, f32);
      this.inPlace = inPlace;
      this.slices = direct ? 1 : splits(m, og, k);
      a = new GemmGathered[slices];
      b = new GemmGathered[slices];
      for (int j = 0; j < slices && !direct; j++) {
        int k0 = (int) ((long) k * j / slices), k1 = (int) ((long) k * (j + 1) / slices);
        a[j] = new GemmGathered(null, row, slices == 1 ? col : Arrays.copyOfRange(col, k0, k1));
        b[j] = new GemmGathered(null, slices == 1 ? wRow : Arrays.copyOfRange(wRow, k0, k1), wCol);
      }
    }

    /** The product over input {@code lhs} (the padded copy when dense) and kernel {@code rhs}, into {@code out}. */
    void run(ConvPlan p, Object lhs, Object rhs, Object out) {
      if (direct) {
        float[] r = (float[]) rhs;
        if (p.rsOut == 1) {
          ConvDirectF32.apply((float[]) lhs, row, col, r, wRow, og, (float[]) out, dst, m);
        } else {
          float[] w = new float[k * og];
          for (int t = 0; t < k; t++) for (int o = 0; o < og; o++) w[t * og + o] = r[wRow[t] + wCol[o]];
          ConvDirectF32.apply((float[]) lhs, row, col, w, og, (float[]) out, dst, m);
        }
        finish(out);
        return;
      }
      Object c = inPlace ? out : out instanceof float[] ? new float[m * og] : new double[m * og];
      int cOff = inPlace ? dst[0] : 0;
      if (slices == 1) {
        Gemm.multiplyPacked(m, og, k, new GemmGathered(lhs, a[0]), new GemmGathered(rhs, b[0]), c, cOff, og, true);
      } else {
        Object[] part = PartialSums.borrow(slices, m * og, out instanceof float[]);
        Parallel.range(slices, 1, (lo, hi) -> {
          for (int j = lo; j < hi; j++) {
            Gemm.multiplyPacked(m, og, a[j].colOffset.length, new GemmGathered(lhs, a[j]), new GemmGathered(rhs, b[j]),
                part[j], 0, og, false);
          }
        });
        for (int j = 1; j < slices; j++) Conv.addInto(part[0], part[j], m * og);
        for (int i = 0; i < m; i++) System.arraycopy(part[0], i * og, c, cOff + i * og, og);
        PartialSums.giveBack(part);
      }
      if (!inPlace) for (int i = 0; i < m; i++) Conv.scatterRow(c, i * og, out, dst[i], og, osFeature);
      finish(out);
    }

    /** Runs the bound epilogue ({@link GemmEpilogue#finish}) when this product alone wrote all of {@code out}. */
    private void finish(Object out) {
      if ((long) m * og == java.lang.reflect.Array.getLength(out)) GemmEpilogue.finish(out);
    }
  }

  /**
   * Whether a product runs on {@link ConvDirectF32} (no packing): f32 with the Vector API, a reduction of at most
   * {@link ConvDirectF32#MAX_K} (a first layer: few input channels times the taps), each row's features contiguous in
   * the output. {@code -Dgraft.convDirect=false} sends it to the blocked GEMM (for comparisons).
   */
  static boolean direct(boolean f32, int k, int featureStride) {
    return DIRECT && f32 && io.graft.numerics.Simd.AVAILABLE && k <= ConvDirectF32.MAX_K && featureStride == 1;
  }

  private static final boolean DIRECT = !"false".equals(System.getProperty("graft.convDirect"));

  /**
   * Whether a longer product runs on {@link ConvDirectF32} too: when its im2col rows are runs of fewer input channels
   * than a vector holds (a channels-last first layer: ResNet-18's 7×7 stem over 3 channels reduces over 147 values in
   * runs of 3), which the GEMM's packing would gather one value at a time, and each row's features are contiguous
   * whole vectors in the output. {@code -Dgraft.convDirectRuns=false} leaves them to the GEMM (for comparisons).
   */
  static boolean shortRuns(ConvPlan p, boolean f32) {
    return DIRECT && RUNS && f32 && io.graft.numerics.Simd.AVAILABLE && p.tapMajor && p.osFeature == 1
        && p.in < ConvDirectF32.lanes() && p.og % ConvDirectF32.lanes() == 0;
  }

  private static final boolean RUNS = !"false".equals(System.getProperty("graft.convDirectRuns"));

  /**
   * How many reduction slices to multiply in parallel: one per kernel thread when the reduction is at least
   * {@link #SPLIT_DEPTH} times the larger side of the result and long enough for each slice to fill a packed block
   * several times over; else 1 (the GEMM splits rows and columns itself).
   */
  static int splits(int m, int n, int k) {
    int threads = Parallel.threads();
    if (threads == 1 || k < SPLIT_DEPTH * Math.max(m, n) || (long) m * n * k < SPLIT_WORK) return 1;
    return threads;
  }
}
