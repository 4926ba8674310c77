package io.graft.numerics.fused;

import io.graft.numerics.Simd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Compiles {@link Kernel}s into {@link CompiledKernel}s, with a cache.
 *
 * <p>Backend: the SIMD evaluator when {@link Simd#AVAILABLE} (Vector API present and not {@code -Dgraft.simd=false}),
 * else the generated scalar loop alone ({@link BytecodeBackend}). Either way the generated loop also runs the tails
 * that do not fill a vector.
 *
 * <p>Cache: keyed by the {@link Kernel} record (value equality: equal trees, dtype, arity and reduction hit), an
 * access-ordered LRU of at most {@value #CACHE_SIZE} entries behind one lock; an evicted kernel's classes are unloaded
 * once unreachable (hidden classes). NB: this static cache is a stop-gap until jit caches belong to jitted functions.
 *
 * <p>Sums: f32 kernels accumulate in f64 (one rounding at the end would be the caller's {@code (float)} cast), f64
 * kernels in f64; partial sums per chunk are added in chunk order, so results are reproducible run to run.
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

  /** A fresh compiled form of {@code k}, SIMD or not as asked (tests compare the two); not cached. */
  public static CompiledKernel compileUncached(Kernel k, boolean simd) {
    CompiledKernel ck = new CompiledKernel(k, simd && Simd.AVAILABLE ? SimdBackend.create() : SCALAR);
    ck.loop(0);   // generate the common (no broadcast) loop now: compile cost is paid here, not on first use
    return ck;
  }

  /** The generated loop alone. */
  static final CompiledKernel.Backend SCALAR = new CompiledKernel.Backend() {
    @Override public void run(Kernel k, FusedLoop scalar, Object[] in, long bc, Object out, int lo, int hi) {
      scalar.run(in, out, lo, hi);
    }

    @Override public double sum(Kernel k, FusedLoop scalar, Object[] in, long bc, int lo, int hi) {
      return scalar.sum(in, lo, hi);
    }
  };
}
