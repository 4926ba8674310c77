package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A product with a bound {@link GemmEpilogue} leaves the bits of the product followed by the epilogue as a pass of
 * its own, and a product that claims it runs it over every position exactly once.
 */
class GemmEpilogueTest {
  /** {@code c[p] = max(c[p] + bias[p mod n], 0)} in place, counting the visits of each position. */
  private record BiasRelu(float[] c, float[] bias, int[] visits) implements GemmEpilogue.Positions {
    BiasRelu(float[] c, float[] bias) { this(c, bias, new int[c.length]); }

    @Override public void run(int from, int to) {
      for (int p = from; p < to; p++) {
        visits[p]++;
        c[p] = Math.max(c[p] + bias[p % bias.length], 0f);
      }
    }
  }

  private static float[] random(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
    return x;
  }

  private static List<Gemm.Path> packedPaths() {
    List<Gemm.Path> p = new ArrayList<>(List.of(Gemm.Path.PACKED_SCALAR));
    if (Simd.AVAILABLE) p.add(Gemm.Path.PACKED_SIMD);
    return p;
  }

  /**
   * Shapes that reach every way the driver hands rows over: row blocks of one fork over kept B, the last step of one
   * column block, several column blocks (the scalar kernel's {@code nc} is 2048), one row block split into column
   * groups; and products it leaves to the caller (a row block whose columns are split over the threads).
   */
  @Test void everyPackedPathGivesTheBitsOfTheProductThenThePass() {
    Random r = new Random(11);
    int[][] shapes = {{256, 64, 576}, {37, 530, 700}, {70, 2100, 40}, {15, 50, 1000}, {1, 256, 784}, {64, 10, 256}};
    boolean[] scalarClaims = {true, false, true, true, false, true};   // on two threads: 37 and 1 rows split columns
    for (Gemm.Path path : packedPaths())
      for (int i = 0; i < shapes.length; i++)
        for (boolean kept : new boolean[] {false, true}) {
          int m = shapes[i][0], n = shapes[i][1], k = shapes[i][2];
          float[] a = random(r, m * k), b = random(r, k * n), bias = random(r, n);
          float[] want = new float[m * n];
          Gemm.multiply(path, m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(b, n), want, 0, n);
          new BiasRelu(want, bias).run(0, want.length);
          float[] c = new float[m * n];
          BiasRelu then = new BiasRelu(c, bias);
          Runnable product = () -> Gemm.multiply(path, m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(b, n), c, 0, n);
          boolean claimed = kept
              ? GemmPrepacked.during(Set.of(b), () -> GemmEpilogue.around(c, then, product))
              : GemmEpilogue.around(c, then, product);
          String what = path + " " + m + "x" + n + "x" + k + (kept ? " kept" : "");
          if (!claimed) then.run(0, c.length);            // the caller's pass, as the jit's executor runs it
          assertArrayEquals(want, c, what);
          for (int p = 0; p < c.length; p++) assertEquals(1, then.visits[p], what + ": visits of position " + p);
          if (path == Gemm.Path.PACKED_SCALAR && io.graft.numerics.Parallel.threads() == 2)
            assertEquals(scalarClaims[i], claimed, what + ": whether the driver took the epilogue");
        }
  }

  @Test void aProductWritingPartOfTheStoreLeavesItUnclaimed() {
    Random r = new Random(5);
    int m = 40, n = 48, k = 64;
    float[] a = random(r, m * k), b = random(r, k * n);
    float[] big = new float[(m + 1) * n];                 // one row more than the product writes
    BiasRelu then = new BiasRelu(big, new float[n]);
    assertFalse(GemmEpilogue.around(big, then, () -> Gemm.multiply(Gemm.Path.PACKED_SCALAR, m, n, k,
        Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(b, n), big, 0, n)));
    assertFalse(GemmEpilogue.around(big, then, () -> Gemm.multiply(Gemm.Path.PACKED_SCALAR, m, n, k,
        Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(b, n), big, n, n)));
    float[] other = new float[m * n];                    // bound to another store
    assertFalse(GemmEpilogue.around(other, new BiasRelu(other, new float[n]), () -> Gemm.multiply(Gemm.Path.PACKED_SCALAR,
        m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(b, n), big, 0, n)));
    for (int v : then.visits) assertEquals(0, v);
  }

  /** {@code finish} runs a bound epilogue once over every position of any store, and never twice. */
  @Test void finishCoversEveryPositionOnce() {
    for (int size : new int[] {0, 7, 40_000, 100_003}) {
      int[] visits = new int[size];
      Object store = new int[size];
      assertTrue(GemmEpilogue.around(store, (from, to) -> { for (int p = from; p < to; p++) visits[p]++; }, () -> {
        GemmEpilogue.finish(store);
        GemmEpilogue.finish(store);                       // already claimed: nothing
        GemmEpilogue.finish(new int[size]);               // another store: nothing
      }));
      for (int v : visits) assertEquals(1, v);
    }
    GemmEpilogue.finish(new float[3]);                    // nothing bound: nothing happens
  }

  /** {@code dot_general} takes the epilogue on every path: OpenBLAS and batched products finish it afterwards. */
  @Test void dotGeneralTakesItsEpilogueOnEveryPath() {
    Random r = new Random(3);
    int[][] shapes = {{256, 10, 256}, {1, 256, 784}, {128, 256, 784}};
    for (int[] s : shapes) {
      int m = s[0], n = s[1], k = s[2];
      NdArray x = NdArray.wrapStore(DType.F32, Shape.of(m, k), random(r, m * k));
      NdArray w = NdArray.wrapStore(DType.F32, Shape.of(k, n), random(r, k * n));
      float[] bias = random(r, n);
      float[] want = (float[]) DotGeneral.apply(x, w, new int[] {1}, new int[] {0}, new int[0], new int[0]).store();
      new BiasRelu(want, bias).run(0, want.length);
      float[] c = new float[m * n];
      BiasRelu then = new BiasRelu(c, bias);
      assertTrue(GemmEpilogue.around(c, then, () -> DotGeneral.applyInto(x, w, new int[] {1}, new int[] {0}, new int[0], new int[0], c)));
      assertArrayEquals(want, c, m + "x" + n + "x" + k);
      for (int v : then.visits) assertEquals(1, v);
    }
  }

  /**
   * A batch-1 convolution takes the epilogue: a 3×3 layer (its reduction split over the threads, the parts added
   * before the epilogue runs) and a first layer on the direct kernel.
   */
  @Test void convolutionsTakeTheirEpilogue() {
    Random r = new Random(9);
    int[][] layers = {{8, 64, 64}, {16, 3, 64}, {4, 128, 128}};   // {hw, cin, cout}
    for (int[] l : layers) {
      int hw = l[0], cin = l[1], cout = l[2];
      var g = ConvImplicitTest.geometries(hw, 3, 1, 1)[0];
      NdArray x = TestArrays.random(DType.F32, Shape.of(1, hw, hw, cin), r), w = TestArrays.random(DType.F32, Shape.of(3, 3, cin, cout), r);
      float[] bias = random(r, cout);
      float[] want = (float[]) Conv.apply(x, w, g).store();
      new BiasRelu(want, bias).run(0, want.length);
      float[] c = new float[want.length];
      BiasRelu then = new BiasRelu(c, bias);
      assertTrue(GemmEpilogue.around(c, then, () -> Conv.applyInto(x, w, g, c)), "layer " + hw + "x" + hw + "x" + cin);
      assertArrayEquals(want, c, "layer " + hw + "x" + hw + "x" + cin);
      for (int v : then.visits) assertEquals(1, v);
    }
  }
}
