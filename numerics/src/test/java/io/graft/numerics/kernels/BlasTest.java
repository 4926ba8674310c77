package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Blas} (OpenBLAS) against a naive triple loop in double: every NoTrans/Trans pairing, offsets, padded row
 * pitches, non-square and degenerate shapes, f32 and f64; the views it must decline; and {@link Gemm} with OpenBLAS
 * switched off ({@code -Dgraft.blas=false}, in a child JVM). On linux-x86_64 OpenBLAS must load; elsewhere the
 * OpenBLAS tests are skipped, naming the reason.
 */
class BlasTest {
  private static final boolean NATIVES_SHIP = "Linux".equals(System.getProperty("os.name"))
      && ("amd64".equals(System.getProperty("os.arch")) || "x86_64".equals(System.getProperty("os.arch")));

  @BeforeEach void requireOpenBlas() {
    assumeTrue(!"false".equals(System.getProperty("graft.blas")), "OpenBLAS switched off by -Dgraft.blas=false");
    assumeTrue(NATIVES_SHIP || Blas.AVAILABLE, "org.bytedeco:openblas ships natives only for linux-x86_64, this is "
        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + Blas.STATUS);
    assertTrue(Blas.AVAILABLE, "OpenBLAS must load on linux-x86_64: " + Blas.STATUS);
  }

  /** A {@code rows×cols} matrix at a random offset in a padded array, row-major or stored transposed. */
  private record Mat(Gemm.Operand op, int rows, int cols) {
    static Mat random(boolean f32, int rows, int cols, boolean transposed, Random r) {
      int off = r.nextInt(4), pitch = (transposed ? rows : cols) + r.nextInt(3), n = off + pitch * Math.max(1, transposed ? cols : rows) + 3;
      Object store = f32 ? new float[n] : new double[n];
      for (int i = 0; i < n; i++) {
        if (f32) ((float[]) store)[i] = (float) r.nextGaussian(); else ((double[]) store)[i] = r.nextGaussian();
      }
      return new Mat(transposed ? new Gemm.Operand(store, off, 1, pitch) : new Gemm.Operand(store, off, pitch, 1), rows, cols);
    }

    double get(int i, int j) {
      int at = op.offset() + i * op.rowStride() + j * op.colStride();
      return op.store() instanceof float[] f ? f[at] : ((double[]) op.store())[at];
    }
  }

