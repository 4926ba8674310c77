package io.graft.jit.cpu;

import io.graft.jit.kernel.Reduction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;

/**
 * Compares a compiled kernel's result with {@link NestRef}: elementwise results of both backends exactly (bit for
 * bit); folds of the scalar backend exactly (MAX, MIN) or within the f64 summation's rounding (SUM), of the SIMD
 * backend within the reference's error bound plus the f32 lane summation's rounding.
 */
final class Checks {
  private Checks() {}

  static NdArray verify(KernelCases.Case c, boolean simd) {
    CompiledKernel ck = FusedKernels.compileUncached(c.kernel(), simd);
    NdArray got = ck.apply(c.inputs());
    assertEquals(c.kernel().resultShape(), got.shape(), c::toString);
    assertEquals(c.kernel().outDType(), got.dtype(), c::toString);
    NestRef.Result want = NestRef.eval(c.kernel(), c.inputs());
    for (int o = 0; o < got.size(); o++) {
      if (c.kernel().reduction() == Reduction.NONE) elementwise(c, ck.simd(), want, got, o);
      else fold(c, ck.simd(), want, got.getDouble(o), o);
    }
    return got;
  }

  /** Every backend computes each element by one definition (the vector functions' scalar twins in tails): exact. */
  private static void elementwise(KernelCases.Case c, boolean simd, NestRef.Result w, NdArray got, int o) {
    double g = got.getDouble(o);
    assertEquals(NestRef.convert(w.exact()[o], c.kernel().outDType()), g, () -> c + (simd ? " simd" : " scalar") + " element " + o);
  }

  private static void fold(KernelCases.Case c, boolean simd, NestRef.Result w, double g, int o) {
    boolean f32 = c.kernel().dtype() == DType.F32;
    double want = simd ? w.bound()[o] : w.exact()[o], e = simd ? w.err()[o] : 0;
    String msg = c + (simd ? " simd" : " scalar") + " result " + o + ": want " + want + " ± " + e + ", got " + g;
    if (!(e < Double.POSITIVE_INFINITY)) return;
    if (Double.isNaN(want) || Double.isInfinite(want)) {
      if (e == 0 || Double.isNaN(want) && c.kernel().reduction() != Reduction.SUM) assertEquals(want, g, msg);
      return;
    }
    double rounding = f32 ? Math.ulp((float) want) : Math.ulp(want);
    double summation = c.kernel().reduction() != Reduction.SUM ? 0
        : (simd ? (f32 ? 128 * 0x1p-24 : 128 * 0x1p-53) : w.count()[o] * 0x1p-52) * w.absSum()[o];
    assertTrue(Math.abs(g - want) <= e + rounding + summation, msg);
  }
}
