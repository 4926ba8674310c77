package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Atom;
import io.graft.trace.Const;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.Var;
import io.graft.trace.ops.Arith;
import io.graft.trace.prim.Scan;
import io.graft.transforms.Linearize;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;

/** Transposing a linear scan whose linear operand is a known zero (a zero tangent bound as a constant). */
class ControlFlowTransposeTest {
  private static final ShapedType S = ShapedType.of(DType.F64);

  @Test void aKnownZeroAtALinearConstPositionIsEvaluatedForwardNotTransposed() {
    // body (w, c, x) -> (c * x + w * x, c): linear in (w, c), x a residual
    Graph body = GraphBuilder.trace("test", "body", Vector.of(S, S, S),
        a -> Vector.of(Arith.add(Arith.mul(a.get(1), a.get(2)), Arith.mul(a.get(0), a.get(2))), a.get(1))).graph();
    Scan scan = new Scan(body, 1, 1, 3, false, "body");
    Var zero = Var.fresh(S), r = Var.fresh(ShapedType.of(DType.F64, 3)), t = Var.fresh(S);
    Vector<Var> outs = scan.outTypes(Vector.of(S, S, r.type())).map(Var::fresh);
    // the linear graph: the const w's tangent is the known zero `zero`, the carry's tangent is the parameter t
    Graph g = new Graph(Vector.of(zero), Vector.of(NdArray.scalar(DType.F64, 0)), Vector.of(r, t),
        Vector.of(new Eqn(scan, Vector.of((Atom) zero, t, r), outs)), Vector.of((Atom) outs.get(0)));
    Value xs = Const.of(NdArray.wrap(Shape.of(3), new double[] {2, 3, 4}));
    var lin = new Linearize.Linear(g, Vector.of(xs));
    Value ct = lin.transpose(Vector.of(Const.of(NdArray.scalar(DType.F64, 1)))).head().get();
    assertEquals(24.0, ((Const) ct).array().getDouble(0), 1e-12);   // d c_3 / d c_0 = 2 * 3 * 4
  }
}
