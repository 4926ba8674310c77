package io.graft.numerics.kernels;

import io.graft.numerics.Parallel;
import java.util.Objects;

/**
 * A product that adds itself to what its result store already holds: {@code C = X ± s·(A·B)}, with {@code X} the
 * store's contents before the product. This is BLAS's {@code C = α·A·B + β·C} with {@code α = ±s} and {@code β = 1},
 * and XLA's output fusion of a {@code dot} into the {@code add} that consumes it. The jit uses it for an SGD update of a
 * weight it may overwrite ({@code w - lr·(hᵀ·g)}: the product's sums go straight into the weight's buffer, with no
 * gradient buffer written and read back and no second pass over the weight).
 * <pre>{@code
 * boolean done = GemmAccumulate.around(w, true, 0.01, () -> DotGeneral.applyInto(hT, g, ..., w));   // w -= 0.01·(hT·g)
 * }</pre>
 *
 * <p><b>Values.</b> On a BLAS product (the only one that claims it: {@code Gemm.runsOnBlas}) each element is what the
 * library makes of {@code α·Σ + C} (oneDNN may round {@code α·Σ + C} once, as a fused multiply-add, and accumulate the
 * sums in another order than for {@code β = 0}): within an ulp of the larger of {@code |X|} and {@code |s·Σ|} of the
 * separate {@code x ± s·p}, which near cancellation can be many ulps of the small result, as any two summation orders
 * are. Every other product ({@link #addScaled}: Graft's own kernels, batched products) computes {@code p} into a buffer
 * of its own and then {@code x ± fl(p·s)} in the store's dtype, the bits of the separate elementwise pass.
 */
public final class GemmAccumulate {
  /** Bound on the calling thread only, like {@link GemmEpilogue}'s. */
  private static final ScopedValue<GemmAccumulate> CURRENT = ScopedValue.newInstance();

  private final Object store;
  private final boolean minus;
  private final double scale;
  private boolean claimed;

  private GemmAccumulate(Object store, boolean minus, double scale) {
    this.store = store;
    this.minus = minus;
    this.scale = scale;
  }

  /**
   * Runs {@code product}, which writes its {@code m×n} result over all of {@code store} ({@code float[]} or
   * {@code double[]}), so that the store ends up holding {@code X - scale·P} ({@code minus}) or {@code X + scale·P}
   * instead of {@code P}; whether a product claimed it. A product that does not (none that reaches {@code DotGeneral},
   * which claims it on every path) leaves {@code P} in the store, so the caller must treat false as a bug.
   */
  public static boolean around(Object store, boolean minus, double scale, Runnable product) {
    Objects.requireNonNull(store, "store is null");
    Objects.requireNonNull(product, "product is null");
    if (!(store instanceof float[] || store instanceof double[]))
      throw new IllegalArgumentException("gemm accumulate: a float[] or double[] store, got " + store.getClass().getSimpleName());
    GemmAccumulate a = new GemmAccumulate(store, minus, scale);
    ScopedValue.where(CURRENT, a).run(product);
    return a.claimed;
  }

  /** The unclaimed accumulation bound to {@code c}, else null. */
  static GemmAccumulate bound(Object c) {
    if (!CURRENT.isBound()) return null;
    GemmAccumulate a = CURRENT.get();
    return a.claimed || a.store != c ? null : a;
  }

  /**
   * The accumulation bound to {@code c} when this BLAS product, {@code m×n} at {@code cOff} with row stride
   * {@code ldc} and a depth {@code k > 0}, covers all of it; claimed, so the caller must run it with {@link #alpha} and
   * {@code β = 1}. Else null.
   */
  static GemmAccumulate claim(Object c, int cOff, int ldc, int m, int n, int k) {
    GemmAccumulate a = bound(c);
    if (a == null || k <= 0 || cOff != 0 || ldc != n || (long) m * n != java.lang.reflect.Array.getLength(c)) return null;
    a.claimed = true;
    return a;
  }

  /** BLAS's {@code α}: {@code -scale} or {@code scale}. */
  double alpha() { return minus ? -scale : scale; }

  /** Whether a product took it. */
  boolean claimed() { return claimed; }

  /**
   * Claims it and adds {@code ±scale·p} to the store, elementwise in the store's dtype ({@code x - p·s} or
   * {@code x + p·s}, {@code s} rounded to that dtype): the product {@code p} was computed into a buffer of its own.
   */
  void addScaled(Object p) {
    claimed = true;
    int size = java.lang.reflect.Array.getLength(store);
    switch (store) {
      case float[] x -> {
        float[] t = (float[]) p;
        float s = (float) scale;
        Parallel.range(size, GemmEpilogue.SERIAL, (lo, hi) -> {
          if (minus) for (int i = lo; i < hi; i++) x[i] = x[i] - t[i] * s;
          else for (int i = lo; i < hi; i++) x[i] = x[i] + t[i] * s;
        });
      }
      case double[] x -> {
        double[] t = (double[]) p;
        Parallel.range(size, GemmEpilogue.SERIAL, (lo, hi) -> {
          if (minus) for (int i = lo; i < hi; i++) x[i] = x[i] - t[i] * scale;
          else for (int i = lo; i < hi; i++) x[i] = x[i] + t[i] * scale;
        });
      }
      default -> throw new AssertionError("checked in around");
    }
  }
}
