package io.graft.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.jit.kernel.Reduction;
import io.graft.trace.Compiler;
import io.graft.trace.Const;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.Graphs;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Linalg;
import io.graft.trace.ops.Logic;
import io.graft.trace.ops.Reduce;
import io.graft.trace.ops.Shapes;
import io.graft.numerics.Ints;
import io.vavr.collection.Vector;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Fusion groups, their kernels and the buffer plan on hand-built graphs; every program equals the interpreter. */
class FusionTest {
  private static Graph graph(Vector<ShapedType> in, Function<Vector<Value>, Vector<Value>> f) {
    return Graphs.check(GraphBuilder.trace("test", "test", in, f::apply).graph());
  }

  private static Value lit(double v) { return Const.of(NdArray.scalar(DType.F32, v)); }

  private static NdArray sample(ShapedType t, int salt) {
    double[] v = new double[t.shape().size()];
    for (int i = 0; i < v.length; i++) v[i] = Math.sin(0.37 * i + salt) * 1.3;
    return NdArray.wrap(t.shape(), v).astype(t.dtype());
  }

  /** Compiles with fusion and checks the number of fused loops (steps, or outputs of a multi-output step) and agreement with the reference interpreter. */
  private static Program checked(Graph g, int fusedSteps) {
    Executor exe = (Executor) new GraphCompiler(true).compile(g);
    Vector<NdArray> args = Vector.range(0, g.in().size()).map(i -> sample(g.in().get(i).type(), i));
    Vector<NdArray> want = Compiler.INTERPRETER.compile(g).run(args);
    for (int rep = 0; rep < 2; rep++) {   // a second run reuses nothing from the first
      Vector<NdArray> got = exe.run(args);
      for (int k = 0; k < want.size(); k++) {
        assertEquals(want.get(k).shape(), got.get(k).shape());
        assertEquals(want.get(k).dtype(), got.get(k).dtype());
        assertArrayEquals(want.get(k).astype(DType.F64).f64(), got.get(k).astype(DType.F64).f64(),
            1e-5 * (1 + Math.sqrt(args.head().size())), exe.describe());
      }
    }
    // loops: a multi-output step counts once per output (its parts are the loops it merged)
    long fused = exe.program().steps.map(s -> s instanceof Step.Fused ? 1 : s instanceof Step.MultiFused m ? m.outs().size() : 0).sum().longValue();
    assertEquals(fusedSteps, fused, exe.describe());
    return exe.program();
  }

  private static Step.Fused onlyFused(Program p) {
    return (Step.Fused) p.steps.find(s -> s instanceof Step.Fused).get();
  }

