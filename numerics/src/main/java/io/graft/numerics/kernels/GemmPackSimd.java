package io.graft.numerics.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API packing of a gathered f32 A block into 4- or 8-row micro-panels (loaded only when
 * {@code io.graft.numerics.Simd#AVAILABLE}): a channels-last convolution's im2col rows read {@code L} consecutive input
 * features of four (eight) output positions as four (eight) vectors and store them transposed,
 * {@code dst[d + mr·p + r] = row_r[p]}, by two (three) rounds of two-vector interleaves ({@code vpermt2ps} on AVX-512)
 * instead of {@code mr·L} scalar stores with a stride of {@code mr}. The same values as {@link GemmPackF32#packA(GemmGathered, int, int, int, int, float[], int)}, which
 * {@link GemmPack} calls for every other block.
 * <pre>{@code
 * if (GemmPackSimd.applies(g, mr)) GemmPackSimd.packA(g, i0, p0, rows, depth, dst, mr);
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

  /** Whether {@link #packA} packs this block: 4- or 8-row panels, rows not consecutive, runs of at least one vector. */
  static boolean applies(GemmGathered a, int mr) {
    return ENABLED && (mr == 4 && L >= 4 || mr == 8 && L >= 8) && !a.unitRows && (a.unitColumns || a.run >= L);
  }

  /**
   * {@link GemmPackF32#packA(GemmGathered, int, int, int, int, float[], int)} with {@code mr} 4 or 8, for
   * {@link #applies}: per run of consecutive offsets (one tap's input features), whole vectors of every row of a full
   * panel transposed in registers ({@link #steps4}, {@link #steps8}), the rest element by element.
   */
  static void packA(GemmGathered a, int i0, int p0, int rows, int depth, float[] dst, int mr) {
    float[] src = (float[]) a.store;
    int[] ro = a.rowOffset, co = a.colOffset;
    int l = a.unitColumns ? Integer.MAX_VALUE / 2 : a.run;
    int d = 0;
    for (int ir = 0; ir < rows; ir += mr, d += mr * depth) {
      int h = Math.min(mr, rows - ir);
      for (int p = 0; p < depth; ) {            // one run of consecutive offsets at a time
        int end = Math.min(depth, (p0 + p) / l * l + l - p0), off = co[p0 + p] - p;
        if (h == mr) p = mr == 8 ? steps8(src, ro, i0 + ir, off, p, end, dst, d) : steps4(src, ro, i0 + ir, off, p, end, dst, d);
        p = scalarSteps(src, ro, i0 + ir, h, mr, off, p, end, dst, d);
      }
    }
  }

  /** Whether {@link #packA(Gemm.Operand, int, int, int, int, float[], int)} packs this block: 4- or 8-row panels of a row-major view. */
  static boolean applies(Gemm.Operand a, int mr) {
    return ENABLED && (mr == 4 && L >= 4 || mr == 8 && L >= 8) && a.colStride() == 1;
  }

  /**
   * {@link GemmPackF32#packA(Gemm.Operand, int, int, int, int, float[], int)} for a row-major view ({@link #applies}):
   * each full panel's rows read as whole vectors and transposed in registers ({@link #steps4}, {@link #steps8}), the
   * last steps and a partial panel's rows element by element. The 128×784 A block of W11's MLP at batch 256 (one
   * thread's rows) packed in 41 µs by the scalar loop, a tenth of its product.
   */
  static void packA(Gemm.Operand a, int i0, int p0, int rows, int depth, float[] dst, int mr) {
    float[] src = (float[]) a.store();
    int[] ro = new int[mr];
    for (int ir = 0, d = 0; ir < rows; ir += mr, d += mr * depth) {
      int h = Math.min(mr, rows - ir);
      for (int i = 0; i < h; i++) ro[i] = a.offset() + (i0 + ir + i) * a.rowStride() + p0;
      int p = 0;
      if (h == mr) p = mr == 8 ? steps8(src, ro, 0, 0, 0, depth, dst, d) : steps4(src, ro, 0, 0, 0, depth, dst, d);
      scalarSteps(src, ro, 0, h, mr, 0, p, depth, dst, d);
    }
  }

  /**
   * Whole vectors of steps from {@code p} on (up to {@code end}) of rows {@code r .. r+4}, written as
   * {@code dst[d + 4p + i] = row_i[p]} by two rounds of two-vector interleaves; returns the first step not written.
   */
  private static int steps4(float[] src, int[] ro, int r, int off, int p, int end, float[] dst, int d) {
    int b0 = ro[r] + off, b1 = ro[r + 1] + off, b2 = ro[r + 2] + off, b3 = ro[r + 3] + off;
    for (; p + L <= end; p += L) {
      FloatVector v0 = FloatVector.fromArray(F, src, b0 + p), v1 = FloatVector.fromArray(F, src, b1 + p);
      FloatVector v2 = FloatVector.fromArray(F, src, b2 + p), v3 = FloatVector.fromArray(F, src, b3 + p);
      FloatVector t0 = v0.rearrange(LO, v2), t1 = v0.rearrange(HI, v2);   // a0 c0 a1 c1 ... / upper half
      FloatVector t2 = v1.rearrange(LO, v3), t3 = v1.rearrange(HI, v3);   // b0 d0 b1 d1 ...
      int o = d + 4 * p;
      t0.rearrange(LO, t2).intoArray(dst, o);                             // a0 b0 c0 d0 a1 b1 c1 d1 ...
      t0.rearrange(HI, t2).intoArray(dst, o + L);
      t1.rearrange(LO, t3).intoArray(dst, o + 2 * L);
      t1.rearrange(HI, t3).intoArray(dst, o + 3 * L);
    }
    return p;
  }

  /**
   * {@link #steps4} for eight rows: three rounds of interleaves (rows {@code i} and {@code i+4}, then pairs (0,4)+(2,6)
   * and (1,5)+(3,7), then those two), so each output vector holds {@code L/8} steps of all eight rows. Written out: a
   * helper called twice per step passes C2's inlining node budget and boxes its vector arguments.
   */
  private static int steps8(float[] src, int[] ro, int r, int off, int p, int end, float[] dst, int d) {
    int b0 = ro[r] + off, b1 = ro[r + 1] + off, b2 = ro[r + 2] + off, b3 = ro[r + 3] + off;
    int b4 = ro[r + 4] + off, b5 = ro[r + 5] + off, b6 = ro[r + 6] + off, b7 = ro[r + 7] + off;
    for (; p + L <= end; p += L) {
      FloatVector v0 = FloatVector.fromArray(F, src, b0 + p), v1 = FloatVector.fromArray(F, src, b1 + p);
      FloatVector v2 = FloatVector.fromArray(F, src, b2 + p), v3 = FloatVector.fromArray(F, src, b3 + p);
      FloatVector v4 = FloatVector.fromArray(F, src, b4 + p), v5 = FloatVector.fromArray(F, src, b5 + p);
      FloatVector v6 = FloatVector.fromArray(F, src, b6 + p), v7 = FloatVector.fromArray(F, src, b7 + p);
      FloatVector p04 = v0.rearrange(LO, v4), q04 = v0.rearrange(HI, v4), p15 = v1.rearrange(LO, v5), q15 = v1.rearrange(HI, v5);
      FloatVector p26 = v2.rearrange(LO, v6), q26 = v2.rearrange(HI, v6), p37 = v3.rearrange(LO, v7), q37 = v3.rearrange(HI, v7);
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
    return p;
  }

  /**
   * Steps {@code [p, end)} of the {@code h} valid rows starting at row {@code r} one element at a time (a run shorter
   * than a vector, or a panel with fewer than {@code mr} rows, whose missing rows are zero); returns {@code end}.
   */
  private static int scalarSteps(float[] src, int[] ro, int r, int h, int mr, int off, int p, int end, float[] dst, int d) {
    for (; p < end; p++) {
      int o = d + mr * p, s = off + p;
      for (int i = 0; i < mr; i++) dst[o + i] = i < h ? src[ro[r + i] + s] : 0;
    }
    return end;
  }
}
