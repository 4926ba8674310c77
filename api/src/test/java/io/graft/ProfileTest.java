package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

/** {@link Jitted#profile} (here through {@link JittedArrayFn} and {@link Jitted2}): the kernels a known function runs, their call counts, percentages adding up to 100. */
class ProfileTest {
  private static final Array X = Random.normal(Random.key(0), 48, 48);

  /** Two matrix products (tuned kernel calls) and one fused loop (sin, mul, reduce_sum). */
  private static final JittedArrayFn F = Graft.jit((Array x) -> {
    Array y = x.matmul(x);
    return y.matmul(x).sin().mul(2).sum();
  });

  @Test void tableListsTheKernelsWithTheirCallCounts() {
    Profile p = F.profile(X, 3);
    assertEquals(3, p.runs());
    Profile.Row dot = p.row("dot_general").getOrElseThrow(() -> new AssertionError("no dot_general row in\n" + p));
    assertEquals(2 * 3, dot.calls(), "two products per run, three runs\n" + p);
    Vector<Profile.Row> fused = p.rows().filter(r -> r.kernel().startsWith("fused(") && r.kernel().contains("sin"));
    assertEquals(1, fused.size(), "one fused loop computing sin\n" + p);
    assertEquals(3, fused.get(0).calls());
    assertTrue(fused.get(0).kernel().contains("mul") && fused.get(0).kernel().contains("reduce_sum"), fused.get(0).kernel());
    String table = p.toString();
    assertTrue(table.startsWith("profile of jit("), table);
    assertTrue(table.contains("dot_general") && table.contains("calls/run") && table.contains("%"), table);
  }

  @Test void percentagesAddUpToAHundredAndRowsAreSortedByTime() {
    Profile p = F.profile(X, 2);
    double sum = p.rows().map(p::percent).sum().doubleValue();
    assertEquals(100, sum, 1e-6, p.toString());
    Profile.Row last = p.rows().last();
    assertEquals(Profile.BETWEEN_KERNELS, last.kernel());
    Vector<Profile.Row> kernels = p.rows().init();
    for (int i = 1; i < kernels.size(); i++)
      assertTrue(kernels.get(i - 1).nanos() >= kernels.get(i).nanos(), "sorted by total time\n" + p);
    long inKernels = kernels.map(Profile.Row::nanos).sum().longValue();
    assertTrue(inKernels > 0 && inKernels <= p.wallNanos(), p.toString());
  }

  @Test void aShortTableSumsTheOtherKernelsInOneRow() {
    Profile p = F.profile(X, 1);
    String t = p.table(1);
    long kernelRows = p.rows().size() - 1;
    assertTrue(kernelRows >= 2, p.toString());
    assertTrue(t.contains("(" + (kernelRows - 1) + " other kernels)"), t);
    assertTrue(t.contains(p.rows().head().kernel()) && t.contains(Profile.BETWEEN_KERNELS), t);
    assertEquals(p.toString().lines().count() - kernelRows + 2, t.lines().count(), t);
  }

  /**
   * A donating function is profiled as its calls run (in place, over donated buffers), on copies: the arguments are
   * neither invalidated nor written, and each run starts from the same values.
   */
  @Test void donatingFunctionsProfileOnCopiesOfTheirArguments() {
    float[] before = X.toFloatArray();
    JittedArrayFn step = Graft.jit((Array p) -> p.sub(p.cos().mul(0.1))).donating(0);
    Profile p = step.profile(X, 3);
    assertEquals(3, p.runs());
    assertTrue(p.rows().exists(r -> r.kernel().startsWith("fused(")), p.toString());
    assertTrue(!X.isDonated() && java.util.Arrays.equals(before, X.toFloatArray()), "the profiled argument is untouched");
    Jitted2<Array, Array, Array> two = Graft.jit((Array a, Array b) -> a.add(b.mul(2))).donatingArgs(0);
    Array a = X.add(1), b = X.mul(3);
    float[] aBefore = a.toFloatArray();
    assertEquals(2, two.profile(a, b, 2).runs());
    assertTrue(!a.isDonated() && java.util.Arrays.equals(aBefore, a.toFloatArray()));
    assertTrue(java.util.Arrays.equals(X.add(1).add(X.mul(3).mul(2)).toFloatArray(), two.apply(a, b).toFloatArray()));
    assertTrue(a.isDonated(), "a call still donates");
  }

  @Test void twoArgumentFunctionsProfileLikeOnes() {
    Jitted2<Array, Array, Tuple2<Array, Array>> g = Graft.jit((Array a, Array b) ->
        io.vavr.Tuple.of(a.matmul(b), a.add(b).exp()));
    Profile p = g.profile(X, X);
    assertEquals(1, p.row("dot_general").get().calls(), p.toString());
    assertTrue(p.rows().exists(r -> r.kernel().startsWith("fused(") && r.kernel().contains("exp")), p.toString());
  }

  @Test void profilingInsideATransformNamesTheFix() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Graft.grad((Array x) -> { F.profile(x); return x.sum(); }).apply(X));
    assertTrue(e.getMessage().contains("profile") && e.getMessage().contains("concrete arguments"), e.getMessage());
  }

  @Test void profilingLeavesOrdinaryCallsAndResultsAlone() {
    Array before = F.apply(X);
    F.profile(X, 2);
    assertEquals(before.item().floatValue(), F.apply(X).item().floatValue(), 0f);
    assertEquals(1, F.compiledSignatures());
  }

  /**
   * Profiling a donating function donates nothing (the argument stays usable and unchanged; the runs write fresh
   * results where a call would update in place), and a call after the profile still donates and computes the same.
   */
  @Test void aDonatingFunctionIsProfiledWithoutDonating() {
    JittedArrayFn step = Graft.jit((Array x) -> x.mul(2.0).add(1.0)).donating(0);
    Array x = X.mul(1.0);
    float[] before = x.toFloatArray();
    Profile p = step.profile(x, 3);
    assertTrue(!x.isDonated(), "profile donates nothing");
    org.junit.jupiter.api.Assertions.assertArrayEquals(before, x.toFloatArray(), 0f);
    assertEquals(3, p.rows().init().map(Profile.Row::calls).sum().intValue(), p.toString());
    Array y = step.apply(x);
    assertTrue(x.isDonated());
    org.junit.jupiter.api.Assertions.assertArrayEquals(X.mul(2.0).add(1.0).toFloatArray(), y.toFloatArray(), 0f);
  }
}
