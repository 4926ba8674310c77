package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.List;

/** Specs for the structural family (broadcast_in_dim and reshape are in {@link CoreSpecs}). */
final class StructuralSpecs {
  private StructuralSpecs() {}

  static List<Spec> specs() {
    NdArray row = NdArray.wrap(Shape.of(1, 3), new float[] {1, 2, 3});
    NdArray m = NdArray.wrap(Shape.of(2, 3), new int[] {1, 2, 3, 4, 5, 6});
    NdArray v = NdArray.wrap(Shape.of(4), new double[] {1, 2, 3, 4});
    NdArray i1 = NdArray.scalarLong(DType.I32, 1), i9 = NdArray.scalarLong(DType.I32, 9);
    return List.of(
        Spec.of(new Squeeze(Ints.of(0)), row),
        Spec.of(new Transpose(Ints.of(1, 0)), m),
        Spec.of(new Rev(Ints.of(0, 1)), m),
        Spec.of(new Pad(PadConfig.of(new int[][] {{2, -1, 1}})), v, NdArray.scalar(DType.F64, 0)),
        Spec.of(new Concatenate(1), m, m),
        Spec.of(new Slice(Ints.of(0, 1), Ints.of(2, 3), Ints.of(1, 2)), m),
        Spec.of(new DynamicSlice(Ints.of(2)), v, i9),
        Spec.of(new DynamicUpdateSlice(), m, NdArray.wrap(Shape.of(1, 2), new int[] {7, 8}), i1, i1),
        Spec.of(new Iota(DType.I64, Shape.of(2, 3), 1)));
  }
}
