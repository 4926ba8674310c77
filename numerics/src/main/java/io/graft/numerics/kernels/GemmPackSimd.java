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

  /** Whether {@link #packA4} packs this block: 4-row panels, rows not consecutive, runs of at least one vector. */
  static boolean applies(GemmGathered a, int mr) {
    return ENABLED && mr == 4 && L >= 4 && !a.unitRows && (a.unitColumns || a.run >= L);
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
}
