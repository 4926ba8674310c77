package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import java.util.Objects;

/**
 * Per-axis padding (windows, convolutions): {@code lo.get(d)} elements before and {@code hi.get(d)} after axis
 * {@code d}; negative values crop where the primitive allows it. Prints
 * as JAX does, a tuple of pairs: {@code ((0, 0), (1, 1))}.
 *
 * <pre>{@code Padding.of(new int[][] {{0, 0}, {1, 1}}).toString().equals("((0, 0), (1, 1))")}</pre>
 *
 * @param lo padding before each axis
 * @param hi padding after each axis (same length as {@code lo})
 */
public record Padding(Ints lo, Ints hi) {
  /** Validates. */
  public Padding {
    Objects.requireNonNull(lo, "lo is null");
    Objects.requireNonNull(hi, "hi is null");
    if (lo.size() != hi.size())
      throw new ShapeError("padding: lo " + lo + " and hi " + hi + " must have one entry per axis each");
  }

  /** Padding from {@code (lo, hi)} pairs, one per axis. */
  public static Padding of(int[]... pairs) {
    Objects.requireNonNull(pairs, "padding is null");
    int[] lo = new int[pairs.length], hi = new int[pairs.length];
    for (int d = 0; d < pairs.length; d++) {
      if (pairs[d] == null || pairs[d].length != 2)
        throw new ShapeError("padding: entry " + d + " must be a (lo, hi) pair, got "
            + java.util.Arrays.toString(pairs[d]));
      lo[d] = pairs[d][0];
      hi[d] = pairs[d][1];
    }
    return new Padding(Ints.of(lo), Ints.of(hi));
  }

  /** No padding on {@code rank} axes. */
  public static Padding none(int rank) { return new Padding(Ints.of(new int[rank]), Ints.of(new int[rank])); }

  /** Number of axes. */
  public int rank() { return lo.size(); }

  /** {@code ((lo0, hi0), (lo1, hi1))}; one axis prints as {@code ((0, 0),)}. */
  @Override public String toString() {
    StringBuilder b = new StringBuilder("(");
    for (int d = 0; d < lo.size(); d++) b.append(d > 0 ? ", " : "").append('(').append(lo.get(d)).append(", ").append(hi.get(d)).append(')');
    if (lo.size() == 1) b.append(',');
    return b.append(')').toString();
  }
}
