package io.graft.nn;

import io.graft.Array;
import io.graft.Random;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * Layers applied in order ({@code eqx.nn.Sequential}); a pytree like any record, so it differentiates, jits and
 * vmaps as a whole. Threading:
 * <ul>
 *   <li><b>keys</b>: a call's key is split into one per layer, {@code Random.split(key, layers.size())}, layer
 *       {@code i} getting row {@code i} (a {@code null} key gives every layer {@code null});</li>
 *   <li><b>state</b>: one entry per layer, in a {@code Vector<Object>} that {@link #initState()} builds
 *       ({@code Option.none()} for layers without state, a {@link BatchNorm.State} for a {@link BatchNorm}); each call returns
 *       the new vector, a pytree to keep beside the parameters (in the train state) and pass to the next call.</li>
 * </ul>
 * <pre>{@code
 * Sequential net = Sequential.of(Dense.init(k1, 784, 256), BatchNorm.init(256), new Lambda(Activation.RELU),
 *     new Dropout(0.1), Dense.init(k2, 256, 10));
 * Vector<Object> state = net.initState();
 * Tuple2<Array, Vector<Object>> r = net.apply(x, state, true, key);       // training
 * Array logits = net.apply(x, r._2, false, null)._1;                       // evaluation
 * }</pre>
 *
 * @param layers the layers, in order
 */
public record Sequential(Vector<Layer> layers) implements Layer {
  /**
   * The layers in order.
   *
   * @param layers the layers
   * @return the sequence
   */
  public static Sequential of(Layer... layers) {
    Objects.requireNonNull(layers, "layers is null");
    for (int i = 0; i < layers.length; i++) Objects.requireNonNull(layers[i], "layers[" + i + "] is null");
    return new Sequential(Vector.of(layers));
  }

  /** Each layer's inference pass in turn (stateless layers only: {@link BatchNorm} needs the state-passing call). */
  @Override public Array apply(Array x) {
    Array y = x;
    for (Layer l : layers) y = l.apply(y);
    return y;
  }

  /** Each layer's {@link Layer#apply(Array, boolean, Array)} in turn, with one key per layer. */
  @Override public Array apply(Array x, boolean train, Array key) {
    Array keys = keys(key);
    Array y = x;
    for (int i = 0; i < layers.size(); i++) y = layers.get(i).apply(y, train, keys == null ? null : keys.get(i));
    return y;
  }

  /** Every layer's first state, in order ({@code Option.none()} for layers without state). */
  @Override public Vector<Object> initState() { return layers.map(Layer::initState); }

  /**
   * Each layer's {@link Layer#call} in turn, with its own state entry and key.
   *
   * @param x     input
   * @param state one entry per layer (from {@link #initState()} or the previous call)
   * @param train whether this is a training call
   * @param key   split into one key per layer; {@code null} when no layer draws random numbers
   * @return (output, new states)
   */
  public Tuple2<Array, Vector<Object>> apply(Array x, Vector<Object> state, boolean train, Array key) {
    Objects.requireNonNull(state, "state is null (start from initState())");
    if (state.size() != layers.size())
      throw new IllegalArgumentException("Sequential: state has " + state.size() + " entries for " + layers.size()
          + " layers; build it with initState()");
    Array keys = keys(key);
    Array y = x;
    Vector<Object> next = Vector.empty();
    for (int i = 0; i < layers.size(); i++) {
      Tuple2<Array, Object> r = layers.get(i).call(y, state.get(i), train, keys == null ? null : keys.get(i));
      y = r._1;
      next = next.append(r._2);
    }
    return Tuple.of(y, next);
  }

  /** {@link #apply(Array, Vector, boolean, Array)} with the state as an {@code Object} (for nesting). */
  @Override @SuppressWarnings("unchecked")
  public Tuple2<Array, Object> call(Array x, Object state, boolean train, Array key) {
    if (!(state instanceof Vector<?> v))
      throw new IllegalArgumentException("Sequential: state must be the Vector from initState(), got "
          + (state == null ? "null" : state.getClass().getName()));
    Tuple2<Array, Vector<Object>> r = apply(x, (Vector<Object>) v, train, key);
    return Tuple.of(r._1, r._2);
  }

  private Array keys(Array key) { return key == null || layers.isEmpty() ? null : Random.split(key, layers.size()); }
}
