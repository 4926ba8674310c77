package io.graft.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.trace.Compiler;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.Graphs;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.ops.Linalg;
import io.graft.trace.ops.Reduce;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A profiled run reports every step once, in order, under its label, and computes what an ordinary run does. */
class ExecutorProfileTest {
  private static final ShapedType M = ShapedType.of(DType.F32, 6, 6);
  private static final Graph G = Graphs.check(GraphBuilder.trace("test", "test", Vector.of(M), v -> {
    Value y = Linalg.matmul(v.get(0), v.get(0));
    return Vector.of(Reduce.sum(Arith.mul(Arith.sin(Linalg.matmul(y, v.get(0))), v.get(0)), null, false));
  }).graph());
  private static Vector<NdArray> args() {
    double[] v = new double[36];
    for (int i = 0; i < v.length; i++) v[i] = Math.sin(0.37 * i) * 1.3;
    return Vector.of(NdArray.wrap(M.shape(), v).astype(DType.F32));
  }

  @Test void everyStepIsReportedOnceInOrderUnderItsLabel() {
    Executor exe = (Executor) new GraphCompiler(true).compile(G);
    List<String> steps = new ArrayList<>();
    List<Long> nanos = new ArrayList<>();
    Vector<NdArray> profiled = exe.run(args(), (step, t) -> { steps.add(step); nanos.add(t); });
    Program p = exe.program();
    List<String> want = new ArrayList<>();
    for (int i = 0; i < p.steps.size(); i++) want.add(ProgramText.label(p, i));
    assertEquals(want, steps, exe.describe());
    assertEquals(2, steps.stream().filter("dot_general"::equals).count(), exe.describe());
    assertTrue(steps.stream().anyMatch(s -> s.startsWith("fused(") && s.contains("sin") && s.contains("reduce_sum")), steps.toString());
    assertTrue(nanos.stream().allMatch(t -> t >= 0), nanos.toString());
    assertArrayEquals(exe.run(args()).head().f32(), profiled.head().f32(), 0f);
  }

  @Test void anExecutableWithoutStepsReportsTheWholeRun() {
    List<String> steps = new ArrayList<>();
    Vector<NdArray> out = Compiler.INTERPRETER.compile(G).run(args(), (step, t) -> steps.add(step));
    assertEquals(List.of(Compiler.Executable.WHOLE_RUN), steps);
    assertEquals(1, out.size());
  }
}
