package io.graft.trace.prim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Type rules compute result extents in long and reject shapes beyond the per-array limit, naming the primitive. */
class SizeArithmeticTypeTest {
  private static final int MAX = Integer.MAX_VALUE;

  private static ShapedType type(Primitive.Single p, ShapedType... in) { return p.type(Vector.of(in)); }

  private static void tooBig(Executable f, String... fragments) {
    var e = assertThrows(ShapeError.class, f);
    for (String s : fragments) assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
  }

  @Test void concatenateBeyondTheIntRange() {
    ShapedType z = ShapedType.of(DType.F32, 0, 1_500_000_000);
    tooBig(() -> type(new Concatenate(1), z, z, z), "concatenate: the shape [0,4500000000]", "limit of 2147483639",
        "got f32[0,1500000000], f32[0,1500000000], f32[0,1500000000]");
    ShapedType big = ShapedType.of(DType.F32, 2, 1_000_000_000);
    tooBig(() -> type(new Concatenate(0), big, big), "concatenate: the shape [4,1000000000] has 4000000000 elements");
    assertEquals(ShapedType.of(DType.F32, 0, 3_000_000), type(new Concatenate(1), ShapedType.of(DType.F32, 0, 1_000_000),
        ShapedType.of(DType.F32, 0, 2_000_000)));
  }

  @Test void sliceWithTheLargestStride() {
    ShapedType x = ShapedType.of(DType.F32, 3);
    assertEquals(ShapedType.of(DType.F32, 1), type(new Slice(Ints.of(0), Ints.of(3), Ints.of(MAX)), x));
    assertEquals(ShapedType.of(DType.F32, 1), type(new Slice(Ints.of(1), Ints.of(3), Ints.of(MAX - 1)), x));
    assertEquals(ShapedType.of(DType.F32, 0), type(new Slice(Ints.of(3), Ints.of(3), Ints.of(MAX)), x));
  }

  @Test void windowsWithHugePaddingAreShapeErrors() {
    ShapedType x = ShapedType.of(DType.F32, 1);
    Padding pad = Padding.of(new int[] {MAX, MAX});
    tooBig(() -> type(new ReduceWindow(WindowOp.SUM, Ints.of(1), Ints.of(1), pad, Ints.of(1), Ints.of(1)), x),
        "reduce_window_sum: the shape [4294967295]", "operand f32[1]", "padding=((2147483647, 2147483647),)");
    tooBig(() -> type(new SelectAndGatherAdd(Ints.of(1), Ints.of(1), pad), x, x), "select_and_gather_add: the shape [4294967295]");
    // the same padding with a stride that brings the output back in range is fine: 2^32 - 2 positions read every 2^30
    assertEquals(ShapedType.of(DType.F32, 4), type(new ReduceWindow(WindowOp.MAX, Ints.of(1), Ints.of(1 << 30), pad, Ints.of(1),
        Ints.of(1)), x));
  }

  @Test void convolutionsWithHugePaddingAreShapeErrors() {
    ShapedType l = ShapedType.of(DType.F32, 1, 1, 1), r = ShapedType.of(DType.F32, 1, 1, 1);
    ConvGeneralDilated c = new ConvGeneralDilated(Ints.of(1), Padding.of(new int[] {MAX, MAX}), Ints.of(1), Ints.of(1),
        ConvDims.defaults(3), 1, 1);
    tooBig(() -> type(c, l, r), "conv_general_dilated: the shape [1,1,4294967295]", "lhs [1,1,1], rhs [1,1,1]");
    ConvGeneralDilated dilated = new ConvGeneralDilated(Ints.of(1 << 30), Padding.none(1), Ints.of(1 << 30), Ints.of(1),
        ConvDims.defaults(3), 1, 1);
    assertEquals(ShapedType.of(DType.F32, 1, 1, 3), type(dilated, ShapedType.of(DType.F32, 1, 1, 3), r));
  }

  @Test void padBeyondTheLimit() {
    ShapedType x = ShapedType.of(DType.F32, 2), v = ShapedType.of(DType.F32);
    tooBig(() -> type(new Pad(PadConfig.of(new int[][] {{MAX, MAX, MAX}})), x, v), "pad: the shape [6442450943]");
  }

  @Test void dotGeneralOutputBeyondTheLimit() {
    ShapedType a = ShapedType.of(DType.F32, 100_000, 1), b = ShapedType.of(DType.F32, 1, 100_000);
    DotGeneral d = new DotGeneral(Ints.of(1), Ints.of(0), Ints.of(), Ints.of(), DType.F32);
    tooBig(() -> type(d, a, b), "dot_general: the shape [100000,100000] has 10000000000 elements", "lhs [100000,1], rhs [1,100000]");
  }
}
