package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.trace.prim.WindowOp;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Laws of the reductions family. Shapes come from small generated dims (0 and 1 included); values from a seed. */
class ReductionsProperties {
  private static int[] dims(List<Integer> d) { return d.stream().mapToInt(Integer::intValue).toArray(); }

  private static int size(int[] dims) {
    int n = 1;
    for (int e : dims) n *= e;
    return n;
  }

  private static double[] values(int n, long seed, double lo, double hi) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * r.nextDouble();
    return v;
  }

  @Property(tries = 50)
  void sumOverAllAxesIsTheSumOfElements(@ForAll @Size(max = 4) List<@IntRange(min = 0, max = 5) Integer> shape, @ForAll long seed) {
    int[] d = dims(shape);
    double[] v = values(size(d), seed, -10, 10);
    double want = 0;
    for (double e : v) want += e;
    Array x = d.length == 0 ? Array.scalar(v[0]) : Array.of(v, d);
    assertEquals(want, (double) x.sum().item(), 1e-9);
    assertEquals(want, (double) Np.sum(x, null, false).item(), 1e-9);
  }

  @Property(tries = 50)
  void reducingOverAThenBIsReducingOverBoth(@ForAll @IntRange(min = 0, max = 4) int d0, @ForAll @IntRange(min = 0, max = 4) int d1,
                                            @ForAll @IntRange(min = 1, max = 4) int d2, @ForAll @IntRange(min = 0, max = 2) int a,
                                            @ForAll @IntRange(min = 0, max = 2) int b, @ForAll long seed) {
    Assume.that(a != b);
    int[] shape = {d0, d1, d2};
    int n = size(shape);
    int[] ints = new int[n];
    Random r = new Random(seed);
    for (int i = 0; i < n; i++) ints[i] = r.nextInt(2001) - 1000;
    Array x = Array.of(ints, shape);
    int bAfter = b > a ? b - 1 : b;
    assertArrayEquals(x.sum(a, b).toIntArray(), x.sum(a).sum(bAfter).toIntArray());
    assertArrayEquals(x.prod(a, b).toIntArray(), x.prod(a).prod(bAfter).toIntArray());
    Array f = x.astype(Np.float32);
    assertArrayEquals(Lax.reduceMax(f, a, b).toFloatArray(), Lax.reduceMax(Lax.reduceMax(f, a), bAfter).toFloatArray());
    assertArrayEquals(Lax.reduceMin(f, a, b).toFloatArray(), Lax.reduceMin(Lax.reduceMin(f, a), bAfter).toFloatArray());
  }

  @Property(tries = 50)
  void softmaxRowsSumToOneAndIgnoreShifts(@ForAll @IntRange(min = 1, max = 4) int rows, @ForAll @IntRange(min = 1, max = 6) int cols,
                                          @ForAll @DoubleRange(min = -500, max = 500) double shift, @ForAll long seed) {
    double[] v = values(rows * cols, seed, -30, 30);
    Array x = Array.of(v, rows, cols);
    double[] p = Np.softmax(x).toDoubleArray();
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int c = 0; c < cols; c++) { s += p[r * cols + c]; assertTrue(p[r * cols + c] >= 0); }
      assertEquals(1.0, s, 1e-12);
    }
    assertArrayEquals(p, Np.softmax(x.add(shift)).toDoubleArray(), 1e-9);
    assertArrayEquals(Np.logSoftmax(x).toDoubleArray(), Np.logSoftmax(x.add(shift)).toDoubleArray(), 1e-9);
  }

  @Property(tries = 50)
  void logsumexpIsLogOfSumOfExp(@ForAll @IntRange(min = 1, max = 8) int n, @ForAll long seed) {
    double[] v = values(n, seed, -20, 20);
    double s = 0;
    for (double e : v) s += Math.exp(e);
    assertEquals(Math.log(s), (double) Np.logsumexp(Array.of(v)).item(), 1e-12);
    Array big = Array.of(values(n, seed, 990, 1010));
    double lse = (double) Np.logsumexp(big).item(), max = (double) big.max().item();
    assertTrue(Double.isFinite(lse) && lse >= max && lse <= max + Math.log(n) + 1e-9, "logsumexp " + lse + " max " + max);
    float f32 = (float) Np.logsumexp(big.astype(Np.float32)).item();
    assertTrue(Float.isFinite(f32), "f32 logsumexp of values near 1000 is finite: " + f32);
  }

  @Property(tries = 50)
  void unitWindowSumIsTheIdentity(@ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 4) Integer> shape, @ForAll long seed) {
    int[] d = dims(shape), ones = new int[d.length];
    java.util.Arrays.fill(ones, 1);
    Array x = Array.of(values(size(d), seed, -5, 5), d);
    Array y = Lax.reduceWindow(x, WindowOp.SUM, ones, ones, new int[d.length][2]);
    assertArrayEquals(x.shape(), y.shape());
    assertArrayEquals(x.toDoubleArray(), y.toDoubleArray(), 0);
  }
}
