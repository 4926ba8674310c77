package io.graft.nn;

import io.graft.Array;
import io.graft.numerics.ShapeError;
import java.util.Arrays;

/** Shape arithmetic shared by convolutions and pools (channels-last operands). */
final class Geometry {
  private Geometry() {}

  /** {@code (k - 1) * d + 1}: the extent of a window of {@code k} taps dilated by {@code d}. */
  static int dilate(int k, int d) { return k == 0 ? 0 : (k - 1) * d + 1; }

  /**
   * {@code (lo, hi)} per spatial axis for inputs of spatial sizes {@code in}, windows of extent {@code window} and
   * {@code strides} ({@code lax.padtype_to_pads}).
   */
  static int[][] pads(String op, Pad pad, int[] in, int[] window, int[] strides) {
    int k = in.length;
    int[][] out = new int[k][2];
    switch (pad) {
      case Pad.Valid v -> { }
      case Pad.Same s -> {
        for (int d = 0; d < k; d++) {
          int o = (in[d] + strides[d] - 1) / strides[d];
          int total = Math.max((o - 1) * strides[d] + window[d] - in[d], 0);
          out[d][0] = total / 2;
          out[d][1] = total - total / 2;
        }
      }
      case Pad.Explicit e -> {
        if (e.padding().rank() != k)
          throw new ShapeError(op + ": explicit padding " + e + " must have one (lo, hi) pair per spatial axis (" + k + ")");
        for (int d = 0; d < k; d++) { out[d][0] = e.padding().lo().get(d); out[d][1] = e.padding().hi().get(d); }
      }
    }
    return out;
  }

  /**
   * Whether {@code x} carries a batch axis: rank {@code spatial + 2} (batch, spatial..., features) is batched, rank
   * {@code spatial + 1} (spatial..., features) is one example; anything else is a {@link ShapeError}.
   */
  static boolean batched(String op, Array x, int spatial) {
    java.util.Objects.requireNonNull(x, "x is null");
    if (x.ndim() == spatial + 2) return true;
    if (x.ndim() == spatial + 1) return false;
    throw new ShapeError(op + ": input " + Checks.type(x) + " must be channels-last with " + spatial + " spatial axes: [batch, "
        + "spatial..., features] (rank " + (spatial + 2) + ") or one example [spatial..., features] (rank " + (spatial + 1) + ")");
  }

  /** Positive entries, one per spatial axis. */
  static int[] positive(String op, String what, int[] xs, int spatial) {
    java.util.Objects.requireNonNull(xs, what + " is null");
    if (xs.length != spatial)
      throw new ShapeError(op + ": " + what + " " + Arrays.toString(xs) + " must have one entry per spatial axis (" + spatial + ")");
    for (int x : xs)
      if (x < 1) throw new ShapeError(op + ": " + what + " " + Arrays.toString(xs) + " must be positive");
    return xs.clone();
  }

  /** {@code n} ones. */
  static int[] ones(int n) { int[] o = new int[n]; Arrays.fill(o, 1); return o; }
}
