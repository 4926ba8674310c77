package io.graft.numerics.kernels;

import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;

/**
 * {@code conv_general_dilated} by implicit GEMM or im2col + {@link Gemm}, for any number of spatial axes, any layout, strides,
 * padding (negative crops), input dilation (transposed convolution), window dilation (atrous convolution),
 * feature groups and batch groups, with XLA's semantics:
 * <pre>
 * out[n, o, p] = Σ_{c &lt; I} Σ_{k in window} lhs[n', g·I + c, q(p, k)] · rhs[o, c, k]      (zero where q is a hole or out of range)
 *   q_i(p, k) = (p_i·stride_i − lo_i + k_i·rd_i) / ld_i   when that division is exact
 *   feature groups G: g = o / (O/G), n' = n, I = C/G;   batch groups B: g = o / (O/B), n' = g·(N/B) + n, I = C
 * </pre>
 * For each group, the rows {@code (n, p)} of the output are cut into chunks; a chunk's im2col matrix
 * {@code X[rows, I·|window|]} is gathered (zeros for holes and padding), multiplied by the group's weight matrix
 * {@code W[I·|window|, O/G]} (packed once from {@code rhs}), and the product is scattered into the output layout.
 * Chunks and groups run in parallel; each GEMM may split further.
 *
 * <p><b>Paths.</b> f32 and f64 convolutions never materialise {@code X}: {@link ConvKernelGradient} runs a dense
 * channels-last kernel gradient as one product over the zero-padded input, and {@link ConvImplicit} every other
 * one, packing the GEMM's panels straight from the input and skipping the taps that fall in padding or in the holes
 * of an input dilation. Integer convolutions (and tap tables beyond {@link #TAP_TABLE}) take the im2col path below.
 * ResNet-18's layers at batch 32 (NHWC, 2-core AVX-512 Xeon at load 15, min of 9 interleaved calls, 2026-12-05,
 * {@code ResNetConvProbe} in the numerics tests), ms im2col → implicit: 64→64 3×3 8×8 forward 3.2 → 2.6, input
 * gradient 3.3 → 2.7; 64→128 3×3/2 input gradient 6.5 → 1.5; 256→512 3×3/2 2×2 input gradient 19 → 1.4; 512→512
 * 3×3 1×1 forward 4.2 → 0.41, input gradient 33 → 0.75, kernel gradient 5.6 → 1.3; 64→64 3×3 32×32 forward
 * 110 → 42, input gradient 153 → 43, kernel gradient 134 → 102.
 */
public final class Conv {
  /** im2col elements per work item (1 MiB of f32): bounds the scratch memory and sets the parallel grain. */
  private static final int CHUNK = 1 << 18;
  /** Multiply-adds below which work items are not split over threads. */
  private static final long PARALLEL_WORK = 1L << 18;
  /** The most (position, tap) entries tabulated once per call (16 MiB of offsets); larger plans compute them per row. */
  static final long TAP_TABLE = 1L << 22;

  private Conv() {}

  /** The convolution of operands of one dtype (f32, f64, i32, i64) that the caller validated; a fresh array. */
  public static NdArray apply(NdArray lhs, NdArray rhs, ConvGeometry geometry) {
    return apply(lhs, rhs, geometry, true);
  }

  /**
   * The convolution on an implicit-GEMM path (f32/f64: {@link ConvKernelGradient} for a dense channels-last kernel
   * gradient, else {@link ConvImplicit}) when {@code implicit} and one applies, else on the im2col path below; tests
   * and probes compare the two.
   */
  static NdArray apply(NdArray lhs, NdArray rhs, ConvGeometry geometry, boolean implicit) {
    Shape outShape = geometry.outShape(lhs.shape(), rhs.shape());
    return run(lhs, rhs, geometry, implicit, outShape, NdArray.newStore(lhs.dtype(), outShape.size()), true);
  }

