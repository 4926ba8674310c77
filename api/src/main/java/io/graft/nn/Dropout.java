package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import java.util.Objects;

/**
 * Inverted dropout ({@code flax.linen.Dropout}): in training each element is kept with probability {@code 1 - rate}
 * and scaled by {@code 1 / (1 - rate)} (so the expectation is unchanged), else zeroed, with an explicit key; in
 * evaluation, the identity. {@code rate = 1} drops everything.
 * <pre>{@code
 * Array h = new Dropout(0.5).apply(x, true, key);   // training
 * Array e = new Dropout(0.5).apply(x);              // evaluation: x
 * }</pre>
 *
 * @param rate the probability of dropping an element, in {@code [0, 1]}
 */
public record Dropout(double rate) implements Layer {
  /** Validates. */
  public Dropout {
    if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("Dropout: rate must be in [0, 1], got " + rate);
  }

  /** The identity (evaluation). */
  @Override public Array apply(Array x) { return Objects.requireNonNull(x, "x is null"); }

  /**
   * Dropout with {@code key} when {@code train}, the identity otherwise.
   *
   * @param x     input
   * @param train whether to drop
   * @param key   a u32[2] key, required when training with {@code rate > 0}
   * @return the kept elements, scaled
   */
  @Override public Array apply(Array x, boolean train, Array key) {
    Objects.requireNonNull(x, "x is null");
    if (!train || rate == 0) return x;
    if (key == null)
      throw new IllegalArgumentException("Dropout: training needs a key (Random.split a fresh one for each step), got null");
    if (rate == 1) return Np.zerosLike(x);
    Array keep = Random.bernoulli(key, 1 - rate, x.shape());
    return Np.where(keep, x.div(1 - rate), 0.0);
  }
}
