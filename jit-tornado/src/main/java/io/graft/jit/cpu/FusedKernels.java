package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.MultiKernel;
import io.graft.numerics.Simd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles {@link Kernel}s into {@link CompiledKernel}s.
 *
 * <p>Backend: the Vector API evaluator ({@link SimdBackend}) when {@link Simd#AVAILABLE} (Vector API present and not
 * {@code -Dgraft.simd=false}), else the generated scalar row loops alone ({@link BytecodeBackend}). Either way the
 * generated loops also run the tails that do not fill a vector.
 *
 * <p>{@link #compile} goes through the CPU device's program cache (the one global the design allows a device: its
 * compiled programs). Key: the {@link Kernel} record's value (dtype, iteration space, input accesses, body,
 * reduction, result dtype — equal kernels generate identical code) plus the backend; bound: the
 * {@value #CACHE_BOUND} most recently used kernels ({@code -Dgraft.kernelCacheSize=N}, 0 turns it off). A kernel
 * compiled once is reused, already warmed up by the JVM, by every later program that contains it — a fresh
 * {@code jit} of the same function, a scan's body at another length — so the first call of a program costs its
 * trace and graph compile, not a new round of class loading and JIT warm-up per loop. {@link #compileUncached}
 * bypasses it.
 *
 * <p>Sums take the eager sum's blocks and order ({@link NestRunner#sum}: the body is read block by block by
 * {@code Reductions}), so a fused sum has the bits of the eager sum of the materialized body, whatever the thread
 * count; MAX/MIN fold in f64 and are exact in any order. The SIMD backend's transcendentals are {@code VectorMath}'s
 * polynomials (plain vector arithmetic, the same bits interpreted and compiled; the JDK's {@code lanewise(EXP)} etc.
 * are not), and its {@code pow}/{@code atan2} call {@link Math} lane by lane, so both backends are bit-reproducible.
 */
public final class FusedKernels {
  private FusedKernels() {}

  /** Default bound of the program cache (kernels). */
  public static final int CACHE_BOUND = 2048;

  private static final int BOUND = Integer.getInteger("graft.kernelCacheSize", CACHE_BOUND);

  /** The CPU device's compiled kernels, least recently used first; guarded by itself. */
  private static final Map<Kernel, CompiledKernel> PROGRAMS = new LinkedHashMap<>(64, 0.75f, true) {
    @Override protected boolean removeEldestEntry(Map.Entry<Kernel, CompiledKernel> eldest) { return size() > BOUND; }
  };

  /** The compiled form of {@code k}, SIMD where available, from the CPU device's program cache (see the class doc). */
  public static CompiledKernel compile(Kernel k) {
    Objects.requireNonNull(k, "k is null");
    if (BOUND <= 0) return compileUncached(k, Simd.AVAILABLE);
    synchronized (PROGRAMS) {
      CompiledKernel hit = PROGRAMS.get(k);
      if (hit != null) return hit;
    }
    CompiledKernel fresh = compileUncached(k, Simd.AVAILABLE);   // outside the lock: class generation is the slow part
    synchronized (PROGRAMS) {
      CompiledKernel raced = PROGRAMS.putIfAbsent(k, fresh);
      return raced != null ? raced : fresh;
    }
  }

  /**
   * The compiled form of a multi-output kernel: each part through {@link #compile} (the cache holds parts, so a part
   * equal to a single-output kernel shares its loop), walked together by {@link CompiledMultiKernel}.
   */
  public static CompiledMultiKernel compile(MultiKernel k) {
    Objects.requireNonNull(k, "k is null");
    return new CompiledMultiKernel(k, k.parts().stream().map(FusedKernels::compile).toList());
  }

  /** Number of kernels the program cache holds now (for tests and diagnostics). */
  public static int cachedCount() {
    synchronized (PROGRAMS) { return PROGRAMS.size(); }
  }

  /** A fresh compiled form of {@code k}, SIMD or not as asked (SIMD only where available); not cached. */
  public static CompiledKernel compileUncached(Kernel k, boolean simd) {
    Objects.requireNonNull(k, "k is null");
    return new CompiledKernel(k, simd && Simd.AVAILABLE);
  }
}
