package io.graft.nn;

import io.graft.Array;
import io.graft.StaticField;
import io.graft.numerics.Ints;
import io.graft.trace.prim.WindowOp;
import java.util.Objects;

/**
 * Max-pooling over the spatial axes of a channels-last input ({@code flax.linen.max_pool}) by
 * {@code lax.reduce_window} with {@code max}: {@code y[n, p, c] = max_{k} x[n, p·s + k - lo, c]}, padding counting as
 * {@code -∞}. Input {@code [batch, spatial..., features]} or one example {@code [spatial..., features]}. Its gradient
 * flows to the first maximum of each window.
 *
 * @param window  window per spatial axis
 * @param strides strides per spatial axis
 * @param padding {@link Pad#SAME}, {@link Pad#VALID} or explicit pairs
 */
public record MaxPool(@StaticField Ints window, @StaticField Ints strides, @StaticField Pad padding) implements Layer {
  /** Validates. */
  public MaxPool {
    Objects.requireNonNull(window, "window is null");
    Objects.requireNonNull(strides, "strides is null");
    Objects.requireNonNull(padding, "padding is null");
    PoolOps.check("MaxPool", window, strides);
  }

  /**
   * Non-overlapping windows: strides equal to the window, {@link Pad#VALID} (PyTorch's {@code MaxPool2d(k)}).
   *
   * @param window window per spatial axis
   * @return the layer
   */
  public static MaxPool of(int... window) { return new MaxPool(Ints.of(window), Ints.of(window), Pad.VALID); }

  /**
   * The general pool.
   *
   * @param window  window per spatial axis
   * @param strides strides per spatial axis
   * @param padding padding
   * @return the layer
   */
  public static MaxPool of(int[] window, int[] strides, Pad padding) {
    return new MaxPool(Ints.of(Objects.requireNonNull(window, "window is null")),
        Ints.of(Objects.requireNonNull(strides, "strides is null")), padding);
  }

  /** The window maxima. */
  @Override public Array apply(Array x) { return PoolOps.pool("MaxPool", WindowOp.MAX, x, window, strides, padding); }
}
