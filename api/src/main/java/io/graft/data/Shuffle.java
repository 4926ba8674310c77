package io.graft.data;

/**
 * Deterministic shuffling from a {@code long} seed, the same on every JVM and platform.
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood, 2014): the state starts at {@code mix(seed)} and each draw
 * adds the golden-ratio increment {@code 0x9E3779B97F4A7C15} and returns {@code mix(state)}, where {@code mix} is
 * Stafford's variant-13 finaliser. {@link #permutation} is Fisher–Yates from the last position down: for
 * {@code i = n-1 .. 1}, swap {@code p[i]} with {@code p[j]}, {@code j = ⌊r·(i+1) / 2^64⌋} for the next draw
 * {@code r} read as unsigned (Lemire's multiply-shift; its bias is below {@code 2^-32} for any {@code n} an array
 * holds).
 *
 * <p>NB: JAX shuffles with a threefry key ({@code jax.random.permutation}); a key-taking overload belongs beside each
 * seed-taking method here once {@code io.graft.Random} lands. The two will not give the same permutations.
 */
public final class Shuffle {
  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private Shuffle() {}

  /** A permutation of {@code 0 .. n-1} determined by {@code seed}. */
  public static int[] permutation(int n, long seed) {
    if (n < 0) throw new IllegalArgumentException("Shuffle.permutation: n must be >= 0, got " + n);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    long state = mix(seed);
    for (int i = n - 1; i > 0; i--) {
      state += GAMMA;
      int j = (int) Math.unsignedMultiplyHigh(mix(state), i + 1L);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * One seed from several, e.g. {@code Shuffle.seed(runSeed, epoch)} or {@code Shuffle.seed(runSeed, epoch,
   * batch.index())}: each part is folded in with {@link #mix}, so nearby inputs give unrelated seeds.
   */
  public static long seed(long... parts) {
    long s = 0;
    for (long p : parts) s = mix((s + GAMMA) ^ p);
    return s;
  }

  /** {@code n} uniform draws from {@code [0, bound)} determined by {@code seed} (the same generator). */
  public static int[] ints(int n, int bound, long seed) {
    if (n < 0 || bound <= 0) throw new IllegalArgumentException("Shuffle.ints: need n >= 0 and bound > 0, got n=" + n + ", bound=" + bound);
    int[] out = new int[n];
    long state = mix(seed);
    for (int i = 0; i < n; i++) {
      state += GAMMA;
      out[i] = (int) Math.unsignedMultiplyHigh(mix(state), bound);
    }
    return out;
  }

  /** Stafford's variant-13 64-bit finaliser, SplitMix64's output function. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
