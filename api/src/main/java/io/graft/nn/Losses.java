package io.graft.nn;

import io.graft.Array;
import io.graft.Np;

/**
 * Loss functions, after Optax's: each returns the loss per example (per element for the regression losses), so
 * reduce it yourself, usually with {@code mean()}; {@link #mse} is the one that is already a mean. All are
 * numerically stable (log-sum-exp for softmax, {@code log1p(e^{-|x|})} for sigmoid), differentiable in their
 * predictions, and jittable.
 * <pre>{@code
 * Array loss = Losses.softmaxCrossEntropyWithIntegerLabels(model(p, x), y).mean();
 * }</pre>
 */
public final class Losses {
  private Losses() {}

  /**
   * Cross-entropy against target distributions ({@code optax.softmax_cross_entropy}):
   * {@code ℓ = -Σ_c y_c log softmax(z)_c = logsumexp(z) - Σ_c y_c z_c} for targets summing to 1.
   *
   * @param logits f[..., classes], unnormalised log-probabilities
   * @param labels f[..., classes], one-hot or probability targets (not differentiated through, though the
   *               formula is differentiable in them too)
   * @return f[...], one loss per example
   */
  public static Array softmaxCrossEntropy(Array logits, Array labels) {
    Checks.logits("softmaxCrossEntropy", logits);
    Checks.sameShape("softmaxCrossEntropy", "logits", logits, "labels", labels);
    return labels.mul(Np.logSoftmax(logits, -1)).sum(-1).neg();
  }

  /**
   * Cross-entropy against class indices ({@code optax.softmax_cross_entropy_with_integer_labels}):
   * {@code ℓ = logsumexp(z) - z_y}, computed on {@code z - max(z)} (the max held constant) so it never overflows.
   *
   * <p>{@code z_y} is picked by a one-hot compare, {@code Σ_c [c = y] z_c}, rather than a gather, so that under
   * {@code jit} the pick is an index compare inside the loops over the logits and its gradient
   * {@code [c = y] · ∂ℓ} is a select in the softmax gradient's loop: no gather, no scatter, no integer steps. Negative
   * labels count from the end ({@code -1} is the last class), as in NumPy indexing; a label outside
   * {@code [-classes, classes)} gives a NaN loss for that example, as JAX's out-of-bounds gather does (never a silently
   * clamped class).
   *
   * @param logits f[..., classes]
   * @param labels int[...], the class of each example, in {@code [0, classes)}
   * @return f[...], one loss per example
   */
  public static Array softmaxCrossEntropyWithIntegerLabels(Array logits, Array labels) {
    Checks.integerLabels("softmaxCrossEntropyWithIntegerLabels", logits, labels);
    int last = logits.ndim() - 1, classes = logits.shape()[last];
    Array shifted = logits.sub(logits.max(new int[] {last}, true).stopGradient());
    Array y = classIndex(labels, classes, logits.dtype());
    Array labelLogits = Np.where(oneHotMask(y, classes, labels.ndim()), shifted, 0.0).sum(last);
    Array loss = shifted.exp().sum(last).log().sub(labelLogits);
    return Np.where(y.lt((double) classes), Np.where(y.ge(0.0), loss, Double.NaN), Double.NaN);
  }

  /**
   * The labels as class indices in floating point (negative labels counted from the end), exact for class indices
   * and labels below 2^24 in f32, 2^53 in f64, so that a jitted loop over {@code logitsDtype} values computes the
   * one-hot compare in place.
   */
  private static Array classIndex(Array labels, int classes, io.graft.numerics.DType logitsDtype) {
    boolean f64 = logitsDtype == Np.float64 || classes > 1 << 24;
    Array y = labels.astype(f64 ? Np.float64 : Np.float32);
    return Np.where(y.lt(0.0), y.add((double) classes), y);
  }

  /** {@code bool[..., classes]}, true where the class index equals {@code y} (from {@link #classIndex}). */
  private static Array oneHotMask(Array y, int classes, int labelRank) {
    boolean f64 = y.dtype() == Np.float64;
    y = y.expandDims(labelRank);
    double[] ids = new double[classes];
    for (int c = 0; c < classes; c++) ids[c] = c;
    Array classIds = f64 ? Array.of(ids) : Array.of(ids).astype(Np.float32);
    return y.eq(classIds);
  }