  /**
   * {@link #apply} into {@code store}, a {@code float[]} or {@code double[]} (as the operands) of exactly the result's
   * size whose contents are overwritten: a recycled buffer, still in cache, where a fresh array is memory the JVM
   * zeroes and the caches have not seen. The jit's executor runs its f32/f64 convolutions this way. The usual padded
   * convolution writes every element once; other paths zero the store first.
   *
   * @return the result, wrapping {@code store}
   */
  public static NdArray applyInto(NdArray lhs, NdArray rhs, ConvGeometry geometry, Object store) {
    Shape outShape = geometry.outShape(lhs.shape(), rhs.shape());
    checkStore(lhs, outShape, store);
    return run(lhs, rhs, geometry, true, outShape, store, false);
  }

  /** Rejects a store {@link #applyInto} cannot write: not a {@code float[]}/{@code double[]} like lhs's, or not the result's size. */
  private static void checkStore(NdArray lhs, Shape outShape, Object store) {
    if (!(store instanceof float[] || store instanceof double[]) || store.getClass() != lhs.store().getClass()
        || java.lang.reflect.Array.getLength(store) != outShape.size())
      throw new IllegalArgumentException("conv_general_dilated: applyInto needs a " + lhs.dtype() + " store of "
          + outShape.size() + " elements for " + outShape + ", got " + store.getClass().getSimpleName() + "["
          + java.lang.reflect.Array.getLength(store) + "]");
  }

  /**
   * What a convolution derives from its operands' shapes, dtype and geometry alone: the tap tables and, on the
   * implicit-GEMM path, every product's offset tables, row offsets and reduction split ({@link ConvImplicit.Layout}).
   * Immutable. Its owner keeps it across calls on operands of the same shapes, as the jit keeps one per convolution
   * step: ResNet-18 at batch 1 rebuilt all of it on every call of each of its 20 convolutions.
   * <pre>{@code
   * Conv.Plan plan = Conv.plan(lhs, rhs, geometry);          // once
   * NdArray y = Conv.applyInto(plan, lhs, rhs, geometry, store);   // per call, any operands of these shapes
   * }</pre>
   */
  public static final class Plan {
    private final Shape lhs, rhs, out;
    private final Class<?> storeType;
    private final ConvPlan p;
    /** The implicit-GEMM layout, or null when another path runs these operands. */
    private final ConvImplicit.Layout layout;

    private Plan(NdArray lhs, NdArray rhs, ConvGeometry geometry, Shape out) {
      this.lhs = lhs.shape();
      this.rhs = rhs.shape();
      this.out = out;
      this.storeType = lhs.store().getClass();
      this.p = out.size() == 0 ? null : new ConvPlan(lhs.shape(), rhs.shape(), out, geometry);
      this.layout = p != null && ConvImplicit.applies(p, lhs.store()) && !ConvKernelGradient.applies(p, geometry, lhs)
          ? ConvImplicit.layout(p, geometry, lhs.shape(), storeType) : null;
    }

    /** Whether this plan was made for operands of these shapes and store type. */
    boolean fits(NdArray lhs, NdArray rhs) {
      return lhs.store().getClass() == storeType && lhs.shape().equals(this.lhs) && rhs.shape().equals(this.rhs);
    }
  }

  /** The {@link Plan} of a convolution of {@code lhs} and {@code rhs} (operands of one dtype) under {@code geometry}. */
  public static Plan plan(NdArray lhs, NdArray rhs, ConvGeometry geometry) {
    return new Plan(lhs, rhs, geometry, geometry.outShape(lhs.shape(), rhs.shape()));
  }

  /**
   * {@link #applyInto(NdArray, NdArray, ConvGeometry, Object)} with the tables of {@code plan}, which must have been
   * made by {@link #plan} for this geometry; operands of other shapes than the plan's are planned anew.
   */
  public static NdArray applyInto(Plan plan, NdArray lhs, NdArray rhs, ConvGeometry geometry, Object store) {
    if (!plan.fits(lhs, rhs)) return applyInto(lhs, rhs, geometry, store);
    checkStore(lhs, plan.out, store);
    return run(lhs, rhs, geometry, true, plan.out, store, false, plan);
  }

