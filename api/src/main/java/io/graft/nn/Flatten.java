package io.graft.nn;

import io.graft.Array;
import io.graft.numerics.ShapeError;
import java.util.Arrays;
import java.util.Objects;

/**
 * Flattens the axes from {@code startAxis} on into one ({@code torch.nn.Flatten}): {@code [n, h, w, c]} becomes
 * {@code [n, h·w·c]} with {@code startAxis = 1}; use {@code startAxis = 0} for one example (as under {@code vmap}).
 * Row-major, so channels-last features stay adjacent.
 *
 * @param startAxis the first flattened axis, {@code >= 0}
 */
public record Flatten(int startAxis) implements Layer {
  /** Validates. */
  public Flatten {
    if (startAxis < 0) throw new IllegalArgumentException("Flatten: startAxis must be >= 0, got " + startAxis);
  }

  /** Flattens all but the first (batch) axis. */
  public Flatten() { this(1); }

  /** {@code x} with its axes from {@code startAxis} merged. */
  @Override public Array apply(Array x) {
    Objects.requireNonNull(x, "x is null");
    int[] s = x.shape();
    if (startAxis > s.length)
      throw new ShapeError("Flatten: startAxis " + startAxis + " is beyond the rank of " + Checks.type(x));
    int[] out = Arrays.copyOf(s, startAxis + 1);
    int rest = 1;
    for (int d = startAxis; d < s.length; d++) rest *= s[d];
    out[startAxis] = rest;
    return x.reshape(out);
  }
}