  /**
   * Cross-entropy against class indices with label smoothing: {@link #softmaxCrossEntropy} against
   * {@link #smoothLabels}{@code (oneHot(y), α)}, i.e. {@code ℓ = logsumexp(z) - (1-α) z_y - (α/K) Σ_c z_c}.
   *
   * @param logits         f[..., classes]
   * @param labels         int[...]
   * @param labelSmoothing {@code α} in {@code [0, 1]}; 0 gives {@link #softmaxCrossEntropyWithIntegerLabels}'s value
   * @return f[...], one loss per example
   */
  public static Array softmaxCrossEntropyWithIntegerLabels(Array logits, Array labels, double labelSmoothing) {
    Checks.integerLabels("softmaxCrossEntropyWithIntegerLabels", logits, labels);
    Array oneHot = Np.oneHot(labels, logits.shape()[logits.ndim() - 1], logits.dtype());
    return softmaxCrossEntropy(logits, smoothLabels(oneHot, labelSmoothing));
  }

  /**
   * Label smoothing ({@code optax.smooth_labels}): {@code (1-α) y + α / K} for {@code K} classes on the last axis.
   *
   * @param labels f[..., K], one-hot targets
   * @param alpha  in {@code [0, 1]}
   * @return f[..., K]
   */
  public static Array smoothLabels(Array labels, double alpha) {
    java.util.Objects.requireNonNull(labels, "labels is null");
    if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("smoothLabels: alpha must be in [0, 1], got " + alpha);
    if (labels.ndim() == 0) throw new io.graft.numerics.ShapeError("smoothLabels: labels must have a class axis last, got " + Checks.type(labels));
    return labels.mul(1 - alpha).add(alpha / labels.shape()[labels.ndim() - 1]);
  }

  /**
   * Binary cross-entropy of sigmoid probabilities given as logits ({@code optax.sigmoid_binary_cross_entropy}):
   * {@code ℓ = -y log σ(x) - (1-y) log(1-σ(x)) = max(x, 0) - x y + log(1 + e^{-|x|})}, the stable form (no
   * overflow for any {@code x}); {@code max(x, 0)} is written {@code (x + |x|)/2} so the derivative at {@code x = 0}
   * is the true {@code σ(0) - y}.
   *
   * @param logits f[...]
   * @param labels f[...] of the same shape, targets in {@code [0, 1]}
   * @return f[...], one loss per element
   */
  public static Array sigmoidBinaryCrossEntropy(Array logits, Array labels) {
    Checks.sameShape("sigmoidBinaryCrossEntropy", "logits", logits, "labels", labels);
    Array abs = logits.abs();
    return logits.add(abs).mul(0.5).sub(logits.mul(labels)).add(abs.neg().exp().log1p());
  }

  /**
   * Squared error ({@code optax.squared_error}): {@code ℓ = (p - t)²} per element.
   *
   * @param predictions f[...]
   * @param targets     f[...] of the same shape
   * @return f[...]
   */
  public static Array squaredError(Array predictions, Array targets) {
    Checks.sameShape("squaredError", "predictions", predictions, "targets", targets);
    return predictions.sub(targets).square();
  }

  /**
   * Mean squared error: {@code ℓ = mean((p - t)²)} over all elements, a scalar.
   *
   * @param predictions f[...]
   * @param targets     f[...] of the same shape
   * @return f[] scalar
   */
  public static Array mse(Array predictions, Array targets) {
    Checks.sameShape("mse", "predictions", predictions, "targets", targets);
    return predictions.sub(targets).square().mean();
  }

  /**
   * Huber loss ({@code optax.huber_loss}): with {@code e = |p - t|}, {@code ℓ = ½ e²} for {@code e <= δ} and
   * {@code δ (e - ½ δ)} beyond, computed as {@code ½ min(e, δ)² + δ (e - min(e, δ))}.
   *
   * @param predictions f[...]
   * @param targets     f[...] of the same shape
   * @param delta       {@code δ > 0}, where the loss turns from quadratic to linear
   * @return f[...], per element
   */
  public static Array huber(Array predictions, Array targets, double delta) {
    Checks.sameShape("huber", "predictions", predictions, "targets", targets);
    if (!(delta > 0)) throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
    Array abs = predictions.sub(targets).abs();
    Array quadratic = abs.minimum(delta);
    return quadratic.square().mul(0.5).add(abs.sub(quadratic).mul(delta));
  }
}