  /** The convolution into {@code out}; {@code zeroed}: it holds only zeros (fresh), else anything (zeroed here if needed). */
  private static NdArray run(NdArray lhs, NdArray rhs, ConvGeometry geometry, boolean implicit, Shape outShape,
                             Object out, boolean zeroed) {
    return run(lhs, rhs, geometry, implicit, outShape, out, zeroed,
        implicit ? new Plan(lhs, rhs, geometry, outShape) : null);
  }

  /** {@link #run} with the tables of {@code plan} (null: none, on the im2col path). */
  private static NdArray run(NdArray lhs, NdArray rhs, ConvGeometry geometry, boolean implicit, Shape outShape,
                             Object out, boolean zeroed, Plan plan) {
    if (outShape.size() == 0) return NdArray.wrapStore(lhs.dtype(), outShape, out);
    ConvPlan p = plan != null ? plan.p : new ConvPlan(lhs.shape(), rhs.shape(), outShape, geometry);
    if (implicit && plan.layout != null) {
      ConvImplicit.apply(plan.layout, p, geometry, lhs, rhs, out, zeroed);
      return NdArray.wrapStore(lhs.dtype(), outShape, out);
    }
    if (!zeroed) zero(out);
    if (implicit && ConvKernelGradient.applies(p, geometry, lhs)) {
      ConvKernelGradient.apply(p, geometry, lhs, rhs, out);
      return NdArray.wrapStore(lhs.dtype(), outShape, out);
    }
    Object w = weights(p, rhs);
    if (reductionMajor(p)) { reduceInChunks(p, lhs, w, out); return NdArray.wrapStore(lhs.dtype(), outShape, out); }
    int[][] taps = (long) p.positions * p.window <= TAP_TABLE ? taps(p) : null;
    int chunkRows = Math.max(1, Math.min(p.rows, CHUNK / Math.max(1, p.k)));
    int chunks = (p.rows + chunkRows - 1) / chunkRows;
    long itemWork = (long) chunkRows * p.k * Math.max(1, p.og);
    int grain = (int) Math.max(1, Math.min(p.groups * chunks, PARALLEL_WORK / Math.max(1, itemWork)));
    Parallel.range(p.groups * chunks, grain, (lo, hi) -> {
      int most = Math.min(chunkRows, p.rows);
      Object x = NdArray.newStore(lhs.dtype(), most * p.k), c = NdArray.newStore(lhs.dtype(), most * p.og);
      for (int t = lo; t < hi; t++) {
        int g = t / chunks, r0 = (t % chunks) * chunkRows, rows = Math.min(chunkRows, p.rows - r0);
        im2col(p, lhs.store(), taps, g, r0, rows, x);
        Gemm.multiply(rows, p.og, p.k, Gemm.Operand.rowMajor(x, p.k), new Gemm.Operand(w, g * p.k * p.og, p.og, 1),
            c, 0, p.og);
        scatter(p, c, g, r0, rows, out);
      }
    });
    return NdArray.wrapStore(lhs.dtype(), outShape, out);
  }

  /** Sets every element of a {@code float[]} or {@code double[]} store to zero. */
  static void zero(Object store) {
    if (store instanceof float[] f) java.util.Arrays.fill(f, 0f);
    else java.util.Arrays.fill((double[]) store, 0d);
  }

  /**
   * {@code taps[q][kk]}: the input offset of window tap {@code kk} at output position {@code q} ({@code -1} for zero),
   * shared by every batch row instead of being recomputed per row.
   */
  static int[][] taps(ConvPlan p) {
    int[][] taps = new int[p.positions][p.window];
    int[] pos = new int[p.spatial], scratch = new int[p.spatial];
    for (int q = 0; q < p.positions; q++) { p.position(q, pos); p.windowOffsets(pos, taps[q], scratch); }
    return taps;
  }

