package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Reductions.Op;
import org.junit.jupiter.api.Test;

/** Window, slice, conv and concatenate geometry near the int range: exact in long, a ShapeError beyond the limit. */
class WindowArithmeticTest {
  private static final int MAX = Integer.MAX_VALUE;

  private static NdArray f32(float... v) { return NdArray.wrap(Shape.of(v.length), v); }

  @Test void hugeBaseDilationReadsEveryElement() {
    // dilated extent 2^31 + 1: the last tap position 2^31 does not fit an int
    NdArray y = Windows.reduceWindow(Op.SUM, f32(1, 2, 3), new int[] {1}, new int[] {1 << 30}, new int[] {0}, new int[] {0},
        new int[] {1 << 30}, new int[] {1});
    assertArrayEquals(new float[] {1, 2, 3}, y.f32());
  }

  @Test void maxPaddingIsAShapeErrorNotAnEmptyResult() {
    var e = assertThrows(ShapeError.class, () -> Windows.reduceWindow(Op.SUM, f32(1), new int[] {1}, new int[] {1},
        new int[] {MAX}, new int[] {MAX}, new int[] {1}, new int[] {1}));
    assertTrue(e.getMessage().startsWith("reduce_window: the shape [4294967295]"), e.getMessage());
  }

  @Test void sliceWithTheLargestStrideTakesTheFirstElement() {
    assertArrayEquals(new float[] {1}, Layout.slice(f32(1, 2, 3), new int[] {0}, new int[] {3}, new int[] {MAX}).f32());
    assertArrayEquals(new float[] {2}, Layout.slice(f32(1, 2, 3), new int[] {1}, new int[] {3}, new int[] {MAX}).f32());
    assertArrayEquals(new float[] {1, 3}, Layout.slice(f32(1, 2, 3), new int[] {0}, new int[] {3}, new int[] {2}).f32());
  }

  @Test void convOutputBeyondTheLimitIsAShapeError() {
    ConvGeometry g = new ConvGeometry(Ints.of(1), Ints.of(MAX), Ints.of(MAX), Ints.of(1), Ints.of(1), Ints.of(0, 1, 2),
        Ints.of(0, 1, 2), Ints.of(0, 1, 2), 1, 1);
    var e = assertThrows(ShapeError.class, () -> g.outShape(Shape.of(1, 1, 1), Shape.of(1, 1, 1)));
    assertTrue(e.getMessage().startsWith("conv_general_dilated: the shape [1,1,4294967295]"), e.getMessage());
    assertTrue(e.getMessage().contains("lhs [1,1,1], rhs [1,1,1]"), e.getMessage());
  }

  @Test void convWithHugeInputDilationAndStride() {
    // lhs dilated to 2^31 + 1 positions, read every 2^30: the input positions 0, 1, 2
    ConvGeometry g = new ConvGeometry(Ints.of(1 << 30), Ints.of(0), Ints.of(0), Ints.of(1 << 30), Ints.of(1), Ints.of(0, 1, 2),
        Ints.of(0, 1, 2), Ints.of(0, 1, 2), 1, 1);
    NdArray y = Conv.apply(NdArray.wrap(Shape.of(1, 1, 3), new float[] {1, 2, 3}), NdArray.wrap(Shape.of(1, 1, 1), new float[] {2}), g);
    assertArrayEquals(new float[] {2, 4, 6}, y.f32());
  }

  @Test void concatenatedExtentBeyondTheIntRangeIsAShapeError() {
    NdArray z = NdArray.zeros(io.graft.numerics.DType.F32, Shape.of(0, 1_500_000_000));
    var e = assertThrows(ShapeError.class, () -> Assemble.concatenate(new NdArray[] {z, z, z}, 1));
    assertTrue(e.getMessage().startsWith("concatenate: the shape [0,4500000000]"), e.getMessage());
  }
}
