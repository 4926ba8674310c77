package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;
import io.graft.numerics.Simd;
import java.util.Objects;

/**
 * Compiles {@link Kernel}s into {@link CompiledKernel}s.
 *
 * <p>Backend: the Vector API evaluator ({@link SimdBackend}) when {@link Simd#AVAILABLE} (Vector API present and not
 * {@code -Dgraft.simd=false}), else the generated scalar row loops alone ({@link BytecodeBackend}). Either way the
 * generated loops also run the tails that do not fill a vector.
 *
 * <p>No cache: each call compiles anew (hidden classes, unloaded once unreachable). The caller owns the result — the
 * jit's {@code Program} holds its kernels, so they live exactly as long as the jitted function that compiled them.
 *
 * <p>Sums take the eager sum's blocks and order ({@link NestRunner#sum}: the body is read block by block by
 * {@code Reductions}), so a fused sum has the bits of the eager sum of the materialized body, whatever the thread
 * count; MAX/MIN fold in f64 and are exact in any order. The SIMD backend's transcendentals are {@code VectorMath}'s
 * polynomials (plain vector arithmetic, the same bits interpreted and compiled; the JDK's {@code lanewise(EXP)} etc.
 * are not), and its {@code pow}/{@code atan2} call {@link Math} lane by lane, so both backends are bit-reproducible.
 */
public final class FusedKernels {
  private FusedKernels() {}

  /** A fresh compiled form of {@code k}, SIMD where available; the caller keeps it. */
  public static CompiledKernel compile(Kernel k) { return compileUncached(k, Simd.AVAILABLE); }

  /** A fresh compiled form of {@code k}, SIMD or not as asked (SIMD only where available); not cached. */
  public static CompiledKernel compileUncached(Kernel k, boolean simd) {
    Objects.requireNonNull(k, "k is null");
    return new CompiledKernel(k, simd && Simd.AVAILABLE);
  }
}