  /**
   * Whether to cut the reduction (the im2col columns) into chunks instead of the rows: for one group whose lhs batch
   * axis has unit stride and whose reduction is at least as long as the output has rows. That is the kernel gradient
   * of a channels-last convolution ({@code lhs_spec = (C, N, H, W)} on an NHWC array, rows = C × taps, reduction
   * = N·H·W): cutting rows there gathers strided single elements of a multi-megabyte input many times over
   * (about 150 ms for the SmallCnn's second kernel gradient, 2026-12-05), while the transposed im2col below copies
   * runs of C contiguous channels and runs one tall product per chunk. Until 2026-12-06 the reduction had to be four
   * times the rows: ResNet-18's first-stage kernel gradient at batch 32 (reduction 2,048 = 32·8·8, rows 576 = 64·9)
   * then ran as a grouped implicit GEMM gathering the input per tap, 1.68 ms a call, and takes 1.07 ms through
   * {@link ConvKernelGradient} (W7's jitted step, per-call times from an instrumented run).
   */
  static boolean reductionMajor(ConvPlan p) {
    return p.groups == 1 && p.lsBatch == 1 && p.k >= p.rows && (long) p.positions * p.window <= TAP_TABLE;
  }

  /**
   * The {@link #reductionMajor} convolution. Rows are ordered position-major ({@code r = q·B + b}, B the lhs batch),
   * the reduction is cut into chunks of {@code kc} columns, and chunk {@code j} computes the transposed product
   * {@code P_j = W_jᵀ · Xᵀ_j} ({@code Og × rows}) with {@code Xᵀ_j} gathered directly transposed ({@code kc × rows}:
   * row {@code (c, kk)} holds, per output position, the B contiguous batch elements), so the GEMM packs it with row
   * copies and only the small {@code Wᵀ} through strides. The partial products are summed in chunk order, so the
   * result does not depend on the thread count.
   */
  private static void reduceInChunks(ConvPlan p, NdArray lhs, Object w, Object out) {
    int rows = p.rows, batch = rows / p.positions;
    int[][] taps = taps(p);
    int kc = Math.max(1, Math.min(p.k, CHUNK / Math.max(1, rows)));
    int chunks = (p.k + kc - 1) / kc;
    Object[] partial = new Object[chunks];
    long itemWork = (long) kc * rows * Math.max(1, p.og);
    int grain = (int) Math.max(1, Math.min(chunks, PARALLEL_WORK / Math.max(1, itemWork)));
    Parallel.range(chunks, grain, (lo, hi) -> {
      Object xt = NdArray.newStore(lhs.dtype(), kc * rows);
      for (int j = lo; j < hi; j++) {
        int q0 = j * kc, depth = Math.min(kc, p.k - q0);
        im2colTransposed(p, lhs.store(), taps, batch, q0, depth, xt);
        partial[j] = NdArray.newStore(lhs.dtype(), p.og * rows);
        Gemm.multiply(p.og, rows, depth, new Gemm.Operand(w, q0 * p.og, 1, p.og), Gemm.Operand.rowMajor(xt, rows),
            partial[j], 0, rows);
      }
    });
    Object sum = partial[0];
    for (int j = 1; j < chunks; j++) addInto(sum, partial[j], rows * p.og);
    for (int q = 0; q < p.positions; q++)      // sum[o, q·B + b] -> out[b, o, q]
      for (int b = 0; b < batch; b++)
        Copy.strided(sum, q * batch + b, rows, out, b * p.osBatch + p.outPosition[q], p.osFeature, p.og);
  }

