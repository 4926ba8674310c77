package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.List;

/** Specs for the linalg family (dot_general, conv_general_dilated). */
final class LinalgSpecs {
  private LinalgSpecs() {}

  static List<Spec> specs() {
    NdArray a = NdArray.wrap(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6});
    NdArray b = NdArray.wrap(Shape.of(3, 2), new float[] {1, 0, 0, 1, 1, 1});
    NdArray x = NdArray.wrap(Shape.of(1, 2, 4, 4), new float[32]);
    NdArray w = NdArray.wrap(Shape.of(3, 2, 2, 2), new float[24]);
    NdArray ai = NdArray.wrap(Shape.of(2, 2), new int[] {1, 2, 3, 4});
    return List.of(
        Spec.of(new DotGeneral(Ints.of(1), Ints.of(0), Ints.of(), Ints.of(), DType.F32), a, b),
        Spec.of(new DotGeneral(Ints.of(1), Ints.of(0), Ints.of(0), Ints.of(1), DType.I64), ai, ai),
        Spec.of(new ConvGeneralDilated(Ints.of(1, 2), Padding.of(new int[] {1, 0}, new int[] {0, 1}), Ints.of(1, 1),
            Ints.of(1, 2), ConvDims.defaults(4), 1, 1), x, w));
  }
}
