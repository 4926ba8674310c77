package io.graft.benchmarks;

import io.graft.Array;
import io.graft.ArrayFn;
import io.graft.Graft;
import io.graft.JittedArrayFn;
import org.openjdk.jmh.annotations.*;

/**
 * W6: the full Hessian of Rosenbrock {@code f(x) = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2} in d = 100 by
 * {@code Graft.hessian} (forward over reverse); {@link #hessianJit} runs {@code Graft.jit} of it. Figure:
 * ms / Hessian.
 */
public class W6Hessian extends AverageTimeWorkload {
  @Param({"100"}) public int d;

  private Array x;
  private ArrayFn hessian;
  private JittedArrayFn jitted;

  static Array rosenbrock(Array x) {
    int d = x.size();
    Array a = x.slice(0, d - 1), b = x.slice(1, d);
    Array r = b.sub(a.mul(a)), s = a.neg().add(1.0);
    return r.mul(r).mul(100.0).add(s.mul(s)).sum();
  }

  @Setup public void setup() {
    x = Inputs.uniform(9, -1.5, 1.5, d);
    hessian = Graft.hessian(W6Hessian::rosenbrock);
    jitted = Graft.jit(hessian);
  }

  @Benchmark public Array hessian() { return hessian.apply(x); }

  @Benchmark public Array hessianJit() { return jitted.apply(x); }

  /** At d = 100 against the closed-form tridiagonal Hessian, eager and jitted. */
  public static void check() {
    W6Hessian s = new W6Hessian();
    s.d = 100;
    s.setup();
    int d = s.d;
    float[] xv = s.x.toFloatArray();
    checkAgainstClosedForm("W6", s.hessian().toFloatArray(), xv, d);
    checkAgainstClosedForm("W6 jit", s.hessianJit().toFloatArray(), xv, d);
  }

  private static void checkAgainstClosedForm(String what, float[] h, float[] xv, int d) {
    if (h.length != d * d) throw new AssertionError(what + ": want " + d * d + " entries, got " + h.length);
    for (int i = 0; i < d; i++)
      for (int j = 0; j < d; j++) {
        double want = 0;
        if (i == j) want = (i < d - 1 ? 2 - 400.0 * xv[i + 1] + 1200.0 * xv[i] * xv[i] : 0) + (i > 0 ? 200 : 0);
        else if (j == i + 1) want = -400.0 * xv[i];
        else if (i == j + 1) want = -400.0 * xv[j];
        Inputs.near(what + " H[" + i + "][" + j + "]", want, h[i * d + j], 1e-5);
      }
  }
}
