package io.graft.numerics.fused;

/** Backend B: the Vector API evaluators {@link SimdF32}/{@link SimdF64}; loaded only when {@code Simd.AVAILABLE}. */
final class SimdBackend {
  private SimdBackend() {}

  /** Per chunk, a new evaluator of {@code k}'s compute dtype over its rows, with {@code tail} for partial vectors. */
  static RowEval.Factory factory(Kernel k, LoopNest nest, FusedLoop tail) {
    SimdPlan plan = new SimdPlan(k, nest, tail);
    return switch (k.dtype()) {
      case F32 -> in -> new SimdF32(plan, in);
      case F64 -> in -> new SimdF64(plan, in);
      case BOOL, I32, I64 -> throw new AssertionError("Kernel admits only f32 and f64, got " + k.dtype());
    };
  }
}
