package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.jit.Passes;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The jit's {@code scan_hoist} pass ({@link io.graft.jit.passes.ScanHoist}): the input projection {@code x_t W} runs
 * as one product before the loop and the weight gradients {@code Σ_t h_tᵀ g_t} as one product after it, with the
 * same values as the eager scan (which runs the body as traced, step by step) for forward, grad and vmap, forwards
 * and reversed.
 */
class ScanHoistTest {
  /** An RNN's parameters. */
  record Params(Array w, Array u, Array b) {}

  private static Array data(long seed, int... shape) {
    Random r = new Random(seed);
    int n = 1;
    for (int d : shape) n *= d;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = r.nextDouble() * 2 - 1;
    return Array.of(v, shape);
  }

  private static final int T = 7, B = 3, N = 5, H = 4;
  private static final Params P = new Params(data(1, N, H).mul(0.5), data(2, H, H).mul(0.5), data(3, H));
  private static final Array XS = data(4, T, B, N), H0 = data(5, B, H);

  /** {@code h' = tanh(x W + h U + b)}; ys: the states. */
  private static Tuple2<Array, Array> rnn(Params p, Array xs, Array h0, boolean reverse) {
    ScanOptions o = reverse ? ScanOptions.DEFAULT.reversed() : ScanOptions.DEFAULT;
    return Lax.scan((Array h, Array x) -> {
      Array h2 = x.matmul(p.w()).add(h.matmul(p.u())).add(p.b()).tanh();
      return Tuple.of(h2, h2);
    }, h0, xs, o);
  }

  private static Array loss(Params p, Array xs, Array h0, boolean reverse) {
    Tuple2<Array, Array> r = rnn(p, xs, h0, reverse);
    return r._1.sum().add(r._2.mul(r._2).sum());
  }

  private static void near(Array want, Array got) {
    assertArrayEquals(want.shape(), got.shape());
    assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-12);
  }

  private static void near(Params want, Params got) {
    near(want.w(), got.w());
    near(want.u(), got.u());
    near(want.b(), got.b());
  }

  @Test void forwardEqualsTheEagerScan() {
    for (boolean reverse : new boolean[] {false, true}) {
      Tuple2<Array, Array> want = rnn(P, XS, H0, reverse);
      Tuple2<Array, Array> got = Graft.jit((Params p) -> rnn(p, XS, H0, reverse)).apply(P);
      near(want._1, got._1);
      near(want._2, got._2);
    }
  }

  @Test void gradEqualsTheEagerScan() {
    for (boolean reverse : new boolean[] {false, true}) {
      TreeFn<Params> f = p -> loss(p, XS, H0, reverse);
      near(Graft.grad(f).apply(P), Graft.jit(Graft.grad(f)).apply(P));
    }
  }

  @Test void gradWithRespectToTheInputsEqualsTheEagerScan() {
    Function<Array, Array> f = Graft.grad((Array xs) -> loss(P, xs, H0, false));
    near(f.apply(XS), Graft.jit(f).apply(XS));
  }

  @Test void vmapEqualsTheEagerScan() {
    Array xss = data(6, 2, T, B, N), ws = data(7, 2, N, H);
    Function<Array, Array> shared = xs -> rnn(P, xs, H0, false)._2;     // W unbatched: the projection is hoisted
    near(Graft.vmap(shared).apply(xss), Graft.jit(Graft.vmap(shared)).apply(xss));
    Function<Array, Array> perW = w -> rnn(new Params(w, P.u(), P.b()), XS, H0, false)._2;   // W batched too
    near(Graft.vmap(perW).apply(ws), Graft.jit(Graft.vmap(perW)).apply(ws));
    Function<Array, Array> gradPerX = Graft.vmap(Graft.grad((Array xs) -> loss(P, xs, H0, true)));
    near(gradPerX.apply(xss), Graft.jit(gradPerX).apply(xss));
  }

  /** Accumulators the pass sums after the loop by the generic rule, and ones it must leave in the loop. */
  @Test void otherAccumulatorsEqualTheEagerScan() {
    Function<Array, Tuple2<Tuple2<Array, Array>, Array>> f = w -> Lax.scan((Tuple2<Array, Array> c, Array x) -> {
      Array inc = x.matmul(w).sin();                 // generic increment: a per-step value, summed after the loop
      Array acc = c._1.add(inc);
      Array run = c._2.add(x.matmul(w));             // the running sum is also a y: stays a carry
      return Tuple.of(Tuple.of(acc, run), run);
    }, Tuple.of(H0.mul(0.0).add(1.0), H0), XS.get(0).reshape(1, B, N).add(XS));
    Tuple2<Tuple2<Array, Array>, Array> want = f.apply(P.w()), got = Graft.jit(f).apply(P.w());
    near(want._1._1, got._1._1);
    near(want._1._2, got._1._2);
    near(want._2, got._2);
  }

  /** Increments summed straight from the stacked xs and from a loop invariant: every carry leaves the loop. */
  @Test void sliceAndInvariantIncrementsEqualTheEagerScan() {
    Function<Array, Tuple2<Array, Array>> f = w -> Lax.scan((Tuple2<Array, Array> c, Array x) ->
        Tuple.of(Tuple.of(c._1.add(x), c._2.add(w)), x.sum()), Tuple.of(H0.mul(0.0).add(2.0).matmul(w.transpose()), w), XS)._1;
    Tuple2<Array, Array> want = f.apply(P.w()), got = Graft.jit(f).apply(P.w());
    near(want._1, got._1);
    near(want._2, got._2);
    String after = stage(Graft.jit(f).stages(P.w()), "scan_hoist");
    assertTrue(after.contains("num_carry=0"), after);
  }

  @Test void gradOfTheRnnHasOneProductPerStepLeftInEachLoop() {
    TreeFn<Params> f = p -> loss(p, XS, H0, false);
    List<Passes.Stage> stages = Graft.jit(Graft.grad(f)).stages(P);
    String before = stage(stages, "dce"), after = stage(stages, "scan_hoist");
    assertTrue(before.contains("num_carry=4"), before);   // the transposed scan carries dh, dW, dU, db
    assertEquals(2, count(after, "num_carry=1"), after);  // both scans carry h (dh) alone
    // x_t W for all t before the loop; Σ_t x_tᵀ g_t and Σ_t h_tᵀ g_t after it, contracting the stacked axis too
    assertEquals(1, count(after, "dot_general[dimension_numbers=(([2], [0]), ([], []))"), after);
    assertEquals(2, count(after, "dot_general[dimension_numbers=(([0, 1], [0, 1]), ([], []))"), after);
    assertEquals(count(before, "dot_general"), count(after, "dot_general"), after);
  }

  private static String stage(List<Passes.Stage> stages, String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().text();
  }

  private static int count(String s, String part) { return s.split(java.util.regex.Pattern.quote(part), -1).length - 1; }
}
