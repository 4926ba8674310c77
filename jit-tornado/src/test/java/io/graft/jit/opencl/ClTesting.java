package io.graft.jit.opencl;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Random;

/** Helpers of the OpenCL tests: the first device (or a skip naming what is missing) and ulp comparisons. */
final class ClTesting {
  private ClTesting() {}

  /** The first OpenCL device; skips the test, saying why, when there is none. */
  static ClDevice device() {
    OpenCl.Availability a = OpenCl.availability();
    if (a instanceof OpenCl.Availability.Missing(var reason)) {
      System.err.println("SKIPPED (no OpenCL platform): " + reason);
      assumeTrue(false, "no OpenCL platform: " + reason);
    }
    return OpenCl.devices().get(0);
  }

  static NdArray uniform(Random r, DType d, Shape s, double lo, double hi) {
    NdArray x = NdArray.zeros(d, s);
    for (int i = 0; i < s.size(); i++) {
      double v = lo + (hi - lo) * r.nextDouble();
      switch (x.store()) {
        case float[] f -> f[i] = (float) v;
        case double[] f -> f[i] = v;
        case int[] f -> f[i] = (int) Math.floor(v);
        case long[] f -> f[i] = (long) Math.floor(v);
        case boolean[] f -> f[i] = v > (lo + hi) / 2;
        default -> throw new IllegalArgumentException(d.toString());
      }
    }
    return x;
  }

  /**
   * Asserts {@code actual} equals {@code expected} elementwise within {@code ulps} units in the last place of
   * {@code max(|e|, |a|, floor)} in the arrays' dtype (NaN only matches NaN); {@code what} names the case.
   */
  static void assertClose(String what, NdArray expected, NdArray actual, double ulps, double floor) {
    if (!expected.shape().equals(actual.shape()) || expected.dtype() != actual.dtype())
      fail(what + ": expected " + expected.dtype() + expected.shape() + ", got " + actual.dtype() + actual.shape());
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.getDouble(i), a = actual.getDouble(i);
      if (Double.isNaN(e) || Double.isNaN(a)) {
        if (Double.isNaN(e) != Double.isNaN(a)) fail(what + ": element " + i + " expected " + e + ", got " + a);
        continue;
      }
      if (e == a) continue;
      double m = Math.max(Math.max(Math.abs(e), Math.abs(a)), floor);
      double ulp = expected.dtype() == DType.F32 ? Math.ulp((float) m) : Math.ulp(m);
      if (!(Math.abs(e - a) <= ulps * ulp))
        fail(what + ": element " + i + " expected " + e + ", got " + a + " (" + Math.abs(e - a) / ulp
            + " ulps; allowed " + ulps + ")");
    }
  }
}
