package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Specs for the structural family (broadcast_in_dim and reshape are in {@link CoreSpecs}). Besides one integer
 * sample per primitive, floating samples cover the parameter variants the rule properties check: several squeezed
 * axes, 3-D permutations, negative and interior padding (cropping into the interior), joins of several operands,
 * strided and empty slices, and start indices that clamp (too large, negative, i64).
 */
final class StructuralSpecs {
  private StructuralSpecs() {}

  static List<Spec> specs() {
    NdArray row = NdArray.wrap(Shape.of(1, 3), new float[] {1, 2, 3});
    NdArray m = NdArray.wrap(Shape.of(2, 3), new int[] {1, 2, 3, 4, 5, 6});
    NdArray v = NdArray.wrap(Shape.of(4), new double[] {1, 2, 3, 4});
    NdArray i1 = NdArray.scalarLong(DType.I32, 1), i9 = NdArray.scalarLong(DType.I32, 9);
    List<Spec> specs = new ArrayList<>(List.of(
        Spec.of(new Squeeze(Ints.of(0)), row),
        Spec.of(new Transpose(Ints.of(1, 0)), m),
        Spec.of(new Rev(Ints.of(0, 1)), m),
        Spec.of(new Pad(PadConfig.of(new int[][] {{2, -1, 1}})), v, NdArray.scalar(DType.F64, 0)),
        Spec.of(new Concatenate(1), m, m),
        Spec.of(new Slice(Ints.of(0, 1), Ints.of(2, 3), Ints.of(1, 2)), m),
        Spec.of(new DynamicSlice(Ints.of(2)), v, i9),
        Spec.of(new DynamicUpdateSlice(), m, NdArray.wrap(Shape.of(1, 2), new int[] {7, 8}), i1, i1),
        Spec.of(new Iota(DType.I64, Shape.of(2, 3), 1))));
    specs.addAll(floatVariants());
    return specs;
  }

  private static NdArray f64(int... shape) {
    Shape s = Shape.of(shape);
    double[] d = new double[s.size()];
    for (int i = 0; i < d.length; i++) d[i] = 0.5 + i * 0.75 - (i % 3) * 1.25;
    return NdArray.wrap(s, d);
  }

  private static NdArray i32(int v) { return NdArray.scalarLong(DType.I32, v); }

  private static List<Spec> floatVariants() {
    NdArray a = f64(2, 3), cube = f64(2, 3, 4), pv = NdArray.scalar(DType.F64, -1.5);
    return List.of(
        Spec.of(new Squeeze(Ints.of(3, 1)), f64(2, 1, 3, 1)),
        Spec.of(new Transpose(Ints.of(2, 0, 1)), cube),
        Spec.of(new Rev(Ints.of(1)), a),
        Spec.of(new Rev(Ints.of(0, 2)), cube),
        Spec.of(new Pad(PadConfig.of(new int[][] {{1, 0, 0}, {-1, 2, 2}})), a, pv),
        Spec.of(new Pad(PadConfig.of(new int[][] {{-2, -1, 2}})), f64(4), pv),
        Spec.of(new Pad(PadConfig.of(new int[][] {{0, 0, 0}, {1, 1, 1}, {0, -2, 0}})), cube, pv),
        Spec.of(new Concatenate(1), a, f64(2, 1), a),
        Spec.of(new Concatenate(0), a, f64(1, 3)),
        Spec.of(new Slice(Ints.of(1, 0, 1), Ints.of(2, 3, 4), Ints.of(1, 2, 2)), cube),
        Spec.of(Slice.of(Ints.of(0, 1), Ints.of(2, 1)), a),
        Spec.of(new Slice(Ints.of(0, 1), Ints.of(2, 3), Ints.of(3, 1)), a),
        Spec.of(new DynamicSlice(Ints.of(2, 2)), cube.reshape(Shape.of(6, 4)), i32(-1), i32(1)),
        Spec.of(new DynamicSlice(Ints.of(1, 2, 3)), cube, NdArray.scalarLong(DType.I64, 1), NdArray.scalarLong(DType.I64, 7),
            NdArray.scalarLong(DType.I64, 0)),
        Spec.of(new DynamicUpdateSlice(), a, f64(1, 2), i32(1), i32(5)),
        Spec.of(new DynamicUpdateSlice(), cube, f64(2, 2, 1), i32(0), i32(1), i32(-3)),
        Spec.of(new DynamicUpdateSlice(), f64(4), f64(0), i32(2)));
  }
}
