package io.graft.numerics.kernels;

/**
 * Packing for the blocked GEMM (layouts in {@link GemmKernel}): copies a block of a strided or gathered operand
 * into contiguous micro-panels, zero-filling past the edges; the per-dtype loops are the generated
 * {@link GemmPackF32}/{@link GemmPackF64} (template {@code GemmPackFxx.java.template}).
 */
final class GemmPack {
  private GemmPack() {}

  /** f32 A block of either view into {@code mr}-row panels. */
  static void packA(GemmSource a, int i0, int p0, int rows, int depth, float[] dst, int mr) {
    switch (a) {
      case Gemm.Operand o -> {
        if (io.graft.numerics.Simd.AVAILABLE && GemmPackSimd.applies(o, mr)) GemmPackSimd.packA(o, i0, p0, rows, depth, dst, mr);
        else GemmPackF32.packA(o, i0, p0, rows, depth, dst, mr);
      }
      case GemmGathered g -> {
        if (io.graft.numerics.Simd.AVAILABLE && GemmPackSimd.applies(g, mr)) GemmPackSimd.packA(g, i0, p0, rows, depth, dst, mr);
        else GemmPackF32.packA(g, i0, p0, rows, depth, dst, mr);
      }
    }
  }

  /** f64 A block of either view into {@code mr}-row panels. */
  static void packA(GemmSource a, int i0, int p0, int rows, int depth, double[] dst, int mr) {
    switch (a) {
      case Gemm.Operand o -> GemmPackF64.packA(o, i0, p0, rows, depth, dst, mr);
      case GemmGathered g -> GemmPackF64.packA(g, i0, p0, rows, depth, dst, mr);
    }
  }

  /** f32 B panels of either view. */
  static void packB(GemmSource b, int p0, int j0, int depth, int cols, float[] dst, int nr, int lo, int hi) {
    switch (b) {
      case Gemm.Operand o -> GemmPackF32.packB(o, p0, j0, depth, cols, dst, nr, lo, hi);
      case GemmGathered g -> GemmPackF32.packB(g, p0, j0, depth, cols, dst, nr, lo, hi);
    }
  }

  /** f64 B panels of either view. */
  static void packB(GemmSource b, int p0, int j0, int depth, int cols, double[] dst, int nr, int lo, int hi) {
    switch (b) {
      case Gemm.Operand o -> GemmPackF64.packB(o, p0, j0, depth, cols, dst, nr, lo, hi);
      case GemmGathered g -> GemmPackF64.packB(g, p0, j0, depth, cols, dst, nr, lo, hi);
    }
  }
}
