package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.numerics.DType;
import io.graft.numerics.ShapeError;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.Objects;

/**
 * Batch normalisation over every axis but the last (features; {@code flax.linen.BatchNorm} with channels last):
 * {@code y = (x - μ) / √(σ² + ε) · γ + β}. In training, {@code μ} and {@code σ²} (biased) are the batch's statistics
 * and the running statistics move toward them, {@code m ← momentum · m + (1 - momentum) · μ} (likewise for the
 * variance; no gradient flows into them); in evaluation the running statistics normalise and stay as they are.
 * The running statistics are explicit {@link State}, returned by every call rather than hidden in the layer, so
 * parameters ({@code γ}, {@code β}) and state stay apart under {@code grad} and optimisers:
 * <pre>{@code
 * BatchNorm bn = BatchNorm.init(64);
 * BatchNorm.State s = bn.initState();
 * Tuple2<Array, BatchNorm.State> r = bn.apply(x, s, true);   // train: batch statistics, updated state r._2
 * Array y = bn.apply(x, r._2, false)._1;                       // eval: running statistics
 * }</pre>
 * The batch statistics need the batch axis: call it on batched input, not inside a {@code vmap} over the batch.
 *
 * @param scale    {@code γ}, {@code [features]}
 * @param bias     {@code β}, {@code [features]}
 * @param momentum the running statistics' decay, e.g. 0.99 (Flax's default; PyTorch's {@code momentum=0.1} is 0.9 here)
 * @param eps      {@code ε}, added to the variance
 */
public record BatchNorm(Array scale, Array bias, double momentum, double eps) implements Layer {
  /**
   * The running statistics.
   *
   * @param mean running mean, {@code [features]}
   * @param var  running (biased) variance, {@code [features]}
   */
  public record State(Array mean, Array var) {}

  /**
   * f32 {@code γ = 1}, {@code β = 0}, momentum 0.99 and {@code ε = 1e-5}.
   *
   * @param features the size of the last axis
   * @return the layer
   */
  public static BatchNorm init(int features) { return init(features, 0.99, 1e-5, Np.float32); }

  /**
   * {@code γ = 1}, {@code β = 0}.
   *
   * @param features the size of the last axis
   * @param momentum in {@code [0, 1]}
   * @param eps      {@code > 0}
   * @param dtype    the parameters' dtype
   * @return the layer
   */
  public static BatchNorm init(int features, double momentum, double eps, DType dtype) {
    if (features < 1) throw new ShapeError("BatchNorm.init: features must be positive, got " + features);
    if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException("BatchNorm: momentum must be in [0, 1], got " + momentum);
    if (!(eps > 0)) throw new IllegalArgumentException("BatchNorm: eps must be positive, got " + eps);
    return new BatchNorm(Np.ones(dtype, features), Np.zeros(dtype, features), momentum, eps);
  }

  /** Running mean 0 and variance 1. */
  @Override public State initState() {
    return new State(Np.zeros(scale.dtype(), scale.shape()), Np.ones(scale.dtype(), scale.shape()));
  }

  /**
   * Normalises {@code x} ({@code [..., features]}) with the batch statistics ({@code train}), updating the state, or with
   * the running statistics (eval), returning the state unchanged.
   *
   * @param x     input, rank ≥ 2 in training
   * @param state the running statistics
   * @param train whether to use (and fold in) the batch statistics
   * @return (output, new state)
   */
  public Tuple2<Array, State> apply(Array x, State state, boolean train) {
    Objects.requireNonNull(x, "x is null");
    Objects.requireNonNull(state, "state is null (start from initState())");
    int f = scale.shape()[0];
    if (x.ndim() == 0 || x.shape()[x.ndim() - 1] != f)
      throw new ShapeError("BatchNorm: input " + Checks.type(x) + " must have " + f + " features on its last axis (scale "
          + Checks.type(scale) + ")");
    if (!train) return Tuple.of(normalise(x, state.mean(), state.var()), state);
    if (x.ndim() < 2)
      throw new ShapeError("BatchNorm: training needs a batch axis, got " + Checks.type(x) + "; call it on [batch, ..., "
          + "features], not inside a vmap over the batch");
    int[] axes = new int[x.ndim() - 1];
    for (int i = 0; i < axes.length; i++) axes[i] = i;
    Array mean = x.mean(axes), var = x.var(axes);
    State next = new State(state.mean().mul(momentum).add(mean.stopGradient().mul(1 - momentum)),
        state.var().mul(momentum).add(var.stopGradient().mul(1 - momentum)));
    return Tuple.of(normalise(x, mean, var), next);
  }

  private Array normalise(Array x, Array mean, Array var) {
    return x.sub(mean).mul(var.add(eps).rsqrt().mul(scale)).add(bias);
  }

  /**
   * Not available: batch normalisation needs its state.
   *
   * @throws IllegalStateException always, naming the call to use
   */
  @Override public Array apply(Array x) {
    throw new IllegalStateException("BatchNorm needs its running statistics: call apply(x, state, train) with state from "
        + "initState(), or put it in a Sequential and call apply(x, states, train, key)");
  }

  /** {@link #apply(Array, State, boolean)} with the state as an {@code Object} (for {@link Sequential}). */
  @Override public Tuple2<Array, Object> call(Array x, Object state, boolean train, Array key) {
    if (!(state instanceof State s))
      throw new IllegalArgumentException("BatchNorm: state must be a BatchNorm.State (from initState()), got "
          + (state == null ? "null" : state.getClass().getName()));
    Tuple2<Array, State> r = apply(x, s, train);
    return Tuple.of(r._1, r._2);
  }
}
