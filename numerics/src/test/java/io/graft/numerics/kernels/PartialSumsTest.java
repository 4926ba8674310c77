package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Partial-sum blocks are lent again by the thread that gave them back, never twice at once, only of their dtype and
 * size; a split convolution run again over the lent (dirty) blocks keeps its bits.
 */
class PartialSumsTest {
  @Test void blocksAreLentAgainOnlyWhenFreeAndLargeEnough() throws Exception {
    Thread t = new Thread(PartialSumsTest::lending);         // a thread with no spare blocks yet
    Throwable[] failed = new Throwable[1];
    t.setUncaughtExceptionHandler((th, e) -> failed[0] = e);
    t.start();
    t.join();
    if (failed[0] != null) throw new AssertionError(failed[0]);
  }

  private static void lending() {
    Object[] a = PartialSums.borrow(2, 100, true);
    assertInstanceOf(float[].class, a[0]);
    Object[] nested = PartialSums.borrow(2, 100, true);   // a's blocks are out: new ones
    assertNotSame(a[0], nested[0]);
    PartialSums.giveBack(a);
    Object[] again = PartialSums.borrow(2, 80, true);
    assertSame(a[0], again[0]);
    assertSame(a[1], again[1]);
    PartialSums.giveBack(again);
    Object[] larger = PartialSums.borrow(2, 101, true);    // too small now: new ones
    assertTrue(((float[]) larger[0]).length >= 101 && larger[0] != a[0]);
    Object[] f64 = PartialSums.borrow(1, 10, false);       // another dtype: a new one
    assertInstanceOf(double[].class, f64[0]);
    PartialSums.giveBack(larger);
    PartialSums.giveBack(f64);
  }

  /** ResNet-18's batch-1 3×3 layers split their reduction; three calls in a row (blocks reused) give equal bits. */
  @Test void splitConvolutionsKeepTheirBitsOverReusedBlocks() {
    Random r = new Random(4);
    for (int[] l : new int[][] {{8, 64, 64}, {4, 128, 128}, {2, 256, 256}}) {
      int hw = l[0], cin = l[1], cout = l[2];
      var g = ConvImplicitTest.geometries(hw, 3, 1, 1)[0];
      NdArray w = TestArrays.random(DType.F32, Shape.of(3, 3, cin, cout), r);
      NdArray x1 = TestArrays.random(DType.F32, Shape.of(1, hw, hw, cin), r), x2 = TestArrays.random(DType.F32, Shape.of(1, hw, hw, cin), r);
      float[] first = (float[]) Conv.apply(x1, w, g).store();
      Conv.apply(x2, w, g);                                  // leaves its partial sums in the spare blocks
      assertArrayEquals(first, (float[]) Conv.apply(x1, w, g).store(), "layer " + hw + "x" + hw + "x" + cin);
    }
  }
}
