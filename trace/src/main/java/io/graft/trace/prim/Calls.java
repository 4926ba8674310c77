package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;

/** Shared rules of the primitives that call a graph. */
final class Calls {
  private Calls() {}

  /** The graph's result types, after checking the operands against its parameters. */
  static Vector<ShapedType> checkCall(String op, Graph fun, Vector<ShapedType> in) {
    Vector<ShapedType> want = fun.inTypes();
    if (want.size() != in.size())
      throw new ShapeError(op + ": the graph takes " + want.size() + " operand(s) " + want.mkString("(", ", ", ")")
          + " but got " + in.size() + " " + in.mkString("(", ", ", ")"));
    for (int i = 0; i < in.size(); i++)
      if (!want.get(i).shape().equals(in.get(i).shape()) || want.get(i).dtype() != in.get(i).dtype())
        throw new ShapeError(op + ": operand " + i + " is " + in.get(i) + " but the graph expects " + want.get(i));
    return fun.outTypes().map(ShapedType::strong);
  }

  /** Evaluates the graph on concrete buffers (eagerly: no trace is active). */
  static Vector<NdArray> evalConcrete(Graph fun, Vector<NdArray> in) {
    Vector<Value> outs = fun.eval(in.map(a -> (Value) Const.of(a)));
    return outs.map(v -> ((Const) v).array());
  }
}
