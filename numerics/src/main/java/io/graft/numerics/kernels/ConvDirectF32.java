package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The f32 product of {@link ConvImplicit} without packing:
 * {@code out[dst[i] + o] = Σ_t x[row[i] + col[t]] · w[wRow[t] + o]} for rows {@code i < m} and output features
 * {@code o < og}: each input value is broadcast where it lies, once per row and tap, and each tap's {@code og}
 * weights are read as vectors. The blocked GEMM would first copy every row's {@code k} values into panels, which is
 * scalar gathering when a tap's run of input channels is shorter than a vector (a first layer's 1-3 channels).
 * <pre>{@code
 * // SmallCnn's first layer at batch 256: 200,704 rows of 9 taps into 16 features, weights k × og row-major
 * ConvDirectF32.apply(x, row, col, w, 16, out, dst, 200_704);
 * }</pre>
 * Tiles of {@link #MR} rows × {@link #NV} vectors of features stay in registers over the reduction (16 independent
 * chains; each weight vector loaded once for the tile's rows, each input value broadcast once for its vectors),
 * narrower feature blocks four rows × one vector at a time. The reduction runs in blocks of {@link #KC} taps, as the
 * packed GEMM's micro-kernels do: each element is {@code fma(x_{k-1}, w_{k-1}, ... fma(x_0, w_0, 0))} within a block
 * and the blocks' sums are added in order, so the result has the packed GEMM's bits ({@code ConvDirectF32Test}).
 * Tasks are (feature block, row range) pairs. Vectors are never passed to helper methods: a call that C2 does not
 * inline boxes them (a store helper made the tile loop five times slower, 2026-12-06). Loaded only when
 * {@code Simd.AVAILABLE}.
 */
final class ConvDirectF32 {
  /** The longest reduction taken whatever the input's channel runs (a 3×3 layer over 1-3 channels). */
  static final int MAX_K = 32;
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  /** Rows and feature vectors of a register tile. */
  static final int MR = 4, NV = 4;
  /** The reduction block: the f32 GEMM kernels' {@code kc}, whose rounding this path reproduces. */
  static final int KC = 256;
  /** Multiply-adds below which a product stays on the calling thread. */
  private static final long PARALLEL_WORK = 1L << 17;

  private ConvDirectF32() {}

  /** {@link #apply(float[], int[], int[], float[], int[], int, float[], int[], int)} with {@code w} a row-major {@code k × og} matrix. */
  static void apply(float[] x, int[] row, int[] col, float[] w, int og, float[] out, int[] dst, int m) {
    int[] wRow = new int[col.length];
    for (int t = 0; t < wRow.length; t++) wRow[t] = t * og;
    apply(x, row, col, w, wRow, og, out, dst, m);
  }

  /**
   * Rows {@code [0, m)}: {@code row[i]} the input offset of row {@code i}, {@code col[t]} each tap's offset from it,
   * {@code wRow[t]} where tap {@code t}'s {@code og} contiguous weights start in {@code w}, {@code dst[i]} where row
   * {@code i}'s {@code og} contiguous results start in {@code out} (overwritten).
   */
  static void apply(float[] x, int[] row, int[] col, float[] w, int[] wRow, int og, float[] out, int[] dst, int m) {
    int blocks = (og + NV * L - 1) / (NV * L), tiles = (m + MR - 1) / MR;
    long work = (long) m * og * col.length;
    int threads = Parallel.threads();
    int ranges = work < PARALLEL_WORK || threads == 1 ? 1 : Math.max(1, Math.min(tiles, ceil(4 * threads, blocks)));
    int tilesPer = ceil(tiles, ranges), used = ceil(tiles, tilesPer);
    Parallel.range(blocks * used, 1, (lo, hi) -> {
      for (int task = lo; task < hi; task++) {
        int b = task / used, r = task % used;
        int i0 = r * tilesPer * MR, i1 = Math.min(m, i0 + tilesPer * MR);
        int o0 = b * NV * L, o1 = Math.min(og, o0 + NV * L);
        for (int k0 = 0; k0 < col.length; k0 += KC) {
          int k1 = Math.min(col.length, k0 + KC);
          boolean acc = k0 > 0;
          if (o1 - o0 == NV * L) tiles(x, row, col, w, wRow, out, dst, i0, i1, o0, k0, k1, acc);
          else for (int o = o0; o < o1; o += L) columns(x, row, col, w, wRow, out, dst, i0, i1, o, Math.min(L, o1 - o), k0, k1, acc);
        }
      }
    });
  }

  /** f32 lanes per vector here. */
  static int lanes() { return L; }

  private static int ceil(int a, int b) { return (a + b - 1) / b; }

  /** Rows {@code [i0, i1)} × the {@link #NV} vectors from feature {@code o}, taps {@code [k0, k1)}; {@code acc}: add into out. */
  private static void tiles(float[] x, int[] row, int[] col, float[] w, int[] wRow, float[] out, int[] dst, int i0,
                            int i1, int o, int k0, int k1, boolean acc) {
    int i = i0;
    for (; i + MR <= i1; i += MR) {
      int b0 = row[i], b1 = row[i + 1], b2 = row[i + 2], b3 = row[i + 3];
      FloatVector z = FloatVector.zero(S);
      FloatVector a00 = z, a01 = z, a02 = z, a03 = z;
      FloatVector a10 = z, a11 = z, a12 = z, a13 = z;
      FloatVector a20 = z, a21 = z, a22 = z, a23 = z;
      FloatVector a30 = z, a31 = z, a32 = z, a33 = z;
      for (int t = k0; t < k1; t++) {
        int c = col[t], wo = wRow[t] + o;
        FloatVector w0 = FloatVector.fromArray(S, w, wo), w1 = FloatVector.fromArray(S, w, wo + L);
        FloatVector w2 = FloatVector.fromArray(S, w, wo + 2 * L), w3 = FloatVector.fromArray(S, w, wo + 3 * L);
        FloatVector v = FloatVector.broadcast(S, x[b0 + c]);
        a00 = v.fma(w0, a00); a01 = v.fma(w1, a01); a02 = v.fma(w2, a02); a03 = v.fma(w3, a03);
        v = FloatVector.broadcast(S, x[b1 + c]);
        a10 = v.fma(w0, a10); a11 = v.fma(w1, a11); a12 = v.fma(w2, a12); a13 = v.fma(w3, a13);
        v = FloatVector.broadcast(S, x[b2 + c]);
        a20 = v.fma(w0, a20); a21 = v.fma(w1, a21); a22 = v.fma(w2, a22); a23 = v.fma(w3, a23);
        v = FloatVector.broadcast(S, x[b3 + c]);
        a30 = v.fma(w0, a30); a31 = v.fma(w1, a31); a32 = v.fma(w2, a32); a33 = v.fma(w3, a33);
      }
      int d0 = dst[i] + o, d1 = dst[i + 1] + o, d2 = dst[i + 2] + o, d3 = dst[i + 3] + o;
      if (acc) {
        a00 = a00.add(FloatVector.fromArray(S, out, d0)); a01 = a01.add(FloatVector.fromArray(S, out, d0 + L));
        a02 = a02.add(FloatVector.fromArray(S, out, d0 + 2 * L)); a03 = a03.add(FloatVector.fromArray(S, out, d0 + 3 * L));
        a10 = a10.add(FloatVector.fromArray(S, out, d1)); a11 = a11.add(FloatVector.fromArray(S, out, d1 + L));
        a12 = a12.add(FloatVector.fromArray(S, out, d1 + 2 * L)); a13 = a13.add(FloatVector.fromArray(S, out, d1 + 3 * L));
        a20 = a20.add(FloatVector.fromArray(S, out, d2)); a21 = a21.add(FloatVector.fromArray(S, out, d2 + L));
        a22 = a22.add(FloatVector.fromArray(S, out, d2 + 2 * L)); a23 = a23.add(FloatVector.fromArray(S, out, d2 + 3 * L));
        a30 = a30.add(FloatVector.fromArray(S, out, d3)); a31 = a31.add(FloatVector.fromArray(S, out, d3 + L));
        a32 = a32.add(FloatVector.fromArray(S, out, d3 + 2 * L)); a33 = a33.add(FloatVector.fromArray(S, out, d3 + 3 * L));
      }
      a00.intoArray(out, d0); a01.intoArray(out, d0 + L); a02.intoArray(out, d0 + 2 * L); a03.intoArray(out, d0 + 3 * L);
      a10.intoArray(out, d1); a11.intoArray(out, d1 + L); a12.intoArray(out, d1 + 2 * L); a13.intoArray(out, d1 + 3 * L);
      a20.intoArray(out, d2); a21.intoArray(out, d2 + L); a22.intoArray(out, d2 + 2 * L); a23.intoArray(out, d2 + 3 * L);
      a30.intoArray(out, d3); a31.intoArray(out, d3 + L); a32.intoArray(out, d3 + 2 * L); a33.intoArray(out, d3 + 3 * L);
    }
    for (; i < i1; i++) {
      int b0 = row[i];
      FloatVector z = FloatVector.zero(S), a0 = z, a1 = z, a2 = z, a3 = z;
      for (int t = k0; t < k1; t++) {
        int wo = wRow[t] + o;
        FloatVector v = FloatVector.broadcast(S, x[b0 + col[t]]);
        a0 = v.fma(FloatVector.fromArray(S, w, wo), a0);
        a1 = v.fma(FloatVector.fromArray(S, w, wo + L), a1);
        a2 = v.fma(FloatVector.fromArray(S, w, wo + 2 * L), a2);
        a3 = v.fma(FloatVector.fromArray(S, w, wo + 3 * L), a3);
      }
      int d = dst[i] + o;
      if (acc) {
        a0 = a0.add(FloatVector.fromArray(S, out, d)); a1 = a1.add(FloatVector.fromArray(S, out, d + L));
        a2 = a2.add(FloatVector.fromArray(S, out, d + 2 * L)); a3 = a3.add(FloatVector.fromArray(S, out, d + 3 * L));
      }
      a0.intoArray(out, d); a1.intoArray(out, d + L); a2.intoArray(out, d + 2 * L); a3.intoArray(out, d + 3 * L);
    }
  }

  /** Rows {@code [i0, i1)} × the {@code n <= L} features from {@code o} (masked when fewer than a vector), four rows at a time. */
  private static void columns(float[] x, int[] row, int[] col, float[] w, int[] wRow, float[] out, int[] dst, int i0,
                              int i1, int o, int n, int k0, int k1, boolean acc) {
    VectorMask<Float> part = S.indexInRange(0, n);
    int i = i0;
    for (; i + 4 <= i1; i += 4) {       // four rows' chains interleaved: one chain alone waits on each FMA's latency
      int b0 = row[i], b1 = row[i + 1], b2 = row[i + 2], b3 = row[i + 3];
      FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
      for (int t = k0; t < k1; t++) {
        FloatVector wt = FloatVector.fromArray(S, w, wRow[t] + o, part);
        int c = col[t];
        a0 = FloatVector.broadcast(S, x[b0 + c]).fma(wt, a0);
        a1 = FloatVector.broadcast(S, x[b1 + c]).fma(wt, a1);
        a2 = FloatVector.broadcast(S, x[b2 + c]).fma(wt, a2);
        a3 = FloatVector.broadcast(S, x[b3 + c]).fma(wt, a3);
      }
      int d0 = dst[i] + o, d1 = dst[i + 1] + o, d2 = dst[i + 2] + o, d3 = dst[i + 3] + o;
      if (acc) {
        a0 = a0.add(FloatVector.fromArray(S, out, d0, part)); a1 = a1.add(FloatVector.fromArray(S, out, d1, part));
        a2 = a2.add(FloatVector.fromArray(S, out, d2, part)); a3 = a3.add(FloatVector.fromArray(S, out, d3, part));
      }
      a0.intoArray(out, d0, part); a1.intoArray(out, d1, part); a2.intoArray(out, d2, part); a3.intoArray(out, d3, part);
    }
    for (; i < i1; i++) {
      int base = row[i];
      FloatVector a = FloatVector.zero(S);
      for (int t = k0; t < k1; t++)
        a = FloatVector.broadcast(S, x[base + col[t]]).fma(FloatVector.fromArray(S, w, wRow[t] + o, part), a);
      if (acc) a = a.add(FloatVector.fromArray(S, out, dst[i] + o, part));
      a.intoArray(out, dst[i] + o, part);
    }
  }
}
