package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.Simd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Gemm} on every path against a naive triple loop, over awkward shapes, strides and offsets. */
class GemmTest {
  private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 13, 16, 17, 31, 33};

  private static List<Gemm.Path> floatPaths() {
    List<Gemm.Path> p = new ArrayList<>(List.of(Gemm.Path.AUTO, Gemm.Path.DIRECT_SCALAR, Gemm.Path.PACKED_SCALAR));
    if (Simd.AVAILABLE) { p.add(Gemm.Path.DIRECT_SIMD); p.add(Gemm.Path.PACKED_SIMD); }
    if (Blas.AVAILABLE) p.add(Gemm.Path.BLAS);
    return p;
  }

  /** A matrix stored at an offset, row-major or transposed, with padding around it. */
  private record Mat(Gemm.Operand op, int rows, int cols) {
    static Mat random(Object kind, int rows, int cols, boolean transposed, Random r) {
      int off = r.nextInt(3), n = off + rows * cols + 2;
      Object store = switch (kind) {
        case float[] f -> { float[] s = new float[n]; for (int i = 0; i < n; i++) s[i] = (float) r.nextGaussian(); yield s; }
        case double[] d -> { double[] s = new double[n]; for (int i = 0; i < n; i++) s[i] = r.nextGaussian(); yield s; }
        case int[] x -> { int[] s = new int[n]; for (int i = 0; i < n; i++) s[i] = r.nextInt(); yield s; }
        default -> { long[] s = new long[n]; for (int i = 0; i < n; i++) s[i] = r.nextLong(); yield s; }
      };
      Gemm.Operand op = transposed ? new Gemm.Operand(store, off, 1, rows) : new Gemm.Operand(store, off, cols, 1);
      return new Mat(op, rows, cols);
    }

    double get(int i, int j) {
      int at = op.offset() + i * op.rowStride() + j * op.colStride();
      return op.store() instanceof float[] f ? f[at] : ((double[]) op.store())[at];
    }

    long getLong(int i, int j) {
      int at = op.offset() + i * op.rowStride() + j * op.colStride();
      return op.store() instanceof int[] x ? x[at] : ((long[]) op.store())[at];
    }
  }

  /** Runs one product and compares every element; C has a row pitch ldc > n and sentinels that must survive. */
  private static void check(Gemm.Path path, Object kind, int m, int n, int k, boolean ta, boolean tb, Random r) {
    Mat a = Mat.random(kind, m, k, ta, r), b = Mat.random(kind, k, n, tb, r);
    int ldc = n + 3, cOff = 2, size = cOff + m * ldc;
    boolean f32 = kind instanceof float[];
    Object c = f32 ? new float[size] : new double[size];
    for (int i = 0; i < size; i++) { if (f32) ((float[]) c)[i] = -7; else ((double[]) c)[i] = -7; }
    Gemm.multiply(path, m, n, k, a.op(), b.op(), c, cOff, ldc);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double ref = 0, scale = 0;
        for (int p = 0; p < k; p++) { ref += a.get(i, p) * b.get(p, j); scale += Math.abs(a.get(i, p) * b.get(p, j)); }
        int at = cOff + i * ldc + j;
        double got = f32 ? ((float[]) c)[at] : ((double[]) c)[at];
        double tol = (f32 ? 2e-6 : 1e-14) * (scale + 1) * Math.sqrt(k + 1);
        if (Math.abs(got - ref) > tol)
          throw new AssertionError(path + " " + (f32 ? "f32" : "f64") + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta
              + " tb=" + tb + ": C[" + i + "," + j + "] = " + got + ", expected " + ref);
      }
      for (int j = n; j < ldc && cOff + i * ldc + j < size; j++)
        assertEquals(-7, f32 ? ((float[]) c)[cOff + i * ldc + j] : ((double[]) c)[cOff + i * ldc + j], "pitch padding was written");
    }
  }

  @Test void smallShapesOnEveryPath() {
    Random r = new Random(1);
    for (Gemm.Path path : floatPaths()) {
      for (Object kind : new Object[] {new float[0], new double[0]}) {
        for (int t = 0; t < 120; t++) {
          int m = SIZES[r.nextInt(SIZES.length)], n = SIZES[r.nextInt(SIZES.length)], k = SIZES[r.nextInt(SIZES.length)];
          check(path, kind, m, n, k, r.nextBoolean(), r.nextBoolean(), r);
        }
      }
    }
  }

  @Test void blockedShapesCrossEveryBlockEdge() {
    Random r = new Random(2);
    int[][] shapes = {{131, 67, 301}, {257, 33, 513}, {6, 129, 260}, {97, 200, 17}, {150, 140, 520}};
    for (Gemm.Path path : floatPaths()) {
      if (path == Gemm.Path.DIRECT_SCALAR || path == Gemm.Path.DIRECT_SIMD) continue;
      for (int[] s : shapes) {
        check(path, new float[0], s[0], s[1], s[2], r.nextBoolean(), r.nextBoolean(), r);
        check(path, new double[0], s[0], s[1], s[2], r.nextBoolean(), r.nextBoolean(), r);
      }
    }
  }

  @Test void narrowF32ProductsRunTheEightRowKernelAcrossBlockEdges() {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.graft.numerics.Simd.AVAILABLE, "the narrow kernel needs the Vector API");
    Random r = new Random(4);
    int w = GemmSimd.narrowColumns();
    // n = one vector (full tiles), n < one vector (edge tiles), rows not a multiple of 8, depth past kc = 256
    int[][] shapes = {{131, w, 301}, {13, w - 6, 9}, {910, w, 288}, {7, 1 + w / 2, 520}, {64, 4, 17}};
    for (int[] s : shapes)
      for (boolean ta : new boolean[] {false, true}) check(Gemm.Path.PACKED_SIMD, new float[0], s[0], s[1], s[2], ta, !ta, r);
  }

  @Test void autoRuleSendsEveryProductFromBlasWorkToBlasExceptVeryThinOnes() {
    // an RNN step, the 784-256-10 MLP's layers and gradients, convolution im2col and kernel-gradient products, bulk
    int[][] blas = {{32, 256, 256}, {128, 256, 784}, {784, 256, 128}, {10, 32, 25088}, {1820, 32, 144},
        {910, 16, 288}, {41, 64, 6272}, {128, 10, 256}, {256, 10, 128}, {16, 16, 16}, {1024, 1024, 1024}};
    for (int[] s : blas) assertEquals(true, Gemm.prefersBlas(s[0], s[1], s[2]), java.util.Arrays.toString(s));
    assertEquals(false, Gemm.prefersBlas(4, 6, 8), "below BLAS_WORK the direct loops run");
    assertEquals(false, Gemm.prefersBlas(8, 8, 8), "below BLAS_WORK the direct loops run");
    int[][] never = {{1, 1024, 1024}, {1024, 2, 1024}, {512, 512, 4}};     // BLAS loses below 4 rows/columns, k < 8
    for (int[] s : never) assertEquals(false, Gemm.prefersBlas(s[0], s[1], s[2]), java.util.Arrays.toString(s));
  }

  @Test void wideProductsCrossTheColumnPanel() {
    Random r = new Random(3);
    check(Gemm.Path.AUTO, new float[0], 9, 4100, 40, false, false, r);
    check(Gemm.Path.AUTO, new double[0], 9, 2060, 40, false, true, r);
  }

  @Test void directLoopsRunInParallelOnLargeVectorProducts() {
    Random r = new Random(4);
    check(Gemm.Path.AUTO, new float[0], 3000, 1, 700, false, false, r);     // matrix · vector
    check(Gemm.Path.AUTO, new double[0], 1, 2000, 900, false, false, r);    // vector · matrix
  }

  @Test void integerProductsWrapLikeXla() {
    Random r = new Random(5);
    for (Object kind : new Object[] {new int[0], new long[0]}) {
      for (int t = 0; t < 60; t++) {
        int m = SIZES[r.nextInt(SIZES.length)] * (t % 7 == 0 ? 9 : 1), n = SIZES[r.nextInt(SIZES.length)];
        int k = SIZES[r.nextInt(SIZES.length)] * (t % 5 == 0 ? 11 : 1);
        Mat a = Mat.random(kind, m, k, r.nextBoolean(), r), b = Mat.random(kind, k, n, r.nextBoolean(), r);
        boolean i32 = kind instanceof int[];
        Object c = i32 ? new int[m * n] : new long[m * n];
        Gemm.multiply(m, n, k, a.op(), b.op(), c, 0, n);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            int si = 0;
            long sl = 0;
            for (int p = 0; p < k; p++) {
              si += (int) a.getLong(i, p) * (int) b.getLong(p, j);
              sl += a.getLong(i, p) * b.getLong(p, j);
            }
            if (i32) assertEquals(si, ((int[]) c)[i * n + j], "i32 m=" + m + " n=" + n + " k=" + k);
            else assertEquals(sl, ((long[]) c)[i * n + j], "i64 m=" + m + " n=" + n + " k=" + k);
          }
        }
      }
    }
  }

  @Test void emptyDepthGivesZeros() {
    for (Gemm.Path path : floatPaths()) {
      float[] c = {5, 5, 5, 5, 5, 5};
      Gemm.multiply(path, 2, 3, 0, Gemm.Operand.rowMajor(new float[0], 0), Gemm.Operand.rowMajor(new float[0], 3), c, 0, 3);
      for (float v : c) assertEquals(0f, v, path.toString());
    }
  }

  @Test void infinitiesOnlyReachTheirOwnRows() {
    float[] a = new float[8 * 8], b = new float[8 * 8];
    a[0] = Float.POSITIVE_INFINITY;
    for (int i = 0; i < b.length; i++) b[i] = 1;
    for (Gemm.Path path : floatPaths()) {
      float[] c = new float[64];
      Gemm.multiply(path, 8, 8, 8, Gemm.Operand.rowMajor(a, 8), Gemm.Operand.rowMajor(b, 8), c, 0, 8);
      for (int i = 0; i < 64; i++) assertEquals(i < 8 ? Float.POSITIVE_INFINITY : 0f, c[i], path + " at " + i);
    }
  }

  /**
   * The packing buffers are lent from one product to the next on a thread ({@code GemmKernel.borrow}): a product of
   * NaNs leaves them full of NaN, and the products after it, whose edges read the zero padding of partial panels and
   * short depths, still equal the naive loops (every element they read was written again).
   */
  @Test void packingBuffersLentBetweenProductsNeverLeakOldValues() {
    List<Gemm.Path> packed = new ArrayList<>(List.of(Gemm.Path.PACKED_SCALAR));
    if (Simd.AVAILABLE) packed.add(Gemm.Path.PACKED_SIMD);
    Random r = new Random(17);
    for (Gemm.Path path : packed)
      for (Object kind : new Object[] {new float[0], new double[0]}) {
        int m = 300, n = 300, k = 600;
        boolean f32 = kind instanceof float[];
        Object nan = f32 ? new float[m * k] : new double[m * k], nanB = f32 ? new float[k * n] : new double[k * n];
        if (f32) { java.util.Arrays.fill((float[]) nan, Float.NaN); java.util.Arrays.fill((float[]) nanB, Float.NaN); }
        else { java.util.Arrays.fill((double[]) nan, Double.NaN); java.util.Arrays.fill((double[]) nanB, Double.NaN); }
        Gemm.multiply(path, m, n, k, Gemm.Operand.rowMajor(nan, k), Gemm.Operand.rowMajor(nanB, n),
            f32 ? new float[m * n] : new double[m * n], 0, n);
        for (int[] shape : new int[][] {{5, 7, 3}, {13, 33, 257}, {9, 40, 300}, {1, 70, 31}})
          check(path, kind, shape[0], shape[1], shape[2], false, r.nextBoolean(), r);
      }
  }

  @Test void badArgumentsAreRejected() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Gemm.multiply(-1, 1, 1, Gemm.Operand.rowMajor(new float[1], 1), Gemm.Operand.rowMajor(new float[1], 1), new float[1], 0, 1));
    assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Gemm.multiply(1, 1, 1, Gemm.Operand.rowMajor(new boolean[1], 1), Gemm.Operand.rowMajor(new boolean[1], 1), new boolean[1], 0, 1));
    var mixed = assertThrows(IllegalArgumentException.class,
        () -> Gemm.multiply(1, 1, 1, Gemm.Operand.rowMajor(new float[1], 1), Gemm.Operand.rowMajor(new double[1], 1), new float[1], 0, 1));
    assertTrue(mixed.getMessage().contains("double[]"), mixed.getMessage());
  }

  @Test void transposeSwapsTheStrides() {
    Gemm.Operand op = new Gemm.Operand(new float[6], 1, 3, 1).transpose();
    assertEquals(new Gemm.Operand(op.store(), 1, 1, 3), op);
  }
}