  /**
   * Columns {@code [q0, q0+depth)} of the one-group im2col matrix, transposed, into {@code xt} ({@code depth} rows of
   * {@code p.rows}): {@code xt[(q - q0)·rows + pos·batch + b] = lhs[b, c(q), pos + tap(q)]}, zero in holes and padding.
   */
  private static void im2colTransposed(ConvPlan p, Object lhs, int[][] taps, int batch, int q0, int depth, Object xt) {
    if (batch == 1 && lhs instanceof float[] s && xt instanceof float[] t) {   // one input channel: a plain f32 gather
      for (int q = q0; q < q0 + depth; q++) {
        int c = p.tapMajor ? q % p.in : q / p.window, kk = p.tapMajor ? q / p.in : q % p.window;
        int base = c * p.lsFeature, row = (q - q0) * p.rows;
        for (int pos = 0; pos < p.positions; pos++) {
          int off = taps[pos][kk];
          t[row + pos] = off < 0 ? 0 : s[base + off];
        }
      }
      return;
    }
    for (int q = q0; q < q0 + depth; q++) {
      int c = p.tapMajor ? q % p.in : q / p.window, kk = p.tapMajor ? q / p.in : q % p.window;
      int base = c * p.lsFeature, row = (q - q0) * p.rows;
      for (int pos = 0; pos < p.positions; pos++) {
        int off = taps[pos][kk], d = row + pos * batch;
        if (off < 0) zero(xt, d, batch);
        else run(lhs, base + off, xt, d, batch);
      }
    }
  }

  /** {@code dst[d .. d+n) = src[s .. s+n)}: a loop for short runs (one channel), arraycopy for long ones. */
  private static void run(Object src, int s, Object dst, int d, int n) {
    if (n >= 8) { System.arraycopy(src, s, dst, d, n); return; }
    switch (src) {
      case float[] a -> { float[] t = (float[]) dst; for (int i = 0; i < n; i++) t[d + i] = a[s + i]; }
      case double[] a -> { double[] t = (double[]) dst; for (int i = 0; i < n; i++) t[d + i] = a[s + i]; }
      case int[] a -> { int[] t = (int[]) dst; for (int i = 0; i < n; i++) t[d + i] = a[s + i]; }
      case long[] a -> { long[] t = (long[]) dst; for (int i = 0; i < n; i++) t[d + i] = a[s + i]; }
      default -> throw new IllegalArgumentException("conv: no kernel for a " + src.getClass().getSimpleName() + " store");
    }
  }

  /** {@code acc[i] += x[i]} for {@code i < n}. */
  static void addInto(Object acc, Object x, int n) {
    switch (acc) {
      case float[] a -> { float[] b = (float[]) x; for (int i = 0; i < n; i++) a[i] += b[i]; }
      case double[] a -> { double[] b = (double[]) x; for (int i = 0; i < n; i++) a[i] += b[i]; }
      case int[] a -> { int[] b = (int[]) x; for (int i = 0; i < n; i++) a[i] += b[i]; }
      case long[] a -> { long[] b = (long[]) x; for (int i = 0; i < n; i++) a[i] += b[i]; }
      default -> throw new IllegalArgumentException("conv: no kernel for a " + acc.getClass().getSimpleName() + " store");
    }
  }

  /** {@code dst[d .. d+n) = 0}. */
  static void zero(Object dst, int d, int n) {
    switch (dst) {
      case float[] a -> java.util.Arrays.fill(a, d, d + n, 0f);
      case double[] a -> java.util.Arrays.fill(a, d, d + n, 0d);
      case int[] a -> java.util.Arrays.fill(a, d, d + n, 0);
      case long[] a -> java.util.Arrays.fill(a, d, d + n, 0L);
      default -> throw new IllegalArgumentException("conv: no kernel for a " + dst.getClass().getSimpleName() + " store");
    }
  }

  /**
   * The weight matrices {@code W[g][column(c, kk)][o] = rhs[g·Og + o, c, kk]}, all groups in one buffer; {@code rhs}'s
   * own store when it already is that matrix (an HWIO kernel read tap-major; the {@code dy} of a kernel gradient).
   */
  static Object weights(ConvPlan p, NdArray rhs) {
    if (isWeightMatrix(p)) return rhs.store();
    Object w = NdArray.newStore(rhs.dtype(), p.groups * p.k * p.og);
    for (int g = 0; g < p.groups; g++) {
      for (int c = 0; c < p.in; c++) {
        for (int kk = 0; kk < p.window; kk++) {
          int src = g * p.og * p.rsOut + c * p.rsIn + p.rhsWindow[kk];
          Copy.repeat(rhs.store(), src, p.rsOut, w, (g * p.k + p.column(c, kk)) * p.og, p.og);
        }
      }
    }
    return w;
  }

