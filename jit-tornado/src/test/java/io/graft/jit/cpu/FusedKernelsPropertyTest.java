package io.graft.jit.cpu;

import io.graft.jit.kernel.BinaryFn;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Reduction;
import io.graft.jit.kernel.UnaryFn;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.jit.kernel.Expr.Binary;
import io.graft.jit.kernel.Expr.Constant;
import io.graft.jit.kernel.Expr.Input;
import io.graft.jit.kernel.Expr.Select;
import io.graft.jit.kernel.Expr.Unary;
import java.lang.classfile.ClassFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Random kernels (random trees over random accesses, spaces, reductions and dtypes) against {@link NestRef}. */
class FusedKernelsPropertyTest {
  static Arbitrary<Expr> exprs(int depth, int inputs) {
    Arbitrary<Expr> leaf = Arbitraries.oneOf(
        Arbitraries.integers().between(0, inputs - 1).map(Input::new),
        Arbitraries.of(-1.0, 0.0, 0.5, 2.0, 3.0).map(Constant::new));
    if (depth <= 1) return leaf;
    Arbitrary<Expr> sub = exprs(depth - 1, inputs);
    return Arbitraries.frequencyOf(
        Tuple.of(2, leaf),
        Tuple.of(3, Combinators.combine(Arbitraries.of(UnaryFn.class), sub).as(Unary::new)),
        Tuple.of(3, Combinators.combine(Arbitraries.of(BinaryFn.class), sub, sub).as(Binary::new)),
        Tuple.of(1, Combinators.combine(sub, sub, sub).as(Select::new)));
  }

  /** The dtypes a fused loop reads and writes: all but u32, which Lowering keeps out of loops. */
  static final DType[] LOOP_DTYPES = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};

  /** The random parts of a case; {@link #build} turns them into a kernel and inputs. */
  record Spec(DType dtype, int[] dims, int inputs, Expr body, Reduction red, int axesMask, DType out, long seed) {
    KernelCases.Case build() {
      Random r = new Random(seed);
      Shape space = Shape.of(dims);
      List<KernelCases.Layout> layouts = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        DType d = r.nextInt(3) == 0 ? LOOP_DTYPES[r.nextInt(LOOP_DTYPES.length)] : dtype;
        layouts.add(KernelCases.random(r, d, space));
      }
      List<Integer> axes = new ArrayList<>();
      for (int a = 0; a < dims.length; a++) if ((axesMask >> a & 1) != 0) axes.add(a);
      Reduction rr = axes.isEmpty() ? Reduction.NONE : red;
      Ints ax = rr == Reduction.NONE ? Ints.of() : Ints.of(axes.stream().mapToInt(x -> x).toArray());
      DType od = rr == Reduction.NONE ? out : dtype;
      return KernelCases.build(dtype, space, layouts, body, rr, ax, od, seed);
    }
  }

  @Provide
  Arbitrary<Spec> specs() {
    Arbitrary<int[]> dims = Arbitraries.integers().between(0, 4).flatMap(rank ->
        Arbitraries.of(0, 1, 1, 2, 3, 5, 8, 17, 33).array(int[].class).ofSize(rank))
        .filter(d -> { long n = 1; for (int x : d) n *= x; return n <= 20_000; });
    return Arbitraries.integers().between(1, 3).flatMap(inputs -> Combinators.combine(
        Arbitraries.of(DType.F32, DType.F64), dims, exprs(4, inputs), Arbitraries.of(Reduction.class),
        Arbitraries.integers().between(0, 15), Arbitraries.of(LOOP_DTYPES), Arbitraries.longs())
        .as((dt, d, body, red, mask, out, seed) -> new Spec(dt, d, inputs, body, red, mask, out, seed)));
  }

  @Property(tries = 100)
  void scalarBackendMatchesReference(@ForAll("specs") Spec s) { Checks.verify(s.build(), false); }

  @Property(tries = 100)
  void simdBackendMatchesReference(@ForAll("specs") Spec s) { Checks.verify(s.build(), true); }

  @Property(tries = 100)
  void generatedClassesVerify(@ForAll("specs") Spec s) {
    var errors = ClassFile.of().verify(BytecodeBackend.generate(s.build().kernel()));
    assertTrue(errors.isEmpty(), () -> s.build() + ": " + errors);
  }
}
