package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.RandomProgramBuilder.Gene;
import io.graft.numerics.DType;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code Graft.jit(f) ≡ f} on random programs: DAGs of 3..25 elementwise, broadcasting, comparison/select,
 * conversion, shape, reduction and matmul operations with fan-out, over 1..3 f32/f64 inputs, returning the last
 * node and up to two intermediates (or inputs) as a list. Values must agree within {@link ProgramErrorBounds}
 * (exact nodes bit for bit; NaNs in the same places); a second call must give the first call's bits, and a call
 * with new values of the same signature must hit the cache and agree with eager on them. For smooth programs the
 * gradient through jit ({@code grad(jit(f))}, {@code jit(grad(f))}) must agree with the eager gradient. On failure
 * jqwik prints the shrunk {@link Case}: the program one node per line and its inputs.
 */
class JitRandomProgramsProperties {
  /** Slack on the first-order error bound (it is a bound per operation; implementations may differ by a few ulps). */
  private static final double SAFETY = 8;

  /** A program and its inputs (printed on failure). */
  record Case(ProgramInputs inputs, RandomProgram program) {
    @Override public String toString() { return "\n" + program + inputs; }
  }

  @Provide Arbitrary<Case> programs() { return cases(false); }

  @Provide Arbitrary<Case> smoothPrograms() { return cases(true); }

  private static Arbitrary<Case> cases(boolean smooth) {
    Arbitrary<Integer> choice = Arbitraries.integers().between(0, 999);
    Arbitrary<Gene> gene = Combinators.combine(choice, choice, choice, choice).as(Gene::new);
    return Combinators.combine(ProgramInputs.arbitrary(), gene.list().ofMinSize(3).ofMaxSize(25), choice.list().ofMaxSize(2))
        .as((in, genome, extra) -> new Case(in, RandomProgramBuilder.build(in.shapes(), in.dtypes(), genome, extra, smooth)));
  }

  @Property
  void jitEqualsEagerAndRepeatsItself(@ForAll("programs") Case c) {
    Jitted<List<Array>, List<Array>> jitted = Graft.jit(c.program()::run);
    List<Array> xs = c.inputs().arrays(c.inputs().seed());
    List<Array> first = jitted.apply(xs);
    assertCloseToEager(c.program(), xs, first, "first call");
    List<Array> second = jitted.apply(xs);
    assertCloseToEager(c.program(), xs, second, "second call");
    for (int i = 0; i < first.size(); i++) {
      int o = i;
      // bit for bit everywhere: every kernel computes each element by one definition, whatever the JIT tier
      assertArrayEquals(first.get(i).toDoubleArray(), second.get(i).toDoubleArray(), 0, () -> "a second call differs at output " + o);
    }
    List<Array> ys = c.inputs().arrays(c.inputs().seed() + 1);
    assertCloseToEager(c.program(), ys, jitted.apply(ys), "a call with new values");
    assertEquals(1, jitted.compiledSignatures(), "one signature, one compile");
  }

  private static void assertCloseToEager(RandomProgram p, List<Array> xs, List<Array> actual, String what) {
    List<Array> all = p.evalAll(xs);
    double[] err = ProgramErrorBounds.of(p, all);
    assertEquals(p.outputs().size(), actual.size(), what + ": output count");
    for (int i = 0; i < actual.size(); i++) {
      int node = p.outputs().get(i);
      Array eager = all.get(node), jit = actual.get(i);
      Supplier<String> where = () -> what + ", output " + node;
      assertEquals(eager.dtype(), jit.dtype(), () -> where.get() + ": dtype");
      assertArrayEquals(eager.shape(), jit.shape(), () -> where.get() + ": shape");
      assertValuesClose(eager.toDoubleArray(), jit.toDoubleArray(), SAFETY * err[node], where);
    }
  }

  /** Equal NaN positions and {@code |actual - expected| <= tol} elsewhere. */
  static void assertValuesClose(double[] expected, double[] actual, double tol, Supplier<String> what) {
    for (int j = 0; j < expected.length; j++) {
      double e = expected[j], a = actual[j];
      boolean ok = Double.isNaN(e) ? Double.isNaN(a) : Math.abs(a - e) <= tol;
      if (!ok) {
        throw new AssertionError(what.get() + ": element " + j + " is " + a + ", eager gives " + e + " (tolerance " + tol + ")");
      }
    }
  }

  @Property
  void gradThroughJitEqualsEagerGrad(@ForAll("smoothPrograms") Case c) {
    TreeFn<List<Array>> f = xs -> {
      Array y = c.program().run(xs).getFirst();
      return (y.dtype().isFloating() ? y : y.astype(DType.F32)).sum();
    };
    List<Array> xs = c.inputs().arrays(c.inputs().seed());
    List<Array> expected = Graft.grad(f).apply(xs);
    Jitted<List<Array>, Array> jf = Graft.jit((List<Array> a) -> f.apply(a));
    TreeFn<List<Array>> jitted = jf::apply;
    assertGradsClose(c.program(), expected, Graft.grad(jitted).apply(xs), "grad(jit(f))");
    assertGradsClose(c.program(), expected, Graft.jit(Graft.grad(f)).apply(xs), "jit(grad(f))");
  }

  private static void assertGradsClose(RandomProgram p, List<Array> expected, List<Array> actual, String what) {
    boolean anyF32 = p.nodes().stream().anyMatch(n -> n.dtype() == DType.F32);
    double rtol = anyF32 ? 2e-3 : 1e-9;
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      int input = i;
      double[] e = expected.get(i).toDoubleArray();
      assertEquals(expected.get(i).dtype(), actual.get(i).dtype(), () -> what + ": dtype of gradient " + input);
      assertArrayEquals(expected.get(i).shape(), actual.get(i).shape(), () -> what + ": shape of gradient " + input);
      double scale = 1 + ProgramErrorBounds.maxAbs(expected.get(i)) * Math.sqrt(Math.max(1, e.length));
      assertValuesClose(e, actual.get(i).toDoubleArray(), rtol * scale, () -> what + ", gradient " + input);
    }
  }
}
