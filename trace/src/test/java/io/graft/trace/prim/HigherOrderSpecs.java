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
    return List.of(Spec.of(jvp, x), Spec.of(vjp, x, y), Spec.of(remat, x, y), Spec.of(lin, y, x), Spec.of(jit, x, y));
  }
}
