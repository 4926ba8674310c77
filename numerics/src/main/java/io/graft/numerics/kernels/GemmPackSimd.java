package io.graft.numerics.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API packing of a gathered f32 A block into 4-row micro-panels (loaded only when
 * {@code io.graft.numerics.Simd#AVAILABLE}): a channels-last convolution's im2col rows read {@code L} consecutive input
 * features of four output positions as four vectors and store them transposed, {@code dst[d + 4p + r] = row_r[p]}, by
 * two rounds of two-vector interleaves ({@code vpermt2ps} on AVX-512) instead of {@code 4L} scalar stores with a
 * stride of 4. The same values as {@link GemmPackF32#packA(GemmGathered, int, int, int, int, float[], int)}, which
 * {@link GemmPack} calls for every other block.
 * <pre>{@code
 * if (GemmPackSimd.applies(g, mr)) GemmPackSimd.packA4(g, i0, p0, rows, depth, dst);
 * }</pre>
 */
final class GemmPackSimd {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final int L = F.length();
  /** Interleaves of two vectors {@code a, b}: lanes {@code a0 b0 a1 b1 ...} of their lower halves, of their upper. */
  private static final VectorShuffle<Float> LO = zip(0), HI = zip(L / 2);

  /** {@code -Dgraft.gemmPackSimd=false} packs with the scalar loops (for before/after comparisons). */
  private static final boolean ENABLED = !"false".equals(System.getProperty("graft.gemmPackSimd"));

  private GemmPackSimd() {}

  private static VectorShuffle<Float> zip(int from) {
    int[] idx = new int[L];
    for (int k = 0; k < L; k++) idx[k] = (k % 2 == 0 ? 0 : L) + from + k / 2;   // indices >= L select from the second vector
    return VectorShuffle.fromArray(F, idx, 0);
  }

  /**
   * Whether {@link #packA4} or {@link #packA8} packs this block: 4- or 8-row panels, rows not consecutive, runs of at
   * least one vector.
   */
  static boolean applies(GemmGathered a, int mr) {
    return ENABLED && (mr == 4 && L >= 4 || mr == 8 && L >= 8) && !a.unitRows && (a.unitColumns || a.run >= L);
  }

  /** {@link #packA4} or {@link #packA8} by {@code mr}. */
  static void packA(GemmGathered a, int i0, int p0, int rows, int depth, float[] dst, int mr) {
    if (mr == 8) packA8(a, i0, p0, rows, depth, dst);
    else packA4(a, i0, p0, rows, depth, dst);
  }

  /** {@link GemmPackF32#packA(GemmGathered, int, int, int, int, float[], int)} with {@code mr = 4}, for {@link #applies}. */
  static void packA4(GemmGathered a, int i0, int p0, int rows, int depth, float[] dst) {
    float[] src = (float[]) a.store;
    int[] ro = a.rowOffset, co = a.colOffset;
    int l = a.unitColumns ? Integer.MAX_VALUE / 2 : a.run;
    int d = 0;
    for (int ir = 0; ir < rows; ir += 4, d += 4 * depth) {
      int h = Math.min(4, rows - ir);
      int b0 = ro[i0 + ir], b1 = h > 1 ? ro[i0 + ir + 1] : 0, b2 = h > 2 ? ro[i0 + ir + 2] : 0, b3 = h > 3 ? ro[i0 + ir + 3] : 0;
      for (int p = 0; p < depth; ) {            // one run of consecutive offsets (one tap's input features) at a time
        int end = Math.min(depth, (p0 + p) / l * l + l - p0), off = co[p0 + p] - p;
        if (h == 4) {
          for (; p + L <= end; p += L) {
            FloatVector v0 = FloatVector.fromArray(F, src, b0 + off + p), v1 = FloatVector.fromArray(F, src, b1 + off + p);
            FloatVector v2 = FloatVector.fromArray(F, src, b2 + off + p), v3 = FloatVector.fromArray(F, src, b3 + off + p);
            FloatVector t0 = v0.rearrange(LO, v2), t1 = v0.rearrange(HI, v2);   // a0 c0 a1 c1 ... / upper half
            FloatVector t2 = v1.rearrange(LO, v3), t3 = v1.rearrange(HI, v3);   // b0 d0 b1 d1 ...
            int o = d + 4 * p;
            t0.rearrange(LO, t2).intoArray(dst, o);                             // a0 b0 c0 d0 a1 b1 c1 d1 ...
            t0.rearrange(HI, t2).intoArray(dst, o + L);
            t1.rearrange(LO, t3).intoArray(dst, o + 2 * L);
            t1.rearrange(HI, t3).intoArray(dst, o + 3 * L);
          }
        }
        for (; p < end; p++) {
          int o = d + 4 * p, s = off + p;
          dst[o] = src[b0 + s];
          dst[o + 1] = h > 1 ? src[b1 + s] : 0;
          dst[o + 2] = h > 2 ? src[b2 + s] : 0;
          dst[o + 3] = h > 3 ? src[b3 + s] : 0;
        }
      }
    }
  }

  /**
   * {@link GemmPackF32#packA(GemmGathered, int, int, int, int, float[], int)} with {@code mr = 8}, for {@link #applies}:
   * eight rows' vectors transposed by three rounds of interleaves (rows {@code r} and {@code r+4}, then {@code r} and
   * {@code r+2} of those, then neighbours), so each output vector holds {@code L/8} steps of all eight rows.
   */
  static void packA8(GemmGathered a, int i0, int p0, int rows, int depth, float[] dst) {
    float[] src = (float[]) a.store;
    int[] ro = a.rowOffset, co = a.colOffset;
    int l = a.unitColumns ? Integer.MAX_VALUE / 2 : a.run;
    int d = 0;
    for (int ir = 0; ir < rows; ir += 8, d += 8 * depth) {
      int h = Math.min(8, rows - ir);
      int b0 = ro[i0 + ir], b1 = h > 1 ? ro[i0 + ir + 1] : 0, b2 = h > 2 ? ro[i0 + ir + 2] : 0, b3 = h > 3 ? ro[i0 + ir + 3] : 0;
      int b4 = h > 4 ? ro[i0 + ir + 4] : 0, b5 = h > 5 ? ro[i0 + ir + 5] : 0, b6 = h > 6 ? ro[i0 + ir + 6] : 0;
      int b7 = h > 7 ? ro[i0 + ir + 7] : 0;
      for (int p = 0; p < depth; ) {            // one run of consecutive offsets (one tap's input features) at a time
        int end = Math.min(depth, (p0 + p) / l * l + l - p0), off = co[p0 + p] - p;
        if (h == 8) {
          for (; p + L <= end; p += L) {
            int at = off + p;
            FloatVector v0 = FloatVector.fromArray(F, src, b0 + at), v1 = FloatVector.fromArray(F, src, b1 + at);
            FloatVector v2 = FloatVector.fromArray(F, src, b2 + at), v3 = FloatVector.fromArray(F, src, b3 + at);
            FloatVector v4 = FloatVector.fromArray(F, src, b4 + at), v5 = FloatVector.fromArray(F, src, b5 + at);
            FloatVector v6 = FloatVector.fromArray(F, src, b6 + at), v7 = FloatVector.fromArray(F, src, b7 + at);
            // rows r and r+4 interleaved: lower and upper halves of the steps
            FloatVector p04 = v0.rearrange(LO, v4), q04 = v0.rearrange(HI, v4), p15 = v1.rearrange(LO, v5), q15 = v1.rearrange(HI, v5);
            FloatVector p26 = v2.rearrange(LO, v6), q26 = v2.rearrange(HI, v6), p37 = v3.rearrange(LO, v7), q37 = v3.rearrange(HI, v7);
            // then (0,4)+(2,6) and (1,5)+(3,7), then those two: eight rows per step, L/8 steps per vector (written
            // out: a helper called twice passes C2's inlining node budget and boxes its vector arguments)
            FloatVector e0 = p04.rearrange(LO, p26), e1 = p04.rearrange(HI, p26), f0 = p15.rearrange(LO, p37), f1 = p15.rearrange(HI, p37);
            FloatVector g0 = q04.rearrange(LO, q26), g1 = q04.rearrange(HI, q26), h0 = q15.rearrange(LO, q37), h1 = q15.rearrange(HI, q37);
            int o = d + 8 * p;
            e0.rearrange(LO, f0).intoArray(dst, o);
            e0.rearrange(HI, f0).intoArray(dst, o + L);
            e1.rearrange(LO, f1).intoArray(dst, o + 2 * L);
            e1.rearrange(HI, f1).intoArray(dst, o + 3 * L);
            g0.rearrange(LO, h0).intoArray(dst, o + 4 * L);
            g0.rearrange(HI, h0).intoArray(dst, o + 5 * L);
            g1.rearrange(LO, h1).intoArray(dst, o + 6 * L);
            g1.rearrange(HI, h1).intoArray(dst, o + 7 * L);
          }
        }
        for (; p < end; p++) {
          int o = d + 8 * p, s = off + p;
          dst[o] = src[b0 + s];
          dst[o + 1] = h > 1 ? src[b1 + s] : 0;
          dst[o + 2] = h > 2 ? src[b2 + s] : 0;
          dst[o + 3] = h > 3 ? src[b3 + s] : 0;
          dst[o + 4] = h > 4 ? src[b4 + s] : 0;
          dst[o + 5] = h > 5 ? src[b5 + s] : 0;
          dst[o + 6] = h > 6 ? src[b6 + s] : 0;
          dst[o + 7] = h > 7 ? src[b7 + s] : 0;
        }
      }
    }
  }
}
