package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;
/**
 * The Vector API backends, loaded only when {@code Simd.AVAILABLE}: loops generated on vector registers
 * ({@link VectorEmitter}) where the kernel allows, else the block evaluators {@link SimdF32}/{@link SimdF64}.
 */
final class SimdBackend {
  private SimdBackend() {}

  /** Per chunk, a new evaluator of {@code k}'s compute dtype over its rows, with {@code tail} for partial vectors. */
  static RowEval.Factory factory(Kernel k, LoopNest nest, FusedLoop tail) {
    SimdPlan plan = new SimdPlan(k, nest, tail);
    if (VectorEmitter.ENABLED && VectorEmitter.supports(k, nest)) {   // register-level generated loops; the block evaluator for column folds
      var vec = VectorEmitter.load(k, nest, tail);
      if (vec.isPresent()) return in -> new Generated(vec.get(), in, new SimdF32(plan, in));
    }
    return switch (k.dtype()) {
      case F32 -> in -> new SimdF32(plan, in);
      case F64 -> in -> new SimdF64(plan, in);
      case BOOL, I32, I64, U32, BF16, F16, I8, U8 -> throw new AssertionError("Kernel admits only f32 and f64, got " + k.dtype());
    };
  }

  /** Generated vector loops for writes and row folds; the block evaluator for column accumulation. */
  private record Generated(FusedLoop loop, Object[] in, RowEval blocks) implements RowEval {
    @Override public void write(int[] base, Object out, int outBase, int lo, int hi) { loop.write(in, base, out, outBase, lo, hi); }

    @Override public void accumulate(int[] base, double[] acc, int accBase, int lo, int hi) {
      blocks.accumulate(base, acc, accBase, lo, hi);
    }

    @Override public double reduce(int[] base, int lo, int hi) { return loop.reduce(in, base, lo, hi); }
  }
}
