package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Random;

/** Random arrays and element comparison for the kernel tests. */
final class TestArrays {
  private TestArrays() {}

  /** Random values: Gaussian floats, small integers (large ones for wrap tests are made separately). */
  static NdArray random(DType dtype, Shape shape, Random r) {
    int n = shape.size();
    Object s = NdArray.newStore(dtype, n);
    for (int i = 0; i < n; i++) {
      switch (s) {
        case float[] f -> f[i] = (float) r.nextGaussian();
        case double[] d -> d[i] = r.nextGaussian();
        case int[] x -> x[i] = r.nextInt(21) - 10;
        case long[] x -> x[i] = r.nextInt(21) - 10;
        default -> throw new AssertionError(dtype);
      }
    }
    return NdArray.wrapStore(dtype, shape, s);
  }

  /** Checks {@code got[i] ≈ want[i]} within {@code rtol·scale[i]} for floats and exactly for integers. */
  static void assertClose(NdArray got, double[] want, double[] scale, String what) {
    if (got.size() != want.length) throw new AssertionError(what + ": size " + got.size() + " != " + want.length);
    double rtol = got.dtype() == DType.F32 ? 1e-5 : 1e-12;
    for (int i = 0; i < want.length; i++) {
      double g = got.getDouble(i);
      boolean ok = got.dtype().isFloating() ? Math.abs(g - want[i]) <= rtol * (scale[i] + 1) : g == want[i];
      if (!ok) throw new AssertionError(what + ": element " + i + " is " + g + ", expected " + want[i]);
    }
  }
}
