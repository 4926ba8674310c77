package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.ShapeError;
import org.junit.jupiter.api.Test;

/** {@link Array#of}: no shape means 1-D; an explicit shape is taken as given, so an empty one is rank 0 (as NumPy). */
class ArrayFactoriesTest {
  @Test void noShapeIsOneDimensional() {
    assertArrayEquals(new int[] {3}, Array.of(new float[] {1, 2, 3}).shape());
    assertArrayEquals(new int[] {1}, Array.of(new double[] {7}).shape());
    assertArrayEquals(new int[] {0}, Array.of(new int[0]).shape());
    assertArrayEquals(new int[] {2}, Array.of(new long[] {1, 2}).shape());
    assertArrayEquals(new int[] {1}, Array.of(new boolean[] {true}).shape());
  }

  @Test void anExplicitEmptyShapeIsRankZero() {
    Array f = Array.of(new float[] {2.5f}, new int[0]);
    assertEquals(0, f.shape().length);
    assertEquals(2.5f, f.item().floatValue());
    assertEquals(0, Array.of(new double[] {1}, new int[0]).shape().length);
    assertEquals(0, Array.of(new int[] {4}, new int[0]).shape().length);
    assertEquals(4L, Array.of(new long[] {4}, new int[0]).item().longValue());
    assertEquals(0, Array.of(new boolean[] {true}, new int[0]).shape().length);
  }

  @Test void aShapeThatDoesNotFitTheValuesIsAShapeError() {
    ShapeError e = assertThrows(ShapeError.class, () -> Array.of(new float[] {1, 2, 3}, new int[0]));
    for (String s : new String[] {"Array.of", "3 values", "shape []", "pass exactly 1 value", "1-D"})
      assertTrue(e.getMessage().contains(s), "message lacks '" + s + "': " + e.getMessage());
    assertThrows(ShapeError.class, () -> Array.of(new double[0], new int[0]));
    ShapeError m = assertThrows(ShapeError.class, () -> Array.of(new int[] {1, 2, 3}, 2, 2));
    assertTrue(m.getMessage().contains("shape [2,2] (4 elements); pass exactly 4 values"), m.getMessage());
    assertArrayEquals(new int[] {2, 0}, Array.of(new long[0], 2, 0).shape());
  }
}
