package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.StaticField;
import io.graft.numerics.Ints;
import io.graft.trace.prim.WindowOp;
import java.util.Objects;

/**
 * Average pooling over the spatial axes of a channels-last input ({@code flax.linen.avg_pool}) by
 * {@code lax.reduce_window} with {@code add}: window sums divided by the window size when {@code countIncludePad}
 * (padding counts as zeros, Flax's default), or by the number of input elements in each window otherwise. Input
 * {@code [batch, spatial..., features]} or one example {@code [spatial..., features]}; floating point.
 *
 * @param window          window per spatial axis
 * @param strides         strides per spatial axis
 * @param padding         {@link Pad#SAME}, {@link Pad#VALID} or explicit pairs
 * @param countIncludePad whether padded positions count in the divisor
 */
public record AvgPool(@StaticField Ints window, @StaticField Ints strides, @StaticField Pad padding, boolean countIncludePad)
    implements Layer {
  /** Validates. */
  public AvgPool {
    Objects.requireNonNull(window, "window is null");
    Objects.requireNonNull(strides, "strides is null");
    Objects.requireNonNull(padding, "padding is null");
    PoolOps.check("AvgPool", window, strides);
  }

  /**
   * Non-overlapping windows: strides equal to the window, {@link Pad#VALID}.
   *
   * @param window window per spatial axis
   * @return the layer
   */
  public static AvgPool of(int... window) { return new AvgPool(Ints.of(window), Ints.of(window), Pad.VALID, true); }

  /**
   * The general pool, padding counted in the divisor.
   *
   * @param window  window per spatial axis
   * @param strides strides per spatial axis
   * @param padding padding
   * @return the layer
   */
  public static AvgPool of(int[] window, int[] strides, Pad padding) {
    return new AvgPool(Ints.of(Objects.requireNonNull(window, "window is null")),
        Ints.of(Objects.requireNonNull(strides, "strides is null")), padding, true);
  }

  /** The window averages. */
  @Override public Array apply(Array x) {
    Objects.requireNonNull(x, "x is null");
    if (!x.dtype().isFloating())
      throw new io.graft.numerics.DTypeError("AvgPool: input must be floating point, got " + Checks.type(x) + "; convert with astype(Np.float32)");
    Array sums = PoolOps.pool("AvgPool", WindowOp.SUM, x, window, strides, padding);
    if (countIncludePad) {
      long volume = 1;
      for (int i = 0; i < window.size(); i++) volume *= window.get(i);
      return sums.div((double) volume);
    }
    Array ones = Np.ones(x.dtype(), x.shape());
    return sums.div(PoolOps.pool("AvgPool", WindowOp.SUM, ones, window, strides, padding));
  }
}
