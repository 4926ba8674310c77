package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.List;
import java.util.function.Function;

/** Specs for the higher-order family; each rule is correct, so the generic law checks apply to them. */
final class HigherOrderSpecs {
  private HigherOrderSpecs() {}

  private static final ShapedType F3 = ShapedType.of(DType.F64, 3);

  private static Graph graph(int arity, Function<Vector<Value>, Vector<Value>> f) {
    return GraphBuilder.trace("spec", "spec", Vector.fill(arity, F3), f::apply).graph();
  }

  private static Value sinTimes(Value x) { return Arith.mul(Arith.unary(UnaryOp.SIN, x), x); }

  static List<Spec> specs() {
    NdArray x = NdArray.wrap(Shape.of(3), new double[] {0.3, -0.8, 1.4});
    NdArray y = NdArray.wrap(Shape.of(3), new double[] {1.1, 0.6, -0.5});
    CustomJvpCall.Rule rule = (p, t) -> {
      Value px = p.head(), c = Arith.add(Arith.mul(Arith.unary(UnaryOp.COS, px), px), Arith.unary(UnaryOp.SIN, px));
      return new Tuple2<>(Vector.of(sinTimes(px)), Vector.of(Arith.mul(t.head(), c)));
    };
    CustomJvpCall jvp = new CustomJvpCall(graph(1, a -> Vector.of(sinTimes(a.head()))), rule, 0, "sinTimes");
    CustomVjpCall vjp = new CustomVjpCall(graph(2, a -> Vector.of(Arith.mul(Arith.mul(a.get(0), a.get(0)), a.get(1)))),
        p -> new Tuple2<>(Vector.of(Arith.mul(Arith.mul(p.get(0), p.get(0)), p.get(1))), p),
        (res, ct) -> {
          Value xyct = Arith.mul(Arith.mul(res.get(0), res.get(1)), ct.head());
          return Vector.of(Option.of(Arith.add(xyct, xyct)), Option.of(Arith.mul(Arith.mul(res.get(0), res.get(0)), ct.head())));
        }, 0, "squareTimes");
    Checkpoint remat = new Checkpoint(graph(2, a -> Vector.of(Arith.mul(Arith.unary(UnaryOp.TANH, a.get(0)), a.get(1)))), "tanhTimes");
    LinearCall lin = new LinearCall("scale", Vector.of(F3), 1,
        (res, in) -> Vector.of(Option.of(Arith.mul(in.head().get(), res.head()))),
        (res, ct) -> Vector.of(ct.head().map(c -> Arith.mul(c, res.head()))));
    JitCall jit = new JitCall(graph(2, a -> Vector.of(Arith.add(sinTimes(a.get(0)), Arith.mul(a.get(0), a.get(1))))), "sinTimesPlus");
    return List.of(Spec.of(jvp, x), Spec.of(vjp, x, y), Spec.of(remat, x, y), Spec.of(lin, y, x), Spec.of(jit, x, y),
        Spec.of(cond2, index(1), x, y), Spec.of(cond2, index(0), x, y), Spec.of(cond3, index(7), x, y),
        Spec.of(scan, x, y, xs), Spec.of(scanReverseNoCarry, x, xs), Spec.of(loop, x, index(0)));
  }

  private static NdArray index(int i) { return NdArray.wrap(Shape.scalar(), new int[] {i}); }

  private static final ShapedType I0 = ShapedType.of(DType.I32);

  private static Graph graphOf(Vector<ShapedType> types, Function<Vector<Value>, Vector<Value>> f) {
    return GraphBuilder.trace("spec", "spec", types, f::apply).graph();
  }

  // cond: branch 0 = x * y, branch 1 = sin(x) + y, branch 2 = tanh(x) * x
  private static final Graph B0 = graph(2, a -> Vector.of(Arith.mul(a.get(0), a.get(1))));
  private static final Graph B1 = graph(2, a -> Vector.of(Arith.add(Arith.unary(UnaryOp.SIN, a.get(0)), a.get(1))));
  private static final Graph B2 = graph(2, a -> Vector.of(Arith.mul(Arith.unary(UnaryOp.TANH, a.get(0)), a.get(0))));
  private static final Cond cond2 = new Cond(Vector.of(B0, B1), "b0, b1");
  private static final Cond cond3 = new Cond(Vector.of(B0, B1, B2), "b0, b1, b2");
  private static final NdArray xs = NdArray.wrap(Shape.of(4, 3), new double[] {0.1, 0.2, -0.3, 0.5, -0.4, 0.6, 0.7, 0.1, -0.2, 0.3, 0.9, -0.8});
  // scan: consts w, carry c, xs: c' = sin(c * x) + w, y = c * w
  private static final Scan scan = new Scan(graph(3, a -> Vector.of(
      Arith.add(Arith.unary(UnaryOp.SIN, Arith.mul(a.get(1), a.get(2))), a.get(0)), Arith.mul(a.get(1), a.get(0)))), 1, 1, 4, false, "rnn");
  // scan without a carry, reversed: y = tanh(w * x)
  private static final Scan scanReverseNoCarry = new Scan(graph(2, a -> Vector.of(Arith.unary(UnaryOp.TANH, Arith.mul(a.get(0), a.get(1))))),
      1, 0, 4, true, "map");
  // while: carry (x, i): while i < 3: x = sin(x) * x + x, i += 1 (forward mode only)
  private static final WhileLoop loop = new WhileLoop(
      graphOf(Vector.of(F3, I0), a -> Vector.of(LaxOps.compare(CompareOp.LT, a.get(1), LaxOps.scalar(DType.I32, 3)))),
      graphOf(Vector.of(F3, I0), a -> Vector.of(Arith.add(sinTimes(a.get(0)), a.get(0)), Arith.add(a.get(1), LaxOps.scalar(DType.I32, 1)))),
      0, 0, "cond, body");
}
