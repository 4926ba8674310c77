package io.graft.numerics;

import java.util.Arrays;

/**
 * An immutable list of ints with value equality: axes, permutations, strides, window sizes. Records that hold
 * integer parameters use it instead of {@code int[]} (whose equals is by identity).
 *
 * <pre>{@code Ints.of(0, 2).toString().equals("(0, 2)"); Ints.of(1).toString().equals("(1,)")}</pre>
 */
public final class Ints {
  private static final Ints EMPTY = new Ints(new int[0]);
  private final int[] xs;

  private Ints(int[] xs) { this.xs = xs; }

  /** A list of these ints (copied). */
  public static Ints of(int... xs) {
    if (xs == null) throw new NullPointerException("xs is null");
    return xs.length == 0 ? EMPTY : new Ints(xs.clone());
  }

  /** {@code (0, 1, ..., n-1)}. */
  public static Ints range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) r[i] = i;
    return new Ints(r);
  }

  /** This list without its first element. */
  public Ints drop1() { return xs.length == 0 ? this : new Ints(java.util.Arrays.copyOfRange(xs, 1, xs.length)); }

  /** Number of elements. */
  public int size() { return xs.length; }

  /** Element {@code i}. */
  public int get(int i) { return xs[i]; }

  /** A copy as an array. */
  public int[] toArray() { return xs.clone(); }

  /** True if {@code x} is an element. */
  public boolean contains(int x) {
    for (int v : xs) if (v == x) return true;
    return false;
  }

  /** Index of {@code x}, or -1. */
  public int indexOf(int x) {
    for (int i = 0; i < xs.length; i++) if (xs[i] == x) return i;
    return -1;
  }

  @Override public boolean equals(Object o) { return o instanceof Ints i && Arrays.equals(xs, i.xs); }

  @Override public int hashCode() { return Arrays.hashCode(xs); }

  /** Python tuple syntax, as graphs print parameters: {@code ()}, {@code (1,)}, {@code (0, 2)}. */
  @Override public String toString() {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < xs.length; i++) { if (i > 0) b.append(", "); b.append(xs[i]); }
    if (xs.length == 1) b.append(',');
    return b.append(')').toString();
  }
}
