package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.Tuple3;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Jitted loops recycle carry buffers ({@code io.graft.jit.CarryLoops}) without changing a bit: each case runs jit
 * against eager, bitwise, on bodies whose results alias in the ways that make reuse unsafe if done carelessly (a y
 * that is the previous carry, a y that is the new carry, a carry passed through unchanged, a carry that is a
 * closed-over array, a loop inside a loop), and checks that no argument's data changed.
 */
class CarryReuseTest {
  private static final int N = 64;

  private static Array ramp(double scale) {
    float[] v = new float[N];
    for (int i = 0; i < N; i++) v[i] = (i - N / 2) * (float) scale;
    return Array.of(v);
  }

  private static void same(Array eager, Array jitted) { assertArrayEquals(eager.toFloatArray(), jitted.toFloatArray()); }

  /** Runs {@code f} eagerly and jitted on {@code x}, compares bitwise, and checks {@code x} is unchanged. */
  private static <R> void jitEqualsEager(Function<Array, R> f, Array x, java.util.function.BiConsumer<R, R> compare) {
    float[] before = x.toFloatArray();
    R eager = f.apply(x);
    var jf = Graft.jit(f::apply);
    for (int i = 0; i < 3; i++) compare.accept(eager, jf.apply(x));   // repeated: nothing is left over between runs
    assertArrayEquals(before, x.toFloatArray(), "the argument was overwritten");
  }

  private static void pairs(Tuple2<Array, Array> a, Tuple2<Array, Array> b) { same(a._1, b._1); same(a._2, b._2); }

  @Test void aYThatIsThePreviousCarry() {
    jitEqualsEager(x -> Lax.scan((Array c) -> Tuple.of(c.mul(0.5).add(1.0), c), x, 40), ramp(0.1), CarryReuseTest::pairs);
  }

  @Test void aYThatIsTheNewCarryTwice() {
    // the transpose reads across rows: writing it over its own operand's buffer would mix old and new values
    jitEqualsEager(x -> Lax.scan((Array c) -> { Array n = c.transpose().mul(0.5).add(c.sum()); return Tuple.of(n, Tuple.of(n, n)); },
            x.reshape(8, 8), 40)
        .map2(t -> t._1.add(t._2)), ramp(0.1), CarryReuseTest::pairs);
  }

  @Test void aCarryPassedThroughAndOneUpdated() {
    jitEqualsEager(x -> Lax.scan((Tuple2<Array, Array> c) -> Tuple.of(Tuple.of(c._1, c._2.mul(c._1).add(0.125)), c._2.sum()),
            Tuple.of(x, x), 30),
        ramp(0.01), (a, b) -> { same(a._1._1, b._1._1); same(a._1._2, b._1._2); same(a._2, b._2); });
  }

  @Test void carriesSwappedEachStep() {
    jitEqualsEager(x -> Lax.scan((Tuple2<Array, Array> c) -> Tuple.of(Tuple.of(c._2.add(1.0), c._1), c._1.sum()), Tuple.of(x, x.neg()), 31),
        ramp(0.1), (a, b) -> { same(a._1._1, b._1._1); same(a._1._2, b._1._2); same(a._2, b._2); });
  }

  @Test void aCarryThatBecomesAClosedOverArray() {
    Array w = ramp(0.3);
    float[] wBefore = w.toFloatArray();
    jitEqualsEager(x -> Lax.whileLoop((Tuple2<Array, Array> t) -> t._1.lt(7), t -> Tuple.of(t._1.add(1), t._2.add(w)),
        Tuple.of(Array.scalar(0), x))._2, ramp(0.1), CarryReuseTest::same);
    jitEqualsEager(x -> Lax.whileLoop((Tuple2<Array, Array> t) -> t._1.lt(7), t -> Tuple.of(t._1.add(1), w),
        Tuple.of(Array.scalar(0), x))._2.add(0.0), ramp(0.1), CarryReuseTest::same);
    jitEqualsEager(x -> Lax.foriLoop(0, 9, (i, h) -> h.mul(w).add(x), x), ramp(0.1), CarryReuseTest::same);
    assertArrayEquals(wBefore, w.toFloatArray(), "a closed-over array was overwritten");
  }

  @Test void aReverseScanOverXsWhoseYIsTheSlice() {
    Array xs = Np.full(new int[] {25, N}, 0.5).mul(Np.arange(25).astype(Np.float32).reshape(25, 1));
    float[] xsBefore = xs.toFloatArray();
    Function<Array, Tuple2<Array, Array>> f = c0 -> Lax.scan((Array c, Array x) -> Tuple.of(c.mul(0.9).add(x), x), c0, xs,
        ScanOptions.DEFAULT.reversed());
    jitEqualsEager(f, ramp(0.1), CarryReuseTest::pairs);
    assertArrayEquals(xsBefore, xs.toFloatArray(), "xs was overwritten");
  }

  @Test void aScanInsideAWhileLoop() {
    Function<Array, Tuple3<Array, Array, Array>> f = x -> {
      Tuple2<Array, Array> r = Lax.whileLoop((Tuple2<Array, Array> t) -> t._1.lt(5), t -> {
        Tuple2<Array, Array> in = Lax.scan((Array c) -> Tuple.of(c.mul(0.75).add(t._1.astype(Np.float32)), c.sum()), t._2, 6);
        return Tuple.of(t._1.add(1), in._1.add(in._2.sum()));
      }, Tuple.of(Array.scalar(0), x));
      return Tuple.of(r._1.astype(Np.float32), r._2, x);
    };
    jitEqualsEager(f, ramp(0.1), (a, b) -> { same(a._1, b._1); same(a._2, b._2); same(a._3, b._3); });
  }
}
