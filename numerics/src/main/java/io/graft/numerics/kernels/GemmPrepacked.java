package io.graft.numerics.kernels;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Packed B panels kept across products: inside a scope ({@link #during}, or {@link #around} of a cache that lives
 * longer), a product whose B operand reads one of the scope's stores (arrays nothing writes while it runs: a scan's
 * or while loop's constants, a jitted function's closed-over weights) packs each {@code kc×nc} block once and reuses
 * it at every later product, instead of re-packing the invariant matrix per call.
 *
 * <p>The rule that makes reuse sound: the stores named here must not be written while a scope that names them runs.
 * A loop's constants satisfy it: the loop body gets them as arguments it does not own (never donated, never a buffer
 * the executor recycles), and nothing else runs on them while the loop runs. A jitted function's constants satisfy
 * it for the life of its executable, which owns a cache made by {@link #keeping} and enters it on every call. Keys
 * are the operand's view (its store by identity, offset and strides; for a {@link GemmGathered} operand, a
 * convolution's kernel read through its offset tables, the tables' contents), the kernel and the block, so a
 * transposed view of the same store is its own entry. Scopes nest: a loop inside a jitted function finds the
 * function's constants as well as its own. At most {@value #MAX_FLOATS} elements are kept per cache; past that,
 * products pack as usual. {@code -Dgraft.gemmPrepack=false} turns it off.
 *
 * <pre>{@code
 * GemmPrepacked.during(Set.of(u.store()), () -> { for (...) h = tanh(x.matmul(w) + h.matmul(u)); ... });
 * GemmPrepacked weights = GemmPrepacked.keeping(constantStores);   // an executable's: every call reuses its blocks
 * weights.around(() -> run(args));
 * }</pre>
 * For W9 (an RNN over 100 steps, {@code h[32×256] · U[256×256]}) about 40 % of the in-loop GEMM time was re-packing
 * U; for ResNet-18 inference at batch 1 (jitted, weights closed over) re-packing the 11.2 M kernel elements on every
 * call took most of its 11 ms (2026-12-06).
 */
public final class GemmPrepacked {
  /** Elements kept per cache (64 MiB of f32). */
  static final long MAX_FLOATS = 1L << 24;

  /** The innermost scope: a cache and the scope around it. */
  private record Scope(GemmPrepacked cache, Scope outer) {}

  /** Carried to the kernel threads, so the chunks of a parallel product find the caller's caches. */
  private static final ScopedValue<Scope> CURRENT = io.graft.numerics.Parallel.carry(ScopedValue.newInstance());

  /** {@code -Dgraft.gemmPrepack=false} packs every call (for before/after comparisons). */
  private static final boolean ENABLED = !"false".equals(System.getProperty("graft.gemmPrepack"));

  private final Set<Object> invariant;
  private final Map<Key, Object> blocks = new ConcurrentHashMap<>();
  private long kept;

  private GemmPrepacked(Set<Object> invariant) { this.invariant = invariant; }

  /** One packed block: the view, the kernel (by identity) and the block's origin and extent. */
  private record Key(Object view, GemmKernel kernel, int jc, int pc, int kc, int nc) {}

  /** A gathered operand's view: its store by identity and its offset tables by content. */
  private record Gathered(Object store, int[] rows, int[] cols, int hash) {
    Gathered(GemmGathered g) {
      this(g.store, g.rowOffset, g.colOffset, 31 * (31 * System.identityHashCode(g.store) + g.rowHash) + g.colHash);
    }

    @Override public boolean equals(Object o) {
      return o instanceof Gathered g && g.store == store && g.hash == hash && Arrays.equals(g.rows, rows) && Arrays.equals(g.cols, cols);
    }

    @Override public int hashCode() { return hash; }
  }

  /**
   * A cache of {@code stores}' packed blocks to enter with {@link #around} as often as needed (its owner guarantees the
   * stores are never written); null when there is nothing to keep or {@code -Dgraft.gemmPrepack=false}.
   */
  public static GemmPrepacked keeping(Iterable<?> stores) {
    Set<Object> ids = ids(stores);
    return ids.isEmpty() || !ENABLED ? null : new GemmPrepacked(ids);
  }

  /** Runs {@code body} with this cache in scope (inside any scope already entered); its result. */
  public <T> T around(Supplier<T> body) {
    Objects.requireNonNull(body, "body is null");
    return ScopedValue.where(CURRENT, new Scope(this, CURRENT.isBound() ? CURRENT.get() : null)).call(body::get);
  }

  /**
   * Runs {@code body} with products reusing packed blocks of {@code stores} (by identity), which must stay unwritten
   * until it returns; its result.
   */
  public static <T> T during(Iterable<?> stores, Supplier<T> body) {
    Objects.requireNonNull(body, "body is null");
    GemmPrepacked p = keeping(stores);
    return p == null ? body.get() : p.around(body);
  }

  private static Set<Object> ids(Iterable<?> stores) {
    Objects.requireNonNull(stores, "stores is null");
    Set<Object> ids = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Object s : stores) if (s != null) ids.add(s);
    return ids;
  }

  /** A product's B operand in a cache that keeps its store: where its blocks come from. */
  static final class Use {
    private final GemmPrepacked cache;
    private final Object view;

    private Use(GemmPrepacked cache, Object view) { this.cache = cache; this.view = view; }

    /** The packed {@code kc×nc} block of {@code b} at {@code (pc, jc)}, packed now if it is new; null once the cache is full. */
    Object block(GemmKernel kn, GemmSource b, int jc, int pc, int kc, int nc) {
      return cache.block(new Key(view, kn, jc, pc, kc, nc), kn, b, jc, pc, kc, nc);
    }
  }

  /** How the innermost scope that keeps {@code b}'s store serves it, else null. */
  static Use forOperand(GemmSource b) {
    if (!CURRENT.isBound()) return null;
    Object store = switch (b) {
      case Gemm.Operand op -> op.store();
      case GemmGathered g -> g.store;
    };
    for (Scope s = CURRENT.get(); s != null; s = s.outer)
      if (s.cache.invariant.contains(store)) return new Use(s.cache, b instanceof GemmGathered g ? new Gathered(g) : b);
    return null;
  }

  private Object block(Key key, GemmKernel kn, GemmSource b, int jc, int pc, int kc, int nc) {
    Object got = blocks.get(key);
    if (got != null) return got;
    int panels = GemmDriver.ceil(nc, kn.nr);
    long size = (long) panels * kn.nr * kc;
    synchronized (this) {
      if (kept + size > MAX_FLOATS) return null;
      kept += size;
    }
    Object packed = kn.alloc((int) size);
    kn.packB(b, pc, jc, kc, nc, packed, 0, panels);
    Object raced = blocks.putIfAbsent(key, packed);
    if (raced != null) {                       // another thread packed it first: keep one copy, count it once
      synchronized (this) { kept -= size; }
      return raced;
    }
    return packed;
  }
}
