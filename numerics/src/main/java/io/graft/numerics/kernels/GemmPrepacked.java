package io.graft.numerics.kernels;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Packed B panels kept across the products of one loop: inside {@link #during}, a product whose B operand reads one
 * of the given stores (arrays the loop only reads: a scan's or while loop's constants) packs each {@code kc×nc}
 * block once and reuses it at every later step, instead of re-packing the loop-invariant matrix per iteration.
 *
 * <p>The rule that makes reuse sound: the stores named here must not be written while the scope runs. A loop's
 * constants satisfy it: the loop body gets them as arguments it does not own (never donated, never a buffer the
 * executor recycles), and nothing else runs on them while the loop runs. Keys are the operand's view (its store by
 * identity, offset and strides), the kernel and the block, so a transposed view of the same store is its own entry.
 * At most {@value #MAX_FLOATS} elements are kept per scope; past that, products pack as usual.
 * {@code -Dgraft.gemmPrepack=false} turns it off.
 *
 * <pre>{@code
 * GemmPrepacked.during(Set.of(u.store()), () -> { for (...) h = tanh(x.matmul(w) + h.matmul(u)); ... });
 * }</pre>
 * For W9 (an RNN over 100 steps, {@code h[32×256] · U[256×256]}) about 40 % of the in-loop GEMM time was re-packing U.
 */
public final class GemmPrepacked {
  /** Elements kept per scope (64 MiB of f32). */
  static final long MAX_FLOATS = 1L << 24;

  private static final ScopedValue<GemmPrepacked> CURRENT = ScopedValue.newInstance();

  /** {@code -Dgraft.gemmPrepack=false} packs every call (for before/after comparisons). */
  private static final boolean ENABLED = !"false".equals(System.getProperty("graft.gemmPrepack"));

  private final Set<Object> invariant;
  private final Map<Key, Object> blocks = new ConcurrentHashMap<>();
  private long kept;

  private GemmPrepacked(Set<Object> invariant) { this.invariant = invariant; }

  /** One packed block: the view, the kernel (by identity) and the block's origin and extent. */
  private record Key(Gemm.Operand b, GemmKernel kernel, int jc, int pc, int kc, int nc) {}

  /**
   * Runs {@code body} with products reusing packed blocks of {@code stores} (by identity), which must stay unwritten
   * until it returns; its result.
   */
  public static <T> T during(Iterable<?> stores, Supplier<T> body) {
    Objects.requireNonNull(stores, "stores is null");
    Objects.requireNonNull(body, "body is null");
    Set<Object> ids = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Object s : stores) if (s != null) ids.add(s);
    if (ids.isEmpty() || !ENABLED) return body.get();
    return ScopedValue.where(CURRENT, new GemmPrepacked(ids)).call(body::get);
  }

  /** The scope's cache when {@code b} reads one of its invariant stores, else null. */
  static GemmPrepacked forOperand(GemmSource b) {
    if (!CURRENT.isBound() || !(b instanceof Gemm.Operand op)) return null;
    GemmPrepacked p = CURRENT.get();
    return p.invariant.contains(op.store()) ? p : null;
  }

  /** The packed {@code kc×nc} block of {@code b} at {@code (pc, jc)}, packed now if it is new; null once the scope is full. */
  Object block(GemmKernel kn, GemmSource b, int jc, int pc, int kc, int nc) {
    Key key = new Key((Gemm.Operand) b, kn, jc, pc, kc, nc);
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
    blocks.put(key, packed);
    return packed;
  }
}
