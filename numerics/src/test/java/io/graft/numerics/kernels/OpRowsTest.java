package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.kernels.CompareKernels.Cmp;
import java.lang.reflect.Method;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The numerics op table is one definition per op: for every row of {@link UnaryKernels.Fn},
 * {@link BinaryKernels.Fn} and {@link Cmp} that accepts floats, the scalar definition its {@code scalar()} names
 * exists for f32 and f64 ({@link ScalarMath} for polynomials, else {@link ScalarOpsF32}/{@code F64}: the methods the jit's generated
 * loops call), and the row's scalar loop and its SIMD loop (vector definition plus scalar tail) both give, bit for bit
 * at every position, that method applied element by element (all NaNs one value); every float row has a C spelling
 * with the right operand slots. Inputs: ±0, ±inf, NaN, subnormals, huge values and random values at lengths that
 * leave partial vectors.
 */
class OpRowsTest {
  private static final double[] SPECIALS = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
      1e-41, -1e-310, 1e30, -3e6, 1.0, -1.0, 0.5, -0.5, 2.5, 0.9999};

  @Test void everyUnaryRowIsItsScalarDefinitionInEveryLoop() throws ReflectiveOperationException {
    for (UnaryKernels.Fn f : UnaryKernels.Fn.values()) {
      if (!f.domain().accepts(DType.F32)) {
        assertTrue(f.c().isEmpty(), f + ": an integer-only row has no float C spelling");
        continue;
      }
      assertTrue(f.c().orElseThrow().contains("%"), f + " C spelling");
      Method m32 = (f.polynomial() ? ScalarMath.class : ScalarOpsF32.class).getMethod(f.scalar(), float.class);
      Method m64 = (f.polynomial() ? ScalarMath.class : ScalarOpsF64.class).getMethod(f.scalar(), double.class);
      for (int n : new int[] {1, 7, 33, 131}) {
        double[] x = values(n, 5 + n);
        float[] xf = new float[n];
        for (int i = 0; i < n; i++) xf[i] = (float) x[i];
        if (f == UnaryKernels.Fn.IS_FINITE) {
          boolean[] o32 = new boolean[n], o64 = new boolean[n];
          f.mask32(xf, o32, 0, n);
          f.mask64(x, o64, 0, n);
          for (int i = 0; i < n; i++) {
            assertEquals(m32.invoke(null, xf[i]), o32[i], f + " f32 at " + xf[i]);
            assertEquals(m64.invoke(null, x[i]), o64[i], f + " f64 at " + x[i]);
          }
          continue;
        }
        float[] s32 = new float[n], v32 = new float[n];
        double[] s64 = new double[n], v64 = new double[n];
        f.f32(xf, s32, 0, n);
        f.f64(x, s64, 0, n);
        if (io.graft.numerics.Simd.AVAILABLE) { f.simd32(xf, v32, 0, n); f.simd64(x, v64, 0, n); }
        else { f.f32(xf, v32, 0, n); f.f64(x, v64, 0, n); }
        for (int i = 0; i < n; i++) {
          float w32 = (float) m32.invoke(null, xf[i]);
          double w64 = (double) m64.invoke(null, x[i]);
          same32(w32, s32[i], f + " scalar loop f32 at " + xf[i]);
          same32(w32, v32[i], f + " SIMD loop f32 at " + xf[i]);
          same64(w64, s64[i], f + " scalar loop f64 at " + x[i]);
          same64(w64, v64[i], f + " SIMD loop f64 at " + x[i]);
        }
      }
    }
  }

  @Test void everyBinaryRowIsItsScalarDefinitionInEveryLoop() throws ReflectiveOperationException {
    for (BinaryKernels.Fn f : BinaryKernels.Fn.values()) {
      if (!f.domain().accepts(DType.F32)) {
        assertTrue(f.c().isEmpty(), f + ": an integer/bool-only row has no float C spelling");
        continue;
      }
      String c = f.c().orElseThrow();
      assertTrue(c.contains("%1$s") && c.contains("%2$s"), f + " C spelling " + c);
      Method m32 = ScalarOpsF32.class.getMethod(f.scalar(), float.class, float.class);
      Method m64 = ScalarOpsF64.class.getMethod(f.scalar(), double.class, double.class);
      for (int n : new int[] {1, 7, 33, 131}) {
        double[] x = values(n, 11 + n), y = values(n, 13 + n);
        float[] xf = new float[n], yf = new float[n];
        for (int i = 0; i < n; i++) { xf[i] = (float) x[i]; yf[i] = (float) y[i]; }
        float[] s32 = new float[n], v32 = new float[n];
        double[] s64 = new double[n], v64 = new double[n];
        f.f32(xf, 0, yf, 0, s32, 0, n);
        f.f64(x, 0, y, 0, s64, 0, n);
        if (io.graft.numerics.Simd.AVAILABLE) { f.simd32(xf, 0, yf, 0, v32, 0, n); f.simd64(x, 0, y, 0, v64, 0, n); }
        else { f.f32(xf, 0, yf, 0, v32, 0, n); f.f64(x, 0, y, 0, v64, 0, n); }
        for (int i = 0; i < n; i++) {
          float w32 = (float) m32.invoke(null, xf[i], yf[i]);
          double w64 = (double) m64.invoke(null, x[i], y[i]);
          same32(w32, s32[i], f + " scalar loop f32 at " + xf[i] + ", " + yf[i]);
          same32(w32, v32[i], f + " SIMD loop f32 at " + xf[i] + ", " + yf[i]);
          same64(w64, s64[i], f + " scalar loop f64 at " + x[i] + ", " + y[i]);
          same64(w64, v64[i], f + " SIMD loop f64 at " + x[i] + ", " + y[i]);
        }
      }
    }
  }

  @Test void everyComparisonIsItsScalarDefinitionInEveryLoop() throws ReflectiveOperationException {
    for (Cmp c : Cmp.values()) {
      assertTrue(c.c().contains("%1$s") && c.c().contains("%2$s"), c + " C spelling");
      Method m32 = ScalarOpsF32.class.getMethod(c.scalar(), float.class, float.class);
      Method m64 = ScalarOpsF64.class.getMethod(c.scalar(), double.class, double.class);
      int n = 131;
      double[] x = values(n, 3), y = values(n, 4);
      for (int i = 0; i < n; i += 3) y[i] = x[i];   // equal pairs too
      float[] xf = new float[n], yf = new float[n];
      for (int i = 0; i < n; i++) { xf[i] = (float) x[i]; yf[i] = (float) y[i]; }
      boolean[] s32 = new boolean[n], v32 = new boolean[n], s64 = new boolean[n], v64 = new boolean[n];
      c.f32(xf, 0, yf, 0, s32, 0, n);
      c.f64(x, 0, y, 0, s64, 0, n);
      if (io.graft.numerics.Simd.AVAILABLE) { c.simd32(xf, 0, yf, 0, v32, 0, n); c.simd64(x, 0, y, 0, v64, 0, n); }
      else { c.f32(xf, 0, yf, 0, v32, 0, n); c.f64(x, 0, y, 0, v64, 0, n); }
      for (int i = 0; i < n; i++) {
        boolean w32 = (float) m32.invoke(null, xf[i], yf[i]) == 1f, w64 = (double) m64.invoke(null, x[i], y[i]) == 1d;
        assertEquals(w32, s32[i], c + " scalar f32 at " + i);
        assertEquals(w32, v32[i], c + " SIMD f32 at " + i);
        assertEquals(w64, s64[i], c + " scalar f64 at " + i);
        assertEquals(w64, v64[i], c + " SIMD f64 at " + i);
      }
    }
  }

  @Test void scalarNamesAreTheRowNamesInLowerCamelCase() {
    assertEquals("roundEven", UnaryKernels.Fn.ROUND_EVEN.scalar());
    assertEquals("erfInv", UnaryKernels.Fn.ERF_INV.scalar());
    assertEquals("exp", UnaryKernels.Fn.EXP.scalar());
    assertEquals("nextafter", BinaryKernels.Fn.NEXTAFTER.scalar());
    assertEquals("ge", Cmp.GE.scalar());
  }

  private static double[] values(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      int u = r.nextInt(10);
      v[i] = u < 6 ? r.nextDouble(-4, 4) : u < 8 ? r.nextDouble(-300, 300) : SPECIALS[r.nextInt(SPECIALS.length)];
    }
    return v;
  }

  private static void same32(float want, float got, String what) {
    if (Float.floatToIntBits(want) != Float.floatToIntBits(got)) throw new AssertionError(what + ": " + got + ", definition " + want);
  }

  private static void same64(double want, double got, String what) {
    if (Double.doubleToLongBits(want) != Double.doubleToLongBits(got)) throw new AssertionError(what + ": " + got + ", definition " + want);
  }
}
