package io.graft.numerics.kernels;

/**
 * Scalar micro-kernels for the blocked GEMM (used when the Vector API is absent): a 4×4 register block of plain
 * {@code float}/{@code double} accumulators over the same packed panels as {@link GemmSimd}.
 */
final class GemmScalar {
  private static final int R = 4;
  /** The f32 kernel. */
  static final GemmKernel F32 = new F32Kernel();
  /** The f64 kernel. */
  static final GemmKernel F64 = new F64Kernel();

  private GemmScalar() {}

  private static final class F32Kernel extends GemmKernel.F32 {
    F32Kernel() { super(R, R, 64, 256, 2048); }


    @Override void tile(int depth, Object apo, int ao, Object bpo, int bo, Object co, int c0, int ldc, int rows,
                        int cols, boolean acc) {
      float[] ap = (float[]) apo, bp = (float[]) bpo, c = (float[]) co;
      float t00 = 0, t01 = 0, t02 = 0, t03 = 0, t10 = 0, t11 = 0, t12 = 0, t13 = 0;
      float t20 = 0, t21 = 0, t22 = 0, t23 = 0, t30 = 0, t31 = 0, t32 = 0, t33 = 0;
      for (int p = 0; p < depth; p++, ao += R, bo += R) {
        float b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
        float x = ap[ao];
        t00 += x * b0; t01 += x * b1; t02 += x * b2; t03 += x * b3;
        x = ap[ao + 1];
        t10 += x * b0; t11 += x * b1; t12 += x * b2; t13 += x * b3;
        x = ap[ao + 2];
        t20 += x * b0; t21 += x * b1; t22 += x * b2; t23 += x * b3;
        x = ap[ao + 3];
        t30 += x * b0; t31 += x * b1; t32 += x * b2; t33 += x * b3;
      }
      float[] t = {t00, t01, t02, t03, t10, t11, t12, t13, t20, t21, t22, t23, t30, t31, t32, t33};
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) c[c0 + r * ldc + j] = acc ? c[c0 + r * ldc + j] + t[r * R + j] : t[r * R + j];
      }
    }
  }

  private static final class F64Kernel extends GemmKernel.F64 {
    F64Kernel() { super(R, R, 64, 256, 2048); }


    @Override void tile(int depth, Object apo, int ao, Object bpo, int bo, Object co, int c0, int ldc, int rows,
                        int cols, boolean acc) {
      double[] ap = (double[]) apo, bp = (double[]) bpo, c = (double[]) co;
      double t00 = 0, t01 = 0, t02 = 0, t03 = 0, t10 = 0, t11 = 0, t12 = 0, t13 = 0;
      double t20 = 0, t21 = 0, t22 = 0, t23 = 0, t30 = 0, t31 = 0, t32 = 0, t33 = 0;
      for (int p = 0; p < depth; p++, ao += R, bo += R) {
        double b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
        double x = ap[ao];
        t00 += x * b0; t01 += x * b1; t02 += x * b2; t03 += x * b3;
        x = ap[ao + 1];
        t10 += x * b0; t11 += x * b1; t12 += x * b2; t13 += x * b3;
        x = ap[ao + 2];
        t20 += x * b0; t21 += x * b1; t22 += x * b2; t23 += x * b3;
        x = ap[ao + 3];
        t30 += x * b0; t31 += x * b1; t32 += x * b2; t33 += x * b3;
      }
      double[] t = {t00, t01, t02, t03, t10, t11, t12, t13, t20, t21, t22, t23, t30, t31, t32, t33};
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) c[c0 + r * ldc + j] = acc ? c[c0 + r * ldc + j] + t[r * R + j] : t[r * R + j];
      }
    }
  }
}
