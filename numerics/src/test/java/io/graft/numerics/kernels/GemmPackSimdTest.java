package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.Simd;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Vector API packing of gathered and row-major A blocks into 4- and 8-row panels writes the same panels as the scalar loops. */
class GemmPackSimdTest {
  @Test void transposedRunsEqualTheScalarPacking() {
    Assumptions.assumeTrue(Simd.AVAILABLE, "the Vector API module is not loaded");
    Random r = new Random(41);
    // (input features per tap = the run, taps, output positions = rows, block start p0, block depth)
    int[][] cases = {{64, 9, 37, 0, 256}, {64, 9, 37, 256, 256}, {64, 9, 37, 512, 64}, {128, 9, 8, 0, 256},
        {16, 3, 5, 0, 48}, {32, 9, 130, 256, 31}, {512, 1, 4, 0, 256}, {24, 9, 6, 0, 200}};
    for (int[] c : cases) {
      int run = c[0], taps = c[1], rows = c[2], p0 = c[3], k = run * taps, depth = Math.min(c[4], k - p0);
      float[] src = new float[rows * 3 * run + k * 2 + 100];
      for (int i = 0; i < src.length; i++) src[i] = (float) r.nextGaussian();
      int[] rowOff = new int[rows], colOff = new int[k];
      for (int i = 0; i < rows; i++) rowOff[i] = i * 3 * run / 2 + (i % 3);            // positions, not consecutive
      for (int t = 0; t < taps; t++) for (int f = 0; f < run; f++) colOff[t * run + f] = t * (run + 5) + f;
      GemmGathered g = new GemmGathered(src, rowOff, colOff);
      for (int mr : new int[] {4, 8}) {
        if (!GemmPackSimd.applies(g, mr)) { assertTrue(run < FloatVectorLength.L || mr > FloatVectorLength.L, "run " + run); continue; }
        for (int i0 : new int[] {0, 1}) {
          int n = rows - i0;
          assertSamePanels(n, mr, depth, want -> GemmPackF32.packA(g, i0, p0, n, depth, want, mr),
              got -> GemmPackSimd.packA(g, i0, p0, n, depth, got, mr),
              "mr " + mr + ", run " + run + ", rows " + n + ", p0 " + p0 + ", depth " + depth);
        }
      }
    }
  }

  /** Row-major blocks (an offset view, a row stride wider than the block, ragged depths and panels) pack the same. */
  @Test void rowMajorBlocksEqualTheScalarPacking() {
    Assumptions.assumeTrue(Simd.AVAILABLE, "the Vector API module is not loaded");
    Random r = new Random(43);
    // (rows, row stride, offset, block start row i0, block start column p0, depth)
    int[][] cases = {{128, 784, 0, 0, 0, 256}, {128, 784, 0, 0, 768, 16}, {37, 300, 5, 1, 17, 131}, {8, 64, 0, 0, 0, 64},
        {13, 50, 3, 2, 7, 9}, {3, 40, 0, 0, 0, 40}};
    for (int[] c : cases) {
      int rows = c[0], rs = c[1], off = c[2], i0 = c[3], p0 = c[4], depth = c[5];
      float[] src = new float[off + rows * rs + 16];
      for (int i = 0; i < src.length; i++) src[i] = (float) r.nextGaussian();
      Gemm.Operand a = new Gemm.Operand(src, off, rs, 1);
      for (int mr : new int[] {4, 8}) {
        if (!GemmPackSimd.applies(a, mr)) { assertTrue(mr > FloatVectorLength.L, "mr " + mr); continue; }
        int n = rows - i0;
        assertSamePanels(n, mr, depth, want -> GemmPackF32.packA(a, i0, p0, n, depth, want, mr),
            got -> GemmPackSimd.packA(a, i0, p0, n, depth, got, mr),
            "mr " + mr + ", rows " + n + ", row stride " + rs + ", p0 " + p0 + ", depth " + depth);
      }
    }
    assertTrue(!GemmPackSimd.applies(Gemm.Operand.rowMajor(new float[16], 4).transpose(), 8), "a transposed view stays scalar");
  }

  /** The panels {@code simd} writes for {@code rows} rows equal the ones {@code scalar} writes (every slot written). */
  private static void assertSamePanels(int rows, int mr, int depth, java.util.function.Consumer<float[]> scalar,
                                       java.util.function.Consumer<float[]> simd, String what) {
    float[] want = new float[(rows + mr - 1) / mr * mr * depth], got = new float[want.length];
    java.util.Arrays.fill(got, Float.NaN);
    scalar.accept(want);
    simd.accept(got);
    assertArrayEquals(want, got, what);
  }

  /** The preferred f32 vector's length, read without loading the Vector API when it is absent. */
  private static final class FloatVectorLength {
    static final int L = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
  }
}
