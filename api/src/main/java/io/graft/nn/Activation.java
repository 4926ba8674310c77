package io.graft.nn;

import io.graft.Array;
import io.graft.ArrayFn;
import io.graft.Np;

/**
 * Activation functions as values ({@code jax.nn}'s), each delegating to its {@link Np} function. Being enum constants
 * they compare by identity, so a model record holding one (as {@link Mlp} does) keeps one jit cache entry; use
 * {@link Lambda} to put one in a {@link Sequential}.
 */
public enum Activation implements ArrayFn {
  /** {@link Np#relu}. */ RELU,
  /** {@link Np#gelu(Array)}, the tanh approximation (JAX's default). */ GELU,
  /** {@link Np#gelu(Array, boolean)} with {@code approximate = false}: {@code ½ x (1 + erf(x/√2))}. */ GELU_EXACT,
  /** {@link Np#silu}. */ SILU,
  /** {@link Np#sigmoid}. */ SIGMOID,
  /** {@link Np#softplus}. */ SOFTPLUS,
  /** {@link Np#tanh}. */ TANH,
  /** {@link Np#logSigmoid}. */ LOG_SIGMOID,
  /** {@link Np#softmax(Array)} over the last axis. */ SOFTMAX,
  /** {@link Np#logSoftmax(Array)} over the last axis. */ LOG_SOFTMAX,
  /** {@code x}. */ IDENTITY;

  /**
   * The function at {@code x}.
   *
   * @param x the input
   * @return the activation, elementwise (softmax ones over the last axis)
   */
  @Override public Array apply(Array x) {
    return switch (this) {
      case RELU -> Np.relu(x);
      case GELU -> Np.gelu(x);
      case GELU_EXACT -> Np.gelu(x, false);
      case SILU -> Np.silu(x);
      case SIGMOID -> Np.sigmoid(x);
      case SOFTPLUS -> Np.softplus(x);
      case TANH -> Np.tanh(x);
      case LOG_SIGMOID -> Np.logSigmoid(x);
      case SOFTMAX -> Np.softmax(x);
      case LOG_SOFTMAX -> Np.logSoftmax(x);
      case IDENTITY -> java.util.Objects.requireNonNull(x, "x is null");
    };
  }
}