  /** Whether {@code rhs}'s store holds the weight matrices as they are: {@code rhs[g·Og + o, c, kk]} at {@code (g·k + column(c, kk))·Og + o}. */
  static boolean isWeightMatrix(ConvPlan p) {
    if (p.rsOut != 1 || p.rhsSize != (long) p.groups * p.k * p.og) return false;
    for (int c = 0; c < p.in; c++)
      for (int kk = 0; kk < p.window; kk++)
        if (c * p.rsIn + p.rhsWindow[kk] != p.column(c, kk) * p.og) return false;
    return true;
  }

  /** Rows {@code [r0, r0+rows)} of group {@code g}'s im2col matrix into {@code x} (row-major, {@code k} columns). */
  private static void im2col(ConvPlan p, Object lhs, int[][] taps, int g, int r0, int rows, Object x) {
    int[] kOff = new int[p.window], pos = new int[p.spatial], scratch = new int[p.spatial];
    for (int r = r0; r < r0 + rows; r++) {
      int n = r / p.positions;
      if (taps != null) kOff = taps[r % p.positions];
      else { p.position(r % p.positions, pos); p.windowOffsets(pos, kOff, scratch); }
      int base = p.lhsBatch(g, n) * p.lsBatch + p.lhsFeature(g) * p.lsFeature;
      int row = (r - r0) * p.k;
      if (p.tapMajor) {                       // channels last: one contiguous run of in features per tap
        for (int kk = 0; kk < p.window; kk++) {
          if (kOff[kk] < 0) zero(x, row + kk * p.in, p.in);
          else run(lhs, base + kOff[kk], x, row + kk * p.in, p.in);
        }
      } else {
        for (int c = 0; c < p.in; c++) gather(lhs, base + c * p.lsFeature, kOff, x, row + c * p.window);
      }
    }
  }

  /** {@code dst[d + i] = off[i] < 0 ? 0 : src[base + off[i]]}. */
  private static void gather(Object src, int base, int[] off, Object dst, int d) {
    int n = off.length;
    switch (src) {
      case float[] s -> { float[] t = (float[]) dst; for (int i = 0; i < n; i++) t[d + i] = off[i] < 0 ? 0 : s[base + off[i]]; }
      case double[] s -> { double[] t = (double[]) dst; for (int i = 0; i < n; i++) t[d + i] = off[i] < 0 ? 0 : s[base + off[i]]; }
      case int[] s -> { int[] t = (int[]) dst; for (int i = 0; i < n; i++) t[d + i] = off[i] < 0 ? 0 : s[base + off[i]]; }
      case long[] s -> { long[] t = (long[]) dst; for (int i = 0; i < n; i++) t[d + i] = off[i] < 0 ? 0 : s[base + off[i]]; }
      default -> throw new IllegalArgumentException("conv: no kernel for a " + src.getClass().getSimpleName() + " store");
    }
  }

  /** Product rows {@code [r0, r0+rows)} of group {@code g} into the output layout. */
  private static void scatter(ConvPlan p, Object c, int g, int r0, int rows, Object out) {
    for (int r = r0; r < r0 + rows; r++) {
      int base = (r / p.positions) * p.osBatch + g * p.og * p.osFeature + p.outPosition[r % p.positions];
      scatterRow(c, (r - r0) * p.og, out, base, p.og, p.osFeature);
    }
  }

  /** {@code out[base + i·s] = c[from + i]} for {@code i < n}. */
  static void scatterRow(Object c, int from, Object out, int base, int n, int s) {
    if (s == 1) { System.arraycopy(c, from, out, base, n); return; }
    switch (c) {
      case float[] v -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[base + i * s] = v[from + i]; }
      case double[] v -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[base + i * s] = v[from + i]; }
      case int[] v -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[base + i * s] = v[from + i]; }
      case long[] v -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[base + i * s] = v[from + i]; }
      default -> throw new IllegalArgumentException("conv: no kernel for a " + c.getClass().getSimpleName() + " store");
    }
  }
}
