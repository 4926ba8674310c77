package io.graft.numerics.fused;

/** Backend B: the Vector API evaluators {@link SimdF32}/{@link SimdF64}; loaded only when {@code Simd.AVAILABLE}. */
final class SimdBackend {
  private SimdBackend() {}

  /** Per chunk, a new evaluator of {@code k}'s compute dtype over its rows, with {@code tail} for partial vectors. */
  static RowEval.Factory factory(Kernel k, LoopNest nest, FusedLoop tail) {
    return switch (k.dtype()) {
      case F32 -> in -> new SimdF32(k, nest, tail, in);
      case F64 -> in -> new SimdF64(k, nest, tail, in);
      case BOOL, I32, I64 -> throw new AssertionError("Kernel admits only f32 and f64, got " + k.dtype());
    };
  }
}
