package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.ChildJvm;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.Reductions.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * f32/f64 sums and products ({@link Sums}): accurate (f64 accumulation, one rounding to f32) and reproducible
 * (the same bits on every call, tier, thread count and SIMD width).
 */
class SumsTest {
  private static NdArray f32(int[] dims, float[] a) { return NdArray.wrap(Shape.of(dims), a); }

  private static float sum(NdArray x, int... axes) { return Reductions.reduce(Op.SUM, x, axes).f32()[0]; }

  // ---------------------------------------------------------------- accuracy

  @Test void sumAndMeanOfManyTenthsAreTheRoundedExactValue() {
    int n = 1 << 24;                                          // 64 MB
    float[] a = new float[n];
    Arrays.fill(a, 0.1f);
    float want = (float) ((double) n * 0.1f);                 // exact in f64, rounded once
    assertEquals(want, sum(f32(new int[] {n}, a), 0));
    assertEquals(0.1f, (float) ((double) sum(f32(new int[] {n}, a), 0) / n), Math.ulp(0.1f));
    assertEquals(want, sum(f32(new int[] {1 << 12, 1 << 12}, a), 0, 1), "two passes round once");
    float[] cols = Reductions.reduce(Op.SUM, f32(new int[] {1 << 22, 4}, a), new int[] {0}).f32();
    float colWant = (float) ((double) (1 << 22) * 0.1f);
    for (float c : cols) assertEquals(colWant, c, "row pass (axis 0, inner 4)");
    float[] mid = Reductions.reduce(Op.SUM, f32(new int[] {2, 1 << 21, 4}, a), new int[] {1}).f32();
    for (float c : mid) assertEquals(colWant / 2, c, Math.ulp(colWant / 2), "row pass (axis 1 of 3)");
  }

  @Test void aLargeValueDoesNotSwallowManySmallOnes() {
    int n = (1 << 22) + 2;
    float[] a = new float[n];
    Arrays.fill(a, 1f);
    a[0] = 1 << 25;                                           // f32 ulp 4: a sequential f32 sum drops every 1
    a[n - 1] = -(1 << 25);
    assertEquals(n - 2, sum(f32(new int[] {n}, a), 0));
    assertEquals(n - 2, sum(f32(new int[] {n / 2, 2}, a), 0, 1));
    float[] t = Reductions.reduce(Op.SUM, f32(new int[] {n / 2, 2}, a), new int[] {0}).f32();
    assertEquals(n - 2, t[0] + t[1]);                         // each column: exact in f64, exact in f32
  }

  @Test void f64SumsArePairwiseAccurate() {
    int n = 1 << 22;
    double[] a = new double[n];
    Arrays.fill(a, 0.1);
    double got = Reductions.reduce(Op.SUM, NdArray.wrap(Shape.of(n), a), new int[] {0}).f64()[0];
    assertEquals(n * 0.1, got, 200 * Math.ulp(n * 0.1), "within the documented bound, far below n ulps");
  }

  // ---------------------------------------------------------------- the blocking scheme

  /** The documented scheme, written plainly: f64 lanes t mod 16, pairwise lanes, pairwise blocks. */
  private static double runRef(boolean sum, double[] v, int off, int n) {
    int nb = Math.max(1, (n + Sums.RUN_BLOCK - 1) / Sums.RUN_BLOCK);
    double[] p = new double[nb];
    for (int b = 0; b < nb; b++) {
      double[] acc = new double[Sums.LANES];
      Arrays.fill(acc, sum ? 0 : 1);
      for (int t = 0; t < Math.min(Sums.RUN_BLOCK, n - b * Sums.RUN_BLOCK); t++) {
        double x = v[off + b * Sums.RUN_BLOCK + t];
        acc[t % Sums.LANES] = sum ? acc[t % Sums.LANES] + x : acc[t % Sums.LANES] * x;
      }
      p[b] = pairwiseRef(sum, acc);
    }
    return pairwiseRef(sum, p);
  }

  private static double pairwiseRef(boolean sum, double[] a) {
    if (a.length == 1) return a[0];
    double[] next = new double[(a.length + 1) / 2];
    for (int i = 0; i + 1 < a.length; i += 2) next[i / 2] = sum ? a[i] + a[i + 1] : a[i] * a[i + 1];
    if (a.length % 2 == 1) next[next.length - 1] = a[a.length - 1];
    return pairwiseRef(sum, next);
  }

  /** Row pass reference: blocks of ROW_BLOCK rows summed in order, block results folded in order. */
  private static double rowsRef(boolean sum, double[] v, int outer, int r, int inner, int o, int j) {
    double total = 0;
    for (int k0 = 0; k0 < r; k0 += Sums.ROW_BLOCK) {
      double blk = v[(o * r + k0) * inner + j];
      for (int k = k0 + 1; k < Math.min(r, k0 + Sums.ROW_BLOCK); k++) {
        double x = v[(o * r + k) * inner + j];
        blk = sum ? blk + x : blk * x;
      }
      total = k0 == 0 ? blk : sum ? total + blk : total * blk;
    }
    return total;
  }

