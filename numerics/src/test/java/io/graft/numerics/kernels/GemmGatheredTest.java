package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link GemmGathered} operands against the same matrices copied densely: the packed product reads
 * {@code M[r, c] = store[rowOffset[r] + colOffset[c]]} through the offset tables exactly as it reads a row-major
 * copy (the same packed panels, so the same sums bit for bit), for unit, run-structured and scattered offsets.
 */
class GemmGatheredTest {
  /** Offsets of {@code n} indices: unit ({@code kind 0}), runs of {@code run} with gaps (1), or shuffled (2). */
  static int[] offsets(int n, int kind, int run, int stride, Random r) {
    int[] off = new int[n];
    for (int i = 0; i < n; i++) {
      off[i] = switch (kind) {
        case 0 -> i;
        case 1 -> (i / run) * (run + 3) + i % run;
        default -> i * stride;
      };
    }
    if (kind == 2) for (int i = n - 1; i > 0; i--) { int j = r.nextInt(i + 1), t = off[i]; off[i] = off[j]; off[j] = t; }
    return off;
  }

  /** A store big enough for every offset sum, random values, and the gathered matrix copied densely. */
  static float[] dense(float[] store, int[] ro, int[] co) {
    float[] d = new float[ro.length * co.length];
    for (int i = 0; i < ro.length; i++) for (int j = 0; j < co.length; j++) d[i * co.length + j] = store[ro[i] + co[j]];
    return d;
  }

  static float[] store(int[] ro, int[] co, Random r) {
    int max = 0;
    for (int a : ro) for (int b : co) max = Math.max(max, a + b);
    float[] s = new float[max + 1];
    for (int i = 0; i < s.length; i++) s[i] = (float) r.nextGaussian();
    return s;
  }

  @Property(tries = 80)
  void gatheredOperandsMultiplyLikeTheirDenseCopies(@ForAll @IntRange(min = 1, max = 70) int m,
                                                    @ForAll @IntRange(min = 1, max = 70) int n,
                                                    @ForAll @IntRange(min = 1, max = 300) int k,
                                                    @ForAll @IntRange(min = 0, max = 2) int aRows, @ForAll @IntRange(min = 0, max = 2) int aCols,
                                                    @ForAll @IntRange(min = 0, max = 2) int bCols, @ForAll @IntRange(min = 1, max = 20) int run,
                                                    @ForAll long seed) {
    Random r = new Random(seed);
    int[] ar = offsets(m, aRows, run, 1000, r), ac = offsets(k, aCols, run, 7, r);
    int[] br = offsets(k, 2, run, 500, r), bc = offsets(n, bCols, run, 3, r);
    float[] as = store(ar, ac, r), bs = store(br, bc, r);
    float[] got = new float[m * n], want = new float[m * n];
    Gemm.multiplyPacked(m, n, k, new GemmGathered(as, ar, ac), new GemmGathered(bs, br, bc), got, 0, n, true);
    Gemm.multiplyPacked(m, n, k, Gemm.Operand.rowMajor(dense(as, ar, ac), k), Gemm.Operand.rowMajor(dense(bs, br, bc), n), want, 0, n,
        true);
    assertArrayEquals(want, got, "m=" + m + " n=" + n + " k=" + k + " kinds " + aRows + aCols + bCols + " run " + run);
  }

  @Test void runLengthsFindTheAlignedBlocksOfConsecutiveOffsets() {
    assertEquals(3, new GemmGathered(new float[1], new int[] {0}, new int[] {0, 1, 2, 10, 11, 12}).run);
    assertEquals(1, new GemmGathered(new float[1], new int[] {0}, new int[] {0, 5, 10}).run);
    assertEquals(2, new GemmGathered(new float[1], new int[] {0}, new int[] {0, 1, 7, 8, 3, 4}).run);
    GemmGathered unit = new GemmGathered(new float[1], new int[] {4, 5, 6}, new int[] {0, 1, 2, 3});
    assertEquals(true, unit.unitColumns);
    assertEquals(true, unit.unitRows);
  }

  @Test void f64GatheredOperandsToo() {
    Random r = new Random(5);
    int m = 13, n = 9, k = 40;
    int[] ar = offsets(m, 1, 4, 1, r), ac = offsets(k, 1, 8, 1, r), br = offsets(k, 2, 1, 11, r), bc = offsets(n, 0, 1, 1, r);
    float[] as32 = store(ar, ac, r), bs32 = store(br, bc, r);
    double[] as = new double[as32.length], bs = new double[bs32.length];
    for (int i = 0; i < as.length; i++) as[i] = as32[i];
    for (int i = 0; i < bs.length; i++) bs[i] = bs32[i];
    double[] got = new double[m * n];
    Gemm.multiplyPacked(m, n, k, new GemmGathered(as, ar, ac), new GemmGathered(bs, br, bc), got, 0, n, false);
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) s += as[ar[i] + ac[p]] * bs[br[p] + bc[j]];
        assertEquals(s, got[i * n + j], 1e-12 * (1 + Math.abs(s)) * k);
      }
  }
}
