package io.graft.trace.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import org.junit.jupiter.api.Test;

class PromotionTest {
  private static ShapedType s(DType d) { return new ShapedType(Shape.scalar(), d, false); }

  private static ShapedType w(DType d) { return new ShapedType(Shape.scalar(), d, true); }

  @Test void weakLiteralsFollowJax() {
    assertEquals(s(DType.F32), Promotion.resultType(s(DType.F32), w(DType.F64)));
    assertEquals(s(DType.I32), Promotion.resultType(s(DType.I32), w(DType.I64)));
    assertEquals(s(DType.F64), Promotion.resultType(s(DType.F64), w(DType.F64)));
    assertEquals(w(DType.F32), Promotion.resultType(s(DType.I32), w(DType.F64)));
    assertEquals(w(DType.F32), Promotion.resultType(s(DType.BOOL), w(DType.F64)));
    assertEquals(w(DType.I32), Promotion.resultType(s(DType.BOOL), w(DType.I64)));
    assertEquals(s(DType.F32), Promotion.resultType(s(DType.F32), w(DType.I64)));
    assertEquals(w(DType.F64), Promotion.resultType(w(DType.I64), w(DType.F64)));
    assertEquals(s(DType.F32), Promotion.resultType(s(DType.I64), s(DType.F32)));
  }

  @Test void broadcastShapes() {
    assertEquals(Shape.of(4, 3, 2), Promotion.broadcastShapes("add", Shape.of(3, 1), Shape.of(4, 1, 2)));
    assertEquals(Shape.of(0, 3), Promotion.broadcastShapes("add", Shape.of(0, 1), Shape.of(3)));
    var e = assertThrows(ShapeError.class, () -> Promotion.broadcastShapes("add", Shape.of(2, 3), Shape.of(4)));
    assertTrue(e.getMessage().startsWith("add: shapes [2,3] and [4] do not broadcast"), e.getMessage());
  }
}
