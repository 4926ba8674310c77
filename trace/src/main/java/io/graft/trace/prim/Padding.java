package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import java.util.Objects;

/**
 * Padding per spatial axis: {@code lo[i]} elements before and {@code hi[i]} after axis {@code i}. Negative
 * values crop (as in XLA). Prints as JAX does: {@code ((1, 1), (0, 2))}, one axis {@code ((1, 1),)}.
 *
 * @param lo padding before each axis
 * @param hi padding after each axis
 */
public record Padding(Ints lo, Ints hi) {
  /** Validates that both lists have one entry per axis. */
  public Padding {
    Objects.requireNonNull(lo, "lo is null");
    Objects.requireNonNull(hi, "hi is null");
    if (lo.size() != hi.size())
      throw new ShapeError("padding: " + lo.size() + " low and " + hi.size() + " high entries; give one (lo, hi) pair per axis");
  }

  /** Padding from {@code (lo, hi)} pairs, one per axis. */
  public static Padding of(int[]... pairs) {
    Objects.requireNonNull(pairs, "pairs is null");
    int[] lo = new int[pairs.length], hi = new int[pairs.length];
    for (int i = 0; i < pairs.length; i++) {
      if (pairs[i] == null || pairs[i].length != 2)
        throw new ShapeError("padding: entry " + i + " must be a (lo, hi) pair, got "
            + (pairs[i] == null ? "null" : java.util.Arrays.toString(pairs[i])));
      lo[i] = pairs[i][0];
      hi[i] = pairs[i][1];
    }
    return new Padding(Ints.of(lo), Ints.of(hi));
  }

  /** No padding on {@code n} axes. */
  public static Padding zeros(int n) { return new Padding(Ints.of(new int[n]), Ints.of(new int[n])); }

  /** Number of axes. */
  public int size() { return lo.size(); }

  @Override public String toString() {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < lo.size(); i++) b.append(i > 0 ? ", " : "").append('(').append(lo.get(i)).append(", ").append(hi.get(i)).append(')');
    if (lo.size() == 1) b.append(',');
    return b.append(')').toString();
  }
}
