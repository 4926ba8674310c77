package io.graft.numerics.fused;

import io.graft.numerics.Simd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles {@link Kernel}s into {@link CompiledKernel}s, with a cache.
 *
 * <p>Backend: the Vector API evaluator ({@link SimdBackend}) when {@link Simd#AVAILABLE} (Vector API present and not
 * {@code -Dgraft.simd=false}), else the generated scalar row loops alone ({@link BytecodeBackend}). Either way the
 * generated loops also run the tails that do not fill a vector.
 *
 * <p>Cache: keyed by the {@link Kernel} record (value equality: equal trees, dtypes, space, accesses and reduction
 * hit), an access-ordered LRU of at most {@value #CACHE_SIZE} entries behind one lock; an evicted kernel's classes
 * are unloaded once unreachable (hidden classes). NB: this static cache is a stop-gap until jit caches belong to
 * jitted functions.
 *
 * <p>Reductions fold in f64 (f32 values are exact in f64; see {@link NestRunner} for the chunking), so results are
 * reproducible run to run for a given thread count. The SIMD backend's transcendentals are {@code VectorMath}'s
 * polynomials (plain vector arithmetic, the same bits interpreted and compiled; the JDK's {@code lanewise(EXP)} etc.
 * are not), and its {@code pow}/{@code atan2} call {@link Math} lane by lane, so both backends are bit-reproducible.
 */
public final class FusedKernels {
  /** Most kernels kept compiled. */
  public static final int CACHE_SIZE = 256;

  private static final Map<Kernel, CompiledKernel> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
    @Override protected boolean removeEldestEntry(Map.Entry<Kernel, CompiledKernel> eldest) { return size() > CACHE_SIZE; }
  };

  private FusedKernels() {}

  /** The compiled form of {@code k} (the same instance for equal kernels while cached). */
  public static CompiledKernel compile(Kernel k) {
    Objects.requireNonNull(k, "k is null");
    synchronized (CACHE) {
      return CACHE.computeIfAbsent(k, key -> compileUncached(key, Simd.AVAILABLE));
    }
  }

  /** A fresh compiled form of {@code k}, SIMD or not as asked (SIMD only where available); not cached. */
  public static CompiledKernel compileUncached(Kernel k, boolean simd) {
    Objects.requireNonNull(k, "k is null");
    return new CompiledKernel(k, simd && Simd.AVAILABLE);
  }
}
