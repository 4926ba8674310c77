package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.Simd;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A product of one row block split by columns over the threads (GemmDriver's column tasks) has the bits of the same
 * product on one thread: a few rows against wide and deep B, in f32 (both kernels) and f64, strided and gathered.
 */
class GemmColumnsTest {
  @Test void columnTasksKeepTheOneThreadBits() {
    Random r = new Random(8);
    for (int[] mnk : new int[][] {{1, 512, 2304}, {4, 256, 1000}, {3, 700, 300}, {16, 96, 4096}}) {
      int m = mnk[0], n = mnk[1], k = mnk[2];
      for (boolean f32 : new boolean[] {true, false}) {
        double[] av = new double[m * k], bv = new double[k * n];
        for (int i = 0; i < av.length; i++) av[i] = r.nextGaussian();
        for (int i = 0; i < bv.length; i++) bv[i] = r.nextGaussian();
        GemmKernel kn = Simd.AVAILABLE ? (f32 ? GemmSimd.f32() : GemmSimd.f64()) : (f32 ? GemmScalarF32.KERNEL : GemmScalarF64.KERNEL);
        Object a = f32 ? toFloat(av) : av, b = f32 ? toFloat(bv) : bv;
        Object forked = f32 ? new float[m * n] : new double[m * n], alone = f32 ? new float[m * n] : new double[m * n];
        GemmDriver.run(kn, m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(b, n), forked, 0, n, true);
        GemmDriver.run(kn, m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(b, n), alone, 0, n, false);
        for (int e = 0; e < m * n; e++)
          assertEquals(bits(alone, e), bits(forked, e), (f32 ? "f32 " : "f64 ") + m + "x" + n + "x" + k + " element " + e);
      }
    }
  }

  private static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }

  private static long bits(Object c, int e) {
    return c instanceof float[] f ? Float.floatToRawIntBits(f[e]) : Double.doubleToRawLongBits(((double[]) c)[e]);
  }
}
