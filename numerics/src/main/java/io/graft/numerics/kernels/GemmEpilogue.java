package io.graft.numerics.kernels;

import java.util.Objects;

/**
 * Work on a product's result run by the product itself, row block by row block, as soon as a block's sums are final:
 * {@code C = A·B; then(C)} where {@code then} is elementwise over C's positions (a bias, a batch-norm scale and shift,
 * a ReLU, a residual add). The block is still in its core's cache, and no second fork walks C again. The values are
 * those of {@code then} run over the finished C: the product's sums are complete before {@code then} reads them.
 *
 * <p>A caller binds {@code then} to the store the product will write ({@link #around}); the blocked driver
 * ({@code GemmDriver}) claims it when that product writes the whole store as one row-major matrix ({@code C} at
 * offset 0, row stride {@code n}, {@code m·n} elements) on a path that can hand rows over as they finish, and then calls
 * {@code then} over every position exactly once, from the thread that finished the rows. Any other product (OpenBLAS,
 * a split reduction, a partial or strided C) leaves it unclaimed, and the caller runs {@code then} itself.
 * <pre>{@code
 * boolean done = GemmEpilogue.around(c, (from, to) -> reluInPlace(c, from, to), () -> Gemm.multiply(...));
 * if (!done) reluInPlace(c, 0, c.length);
 * }</pre>
 */
public final class GemmEpilogue {
  /** The elementwise work over positions {@code [from, to)} of the result store. */
  @FunctionalInterface
  public interface Positions { void run(int from, int to); }

  /** Bound on the calling thread only: a product nested in the claiming one's tasks never sees it. */
  private static final ScopedValue<GemmEpilogue> CURRENT = ScopedValue.newInstance();

  private final Object store;
  private final Positions then;
  private boolean claimed;

  private GemmEpilogue(Object store, Positions then) {
    this.store = store;
    this.then = then;
  }

  /**
   * Runs {@code product} with {@code then} bound to {@code store}; whether a product claimed it (and so ran
   * {@code then} over every position of {@code store}).
   */
  public static boolean around(Object store, Positions then, Runnable product) {
    Objects.requireNonNull(store, "store is null");
    Objects.requireNonNull(then, "then is null");
    Objects.requireNonNull(product, "product is null");
    GemmEpilogue e = new GemmEpilogue(store, then);
    ScopedValue.where(CURRENT, e).run(product);
    return e.claimed;
  }

  /**
   * The epilogue bound to {@code c} when this product, {@code m×n} at {@code cOff} with row stride {@code ldc}, writes
   * all of it and nothing has claimed it yet; else null. The caller must then cover every row ({@link #rows}).
   */
  static GemmEpilogue claim(Object c, int cOff, int ldc, int m, int n) {
    if (!CURRENT.isBound()) return null;
    GemmEpilogue e = CURRENT.get();
    if (e.claimed || e.store != c || cOff != 0 || ldc != n || (long) m * n != length(c)) return null;
    e.claimed = true;
    return e;
  }

  /**
   * For a kernel that has just finished writing every element of {@code store} (a product on a path that hands no rows
   * over: OpenBLAS, a split reduction after its parts are added, a direct convolution): runs the epilogue bound to
   * {@code store}, if no product claimed it yet, over all its positions, in chunks over the kernel threads when there
   * are more than {@value #SERIAL}. This saves the executor's separate pass its dispatch, not its reads.
   */
  public static void finish(Object store) {
    if (!CURRENT.isBound()) return;
    GemmEpilogue e = CURRENT.get();
    if (e.claimed || e.store != store) return;
    e.claimed = true;
    int size = length(store);
    if (size <= SERIAL) e.then.run(0, size);
    else io.graft.numerics.Parallel.range(size, SERIAL, e.then::run);
  }

  /** Positions one thread runs at once when an epilogue runs after the fact ({@link #finish}). */
  static final int SERIAL = 1 << 15;

  /** Runs the epilogue over rows {@code [lo, hi)} of an {@code n}-column result. */
  void rows(int n, int lo, int hi) {
    if (lo < hi) then.run(lo * n, hi * n);
  }

  /** Elements of a store (any primitive array). */
  private static int length(Object c) { return java.lang.reflect.Array.getLength(c); }
}