  /** One product through {@link Blas#multiply}, compared element by element; the padding of C must survive. */
  private static void check(boolean f32, int m, int n, int k, boolean ta, boolean tb, Random r) {
    Mat a = Mat.random(f32, m, k, ta, r), b = Mat.random(f32, k, n, tb, r);
    int ldc = n + 2, cOff = 1, size = cOff + m * ldc + 1;
    double[] got = new double[size];
    Object c = f32 ? new float[size] : new double[size];
    fill(c, Double.NaN);
    String what = (f32 ? "f32" : "f64") + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb;
    assertTrue(Blas.multiply(m, n, k, a.op(), b.op(), c, cOff, ldc), "declined " + what);
    for (int i = 0; i < size; i++) got[i] = f32 ? ((float[]) c)[i] : ((double[]) c)[i];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < ldc; j++) {
        int at = cOff + i * ldc + j;
        if (j >= n) { assertTrue(Double.isNaN(got[at]), "pitch padding written at " + at + ", " + what); continue; }
        double ref = 0, scale = 0;
        for (int p = 0; p < k; p++) { ref += a.get(i, p) * b.get(p, j); scale += Math.abs(a.get(i, p) * b.get(p, j)); }
        double tol = (f32 ? 2e-6 : 1e-14) * (scale + 1) * Math.sqrt(k + 1);
        assertEquals(ref, got[at], tol, "C[" + i + "," + j + "], " + what);
      }
    }
    assertTrue(Double.isNaN(got[0]) && Double.isNaN(got[size - 1]), "wrote outside C, " + what);
  }

  private static void fill(Object c, double v) {
    if (c instanceof float[] f) java.util.Arrays.fill(f, (float) v); else java.util.Arrays.fill((double[]) c, v);
  }

  @Test void everyTransposePairingAndShape() {
    Random r = new Random(11);
    // the last four are split over the kernel threads (Blas.SPLIT_MIN_WORK and up): by rows, by columns, ragged rows,
    // and a square product by columns in one block per thread (A large to re-pack)
    int[][] shapes = {{1, 1, 1}, {1, 7, 5}, {6, 1, 9}, {5, 4, 1}, {3, 5, 7}, {17, 33, 9}, {64, 48, 80}, {130, 70, 257},
        {70, 130, 257}, {201, 97, 64}, {96, 96, 400}};
    for (boolean f32 : new boolean[] {true, false})
      for (int[] s : shapes)
        for (int t = 0; t < 4; t++) check(f32, s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, r);
  }

  @Test void splitBlocksAreAlignedAndCoverTheExtent() {
    for (int extent : new int[] {64, 65, 130, 201, 1000})
      for (int blocks = 2; blocks <= Math.min(4, extent / Blas.SPLIT_ALIGN); blocks++) {
        assertEquals(0, Blas.block(extent, blocks, 0));
        assertEquals(extent, Blas.block(extent, blocks, blocks));
        for (int p = 1; p < blocks; p++) {
          int at = Blas.block(extent, blocks, p);
          assertEquals(0, at % Blas.SPLIT_ALIGN, "extent " + extent + " blocks " + blocks);
          assertTrue(at > Blas.block(extent, blocks, p - 1), "empty block, extent " + extent + " blocks " + blocks);
        }
      }
  }

  @Test void splitBlocksFollowTheOperandEachBlockRepacks() {
    int per = Blas.SPLIT_BLOCKS_PER_THREAD;
    assertEquals(2, Blas.splitBlocks(256, 256, 784, 2), "W11's first layer: A (256×784) re-packed per column block");
    assertEquals(2, Blas.splitBlocks(128, 256, 784, 2), "W10's first layer: A (128×784) per column block");
    assertEquals(2, Blas.splitBlocks(784, 256, 128, 2), "its kernel gradient: B (128×256) per row block");
    assertEquals(Math.min(2 * per, 8), Blas.splitBlocks(32, 256, 256, 2), "W9's step: A is 32×256, small");
    assertEquals(Math.min(2 * per, 4), Blas.splitBlocks(130, 70, 257, 2), "rows: B is 257×70, small");
    assertEquals(Math.min(2 * per, 2), Blas.splitBlocks(64, 48, 80, 2), "rows: 64 make two aligned blocks");
    assertEquals(1, Blas.splitBlocks(48, 48, 80, 2), "48 columns: one aligned block");
    assertEquals(4, Blas.splitBlocks(256, 256, 784, 4), "one block per thread on 4 threads");
  }

  @Test void emptyDepthGivesZeros() {
    for (boolean f32 : new boolean[] {true, false}) {
      Object c = f32 ? new float[6] : new double[6];
      fill(c, Double.NaN);
      Object empty = f32 ? new float[0] : new double[0];
      assertTrue(Blas.multiply(2, 3, 0, Gemm.Operand.rowMajor(empty, 0), Gemm.Operand.rowMajor(empty, 3), c, 0, 3));
      for (int i = 0; i < 6; i++) assertEquals(0.0, f32 ? ((float[]) c)[i] : ((double[]) c)[i], "k=0 at " + i);
      check(f32, 4, 3, 0, true, false, new Random(12));
    }
  }

  /**
   * Into a block of zeros ({@code zeros}: OpenBLAS adds to C with {@code beta = 1} instead of zeroing it first), every
   * element has the bits of the ordinary product, the padding around the block survives, and {@code k = 0} leaves zeros;
   * {@link Gemm#multiplyIntoZeros} agrees with {@link Gemm#multiply} bit for bit on every path AUTO takes.
   */
  @Test void productsIntoZerosHaveTheBitsOfOrdinaryProducts() {
    Random r = new Random(17);
    int[][] shapes = {{1, 1, 1}, {6, 1, 9}, {3, 5, 7}, {17, 33, 9}, {64, 48, 80}, {130, 70, 257}, {5, 4, 0}, {300, 260, 270}};
    for (boolean f32 : new boolean[] {true, false}) {
      for (int[] s : shapes) {
        for (int t = 0; t < 4; t++) {
          int m = s[0], n = s[1], k = s[2];
          Mat a = Mat.random(f32, m, k, (t & 1) != 0, r), b = Mat.random(f32, k, n, (t & 2) != 0, r);
          int ldc = n + 1, size = 1 + m * ldc + 1;
          Object want = f32 ? new float[size] : new double[size], got = f32 ? new float[size] : new double[size];
          fill(want, Double.NaN);
          assertTrue(Blas.multiply(m, n, k, a.op(), b.op(), want, 1, ldc));
          for (int i = 0; i < m; i++) for (int j = 0; j < ldc; j++) set(got, 1 + i * ldc + j, j < n ? 0 : Double.NaN);
          set(got, 0, Double.NaN);
          set(got, size - 1, Double.NaN);
          assertTrue(Blas.multiply(m, n, k, a.op(), b.op(), got, 1, ldc, true));
          String what = (f32 ? "f32" : "f64") + " m=" + m + " n=" + n + " k=" + k + " t=" + t;
          assertArrayEquals(bits(want), bits(got), what);
          Object own = f32 ? new float[m * n] : new double[m * n], fresh = f32 ? new float[m * n] : new double[m * n];
          Gemm.multiply(m, n, k, a.op(), b.op(), own, 0, n);
          Gemm.multiplyIntoZeros(m, n, k, a.op(), b.op(), fresh, 0, n);
          assertArrayEquals(bits(own), bits(fresh), "Gemm " + what);
        }
      }
    }
  }

  private static void set(Object c, int i, double v) {
    if (c instanceof float[] f) f[i] = (float) v; else ((double[]) c)[i] = v;
  }

  /** The raw bits of a float[] or double[], NaNs included. */
  private static long[] bits(Object c) {
    int n = java.lang.reflect.Array.getLength(c);
    long[] out = new long[n];
    for (int i = 0; i < n; i++)
      out[i] = c instanceof float[] f ? Float.floatToRawIntBits(f[i]) : Double.doubleToRawLongBits(((double[]) c)[i]);
    return out;
  }

  @Test void emptyResultsTouchNothing() {
    Random r = new Random(13);
    for (boolean f32 : new boolean[] {true, false}) {
      check(f32, 0, 5, 4, false, false, r);
      check(f32, 5, 0, 4, false, true, r);
      check(f32, 0, 0, 0, true, true, r);
    }
  }

  @Test void declinesViewsItCannotReadInPlace() {
    float[] a = new float[64], b = new float[64], c = new float[16];
    fill(c, 3);
    Gemm.Operand rowMajor = Gemm.Operand.rowMajor(b, 4);
    Gemm.Operand[] bad = {
        new Gemm.Operand(a, 0, 0, 1),     // broadcast rows (row stride 0 < k)
        new Gemm.Operand(a, 0, 8, 2),     // no unit stride
        new Gemm.Operand(a, 0, -4, 1),    // negative row stride
        new Gemm.Operand(a, 50, 4, 1),    // runs past the end of the array
        new Gemm.Operand(a, -1, 4, 1)};   // negative offset
    for (Gemm.Operand op : bad) assertFalse(Blas.multiply(4, 4, 4, op, rowMajor, c, 0, 4), op.toString());
    assertFalse(Blas.multiply(4, 4, 4, rowMajor, rowMajor, c, 4, 4), "C runs past its end");
    assertFalse(Blas.multiply(4, 4, 4, rowMajor, rowMajor, c, 0, 3), "ldc below n");
    for (float v : c) assertEquals(3f, v, "a declined product wrote C");
    int[] ints = new int[16];
    assertFalse(Blas.multiply(4, 4, 4, Gemm.Operand.rowMajor(ints, 4), Gemm.Operand.rowMajor(ints, 4), new int[16], 0, 4));
  }

  @Test void gemmBlasPathRejectsViewsItCannotRead() {
    float[] a = new float[64];
    java.util.Arrays.fill(a, 1f);
    var e = assertThrows(IllegalStateException.class, () -> Gemm.multiply(Gemm.Path.BLAS, 4, 4, 4,
        new Gemm.Operand(a, 0, 8, 2), Gemm.Operand.rowMajor(a, 4), new float[16], 0, 4));
    assertTrue(e.getMessage().contains("Path.AUTO"), e.getMessage());
    float[] c = new float[16];        // AUTO falls back to Graft's kernels for the same view
    Gemm.multiply(Gemm.Path.AUTO, 4, 4, 4, new Gemm.Operand(a, 0, 8, 2), Gemm.Operand.rowMajor(a, 4), c, 0, 4);
    float[] fours = new float[16];
    java.util.Arrays.fill(fours, 4f);
    assertArrayEquals(fours, c);
  }

  @Test void gemmAutoAgreesWithBlasPath() {
    Random r = new Random(14);
    Mat a = Mat.random(true, 96, 80, false, r), b = Mat.random(true, 80, 72, true, r);
    float[] viaAuto = new float[96 * 72], viaOwn = new float[96 * 72];
    Gemm.multiply(Gemm.Path.AUTO, 96, 72, 80, a.op(), b.op(), viaAuto, 0, 72);
    Gemm.multiply(Gemm.Path.PACKED_SCALAR, 96, 72, 80, a.op(), b.op(), viaOwn, 0, 72);
    for (int i = 0; i < viaAuto.length; i++) assertEquals(viaOwn[i], viaAuto[i], 1e-4, "C at " + i);
  }

  /**
   * OpenBLAS's idle workers spin {@code 2^N} TSC ticks after a product, N read from {@code OPENBLAS_THREAD_TIMEOUT}
   * in the process environment (which {@link OpenBlas} sets before the library loads). The window must span the gap to
   * the next back-to-back product (the next result's allocation: 0.1 ms or more for a 1024×1024 result) and stay
   * under a millisecond, so Graft's own kernels get the core back: at a 3 GHz TSC that is N in 19..21. With N = 4
   * every product woke sleeping workers (W1 n = 256: 0.247 vs 0.197 ms per product).
   */
  @Test @SuppressWarnings("restricted") void idleOpenBlasWorkersSpinForBackToBackProducts() throws Throwable {
    assertEquals("loaded", Blas.openBlasStatus(), "OpenBLAS (loaded here, as by the first f64 product)");
    double ms = Math.scalb(1.0, OpenBlas.SPIN_WAIT_LOG2) / 3e9 * 1e3;
    assertTrue(ms >= 0.1 && ms <= 1.0, "2^" + OpenBlas.SPIN_WAIT_LOG2 + " ticks = " + ms + " ms at 3 GHz; want 0.1..1 ms");
    Linker linker = Linker.nativeLinker();
    var getenv = linker.downcallHandle(linker.defaultLookup().findOrThrow("getenv"),
        FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    String userValue = System.getenv(OpenBlas.SPIN_WAIT_VARIABLE);   // the JVM's start-up environment: the user's choice
    try (Arena arena = Arena.ofConfined()) {
      var value = (MemorySegment) getenv.invokeExact(arena.allocateFrom(OpenBlas.SPIN_WAIT_VARIABLE));
      assertFalse(value.equals(MemorySegment.NULL), OpenBlas.SPIN_WAIT_VARIABLE + " is not set");
      String seen = value.reinterpret(64).getString(0);
      assertEquals(userValue != null ? userValue : Integer.toString(OpenBlas.SPIN_WAIT_LOG2), seen,
          "what OpenBLAS read at load (a value the user set must be kept)");
    }
  }
}
