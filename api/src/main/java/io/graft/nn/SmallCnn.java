package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import io.graft.numerics.ShapeError;

/**
 * A small image classifier, channels last: conv 3×3 ({@code c1}, SAME) → relu → 2×2 max-pool → conv 3×3 ({@code c2},
 * SAME) → relu → 2×2 max-pool → flatten → dense ({@code hidden}) → relu → dense ({@code classes} logits). With the
 * defaults of {@link #init(Array)} (28×28×1 input, 32, 64, 128, 10) it is the Fashion-MNIST demo's model. Input
 * {@code [batch, height, width, channels]} or one example {@code [height, width, channels]}.
 *
 * @param conv1  first convolution
 * @param conv2  second convolution
 * @param hidden the hidden dense layer
 * @param output the output dense layer
 */
public record SmallCnn(Conv conv1, Conv conv2, Dense hidden, Dense output) implements Layer {
  private static final MaxPool POOL = MaxPool.of(2, 2);

  /**
   * For 28×28 single-channel images and 10 classes: convolutions of 32 and 64 features, 128 hidden units.
   *
   * @param key u32[2] key
   * @return the model
   */
  public static SmallCnn init(Array key) { return init(key, 28, 28, 1, 32, 64, 128, 10); }

  /**
   * Any input size and widths.
   *
   * @param key      u32[2] key (split into one per layer)
   * @param height   input height
   * @param width    input width
   * @param channels input channels
   * @param c1       first convolution's features
   * @param c2       second convolution's features
   * @param hidden   hidden dense units
   * @param classes  outputs
   * @return the model
   */
  public static SmallCnn init(Array key, int height, int width, int channels, int c1, int c2, int hidden, int classes) {
    if (height < 4 || width < 4)
      throw new ShapeError("SmallCnn.init: two 2x2 pools need inputs of at least 4x4, got " + height + "x" + width);
    Array keys = Random.split(key, 4);
    int flat = (height / 2 / 2) * (width / 2 / 2) * c2;
    return new SmallCnn(Conv.init(keys.get(0), channels, c1, 3, 3), Conv.init(keys.get(1), c1, c2, 3, 3),
        Dense.init(keys.get(2), flat, hidden), Dense.init(keys.get(3), hidden, classes));
  }

  /** The logits, {@code [batch, classes]} (or {@code [classes]} for one example). */
  @Override public Array apply(Array x) {
    boolean batched = Geometry.batched("SmallCnn", x, 2);
    Array h = POOL.apply(Np.relu(conv1.apply(x)));
    h = POOL.apply(Np.relu(conv2.apply(h)));
    h = new Flatten(batched ? 1 : 0).apply(h);
    return output.apply(Np.relu(hidden.apply(h)));
  }
}
