package io.graft;

/**
 * Options of {@link Lax#scan(java.util.function.BiFunction, Object, Object, ScanOptions)} ({@code jax.lax.scan}'s
 * keyword arguments).
 * <pre>{@code
 * Lax.scan(step, h0, xs, ScanOptions.DEFAULT.reversed());   // last step first
 * Lax.scan(step, h0, 10);                                   // no xs: 10 steps
 * }</pre>
 *
 * @param length  the number of steps, or {@code -1} to take it from the leading axis of the {@code xs} leaves (when
 *                both are given they must agree)
 * @param reverse true to run the steps from the last to the first ({@code ys[i]} is still step {@code i}'s output)
 * @param unroll  accepted for JAX compatibility and ignored: Graft never unrolls a scan (the body is one compiled
 *                program run {@code length} times); must be at least 1
 */
public record ScanOptions(int length, boolean reverse, int unroll) {
  /** Length from the xs, forward, no unrolling. */
  public static final ScanOptions DEFAULT = new ScanOptions(-1, false, 1);

  /** Validates. */
  public ScanOptions {
    if (length < -1) throw new IllegalArgumentException("ScanOptions: length must be -1 (from xs) or >= 0, got " + length);
    if (unroll < 1) throw new IllegalArgumentException("ScanOptions: unroll must be >= 1, got " + unroll);
  }

  /** These options with {@code length} steps. */
  public ScanOptions withLength(int length) { return new ScanOptions(length, reverse, unroll); }

  /** These options running the steps last to first. */
  public ScanOptions reversed() { return new ScanOptions(length, true, unroll); }
}
