package io.graft.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
  @Test void basics() {
    Shape s = Shape.of(2, 3, 4);
    assertEquals(3, s.rank());
    assertEquals(24, s.size());
    assertArrayEquals(new int[] {12, 4, 1}, s.strides());
    assertEquals("[2,3,4]", s.toString());
    assertEquals("[]", Shape.scalar().toString());
    assertEquals(1, Shape.scalar().size());
    assertEquals(0, Shape.of(3, 0).size());
  }

  @Test void valueEqualityAndDefensiveCopies() {
    int[] d = {2, 3};
    Shape s = Shape.of(d);
    d[0] = 99;
    assertEquals(Shape.of(2, 3), s);
    s.dims()[0] = 42;
    assertEquals(2, s.dim(0));
    assertNotEquals(Shape.of(3, 2), s);
    assertEquals(Shape.of(2, 3).hashCode(), s.hashCode());
  }

  @Test void axesNormaliseAndReportErrors() {
    Shape s = Shape.of(2, 3);
    assertEquals(1, s.axis(-1, "op"));
    var e = assertThrows(ShapeError.class, () -> s.axis(2, "sum"));
    assertTrue(e.getMessage().startsWith("sum: axis 2 is out of range for rank 2 shape [2,3]"), e.getMessage());
    assertThrows(ShapeError.class, () -> Shape.of(-1));
    assertThrows(NullPointerException.class, () -> Shape.of((int[]) null));
  }

  @Test void dropAndInsert() {
    assertEquals(Shape.of(2, 4), Shape.of(2, 3, 4).drop(1));
    assertEquals(Shape.of(2, 1, 4), Shape.of(2, 4).insert(1, 1));
  }
}
