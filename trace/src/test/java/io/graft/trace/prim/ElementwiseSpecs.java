package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;

/** Specs for the elementwise family. */
final class ElementwiseSpecs {
  private ElementwiseSpecs() {}

  static List<Spec> specs() {
    NdArray x = NdArray.wrap(Shape.of(3), new float[] {0.5f, 1, 2});
    List<Spec> s = new ArrayList<>();
    for (UnaryOp op : UnaryOp.values()) s.add(Spec.of(new Unary(op), x));
    for (BinaryOp op : BinaryOp.values()) s.add(Spec.of(new Binary(op), x, x));
    return s;
  }
}
