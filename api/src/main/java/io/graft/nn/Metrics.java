package io.graft.nn;

import io.graft.Array;
import io.graft.Lax;
import io.graft.Np;

/**
 * Classification metrics: f32 scalars, jittable, not meant to be differentiated (their derivative is zero almost
 * everywhere).
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Accuracy: the fraction of examples whose highest logit is at their label, {@code mean(argmax(z) == y)} (ties go
   * to the lowest class index, as {@code argmax}).
   *
   * @param logits f[..., classes] (or probabilities)
   * @param labels int[...]
   * @return f32 scalar in {@code [0, 1]}
   */
  public static Array accuracy(Array logits, Array labels) {
    Checks.integerLabels("accuracy", logits, labels);
    return Np.argmax(logits, logits.ndim() - 1).astype(labels.dtype()).eq(labels).astype(Np.float32).mean();
  }

  /**
   * Top-k accuracy: the fraction of examples whose label is among their {@code k} highest logits. The label's rank is
   * the number of classes with a larger logit, or an equal logit and a lower index (the order of {@code lax.top_k} and
   * {@code argmax}), so {@code k = 1} agrees with {@link #accuracy}: correct when that rank is below {@code k}.
   *
   * @param logits f[..., classes]
   * @param labels int[...]
   * @param k      at least 1
   * @return f32 scalar in {@code [0, 1]}
   */
  public static Array topKAccuracy(Array logits, Array labels, int k) {
    Checks.integerLabels("topKAccuracy", logits, labels);
    if (k < 1) throw new IllegalArgumentException("topKAccuracy: k must be at least 1, got " + k);
    int last = logits.ndim() - 1;
    Array label = labels.astype(Np.int32).expandDims(last);
    Array labelLogit = Np.takeAlongAxis(logits, label, last);
    Array classIndex = Lax.broadcastedIota(Np.int32, logits.shape(), last);
    Array ahead = Np.logicalOr(logits.gt(labelLogit), Np.logicalAnd(logits.eq(labelLogit), classIndex.lt(label)));
    return ahead.astype(Np.int32).sum(last).lt((long) k).astype(Np.float32).mean();
  }
}
