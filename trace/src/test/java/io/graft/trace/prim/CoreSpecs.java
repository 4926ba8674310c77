package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.List;

/**
 * Specs for the primitives written with the core (broadcast_in_dim, reshape, convert_element_type), including a
 * broadcast of a rank-0 operand, one that stretches a size-1 axis, and reshapes that split and merge axes.
 */
final class CoreSpecs {
  private CoreSpecs() {}

  static List<Spec> specs() {
    NdArray x = NdArray.wrap(Shape.of(2, 1), new float[] {1, 2});
    NdArray y = NdArray.wrap(Shape.of(2, 3), new double[] {0.5, -1, 2, 3.5, -0.25, 1.5});
    return List.of(
        Spec.of(new BroadcastInDim(Shape.of(3, 2, 4), Ints.of(1, 2)), x),
        Spec.of(new BroadcastInDim(Shape.of(2, 4, 3), Ints.of(0, 2)), y),
        Spec.of(new BroadcastInDim(Shape.of(2, 2), Ints.of()), NdArray.scalar(DType.F64, 1.25)),
        Spec.of(new Reshape(Shape.of(1, 2)), x),
        Spec.of(new Reshape(Shape.of(3, 1, 2)), y),
        Spec.of(new Reshape(Shape.of(6)), y),
        Spec.of(new ConvertElementType(DType.I32, false), x));
  }
}
