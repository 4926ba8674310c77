package io.graft.numerics.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;

/**
 * Compares a compiled kernel's result with {@link NestRef}: the scalar backend exactly (elementwise, MAX, MIN) or
 * within the f64 summation's rounding (SUM); the SIMD backend within the reference's error bound plus the f32
 * lane summation's rounding.
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

  private static void elementwise(KernelCases.Case c, boolean simd, NestRef.Result w, NdArray got, int o) {
    DType od = c.kernel().outDType();
    double g = got.getDouble(o);
    if (!simd) {
      assertEquals(NestRef.convert(w.exact()[o], od), g, () -> c + " scalar element " + o);
      return;
    }
    double v = w.bound()[o], e = w.err()[o];
    String msg = c + " simd element " + o + ": want " + v + " ± " + e + ", got " + g;
    switch (od) {
      case F32, F64 -> {
        boolean narrowed = od == DType.F32 && c.kernel().dtype() == DType.F64;
        double slack = narrowed && Double.isFinite(v) ? Math.ulp((float) v) : 0;
        assertTrue(FusedRef.agrees(new FusedRef.VE(v, e + slack), g), msg);
      }
      case I32, I64 -> {
        if (!(e < Double.POSITIVE_INFINITY)) return;
        double lo = NestRef.convert(v - e, od), hi = NestRef.convert(v + e, od);
        assertTrue(Double.isNaN(v) ? g == 0 : lo <= g && g <= hi, msg);
      }
      case BOOL -> {
        if (Double.isNaN(v) && e == 0) assertEquals(1.0, g, msg);
        else if (Math.abs(v) > e) assertEquals(v != 0 ? 1.0 : 0.0, g, msg);
      }
    }
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
