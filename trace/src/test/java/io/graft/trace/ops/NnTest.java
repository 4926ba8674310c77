package io.graft.trace.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.prim.WindowOp;
import org.junit.jupiter.api.Test;

/** Softmax family and pooling. */
class NnTest {
  static NdArray arr(Value v) { return ((Const) v).array(); }

  @Test void softmaxRowsAndLogSoftmax() {
    Value x = Const.of(NdArray.wrap(Shape.of(2, 3), new double[] {1, 2, 3, 1000, 1000, 1000}));
    double[] p = arr(Nn.softmax(x, -1)).f64();
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(new double[] {Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 1.0 / 3, 1.0 / 3, 1.0 / 3}, p, 1e-12);
    double[] lp = arr(Nn.logSoftmax(x, 1)).f64();
    for (int i = 0; i < 6; i++) assertEquals(Math.log(p[i]), lp[i], 1e-12);
    double[] cols = arr(Nn.softmax(x, 0)).f64();
    assertEquals(1.0, cols[0] + cols[3], 1e-12);
    assertEquals(DType.F32, arr(Nn.softmax(Const.of(NdArray.wrap(Shape.of(2), new int[] {1, 2})), 0)).dtype());
    assertThrows(ShapeError.class, () -> Nn.softmax(x, 2));
  }

  private static Value nhwc() {
    float[] d = new float[2 * 5 * 5 * 3];
    for (int i = 0; i < d.length; i++) d[i] = (i * 37 % 101) - 50;
    return Const.of(NdArray.wrap(Shape.of(2, 5, 5, 3), d));
  }

  @Test void maxPoolIsReduceWindowOverSpatialAxes() {
    Value x = nhwc();
    NdArray valid = arr(Nn.maxPool(x, new int[] {2, 2}, new int[] {2, 2}, "VALID"));
    assertEquals(Shape.of(2, 2, 2, 3), valid.shape());
    NdArray ref = arr(Reduce.reduceWindow(x, WindowOp.MAX, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1},
        new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}}, null, null));
    assertTrue(ref.contentEquals(valid));
    NdArray same = arr(Nn.maxPool(x, new int[] {2, 2}, new int[] {2, 2}, "same"));
    assertEquals(Shape.of(2, 3, 3, 3), same.shape());                  // ceil(5 / 2) = 3: pad (0, 1)
    NdArray sameRef = arr(Reduce.reduceWindow(x, WindowOp.MAX, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1},
        new int[][] {{0, 0}, {0, 1}, {0, 1}, {0, 0}}, null, null));
    assertTrue(sameRef.contentEquals(same));
    NdArray lower = arr(Nn.maxPool(x, new int[] {2, 2}, new int[] {2, 2}, "SAME_LOWER"));
    assertTrue(arr(Reduce.reduceWindow(x, WindowOp.MAX, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1},
        new int[][] {{0, 0}, {1, 0}, {1, 0}, {0, 0}}, null, null)).contentEquals(lower));
    assertEquals(Shape.of(2, 5, 5, 3), arr(Nn.maxPool(x, new int[] {3, 3}, null, "SAME")).shape());
  }

  @Test void avgPoolCountsPaddingOrNot() {
    Value x = Const.of(NdArray.wrap(Shape.of(1, 3, 1), new float[] {2, 4, 6}));
    // SAME, window 2, stride 1: pad (0, 1); windows (2,4) (4,6) (6,pad)
    assertArrayEquals(new float[] {3, 5, 3}, arr(Nn.avgPool(x, new int[] {2}, new int[] {1}, "SAME")).f32());
    assertArrayEquals(new float[] {3, 5, 6}, arr(Nn.avgPool(x, new int[] {2}, new int[] {1}, "SAME", false)).f32());
    Value ints = Const.of(NdArray.wrap(Shape.of(1, 2, 1), new int[] {1, 2}));
    assertArrayEquals(new float[] {1.5f}, arr(Nn.avgPool(ints, new int[] {2}, null, "VALID")).f32());
  }

  @Test void poolingErrors() {
    Value x = nhwc();
    var e = assertThrows(ShapeError.class, () -> Nn.maxPool(x, new int[] {2}, null, "VALID"));
    assertTrue(e.getMessage().contains("maxPool") && e.getMessage().contains("f32[2,5,5,3]") && e.getMessage().contains("rank-3"), e.getMessage());
    assertThrows(ShapeError.class, () -> Nn.maxPool(x, new int[] {2, 2}, new int[] {2}, "VALID"));
    var p = assertThrows(IllegalArgumentException.class, () -> Nn.avgPool(x, new int[] {2, 2}, null, "FULL"));
    assertTrue(p.getMessage().contains("VALID"), p.getMessage());
  }
}
