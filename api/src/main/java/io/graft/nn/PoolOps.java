package io.graft.nn;

import io.graft.Array;
import io.graft.Lax;
import io.graft.numerics.Ints;
import io.graft.trace.prim.WindowOp;
import java.util.Arrays;

/** {@code reduce_window} over the spatial axes of a channels-last operand, shared by the pools. */
final class PoolOps {
  private PoolOps() {}

  /** Window sums ({@code SUM}) or maxima ({@code MAX}) of {@code x} with or without a batch axis. */
  static Array pool(String op, WindowOp kind, Array x, Ints window, Ints strides, Pad padding) {
    int n = window.size();
    boolean batched = Geometry.batched(op, x, n);
    Array xb = batched ? x : x.expandDims(0);
    int[] w = full(window), s = full(strides);
    int[] size = Arrays.copyOfRange(xb.shape(), 1, n + 1);
    int[][] sp = Geometry.pads(op, padding, size, window.toArray(), strides.toArray()), pads = new int[n + 2][2];
    System.arraycopy(sp, 0, pads, 1, n);
    Array y = Lax.reduceWindow(xb, kind, w, s, pads);
    return batched ? y : y.squeeze(0);
  }

  /** {@code [1, xs..., 1]}. */
  private static int[] full(Ints xs) {
    int[] f = new int[xs.size() + 2];
    Arrays.fill(f, 1);
    for (int i = 0; i < xs.size(); i++) f[i + 1] = xs.get(i);
    return f;
  }

  /** Window and strides checked against each other. */
  static void check(String op, Ints window, Ints strides) {
    if (window.size() < 1) throw new io.graft.numerics.ShapeError(op + ": the window needs at least one spatial axis");
    Geometry.positive(op, "window", window.toArray(), window.size());
    Geometry.positive(op, "strides", strides.toArray(), window.size());
  }
}
