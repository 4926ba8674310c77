package io.graft.nn;

import io.graft.Array;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.control.Option;

/**
 * A layer: an immutable record whose {@link Array} components are its parameters (a pytree, as an Equinox module), with
 * a forward pass. Non-array components (sizes, strides, the activation, the dropout rate) are static parts of its
 * structure, so a record of layers can be differentiated, jitted and vmapped as it is:
 * <pre>{@code
 * Dense d = Dense.init(Random.key(0), 784, 10);
 * Dense g = Graft.grad((Dense p) -> p.apply(x).sum()).apply(d);   // gradients in a Dense of the same shape
 * }</pre>
 *
 * <p>Three ways to call a layer, each defaulting to the simpler one:
 * <ul>
 *   <li>{@link #apply(Array)}: inference, no randomness, no state (what most layers have);</li>
 *   <li>{@link #apply(Array, boolean, Array)}: with a training flag and a key for layers that draw random numbers
 *       ({@link Dropout});</li>
 *   <li>{@link #call(Array, Object, boolean, Array)}: with explicit state too ({@link BatchNorm}'s running statistics),
 *       returning the output and the new state; {@link #initState()} gives the first state ({@code Option.none()}
 *       for layers without state: an empty pytree node that {@code jit} accepts in results, where {@code null} is refused). {@link Sequential} threads states and keys through its layers with this one.</li>
 * </ul>
 * State is never a parameter: keep it beside the model (for example in a train-state record) so gradients and
 * optimisers see only parameters.
 */
public interface Layer {
  /**
   * The forward pass in inference mode.
   *
   * @param x the input (layer-specific layout; channels last for convolutions and pools)
   * @return the output
   */
  Array apply(Array x);

  /**
   * The forward pass in training ({@code train}) or inference mode, with {@code key} for layers that draw random
   * numbers; by default {@link #apply(Array)}.
   *
   * @param x     the input
   * @param train whether this is a training call
   * @param key   a u32[2] {@link io.graft.Random} key this layer may consume; {@code null} where it draws none
   * @return the output
   */
  default Array apply(Array x, boolean train, Array key) { return apply(x); }

  /**
   * The layer's first state: {@code Option.none()} by default (no state).
   *
   * @return a pytree of arrays; {@code Option.none()} for none
   */
  default Object initState() { return Option.none(); }

  /**
   * The general call: the output and the layer's new state; by default {@link #apply(Array, boolean, Array)} with the
   * state passed through.
   *
   * @param x     the input
   * @param state this layer's state (from {@link #initState()} or the previous call)
   * @param train whether this is a training call (stateful layers update their state only then)
   * @param key   a key this layer may consume, or {@code null}
   * @return (output, new state)
   */
  default Tuple2<Array, Object> call(Array x, Object state, boolean train, Array key) {
    return Tuple.of(apply(x, train, key), state);
  }
}
