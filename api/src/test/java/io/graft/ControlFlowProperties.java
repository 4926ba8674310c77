package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Control flow against Java loops and branches, over random lengths, directions, indices and data. */
class ControlFlowProperties {
  private static Array gaussian(Random r, int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
    return Array.of(a, shape);
  }

  /** y_i = c * x_i + sin(c) with c_{i+1} = 0.5 c + x_i, over steps in the scan's order. */
  @Property(tries = 40) void scanEqualsAJavaLoopEagerAndUnderJit(@ForAll @IntRange(min = 0, max = 12) int length,
                                                                 @ForAll boolean reverse, @ForAll long seed) {
    Random r = new Random(seed);
    Array xs = gaussian(r, length, 2), c0 = gaussian(r, 2);
    Function<Array, Tuple2<Array, Array>> f = x -> Lax.scan((Array c, Array e) -> Tuple.of(c.mul(0.5).add(e), c.mul(e).add(c.sin())),
        c0, x, new ScanOptions(length, reverse, 1));
    double[] c = c0.toDoubleArray(), x = xs.toDoubleArray();
    double[] ys = new double[length * 2];
    for (int s = 0; s < length; s++) {
      int i = reverse ? length - 1 - s : s;
      for (int k = 0; k < 2; k++) {
        double e = x[i * 2 + k];
        ys[i * 2 + k] = c[k] * e + Math.sin(c[k]);
        c[k] = 0.5 * c[k] + e;
      }
    }
    Tuple2<Array, Array> eager = f.apply(xs);
    assertArrayEquals(c, eager._1.toDoubleArray(), 1e-12);
    assertArrayEquals(ys, eager._2.toDoubleArray(), 1e-12);
    assertArrayEquals(new int[] {length, 2}, eager._2.shape());
    Tuple2<Array, Array> jitted = Graft.jit(f).apply(xs);
    assertArrayEquals(c, jitted._1.toDoubleArray(), 1e-12);
    assertArrayEquals(ys, jitted._2.toDoubleArray(), 1e-12);
  }

  @Property(tries = 40) void switchCaseEqualsAJavaSwitchUnderVmapAndJit(@ForAll @IntRange(min = -3, max = 6) int k0,
                                                                        @ForAll @IntRange(min = -3, max = 6) int k1, @ForAll long seed) {
    Random r = new Random(seed);
    Array x = gaussian(r, 2, 3);
    List<Function<Array, Array>> branches = List.of(v -> v.sin(), v -> v.mul(v), v -> v.exp().neg());
    Array idx = Array.of(new int[] {k0, k1});
    Array batched = Graft.vmap((Array i, Array v) -> Lax.switchCase(i, branches, v), 0, 0).apply(idx, x);
    Array jitted = Graft.jit(Graft.vmap((Array i, Array v) -> Lax.switchCase(i, branches, v), 0, 0)).apply(idx, x);
    int[] ks = {k0, k1};
    for (int b = 0; b < 2; b++) {
      Array want = branches.get(Math.max(0, Math.min(2, ks[b]))).apply(x.get(b));
      assertArrayEquals(want.toDoubleArray(), batched.get(b).toDoubleArray(), 1e-12);
      assertArrayEquals(want.toDoubleArray(), jitted.get(b).toDoubleArray(), 1e-12);
    }
  }

  @Property(tries = 30) void foriLoopGradEqualsTheUnrolledLoopsGrad(@ForAll @IntRange(min = 0, max = 8) int n, @ForAll long seed) {
    Random r = new Random(seed);
    Array x0 = gaussian(r, 3), a = gaussian(r, 3);
    ArrayFn viaFori = x -> Lax.foriLoop(0, n, (i, acc) -> acc.mul(a).add(x.mul(i.astype(DType.F64))).tanh(), x).sum();
    ArrayFn unrolled = x -> {
      Array acc = x;
      for (int i = 0; i < n; i++) acc = acc.mul(a).add(x.mul((double) i)).tanh();
      return acc.sum();
    };
    assertEquals(unrolled.apply(x0).item().doubleValue(), viaFori.apply(x0).item().doubleValue(), 1e-12);
    assertArrayEquals(Graft.grad(unrolled).apply(x0).toDoubleArray(), Graft.grad(viaFori).apply(x0).toDoubleArray(), 1e-10);
  }
}
