package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The f32 product of {@link ConvImplicit} for a short reduction ({@code k <= }{@link #MAX_K}: a first layer's few input
 * channels times its taps), without packing: per output row, {@code out[dst[i] + o] = Σ_t x[row[i] + col[t]] · w[t, o]}
 * in {@code t} order, one fused multiply-add per tap into vector registers of output features, stored once. The
 * blocked GEMM would pack every row's {@code k} values into panels and then spend a micro-kernel call on {@code k}
 * multiply-adds per tile; for {@code k = 9} (a 3×3 convolution of one channel) packing was most of the time.
 * <pre>{@code
 * // SmallCnn's first layer at batch 256: 200,704 rows of 9 taps into 16 features
 * ConvDirectF32.apply(x, row, col, w, 16, out, dst, 200_704);
 * }</pre>
 * Each element is {@code fma(x_{k-1}, w_{k-1}, ... fma(x_0, w_0, 0))}, the order and rounding of the packed GEMM's
 * micro-kernels. Four rows run together (their chains interleaved, each weight vector loaded once for the four): one
 * chain alone waits on every FMA's latency, which made the demo CNN's first layer at batch 1 (784 rows of 9 taps)
 * take 20.8 µs; 17.6 µs with four (2-core AVX-512 Xeon, 2026-12-06). Loaded only when {@code Simd.AVAILABLE}.
 */
final class ConvDirectF32 {
  /** The longest reduction this path takes. */
  static final int MAX_K = 32;
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows per parallel task at least. */
  private static final int GRAIN = 1 << 10;

  private ConvDirectF32() {}

  /**
   * Rows {@code [0, m)}: {@code row[i]} the input offset of row {@code i}, {@code col[t]} each tap's offset from it,
   * {@code w} the {@code k × og} weights (row-major), {@code dst[i]} where row {@code i}'s {@code og} results start.
   */
  static void apply(float[] x, int[] row, int[] col, float[] w, int og, float[] out, int[] dst, int m) {
    int k = col.length;
    Parallel.range(m, Math.max(1, GRAIN / Math.max(1, og / L)), (lo, hi) -> {
      for (int o = 0; o < og; o += L) {
        VectorMask<Float> part = S.indexInRange(o, og);
        if (o + L <= og) rows(x, row, col, w, og, out, dst, lo, hi, o, k);
        else rowsMasked(x, row, col, w, og, out, dst, lo, hi, o, k, part);
      }
    });
  }

  private static void rows(float[] x, int[] row, int[] col, float[] w, int og, float[] out, int[] dst, int lo, int hi,
                           int o, int k) {
    int i = lo;
    for (; i + 4 <= hi; i += 4) {       // four rows' chains interleaved: one chain alone waits on each FMA's latency
      int b0 = row[i], b1 = row[i + 1], b2 = row[i + 2], b3 = row[i + 3];
      FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
      for (int t = 0; t < k; t++) {
        FloatVector wt = FloatVector.fromArray(S, w, t * og + o);
        int c = col[t];
        a0 = FloatVector.broadcast(S, x[b0 + c]).fma(wt, a0);
        a1 = FloatVector.broadcast(S, x[b1 + c]).fma(wt, a1);
        a2 = FloatVector.broadcast(S, x[b2 + c]).fma(wt, a2);
        a3 = FloatVector.broadcast(S, x[b3 + c]).fma(wt, a3);
      }
      a0.intoArray(out, dst[i] + o);
      a1.intoArray(out, dst[i + 1] + o);
      a2.intoArray(out, dst[i + 2] + o);
      a3.intoArray(out, dst[i + 3] + o);
    }
    for (; i < hi; i++) {
      int base = row[i];
      FloatVector acc = FloatVector.zero(S);
      for (int t = 0; t < k; t++)
        acc = FloatVector.broadcast(S, x[base + col[t]]).fma(FloatVector.fromArray(S, w, t * og + o), acc);
      acc.intoArray(out, dst[i] + o);
    }
  }

  private static void rowsMasked(float[] x, int[] row, int[] col, float[] w, int og, float[] out, int[] dst, int lo,
                                 int hi, int o, int k, VectorMask<Float> part) {
    for (int i = lo; i < hi; i++) {
      int base = row[i];
      FloatVector acc = FloatVector.zero(S);
      for (int t = 0; t < k; t++)
        acc = FloatVector.broadcast(S, x[base + col[t]]).fma(FloatVector.fromArray(S, w, t * og + o, part), acc);
      acc.intoArray(out, dst[i] + o, part);
    }
  }
}
