package io.graft.numerics.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernels for the blocked GEMM: a 4×(2 vectors) register block updated with fused
 * multiply-add. With 256-bit vectors that is 4×16 for f32 and 4×8 for f64: 8 independent FMA chains cover the
 * latency of two FMA pipes, and the 8 accumulators, 2 B vectors and one broadcast A value stay in registers.
 * (Measured on Zen 3 with C2: 4×2 reaches ~90% of the FMA peak in cache; 5×2 and 6×2 spill and run at half.)
 * With 512-bit vectors (32 registers) the f32 block is 8×(2 vectors), {@link #MR32}: ~100 against ~80 GMAC/s per core
 * in L1 on the 2-core AVX-512 Xeon (2026-12-06).
 *
 * <p>Loaded only when {@link io.graft.numerics.Simd#AVAILABLE} is true (through {@link #f32()}/{@link #f64()}).
 */
final class GemmSimd {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final int MR = 4;
  /**
   * The f32 kernel's panel rows: 8 where vectors have 16 floats (AVX-512, 32 vector registers), else 4 (AVX2's 16
   * registers hold the 4×2 block; 5×2 and 6×2 spill).
   */
  static final int MR32 = FS.length() >= 16 ? 8 : 4;
  private static final GemmKernel F32 = new F32Kernel();
  private static final GemmKernel F32_NARROW = new NarrowF32Kernel();
  private static final GemmKernel F64 = new F64Kernel();

  private GemmSimd() {}

  /** The f32 kernel. */
  static GemmKernel f32() { return F32; }

  /**
   * The f32 kernel for products with at most one vector of columns ({@code n <= }{@link #narrowColumns()}): an
   * 8×(1 vector) register block, so that a narrow B (a convolution's 16 output features, a classifier's 10 logits)
   * does not leave half of the 4×(2 vectors) block's lanes multiplying the zero padding.
   */
  static GemmKernel f32Narrow() { return F32_NARROW; }

  /** The widest {@code n} that {@link #f32Narrow()} is chosen for: one f32 vector. */
  static int narrowColumns() { return FS.length(); }

  /** The f64 kernel. */
  static GemmKernel f64() { return F64; }

  /** {@code c[co + j] += s * y[yo + j]} for {@code j < n}. */
  static void axpy(float[] c, int co, float s, float[] y, int yo, int n) {
    int l = FS.length(), j = 0;
    FloatVector sv = FloatVector.broadcast(FS, s);
    for (; j <= n - l; j += l) sv.fma(FloatVector.fromArray(FS, y, yo + j), FloatVector.fromArray(FS, c, co + j)).intoArray(c, co + j);
    for (; j < n; j++) c[co + j] += s * y[yo + j];
  }

  /**
   * One row of {@code C = A·B} with {@code B}'s rows contiguous: {@code c[co + j] = Σ_p x[xo + p·xs] · y[yo + p·ys + j]}
   * for {@code j < n}, the sum over {@code p} in order, each term added as {@link #axpy} adds it (one FMA per vector
   * lane, a multiply then an add in the scalar tail), so the bits are those of {@code k} {@code axpy} calls into a zeroed
   * row. Blocks of four vectors of the row stay in registers across all of {@code p}: one load of {@code y} per FMA
   * instead of a load and a store of {@code c} as well (the batch-1 layer of an MLP is bound by exactly that).
   */
  static void gemvRow(float[] c, int co, float[] x, int xo, int xs, float[] y, int yo, int ys, int n, int k) {
    int l = FS.length(), j = 0;
    for (; j <= n - 8 * l; j += 8 * l) {          // eight independent FMA chains: both FMA ports busy
      FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
      for (int p = 0; p < k; p++) {
        FloatVector s = FloatVector.broadcast(FS, x[xo + p * xs]);
        int yp = yo + p * ys + j;
        a0 = s.fma(FloatVector.fromArray(FS, y, yp), a0);
        a1 = s.fma(FloatVector.fromArray(FS, y, yp + l), a1);
        a2 = s.fma(FloatVector.fromArray(FS, y, yp + 2 * l), a2);
        a3 = s.fma(FloatVector.fromArray(FS, y, yp + 3 * l), a3);
        a4 = s.fma(FloatVector.fromArray(FS, y, yp + 4 * l), a4);
        a5 = s.fma(FloatVector.fromArray(FS, y, yp + 5 * l), a5);
        a6 = s.fma(FloatVector.fromArray(FS, y, yp + 6 * l), a6);
        a7 = s.fma(FloatVector.fromArray(FS, y, yp + 7 * l), a7);
      }
      a0.intoArray(c, co + j); a1.intoArray(c, co + j + l); a2.intoArray(c, co + j + 2 * l); a3.intoArray(c, co + j + 3 * l);
      a4.intoArray(c, co + j + 4 * l); a5.intoArray(c, co + j + 5 * l); a6.intoArray(c, co + j + 6 * l); a7.intoArray(c, co + j + 7 * l);
    }
    for (; j <= n - 4 * l; j += 4 * l) {
      FloatVector a0 = FloatVector.zero(FS), a1 = a0, a2 = a0, a3 = a0;
      for (int p = 0; p < k; p++) {
        FloatVector s = FloatVector.broadcast(FS, x[xo + p * xs]);
        int yp = yo + p * ys + j;
        a0 = s.fma(FloatVector.fromArray(FS, y, yp), a0);
        a1 = s.fma(FloatVector.fromArray(FS, y, yp + l), a1);
        a2 = s.fma(FloatVector.fromArray(FS, y, yp + 2 * l), a2);
        a3 = s.fma(FloatVector.fromArray(FS, y, yp + 3 * l), a3);
      }
      a0.intoArray(c, co + j); a1.intoArray(c, co + j + l); a2.intoArray(c, co + j + 2 * l); a3.intoArray(c, co + j + 3 * l);
    }
    for (; j <= n - l; j += l) {
      FloatVector a0 = FloatVector.zero(FS);
      for (int p = 0; p < k; p++) a0 = FloatVector.broadcast(FS, x[xo + p * xs]).fma(FloatVector.fromArray(FS, y, yo + p * ys + j), a0);
      a0.intoArray(c, co + j);
    }
    for (; j < n; j++) {
      float acc = 0f;
      for (int p = 0; p < k; p++) acc += x[xo + p * xs] * y[yo + p * ys + j];
      c[co + j] = acc;
    }
  }

  /** {@code c[co + j] += s * y[yo + j]} for {@code j < n}. */
  static void axpy(double[] c, int co, double s, double[] y, int yo, int n) {
    int l = DS.length(), j = 0;
    DoubleVector sv = DoubleVector.broadcast(DS, s);
    for (; j <= n - l; j += l) sv.fma(DoubleVector.fromArray(DS, y, yo + j), DoubleVector.fromArray(DS, c, co + j)).intoArray(c, co + j);
    for (; j < n; j++) c[co + j] += s * y[yo + j];
  }

  /** {@code Σ_p x[xo + p] * y[yo + p]} for {@code p < k} (lanes summed at the end). */
  static float dot(float[] x, int xo, float[] y, int yo, int k) {
    int l = FS.length(), p = 0;
    FloatVector acc = FloatVector.zero(FS);
    for (; p <= k - l; p += l) acc = FloatVector.fromArray(FS, x, xo + p).fma(FloatVector.fromArray(FS, y, yo + p), acc);
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; p < k; p++) s += x[xo + p] * y[yo + p];
    return s;
  }

  /** {@code Σ_p x[xo + p] * y[yo + p]} for {@code p < k} (lanes summed at the end). */
  static double dot(double[] x, int xo, double[] y, int yo, int k) {
    int l = DS.length(), p = 0;
    DoubleVector acc = DoubleVector.zero(DS);
    for (; p <= k - l; p += l) acc = DoubleVector.fromArray(DS, x, xo + p).fma(DoubleVector.fromArray(DS, y, yo + p), acc);
    double s = acc.reduceLanes(VectorOperators.ADD);
    for (; p < k; p++) s += x[xo + p] * y[yo + p];
    return s;
  }

  private static final class F32Kernel extends GemmKernel.F32 {
    private static final int L = FS.length();

    F32Kernel() { super(MR32, 2 * L, 32 * MR32, 256, 4096); }

    @Override void tile(int depth, Object apo, int ao, Object bpo, int bo, Object co, int c0, int ldc, int rows,
                        int cols, boolean acc) {
      if (MR32 == 8 && rows > 4) tile8(depth, (float[]) apo, ao, (float[]) bpo, bo, (float[]) co, c0, ldc, rows, cols, acc);
      else tile4(depth, (float[]) apo, ao, (float[]) bpo, bo, (float[]) co, c0, ldc, rows, cols, acc);
    }

    /** Rows 0-3 of a panel ({@code MR32} values per step, the first four read): 8 accumulators. */
    private void tile4(int depth, float[] ap, int ao, float[] bp, int bo, float[] c, int c0, int ldc, int rows,
                       int cols, boolean acc) {
      FloatVector z = FloatVector.zero(FS);
      FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
      for (int p = 0; p < depth; p++, ao += MR32, bo += 2 * L) {
        FloatVector b0 = FloatVector.fromArray(FS, bp, bo), b1 = FloatVector.fromArray(FS, bp, bo + L);
        FloatVector x = FloatVector.broadcast(FS, ap[ao]);
        c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
        x = FloatVector.broadcast(FS, ap[ao + 1]);
        c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
        x = FloatVector.broadcast(FS, ap[ao + 2]);
        c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
        x = FloatVector.broadcast(FS, ap[ao + 3]);
        c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
      }
      if (cols == nr) {                 // full width: the valid rows straight from the registers (a batch-1 product's
        store(c00, c01, c, c0, acc);    // every tile has one row)
        if (rows > 1) store(c10, c11, c, c0 + ldc, acc);
        if (rows > 2) store(c20, c21, c, c0 + 2 * ldc, acc);
        if (rows > 3) store(c30, c31, c, c0 + 3 * ldc, acc);
        return;
      }
      float[] t = new float[4 * nr];
      c00.intoArray(t, 0); c01.intoArray(t, L); c10.intoArray(t, nr); c11.intoArray(t, nr + L);
      c20.intoArray(t, 2 * nr); c21.intoArray(t, 2 * nr + L); c30.intoArray(t, 3 * nr); c31.intoArray(t, 3 * nr + L);
      edge(t, c, c0, ldc, rows, cols, acc);
    }

    /**
     * Rows 0-7 of a panel: 16 accumulators, which AVX-512's 32 vector registers hold with the two B vectors and the
     * broadcast (on the 2-core AVX-512 Xeon, in L1: ~100 GMAC/s per core against ~80 for {@link #tile4}, 2026-12-06).
     */
    private void tile8(int depth, float[] ap, int ao, float[] bp, int bo, float[] c, int c0, int ldc, int rows,
                       int cols, boolean acc) {
      FloatVector z = FloatVector.zero(FS);
      FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
      FloatVector c40 = z, c41 = z, c50 = z, c51 = z, c60 = z, c61 = z, c70 = z, c71 = z;
      for (int p = 0; p < depth; p++, ao += 8, bo += 2 * L) {
        FloatVector b0 = FloatVector.fromArray(FS, bp, bo), b1 = FloatVector.fromArray(FS, bp, bo + L);
        FloatVector x = FloatVector.broadcast(FS, ap[ao]);
        c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
        x = FloatVector.broadcast(FS, ap[ao + 1]);
        c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
        x = FloatVector.broadcast(FS, ap[ao + 2]);
        c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
        x = FloatVector.broadcast(FS, ap[ao + 3]);
        c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        x = FloatVector.broadcast(FS, ap[ao + 4]);
        c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
        x = FloatVector.broadcast(FS, ap[ao + 5]);
        c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
        x = FloatVector.broadcast(FS, ap[ao + 6]);
        c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
        x = FloatVector.broadcast(FS, ap[ao + 7]);
        c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
      }
      if (rows == 8 && cols == nr) {     // written out: a store helper per row would pass C2's inlining node budget
        if (acc) {
          c00 = c00.add(FloatVector.fromArray(FS, c, c0)); c01 = c01.add(FloatVector.fromArray(FS, c, c0 + L));
          c10 = c10.add(FloatVector.fromArray(FS, c, c0 + ldc)); c11 = c11.add(FloatVector.fromArray(FS, c, c0 + ldc + L));
          c20 = c20.add(FloatVector.fromArray(FS, c, c0 + 2 * ldc)); c21 = c21.add(FloatVector.fromArray(FS, c, c0 + 2 * ldc + L));
          c30 = c30.add(FloatVector.fromArray(FS, c, c0 + 3 * ldc)); c31 = c31.add(FloatVector.fromArray(FS, c, c0 + 3 * ldc + L));
          c40 = c40.add(FloatVector.fromArray(FS, c, c0 + 4 * ldc)); c41 = c41.add(FloatVector.fromArray(FS, c, c0 + 4 * ldc + L));
          c50 = c50.add(FloatVector.fromArray(FS, c, c0 + 5 * ldc)); c51 = c51.add(FloatVector.fromArray(FS, c, c0 + 5 * ldc + L));
          c60 = c60.add(FloatVector.fromArray(FS, c, c0 + 6 * ldc)); c61 = c61.add(FloatVector.fromArray(FS, c, c0 + 6 * ldc + L));
          c70 = c70.add(FloatVector.fromArray(FS, c, c0 + 7 * ldc)); c71 = c71.add(FloatVector.fromArray(FS, c, c0 + 7 * ldc + L));
        }
        c00.intoArray(c, c0); c01.intoArray(c, c0 + L);
        c10.intoArray(c, c0 + ldc); c11.intoArray(c, c0 + ldc + L);
        c20.intoArray(c, c0 + 2 * ldc); c21.intoArray(c, c0 + 2 * ldc + L);
        c30.intoArray(c, c0 + 3 * ldc); c31.intoArray(c, c0 + 3 * ldc + L);
        c40.intoArray(c, c0 + 4 * ldc); c41.intoArray(c, c0 + 4 * ldc + L);
        c50.intoArray(c, c0 + 5 * ldc); c51.intoArray(c, c0 + 5 * ldc + L);
        c60.intoArray(c, c0 + 6 * ldc); c61.intoArray(c, c0 + 6 * ldc + L);
        c70.intoArray(c, c0 + 7 * ldc); c71.intoArray(c, c0 + 7 * ldc + L);
        return;
      }
      float[] t = new float[8 * nr];
      c00.intoArray(t, 0); c01.intoArray(t, L); c10.intoArray(t, nr); c11.intoArray(t, nr + L);
      c20.intoArray(t, 2 * nr); c21.intoArray(t, 2 * nr + L); c30.intoArray(t, 3 * nr); c31.intoArray(t, 3 * nr + L);
      c40.intoArray(t, 4 * nr); c41.intoArray(t, 4 * nr + L); c50.intoArray(t, 5 * nr); c51.intoArray(t, 5 * nr + L);
      c60.intoArray(t, 6 * nr); c61.intoArray(t, 6 * nr + L); c70.intoArray(t, 7 * nr); c71.intoArray(t, 7 * nr + L);
      edge(t, c, c0, ldc, rows, cols, acc);
    }

    /** The valid {@code rows × cols} of an edge tile's results {@code t} (rows of {@code nr}) into C. */
    private void edge(float[] t, float[] c, int c0, int ldc, int rows, int cols, boolean acc) {
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) c[c0 + r * ldc + j] = acc ? c[c0 + r * ldc + j] + t[r * nr + j] : t[r * nr + j];
      }
    }

    private static void store(FloatVector v0, FloatVector v1, float[] c, int at, boolean acc) {
      if (acc) {
        v0 = v0.add(FloatVector.fromArray(FS, c, at));
        v1 = v1.add(FloatVector.fromArray(FS, c, at + L));
      }
      v0.intoArray(c, at);
      v1.intoArray(c, at + L);
    }
  }

  /** The narrow f32 kernel: 8 rows × one vector of columns; see {@link #f32Narrow()}. */
  private static final class NarrowF32Kernel extends GemmKernel.F32 {
    private static final int L = FS.length(), R = 8;

    NarrowF32Kernel() { super(R, L, 16 * R, 256, 4096); }


    @Override void tile(int depth, Object apo, int ao, Object bpo, int bo, Object co, int c0, int ldc, int rows,
                        int cols, boolean acc) {
      float[] ap = (float[]) apo, bp = (float[]) bpo, c = (float[]) co;
      FloatVector z = FloatVector.zero(FS);
      FloatVector c0v = z, c1v = z, c2v = z, c3v = z, c4v = z, c5v = z, c6v = z, c7v = z;
      for (int p = 0; p < depth; p++, ao += R, bo += L) {
        FloatVector b = FloatVector.fromArray(FS, bp, bo);
        c0v = FloatVector.broadcast(FS, ap[ao]).fma(b, c0v);
        c1v = FloatVector.broadcast(FS, ap[ao + 1]).fma(b, c1v);
        c2v = FloatVector.broadcast(FS, ap[ao + 2]).fma(b, c2v);
        c3v = FloatVector.broadcast(FS, ap[ao + 3]).fma(b, c3v);
        c4v = FloatVector.broadcast(FS, ap[ao + 4]).fma(b, c4v);
        c5v = FloatVector.broadcast(FS, ap[ao + 5]).fma(b, c5v);
        c6v = FloatVector.broadcast(FS, ap[ao + 6]).fma(b, c6v);
        c7v = FloatVector.broadcast(FS, ap[ao + 7]).fma(b, c7v);
      }
      if (rows == R && cols == L) {
        store(c0v, c, c0, acc); store(c1v, c, c0 + ldc, acc); store(c2v, c, c0 + 2 * ldc, acc);
        store(c3v, c, c0 + 3 * ldc, acc); store(c4v, c, c0 + 4 * ldc, acc); store(c5v, c, c0 + 5 * ldc, acc);
        store(c6v, c, c0 + 6 * ldc, acc); store(c7v, c, c0 + 7 * ldc, acc);
        return;
      }
      float[] t = new float[R * L];             // an edge tile (the same scheme as F32Kernel's)
      c0v.intoArray(t, 0); c1v.intoArray(t, L); c2v.intoArray(t, 2 * L); c3v.intoArray(t, 3 * L);
      c4v.intoArray(t, 4 * L); c5v.intoArray(t, 5 * L); c6v.intoArray(t, 6 * L); c7v.intoArray(t, 7 * L);
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) c[c0 + r * ldc + j] = acc ? c[c0 + r * ldc + j] + t[r * L + j] : t[r * L + j];
      }
    }

    private static void store(FloatVector v, float[] c, int at, boolean acc) {
      if (acc) v = v.add(FloatVector.fromArray(FS, c, at));
      v.intoArray(c, at);
    }
  }

  private static final class F64Kernel extends GemmKernel.F64 {
    private static final int L = DS.length();

    F64Kernel() { super(MR, 2 * L, 24 * MR, 256, 2048); }


    @Override void tile(int depth, Object apo, int ao, Object bpo, int bo, Object co, int c0, int ldc, int rows,
                        int cols, boolean acc) {
      double[] ap = (double[]) apo, bp = (double[]) bpo, c = (double[]) co;
      DoubleVector z = DoubleVector.zero(DS);
      DoubleVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
      for (int p = 0; p < depth; p++, ao += MR, bo += 2 * L) {
        DoubleVector b0 = DoubleVector.fromArray(DS, bp, bo), b1 = DoubleVector.fromArray(DS, bp, bo + L);
        DoubleVector x = DoubleVector.broadcast(DS, ap[ao]);
        c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
        x = DoubleVector.broadcast(DS, ap[ao + 1]);
        c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
        x = DoubleVector.broadcast(DS, ap[ao + 2]);
        c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
        x = DoubleVector.broadcast(DS, ap[ao + 3]);
        c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
      }
      if (rows == MR && cols == nr) {
        store(c00, c01, c, c0, acc); store(c10, c11, c, c0 + ldc, acc); store(c20, c21, c, c0 + 2 * ldc, acc);
        store(c30, c31, c, c0 + 3 * ldc, acc);
        return;
      }
      double[] t = new double[MR * nr];
      c00.intoArray(t, 0); c01.intoArray(t, L); c10.intoArray(t, nr); c11.intoArray(t, nr + L);
      c20.intoArray(t, 2 * nr); c21.intoArray(t, 2 * nr + L); c30.intoArray(t, 3 * nr); c31.intoArray(t, 3 * nr + L);
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) c[c0 + r * ldc + j] = acc ? c[c0 + r * ldc + j] + t[r * nr + j] : t[r * nr + j];
      }
    }

    private static void store(DoubleVector v0, DoubleVector v1, double[] c, int at, boolean acc) {
      if (acc) {
        v0 = v0.add(DoubleVector.fromArray(DS, c, at));
        v1 = v1.add(DoubleVector.fromArray(DS, c, at + L));
      }
      v0.intoArray(c, at);
      v1.intoArray(c, at + L);
    }
  }
}
