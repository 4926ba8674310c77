package io.graft.numerics.fused;

/** Backend B: the Vector API evaluators {@link SimdF32}/{@link SimdF64}; loaded only when {@code Simd.AVAILABLE}. */
final class SimdBackend implements CompiledKernel.Backend {
  private SimdBackend() {}

  static CompiledKernel.Backend create() { return new SimdBackend(); }

  @Override public void run(Kernel k, FusedLoop scalar, Object[] in, long bc, Object out, int lo, int hi) {
    switch (k.dtype()) {
      case F32 -> SimdF32.run(k, scalar, in, bc, (float[]) out, lo, hi);
      case F64 -> SimdF64.run(k, scalar, in, bc, (double[]) out, lo, hi);
      case BOOL, I32, I64 -> throw new AssertionError("Kernel admits only f32 and f64, got " + k.dtype());
    }
  }

  @Override public double sum(Kernel k, FusedLoop scalar, Object[] in, long bc, int lo, int hi) {
    return switch (k.dtype()) {
      case F32 -> SimdF32.sum(k, scalar, in, bc, lo, hi);
      case F64 -> SimdF64.sum(k, scalar, in, bc, lo, hi);
      case BOOL, I32, I64 -> throw new AssertionError("Kernel admits only f32 and f64, got " + k.dtype());
    };
  }
}