  @Test void w2ChainIsOneLoopWithItsSum() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 1000), ShapedType.of(DType.F32, 1000)), v -> {
      Value x = v.get(0), y = v.get(1);
      Value body = Arith.add(Arith.mul(Arith.tanh(x), y), Arith.exp(Arith.neg(Arith.mul(x, x))));
      return Vector.of(Reduce.sum(body, new int[] {0}, false));
    });
    Program p = checked(g, 1);
    assertEquals(1, p.steps.size());
    Step.Fused f = onlyFused(p);
    assertEquals(g.eqns().size(), f.members().size());
    assertEquals(Reduction.SUM, f.kernel().kernel().reduction());
    assertEquals(2, f.kernel().kernel().inputs().size());
  }

  @Test void biasAndReluFuseAfterTheMatmulAndWriteInPlace() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 8, 5), ShapedType.of(DType.F32, 5, 6), ShapedType.of(DType.F32, 6)), v -> {
      Value h = Linalg.matmul(v.get(0), v.get(1));
      return Vector.of(Arith.maximum(Arith.add(h, v.get(2)), lit(0)));
    });
    Program p = checked(g, 1);
    assertTrue(p.steps.get(0) instanceof Step.Call c && c.eqn().prim().name().equals("dot_general"), p.steps.toString());
    Step.Fused f = onlyFused(p);
    assertEquals(1, f.inPlace().length, "the matmul result dies in the epilogue and is overwritten");
    assertEquals(Ints.of(0, 1), f.kernel().kernel().inputs().get(1).strides(), "the bias is broadcast over rows");
  }

  @Test void aValueUsedTwiceIsMaterialisedOnce() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 4, 3)), v -> {
      Value s = Arith.exp(Arith.sin(v.get(0)));
      return Vector.of(Arith.add(Arith.mul(s, s), Arith.cos(s)));
    });
    checked(g, 2);
  }

  /** A relu layer's forward and backward: {@code t = x w + b; v = where(t > 0, t, 0); dt = where(t > 0, ct, 0)}. */
  private static Graph reluLayer() {
    return graph(Vector.of(ShapedType.of(DType.F32, 8, 5), ShapedType.of(DType.F32, 5, 6), ShapedType.of(DType.F32, 6),
        ShapedType.of(DType.F32, 8, 6)), v -> {
      Value t = Arith.add(Linalg.matmul(v.get(0), v.get(1)), v.get(2));
      Value mask = Logic.gt(t, lit(0));
      Value dt = Logic.where(mask, v.get(3), lit(0));
      return Vector.of(Logic.where(mask, t, lit(0)), Reduce.sum(dt, new int[] {0}, false), Linalg.matmul(dt, Shapes.transpose(v.get(1), 1, 0)));
    });
  }

  @Test void reluMaskAndBiasAreRecomputedInEachLoopNotStored() {
    // the dot; the backward select reading the matmul and bias (mask recomputed); the forward relu likewise; the
    // backward column sum; the transpose; the dot. Before: the bias add, the stored bool mask and both selects
    // were steps of their own. Both selects read the product and the bias: one step writes both (multi-output).
    Program p = checked(reluLayer(), 2);
    assertEquals(Vector.of("dot_general", "fused", "reduce_sum", "transpose", "dot_general"),
        p.steps.map(s -> s instanceof Step.Call c ? c.eqn().prim().name() : "fused"), p.steps.toString());
    Step.MultiFused both = (Step.MultiFused) p.steps.get(1);
    for (Vector<Integer> loop : both.members()) assertEquals(4, loop.size(), "broadcast_in_dim, add, gt, select_n: " + p.steps);
  }

  @Test void aCheapValueUsedTwiceIsRecomputedButAnExpensiveOneIsNot() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 4, 3)), v -> {
      Value s = Arith.mul(v.get(0), lit(2));       // cheap: recomputed in both loops
      Value e = Arith.exp(v.get(0));               // not cheap: stored once
      return Vector.of(Reduce.sum(Arith.add(s, e), new int[] {1}, false), Reduce.max(Arith.mul(s, e), new int[] {0}, false));
    });
    Program p = checked(g, 2);
    assertEquals(Vector.of("exp", "fused", "fused"),
        p.steps.map(st -> st instanceof Step.Call c ? c.eqn().prim().name() : "fused"), p.steps.toString());
  }

  @Test void recomputationIsBoundedInAChainOfSquares() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 4, 3)), v -> {
      Value x = v.get(0);
      for (int k = 0; k < 12; k++) x = Arith.mul(Arith.sub(x, lit(0.5)), Arith.sub(x, lit(0.5)));   // each read twice
      return Vector.of(Reduce.sum(x, new int[] {1}, false));
    });
    // from the sum back: each level doubles the copies of the one below; a level that would be computed 8 times per
    // element roots a loop of its own instead, so 24 equations make 4 loops of at most 4 copies per value (the
    // first subtraction is left alone: a lone equation)
    Program p = checked(g, 4);
    for (Step s : p.steps)
      if (s instanceof Step.Fused f) assertTrue(f.kernel().text().length() < 1_000, "a bounded body: " + f.kernel().text());
  }

  @Test void aValueRecomputedInALoopStillRunsForAChainOfDataMovementThatReadsIt() {
    // r joins the exp loop (recomputed there) and the trivial {r, t} movement group, which runs its eager kernels:
    // r must then have a buffer of its own for t (it was skipped, and t read a null operand)
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 3), ShapedType.of(DType.F32, 3, 2)), v -> {
      Value r = Shapes.reshape(v.get(0), 3, 1);
      Value t = Shapes.transpose(r, 1, 0);
      return Vector.of(Linalg.matmul(t, v.get(1)), Arith.exp(Arith.mul(r, lit(2))));
    });
    Program p = checked(g, 1);
    assertEquals(Vector.of("reshape", "transpose", "dot_general", "fused"),
        p.steps.map(s -> s instanceof Step.Call c ? c.eqn().prim().name() : "fused"), p.steps.toString());
  }

  @Test void reshapeThatAddsAUnitAxisFusesAsAnIndexMap() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 5, 7)), v -> {
      Value m = Shapes.reshape(Reduce.max(v.get(0), new int[] {1}, false), 5, 1);
      return Vector.of(Arith.exp(Arith.sub(v.get(0), m)), Shapes.reshape(Arith.neg(v.get(0)), 5, 1, 7));
    });
    Program p = checked(g, 2);
    assertEquals(3, p.steps.size(), "the max, then the subtract reading it broadcast through the reshape, and the "
        + "reshaped negation, one loop each: " + p.steps);
  }

  @Test void softmaxIsAReductionThenALoopReadingItBroadcast() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 5, 7)), v -> {
      Value x = v.get(0);
      Value m = Reduce.max(x, new int[] {1}, true);
      Value e = Arith.exp(Arith.sub(x, m));
      return Vector.of(Arith.div(e, Reduce.sum(e, new int[] {1}, true)));
    });
    checked(g, 2);
  }

  @Test void columnSumsAndTransposedReadsAndComparisons() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F64, 6, 4), ShapedType.of(DType.F64, 4, 6)), v -> {
      Value t = Shapes.transpose(v.get(1), 1, 0);
      Value mask = Logic.gt(v.get(0), lit(0));
      Value sel = Logic.where(mask, Arith.mul(v.get(0), t), Arith.neg(v.get(0)));
      return Vector.of(Reduce.sum(sel, new int[] {0}, false), io.graft.trace.ops.Promotion.convert(mask, DType.F32, false));
    });
    Step.Fused f = onlyFused(checked(g, 1));
    assertTrue(f.kernel().kernel().inputs().stream().anyMatch(a -> a.strides().equals(Ints.of(1, 6))),
        "the transpose is a strided read: " + f.kernel().text());
  }

  @Test void lowerShowsTheFusedKernel() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 3)), v -> Vector.of(Arith.exp(Arith.sin(v.get(0)))));
    Executor exe = (Executor) new GraphCompiler(true).compile(g);
    assertTrue(exe.describe().contains("fused (sin exp)"), exe.describe());
  }

  @Test void longChainsAreSplitIntoBoundedLoops() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 40)), v -> {
      Value x = v.get(0);
      for (int i = 0; i < 300; i++) x = Arith.sin(x);
      return Vector.of(x);
    });
    Program p = checked(g, 3);
    assertTrue(p.steps.forAll(s -> s instanceof Step.Fused f && f.members().size() <= Fusion.MAX_MEMBERS));
  }

  @Test void aLoopWithTooManyOperandsRunsItsEquationsOneByOne() {
    Vector<ShapedType> in = Vector.fill(70, () -> ShapedType.of(DType.F32, 8));
    Graph g = graph(in, v -> Vector.of(v.tail().foldLeft(v.head(), (acc, x) -> Arith.add(acc, x))));
    Program p = checked(g, 0);
    assertEquals(g.eqns().size(), p.steps.size());
  }

  @Test void spacesOfRankAboveEightStayUnfused() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 1, 2, 1, 2, 1, 2, 1, 2, 3)), v ->
        Vector.of(Arith.exp(Arith.sin(v.get(0)))));
    checked(g, 0);
  }

  @Test void resultsOfOneRunSurviveTheNext() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 64, 33)), v -> {
      Value a = Arith.exp(Arith.sin(v.get(0)));
      Value b = Arith.mul(Arith.cos(a), lit(2));
      return Vector.of(Arith.add(b, lit(1)), Reduce.sum(Arith.tanh(b), new int[] {1}, false));
    });
    Executor exe = (Executor) new GraphCompiler(true).compile(g);
    NdArray x = sample(g.in().get(0).type(), 3);
    Vector<NdArray> first = exe.run(Vector.of(x));
    Vector<NdArray> copies = first.map(r -> r.astype(DType.F64));
    exe.run(Vector.of(sample(g.in().get(0).type(), 7)));
    for (int k = 0; k < first.size(); k++) assertArrayEquals(copies.get(k).f64(), first.get(k).astype(DType.F64).f64());
  }

  @Test void broadcastsAreReadThroughOnlyWhenTheirOperandHasABuffer() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32, 3), ShapedType.of(DType.F32, 4, 3)), v -> {
      Value z = Arith.exp(Arith.sin(v.get(0)));                      // computed inside the broadcast's own loop
      Value row = Shapes.broadcastInDim(z, new int[] {1, 3}, new int[] {1});   // same size: joins z's loop
      Value wide = Arith.mul(row, v.get(1));                          // [4,3]: reads the broadcast row
      return Vector.of(Arith.add(wide, row), Reduce.sum(Arith.cos(Arith.mul(row, lit(2))), new int[] {1}, false));
    });
    Program pg = checked(g, 3);
    assertTrue(pg.steps.exists(s -> s instanceof Step.Fused f && f.members().size() == 3
        || s instanceof Step.MultiFused m && m.members().exists(l -> l.size() == 3)), "sin, exp, broadcast in one loop: " + pg.steps);
    Graph h = graph(Vector.of(ShapedType.of(DType.F32, 3), ShapedType.of(DType.F32, 4, 3)), v -> {
      Value row = Shapes.transpose(Shapes.reshape(v.get(0), 3, 1), 1, 0);   // a parameter's transpose, used twice
      return Vector.of(Arith.sin(Arith.mul(row, v.get(1))), Arith.exp(Arith.add(row, v.get(1))));
    });
    Program p = checked(h, 2);
    assertTrue(p.steps.forAll(s -> !(s instanceof Step.Call c) || !c.eqn().prim().name().equals("transpose")),
        "every loop reads the transpose through; the copy is dropped: " + p.steps);
  }

  /** Compiles with fusion; every result equals the interpreter's bit for bit; returns the multi-output steps. */
  private static Vector<Step.MultiFused> multi(Graph g, Executor[] exeOut) {
    Executor exe = (Executor) new GraphCompiler(true).compile(g);
    exeOut[0] = exe;
    Vector<NdArray> args = Vector.range(0, g.in().size()).map(i -> sample(g.in().get(i).type(), i));
    Vector<NdArray> want = Compiler.INTERPRETER.compile(g).run(args);
    for (int rep = 0; rep < 2; rep++) {
      Vector<NdArray> got = exe.run(args);
      for (int k = 0; k < want.size(); k++)
        assertArrayEquals(want.get(k).astype(DType.F64).f64(), got.get(k).astype(DType.F64).f64(), 0, "result " + k + exe.describe());
    }
    return exe.program().steps.filter(s -> s instanceof Step.MultiFused).map(s -> (Step.MultiFused) s);
  }

  /**
   * Adam's update of one leaf (g, m, v, p and two scalar bias corrections): the new m and v are results and cheap,
   * so the parameter update recomputes them, and the three loops share g, m, v: one step writing three results.
   */
  @Test void adamsUpdatesOfOneLeafAreOneThreeOutputStep() {
    ShapedType t = ShapedType.of(DType.F32, 33, 70), s = ShapedType.of(DType.F32);
    Graph g = graph(Vector.of(t, t, t, t, s, s), v -> {
      Value grad = v.get(0), m = v.get(1), var = v.get(2), p = v.get(3);
      Value m1 = Arith.add(Arith.mul(grad, lit(0.1)), Arith.mul(m, lit(0.9)));
      Value v1 = Arith.add(Arith.mul(Arith.square(grad), lit(0.001)), Arith.mul(var, lit(0.999)));
      // abs: the samples are signed (Adam's v and corrections are not)
      Value step = Arith.div(Arith.mul(m1, v.get(4)), Arith.add(Arith.sqrt(Arith.abs(Arith.mul(v1, v.get(5)))), lit(1e-8)));
      return Vector.of(Arith.add(p, Arith.mul(step, lit(-0.01))), m1, v1);
    });
    Executor[] exe = new Executor[1];
    Vector<Step.MultiFused> ms = multi(g, exe);
    assertEquals(1, exe[0].program().steps.size(), exe[0].describe());
    assertEquals(1, ms.size(), exe[0].describe());
    assertEquals(3, ms.head().outSlots().length, exe[0].describe());
    assertEquals(6, ms.head().inSlots().length, "g, m, v, p and the two corrections, each read once: " + exe[0].describe());
  }

  /** Sibling loops over one space that share an operand are one step; a loop reading a sibling's result is not merged. */
  @Test void siblingsShareAStepButAReaderOfASiblingWaits() {
    ShapedType t = ShapedType.of(DType.F32, 40, 50);
    Graph g = graph(Vector.of(t, t), v -> {
      Value x = v.get(0), y = v.get(1);
      Value a = Arith.exp(Arith.mul(x, y));                  // not cheap: stored, read by c
      Value b = Arith.sin(Arith.add(x, y));
      Value rows = Reduce.sum(Arith.mul(Arith.exp(x), y), new int[] {1}, false);
      Value c = Arith.cos(Arith.mul(a, a));
      return Vector.of(a, b, rows, c);
    });
    Executor[] exe = new Executor[1];
    Vector<Step.MultiFused> ms = multi(g, exe);
    assertEquals(1, ms.size(), exe[0].describe());
    assertEquals(3, ms.head().outSlots().length, "exp(x*y), sin(x+y) and the row sum: " + exe[0].describe());
    assertEquals(2, exe[0].program().steps.size(), "cos(a*a) reads a, so it runs after the merged step: " + exe[0].describe());
  }

  /**
   * Regression: a cheap result that cannot root a loop (a bool broadcast runs its own kernel) is not recomputed in
   * its reader's loop, so its operand (the compare) is still stored for its kernel (it was computed only inside the
   * sum's loop, and the broadcast read a null slot).
   */
  @Test void aResultRunByItsOwnKernelKeepsItsOperandsStored() {
    ShapedType t = ShapedType.of(DType.F32, 5);
    Graph g = graph(Vector.of(t), v -> {
      Value a = v.get(0);
      Value mask = Shapes.broadcastInDim(Logic.lt(a, Arith.neg(a)), new int[] {1, 5}, new int[] {1});
      Value h = Logic.where(mask, Shapes.reshape(a, 1, 5), Shapes.broadcastInDim(a, new int[] {1, 5}, new int[] {1}));
      return Vector.of(Reduce.sum(Arith.neg(h), new int[] {0, 1}, false), mask);
    });
    multi(g, new Executor[1]);
  }
}
