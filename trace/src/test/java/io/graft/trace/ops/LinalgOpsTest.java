package io.graft.trace.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.ConvDims;
import io.graft.trace.prim.Padding;
import org.junit.jupiter.api.Test;

/** Shape, dtype and padding logic of {@link Linalg} (values are checked through the facades in api). */
class LinalgOpsTest {
  private static Value zeros(DType d, int... dims) { return Const.of(NdArray.zeros(d, Shape.of(dims))); }

  private static ShapedType f32(int... dims) { return ShapedType.of(DType.F32, dims); }

  @Test void samePaddingMatchesLaxPadtypeToPads() {
    ConvDims nchw = ConvDims.defaults(4);
    Padding same = Linalg.padding("SAME", f32(1, 1, 7, 8), f32(1, 1, 3, 4), Ints.of(2, 1), Ints.of(1, 1), nchw);
    assertEquals(Padding.of(new int[] {1, 1}, new int[] {1, 2}), same);    // out 4: pad 2; out 8: pad 3
    Padding lower = Linalg.padding("same_lower", f32(1, 1, 7, 8), f32(1, 1, 3, 4), Ints.of(2, 1), Ints.of(1, 1), nchw);
    assertEquals(Padding.of(new int[] {1, 1}, new int[] {2, 1}), lower);
    Padding dilated = Linalg.padding("SAME", f32(1, 1, 5, 5), f32(1, 1, 3, 3), Ints.of(1, 1), Ints.of(2, 2), nchw);
    assertEquals(Padding.of(new int[] {2, 2}, new int[] {2, 2}), dilated);
    assertEquals(Padding.none(2), Linalg.padding("VALID", f32(1, 1, 5, 5), f32(1, 1, 3, 3), Ints.of(1, 1), Ints.of(1, 1), nchw));
    var e = assertThrows(ShapeError.class,
        () -> Linalg.padding("FULL", f32(1, 1, 5, 5), f32(1, 1, 3, 3), Ints.of(1, 1), Ints.of(1, 1), nchw));
    assertTrue(e.getMessage().contains("'FULL'"), e.getMessage());
  }

  @Test void inconsistentArgumentsAreReportedByThePrimitive() {
    var e = assertThrows(ShapeError.class, () -> Linalg.convGeneralDilated(zeros(DType.F32, 1, 1, 5, 5), zeros(DType.F32, 1, 1, 3),
        Ints.of(1, 1), "SAME", Ints.of(1, 1), Ints.of(1, 1), ConvDims.defaults(4), 1, 1));
    assertTrue(e.getMessage().startsWith("conv_general_dilated: "), e.getMessage());
    assertThrows(ShapeError.class, () -> Linalg.conv(zeros(DType.F32, 3), zeros(DType.F32, 3), Ints.of(), "VALID"));
  }

  @Test void matmulShapes() {
    assertEquals(Shape.scalar(), Linalg.matmul(zeros(DType.F32, 3), zeros(DType.F32, 3)).type().shape());
    assertEquals(Shape.of(2), Linalg.matmul(zeros(DType.F32, 2, 3), zeros(DType.F32, 3)).type().shape());
    assertEquals(Shape.of(4), Linalg.matmul(zeros(DType.F32, 3), zeros(DType.F32, 3, 4)).type().shape());
    assertEquals(Shape.of(5, 4), Linalg.matmul(zeros(DType.F32, 3), zeros(DType.F32, 5, 3, 4)).type().shape());
    assertEquals(Shape.of(5, 2), Linalg.matmul(zeros(DType.F32, 5, 2, 3), zeros(DType.F32, 3)).type().shape());
    assertEquals(Shape.of(5, 2, 4), Linalg.matmul(zeros(DType.F32, 5, 2, 3), zeros(DType.F32, 3, 4)).type().shape());
    assertEquals(Shape.of(5, 2, 4), Linalg.matmul(zeros(DType.F32, 2, 3), zeros(DType.F32, 5, 3, 4)).type().shape());
    assertEquals(Shape.of(6, 5, 2, 4), Linalg.matmul(zeros(DType.F32, 6, 1, 2, 3), zeros(DType.F32, 5, 3, 4)).type().shape());
  }

  @Test void matmulPromotesAndRejects() {
    assertEquals(DType.F64, Linalg.matmul(zeros(DType.F32, 2, 2), zeros(DType.F64, 2, 2)).type().dtype());
    assertEquals(DType.F32, Linalg.matmul(zeros(DType.I32, 2, 2), zeros(DType.F32, 2, 2)).type().dtype());
    var e = assertThrows(ShapeError.class, () -> Linalg.matmul(zeros(DType.F32, 2, 3), zeros(DType.F32, 4, 5)));
    assertEquals("matmul: contracting dims disagree: a f32[2,3] axis 1 (3) vs b f32[4,5] axis 0 (4); the last axis of a "
        + "must match the second-to-last axis of b", e.getMessage());
    var s = assertThrows(ShapeError.class, () -> Linalg.matmul(zeros(DType.F32), zeros(DType.F32, 2)));
    assertTrue(s.getMessage().contains("a f32[] and b f32[2]"), s.getMessage());
    var b = assertThrows(DTypeError.class, () -> Linalg.matmul(zeros(DType.BOOL, 2, 2), zeros(DType.BOOL, 2, 2)));
    assertTrue(b.getMessage().startsWith("matmul: ") && b.getMessage().contains("bool[2,2]"), b.getMessage());
    var br = assertThrows(ShapeError.class, () -> Linalg.matmul(zeros(DType.F32, 2, 2, 3), zeros(DType.F32, 3, 3, 4)));
    assertTrue(br.getMessage().startsWith("matmul: shapes [2] and [3] do not broadcast"), br.getMessage());
  }

  @Test void dotAndOuterShapes() {
    assertEquals(Shape.of(2, 5, 4), Linalg.dot(zeros(DType.F32, 2, 3), zeros(DType.F32, 5, 3, 4)).type().shape());
    assertEquals(Shape.of(2, 3), Linalg.dot(zeros(DType.F32, 2, 3), zeros(DType.F32)).type().shape());
    assertEquals(Shape.of(6, 4), Linalg.outer(zeros(DType.F32, 2, 3), zeros(DType.I32, 4)).type().shape());
    assertEquals(Shape.of(2, 4), Linalg.laxDot(zeros(DType.F32, 2, 3), zeros(DType.F32, 3, 4)).type().shape());
    var e = assertThrows(ShapeError.class, () -> Linalg.laxDot(zeros(DType.F32, 1, 2, 3), zeros(DType.F32, 3)));
    assertTrue(e.getMessage().startsWith("dot: ") && e.getMessage().contains("f32[1,2,3]"), e.getMessage());
    assertEquals(Shape.of(2, 4), Linalg.dotGeneral(zeros(DType.F32, 2, 3), zeros(DType.F32, 3, 4), Ints.of(-1), Ints.of(-2),
        Ints.of(), Ints.of()).type().shape());
  }
}