  /**
   * Whatever path the kernel takes (SIMD or scalar lanes, rows or blocks per thread, any thread count), each result
   * is bit-identical to the plain sequential evaluation of the documented blocks: a pure function of data and shape.
   */
  @Test void everyPathComputesTheDocumentedBlocksBitForBit() {
    SplittableRandom rnd = new SplittableRandom(7);
    int[][] shapes = {{1, 37, 1}, {1, 2048, 1}, {1, 2049, 1}, {1, 1_000_003, 1}, {3, 333_337, 1}, {5000, 100, 1},
        {1, 100_003, 3}, {1, 300_001, 4}, {7, 1000, 17}, {2, 300, 5000}, {1, 129, 2}};
    for (int[] sh : shapes) {
      int outer = sh[0], r = sh[1], inner = sh[2], n = outer * r * inner;
      for (boolean sum : new boolean[] {true, false}) {
        float[] a = new float[n];
        double[] d = new double[n];
        for (int i = 0; i < n; i++) { a[i] = sum ? (float) (rnd.nextDouble() * 2 - 0.9) : (float) (1 + (rnd.nextDouble() - 0.5) * 1e-4); d[i] = a[i]; }
        Op op = sum ? Op.SUM : Op.PROD;
        float[] gotF = Reductions.reduce(op, NdArray.wrap(Shape.of(outer, r, inner), a), new int[] {1}).f32();
        double[] gotD = Reductions.reduce(op, NdArray.wrap(Shape.of(outer, r, inner), d), new int[] {1}).f64();
        for (int o = 0; o < outer; o++)
          for (int j = 0; j < inner; j++) {
            double want = inner == 1 ? runRef(sum, d, o * r, r) : rowsRef(sum, d, outer, r, inner, o, j);
            String at = op + " " + Arrays.toString(sh) + " at (" + o + ", " + j + ")";
            assertEquals(Float.floatToRawIntBits((float) want), Float.floatToRawIntBits(gotF[o * inner + j]), "f32 " + at);
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(gotD[o * inner + j]), "f64 " + at);
          }
      }
    }
  }

  // ---------------------------------------------------------------- reproducibility

  @Test void repeatedSumsAreBitIdenticalAcrossJitTiers() {
    SplittableRandom rnd = new SplittableRandom(3);
    float[] small = new float[1000];
    for (int i = 0; i < small.length; i++) small[i] = (float) rnd.nextDouble();
    NdArray s = f32(new int[] {1000}, small);
    int first = Float.floatToRawIntBits(sum(s, 0));
    for (int i = 0; i < 20_000; i++) assertEquals(first, Float.floatToRawIntBits(sum(s, 0)), "call " + i);
    float[] big = new float[4 << 20];
    for (int i = 0; i < big.length; i++) big[i] = (float) rnd.nextDouble();
    NdArray b = f32(new int[] {4 << 20}, big), rows = f32(new int[] {1 << 20, 4}, big);
    int bigFirst = Float.floatToRawIntBits(sum(b, 0));
    float[] rowsFirst = Reductions.reduce(Op.SUM, rows, new int[] {0}).f32();
    for (int i = 0; i < 30; i++) {
      assertEquals(bigFirst, Float.floatToRawIntBits(sum(b, 0)), "4M call " + i);
      assertEquals(Arrays.toString(rowsFirst), Arrays.toString(Reductions.reduce(Op.SUM, rows, new int[] {0}).f32()), "rows call " + i);
    }
  }

  /** The sums {@link Child} prints: data from a fixed seed, shapes that take every parallel path. */
  static String sums() {
    SplittableRandom rnd = new SplittableRandom(11);
    float[] a = new float[4 << 20];
    for (int i = 0; i < a.length; i++) a[i] = (float) (rnd.nextDouble() - 0.3);
    StringBuilder sb = new StringBuilder();
    int[][][] cases = {{{4 << 20}, {0}}, {{2, 2 << 20}, {1}}, {{1 << 20, 4}, {0}}, {{4, 1 << 20}, {0}},
        {{1 << 10, 1 << 12}, {0, 1}}, {{8, 1 << 17, 4}, {0, 2}}};
    for (int[][] c : cases)
      for (float v : Reductions.reduce(Op.SUM, NdArray.wrap(Shape.of(c[0]), a), c[1]).f32())
        sb.append(Integer.toHexString(Float.floatToRawIntBits(v))).append(' ');
    return sb.toString().trim();
  }

  /** Prints {@link #sums()} (run in a fresh JVM with another {@code -Dgraft.threads}). */
  public static final class Child {
    public static void main(String[] args) { System.out.println(sums()); }
  }

  @Test void sumsAreBitIdenticalAcrossThreadCountsAndRuns() throws Exception {
    String here = sums();
    assertEquals(here, runChild("-Dgraft.threads=1", "-Dgraft.simd=false"), "one thread, scalar lanes");
    assertEquals(here, runChild("-Dgraft.threads=3", "-Dgraft.simd=true"), "three threads");
  }

  private static String runChild(String threads, String simd) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "--add-modules", "jdk.incubator.vector", "-Xmx512m", threads, simd,
        "-cp", ChildJvm.classPath(), Child.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "child JVM failed: " + err);
    return out;
  }
}
