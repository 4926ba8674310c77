package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A {@link Conv.Plan} made once and reused on new operands of its shapes gives the bits of a convolution planned per
 * call: batch-1 ResNet layers (dense, signature groups, the 1×1-image centre tap, a reduction split), their input and
 * kernel gradients, and f64. Operands of other shapes than the plan's are planned anew.
 */
class ConvPlanReuseTest {
  @Test void aKeptPlanGivesTheBitsOfAPlanPerCall() {
    Random r = new Random(17);
    // (batch, in, out, image side, kernel, stride, padding)
    int[][] layers = {{1, 64, 64, 8, 3, 1, 1}, {1, 128, 128, 4, 3, 1, 1}, {1, 256, 256, 2, 3, 1, 1}, {1, 256, 512, 2, 3, 2, 1},
        {1, 512, 512, 1, 3, 1, 1}, {1, 3, 64, 32, 7, 2, 3}, {2, 16, 32, 6, 3, 2, 1}, {1, 64, 128, 8, 1, 2, 0}};
    for (int[] l : layers) {
      int n = l[0], cin = l[1], cout = l[2], hw = l[3], k = l[4], s = l[5], p = l[6], ho = (hw + 2 * p - k) / s + 1;
      ConvGeometry[] g = ConvImplicitTest.geometries(hw, k, s, p);
      for (DType dtype : new DType[] {DType.F32, DType.F64}) {
        Shape x = Shape.of(n, hw, hw, cin), w = Shape.of(k, k, cin, cout), dy = Shape.of(n, ho, ho, cout);
        check(r, dtype, x, w, g[0]);
        check(r, dtype, dy, w, g[1]);
        check(r, dtype, x, dy, g[2]);
      }
    }
  }

  @Test void operandsOfOtherShapesArePlannedAnew() {
    Random r = new Random(19);
    ConvGeometry g = ConvImplicitTest.geometries(4, 3, 1, 1)[0];
    Conv.Plan plan = Conv.plan(TestArrays.random(DType.F32, Shape.of(1, 4, 4, 8), r),
        TestArrays.random(DType.F32, Shape.of(3, 3, 8, 16), r), g);
    NdArray x = TestArrays.random(DType.F32, Shape.of(2, 4, 4, 8), r), w = TestArrays.random(DType.F32, Shape.of(3, 3, 8, 16), r);
    NdArray want = Conv.apply(x, w, g);
    NdArray got = Conv.applyInto(plan, x, w, g, new float[(int) want.size()]);
    assertArrayEquals((float[]) want.store(), (float[]) got.store(), "batch 2 through a batch-1 plan");
  }

  /**
   * Three calls through one plan, on fresh operands each, against convolutions planned per call: the later calls copy
   * their input into the padded buffer the plan lends (its padding left as the first call left it) and add partial
   * sums in blocks the earlier calls filled.
   */
  private static void check(Random r, DType dtype, Shape lhs, Shape rhs, ConvGeometry g) {
    Conv.Plan plan = null;
    for (int call = 0; call < 3; call++) {
      NdArray x = TestArrays.random(dtype, lhs, r), w = TestArrays.random(dtype, rhs, r);
      if (plan == null) plan = Conv.plan(x, w, g);
      NdArray want = Conv.apply(x, w, g);
      Object store = NdArray.newStore(dtype, want.size());
      NdArray got = Conv.applyInto(plan, x, w, g, store);
      String what = dtype + " " + lhs + " * " + rhs + ", call " + call;
      if (dtype == DType.F32) assertArrayEquals((float[]) want.store(), (float[]) got.store(), what);
      else assertArrayEquals((double[]) want.store(), (double[]) got.store(), what);
    }
  }
}
