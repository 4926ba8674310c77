package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.List;

/** Specs for the primitives written with the core (broadcast_in_dim, reshape, convert_element_type). */
final class CoreSpecs {
  private CoreSpecs() {}

  static List<Spec> specs() {
    NdArray x = NdArray.wrap(Shape.of(2, 1), new float[] {1, 2});
    return List.of(
        Spec.of(new BroadcastInDim(Shape.of(3, 2, 4), Ints.of(1, 2)), x),
        Spec.of(new Reshape(Shape.of(1, 2)), x),
        Spec.of(new ConvertElementType(DType.I32, false), x));
  }
}
