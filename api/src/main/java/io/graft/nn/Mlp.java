package io.graft.nn;

import io.graft.Array;
import io.graft.Random;
import io.graft.numerics.ShapeError;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * A multilayer perceptron: {@link Dense} layers with {@code activation} between them and none after the last (its
 * outputs are logits or regression values).
 * <pre>{@code
 * Mlp mlp = Mlp.init(Random.key(0), Activation.RELU, 784, 256, 10);
 * Array logits = mlp.apply(x);                       // f32[n, 784] -> f32[n, 10]
 * }</pre>
 *
 * @param layers     the dense layers, in order
 * @param activation applied after every layer but the last
 */
public record Mlp(Vector<Dense> layers, Activation activation) implements Layer {
  /**
   * Dense layers between consecutive {@code sizes} with Dense's default initialisation.
   *
   * @param key        u32[2] key (split into one per layer)
   * @param activation between layers
   * @param sizes      input size, hidden sizes, output size (at least two)
   * @return the model
   */
  public static Mlp init(Array key, Activation activation, int... sizes) {
    Objects.requireNonNull(activation, "activation is null");
    if (Objects.requireNonNull(sizes, "sizes is null").length < 2)
      throw new ShapeError("Mlp.init: sizes must name the input and output sizes at least, got " + java.util.Arrays.toString(sizes));
    Array keys = Random.split(key, sizes.length - 1);
    Vector<Dense> layers = Vector.empty();
    for (int i = 0; i + 1 < sizes.length; i++) layers = layers.append(Dense.init(keys.get(i), sizes[i], sizes[i + 1]));
    return new Mlp(layers, activation);
  }

  /** The layers with the activation between them. */
  @Override public Array apply(Array x) {
    Array y = x;
    for (int i = 0; i < layers.size(); i++) {
      y = layers.get(i).apply(y);
      if (i + 1 < layers.size()) y = activation.apply(y);
    }
    return y;
  }
}
