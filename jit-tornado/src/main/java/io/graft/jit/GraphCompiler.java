package io.graft.jit;

import io.graft.trace.Compiler;
import io.graft.trace.Graph;
import io.graft.trace.Graphs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Graft's compiler: optimises the graph with the {@link Passes#PIPELINE} (inline nested jit calls, constant folding,
 * algebraic simplification, CSE, DCE), partitions it into fusion groups ({@link Fusion}), lowers each group to one
 * loop nest of the kernel IR ({@link Lowering}, {@link KernelBuilder}) compiled to bytecode / Vector API code
 * ({@link io.graft.numerics.fused.FusedKernels}), plans buffers ({@link Program}) and returns the CPU
 * {@link Executor}. Thread-safe.
 *
 * <p>Executables are memoised per graph <em>object</em> (an identity-keyed LRU of {@value #CACHE_SIZE}): a jit call
 * primitive evaluated eagerly compiles its graph on first use only — e.g. the known half of {@code grad(jit(f))}
 * (see {@code JitJvp}), whose graph object is cached per signature. Jitted functions keep their own per-signature
 * cache on top. {@code -Dgraft.fusion=false} turns fusion off (every equation runs its own kernel), for comparisons.
 */
public final class GraphCompiler implements Compiler {
  /** Most executables memoised. */
  public static final int CACHE_SIZE = 64;

  private final boolean fuse;
  private final AtomicInteger compiles = new AtomicInteger();

  private record Identity(Graph g) {
    @Override public boolean equals(Object o) { return o instanceof Identity i && i.g == g; }

    @Override public int hashCode() { return System.identityHashCode(g); }
  }

  private final Map<Identity, Executable> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override protected boolean removeEldestEntry(Map.Entry<Identity, Executable> e) { return size() > CACHE_SIZE; }
  };

  /** A compiler; fuses unless {@code -Dgraft.fusion=false}. */
  public GraphCompiler() { this(!"false".equals(System.getProperty("graft.fusion"))); }

  /** A compiler that fuses or not. */
  public GraphCompiler(boolean fuse) { this.fuse = fuse; }

  /** {@code g} after every pass, type-checked. */
  public Graph optimize(Graph g) { return Graphs.check(Passes.optimize(g)); }

  @Override public Executable compile(Graph g) {
    Identity key = new Identity(g);
    synchronized (cache) {
      Executable hit = cache.get(key);
      if (hit != null) return hit;
    }
    Executable exe = new Executor(Program.of(optimize(g), fuse));
    compiles.incrementAndGet();
    synchronized (cache) { cache.putIfAbsent(key, exe); }
    return exe;
  }

  /** Graphs compiled so far (cache misses; for tests). */
  public int compileCount() { return compiles.get(); }

  @Override public String toString() { return "GraphCompiler(fuse=" + fuse + ")"; }
}
