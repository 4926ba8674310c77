package io.graft.optim;

import io.graft.Array;
import io.vavr.collection.Vector;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Optax for Java: optimisers and the gradient transformations they are chained from, with Optax's formulas (each
 * method gives its math; {@code g} is the incoming gradient or update, {@code t} the step count starting at 1 for the
 * first update, {@code η} the learning rate, a number or a {@link Schedule} of the step count starting at 0).
 * Optimisers are chains ending in {@code -η} scaling, so their updates are added with {@link #applyUpdates}:
 * <pre>{@code
 * GradientTransformation<OptState.Chain> opt = Optim.chain(Optim.clipByGlobalNorm(1.0), Optim.adam(1e-3));
 * OptState.Chain state = opt.init(params);
 * Update<Params, OptState.Chain> u = opt.update(grads, state, params);
 * params = Optim.applyUpdates(params, u.updates());  state = u.state();
 * }</pre>
 * All of it is built from array operations, so it runs eagerly and under {@code Graft.jit} alike; see
 * {@link GradientTransformation} for a jitted training step.
 */
public final class Optim {
  private Optim() {}

  // ---------------------------------------------------------------- composition and tree arithmetic

  /**
   * {@code optax.chain}: the transformations applied in order, each to the previous one's updates; the state holds
   * one inner state per transformation.
   */
  public static GradientTransformation<OptState.Chain> chain(GradientTransformation<?>... transformations) {
    Objects.requireNonNull(transformations, "transformations is null");
    for (int i = 0; i < transformations.length; i++) Objects.requireNonNull(transformations[i], "transformations[" + i + "] is null");
    return Transforms.chain(Vector.of(transformations));
  }

  /** {@code u = g}: passes the updates through ({@code optax.identity}). */
  public static GradientTransformation<OptState.Empty> identity() { return Transforms.identity(); }

  /**
   * {@code p' = p + u} leaf by leaf, cast back to each parameter's dtype ({@code optax.apply_updates}).
   *
   * @throws io.graft.TreeMismatchError if the trees' structures differ
   */
  public static <P> P applyUpdates(P params, P updates) {
    return Transforms.applyUpdates(Objects.requireNonNull(params, "params is null"), Objects.requireNonNull(updates, "updates is null"));
  }

  /** {@code ‖g‖ = sqrt(Σ_leaves Σ x²)}, a scalar ({@code optax.global_norm}); 0 (f32) for a tree with no leaves. */
  public static Array globalNorm(Object tree) { return Transforms.globalNorm(tree); }

  // ---------------------------------------------------------------- building blocks

  /** {@code u = s · g} ({@code optax.scale}). */
  public static GradientTransformation<OptState.Empty> scale(double step) { return Transforms.scale(step); }

  /**
   * {@code u = η(n) · g} where {@code n} counts the updates done before this one ({@code optax.scale_by_schedule}; the
   * value is cast to each leaf's dtype).
   */
  public static GradientTransformation<OptState.Count> scaleBySchedule(Schedule schedule) {
    return Transforms.scaleBySchedule(Objects.requireNonNull(schedule, "schedule is null"));
  }

  /** {@code u = -η g} ({@code optax.scale_by_learning_rate} of a number: no state). */
  public static GradientTransformation<OptState.Empty> scaleByLearningRate(double learningRate) { return scale(-learningRate); }

  /** {@code u = -η(n) g} ({@code optax.scale_by_learning_rate} of a schedule). */
  public static GradientTransformation<OptState.Count> scaleByLearningRate(Schedule learningRate) {
    Objects.requireNonNull(learningRate, "learningRate is null");
    return scaleBySchedule(n -> learningRate.apply(n).neg());
  }

  /**
   * Momentum ({@code optax.trace}): {@code m_t = g + β m_{t-1}} ({@code m_0 = 0}); {@code u = m_t}, or with
   * Nesterov {@code u = g + β m_t}.
   */
  public static GradientTransformation<OptState.Trace> trace(double decay, boolean nesterov) {
    return Transforms.trace(decay, nesterov);
  }

  /**
   * Adam's scaling ({@code optax.scale_by_adam}): {@code m_t = (1-β₁) g + β₁ m_{t-1}},
   * {@code v_t = (1-β₂) g² + β₂ v_{t-1}}, {@code m̂ = m_t / (1-β₁^t)}, {@code v̂ = v_t / (1-β₂^t)},
   * {@code u = m̂ / (sqrt(v̂ + ε_root) + ε)} — {@code ε} outside the square root, as in Optax and the Adam paper.
   */
  public static GradientTransformation<OptState.Adam> scaleByAdam(double b1, double b2, double eps, double epsRoot) {
    return Moments.scaleByAdam(b1, b2, eps, epsRoot);
  }

  /**
   * RMSProp's scaling ({@code optax.scale_by_rms}, {@code eps_in_sqrt}): {@code v_t = (1-ρ) g² + ρ v_{t-1}}
   * ({@code v_0 = initialScale}), {@code u = g / sqrt(v_t + ε)} — {@code ε} inside the square root, as in Optax.
   */
  public static GradientTransformation<OptState.Rms> scaleByRms(double decay, double eps, double initialScale) {
    return Moments.scaleByRms(decay, eps, initialScale);
  }

  /**
   * Lion's scaling ({@code optax.scale_by_lion}): {@code u = sign((1-β₁) g + β₁ m_{t-1})}, then
   * {@code m_t = (1-β₂) g + β₂ m_{t-1}}.
   */
  public static GradientTransformation<OptState.Lion> scaleByLion(double b1, double b2) { return Moments.scaleByLion(b1, b2); }

  /** Decoupled weight decay ({@code optax.add_decayed_weights}): {@code u = g + λ p} on every leaf. */
  public static GradientTransformation<OptState.Empty> addDecayedWeights(double weightDecay) {
    return addDecayedWeights(weightDecay, path -> true);
  }

  /**
   * {@code u = g + λ p} on the leaves whose path ({@link io.graft.Tree#flattenWithPath}, e.g. {@code .dense.w}) passes
   * {@code mask}, {@code u = g} on the others (Optax's {@code mask} argument, as a predicate on paths).
   */
  public static GradientTransformation<OptState.Empty> addDecayedWeights(double weightDecay, Predicate<String> mask) {
    return Transforms.addDecayedWeights(weightDecay, Objects.requireNonNull(mask, "mask is null"));
  }

  /**
   * {@code optax.masked}: {@code inner} applied to the leaves whose path ({@link io.graft.Tree#flattenWithPath})
   * passes {@code mask}, the other updates passed through unchanged ({@code u = g}). The inner transformation sees the
   * selected leaves (gradients and parameters) as one Vavr {@code Vector} in leaf order, and its state covers only
   * them, e.g. {@code Optim.masked(Optim.trace(0.9, false), path -> !path.startsWith(".embed"))}.
   */
  public static GradientTransformation<OptState.Masked> masked(GradientTransformation<?> inner, Predicate<String> mask) {
    return Transforms.masked(Objects.requireNonNull(inner, "inner is null"), Objects.requireNonNull(mask, "mask is null"));
  }

  /**
   * {@code optax.clip_by_global_norm}: {@code u = g} if {@code ‖g‖ < c}, else {@code u = c · g / ‖g‖}, with
   * {@code ‖g‖} the {@link #globalNorm} of all leaves together.
   */
  public static GradientTransformation<OptState.Empty> clipByGlobalNorm(double maxNorm) {
    if (!(maxNorm > 0)) throw new IllegalArgumentException("clipByGlobalNorm: maxNorm must be positive, got " + maxNorm);
    return Transforms.clipByGlobalNorm(maxNorm);
  }

  /**
   * Dynamic loss scaling for f16 training (jmp's {@code DynamicLossScale}): wrap the optimiser, multiply the loss by
   * the state's scale before differentiating ({@link #scaleLoss}), and pass the gradients of the scaled loss to
   * {@code update}. They are divided by the scale {@code s}; if all are finite the inner updates apply and after
   * {@code period} finite steps in a row {@code s ← s · factor}; on any Inf/NaN the step is skipped (zero updates,
   * inner state unchanged) and {@code s ← max(s / factor, 1)}.
   * <pre>{@code
   * var opt = Optim.dynamicLossScale(Optim.adam(1e-3), 32768, 2000, 2);
   * OptState.LossScale st = opt.init(params);
   * Params g = Graft.grad((Params p) -> Optim.scaleLoss(loss(p, x, y), st)).apply(params);
   * Update<Params, OptState.LossScale> u = opt.update(g, st, params);
   * }</pre>
   *
   * @param inner        the transformation whose updates are kept or skipped
   * @param initialScale the first scale (jmp suggests {@code 2^15})
   * @param period       finite steps before the scale grows
   * @param factor       the growth and shrink factor, {@code > 1}
   * @param <S>          the inner state type
   * @return the wrapping transformation
   */
  public static <S> GradientTransformation<OptState.LossScale> dynamicLossScale(GradientTransformation<S> inner, double initialScale,
      int period, double factor) {
    Objects.requireNonNull(inner, "inner is null");
    if (!(initialScale >= 1) || period < 1 || !(factor > 1))
      throw new IllegalArgumentException("dynamicLossScale: need initialScale >= 1, period >= 1 and factor > 1, got "
          + initialScale + ", " + period + ", " + factor + "; jmp's defaults are 32768, 2000, 2");
    return LossScaling.dynamic(inner, initialScale, period, factor);
  }

  /** {@link #dynamicLossScale(GradientTransformation, double, int, double)} with jmp's defaults: {@code 2^15}, 2000, 2. */
  public static <S> GradientTransformation<OptState.LossScale> dynamicLossScale(GradientTransformation<S> inner) {
    return dynamicLossScale(inner, 32768, 2000, 2);
  }

  /** {@code loss · scale} in the loss's dtype: the loss to differentiate under {@link #dynamicLossScale}. */
  public static Array scaleLoss(Array loss, OptState.LossScale state) {
    Objects.requireNonNull(loss, "loss is null");
    Objects.requireNonNull(state, "state is null");
    return loss.mul(state.scale().astype(loss.dtype()));
  }

  // ---------------------------------------------------------------- optimisers

  /** Plain SGD ({@code optax.sgd}): {@code u = -η g}. */
  public static GradientTransformation<OptState.Chain> sgd(double learningRate) { return chain(scaleByLearningRate(learningRate)); }

  /** Plain SGD with a scheduled learning rate: {@code u = -η(n) g}. */
  public static GradientTransformation<OptState.Chain> sgd(Schedule learningRate) { return chain(scaleByLearningRate(learningRate)); }

  /**
   * SGD with momentum ({@code optax.sgd}): {@link #trace} then {@code u = -η m}: {@code m_t = g + β m_{t-1}},
   * {@code u = -η m_t}, or with Nesterov {@code u = -η (g + β m_t)}.
   */
  public static GradientTransformation<OptState.Chain> sgd(double learningRate, double momentum, boolean nesterov) {
    return chain(trace(momentum, nesterov), scaleByLearningRate(learningRate));
  }

  /** {@link #sgd(double, double, boolean)} with a scheduled learning rate. */
  public static GradientTransformation<OptState.Chain> sgd(Schedule learningRate, double momentum, boolean nesterov) {
    return chain(trace(momentum, nesterov), scaleByLearningRate(learningRate));
  }

  /** Adam with Optax's defaults {@code β₁ = 0.9, β₂ = 0.999, ε = 1e-8} (see {@link #adam(double, double, double, double)}). */
  public static GradientTransformation<OptState.Chain> adam(double learningRate) { return adam(learningRate, 0.9, 0.999, 1e-8); }

  /**
   * Adam ({@code optax.adam}, {@code eps_root = 0}): {@link #scaleByAdam} then {@code -η}:
   * {@code u = -η m̂ / (sqrt(v̂) + ε)} with bias-corrected moments {@code m̂ = m_t / (1-β₁^t)},
   * {@code v̂ = v_t / (1-β₂^t)}.
   */
  public static GradientTransformation<OptState.Chain> adam(double learningRate, double b1, double b2, double eps) {
    return chain(scaleByAdam(b1, b2, eps, 0), scaleByLearningRate(learningRate));
  }

  /** {@link #adam(double, double, double, double)} with a scheduled learning rate. */
  public static GradientTransformation<OptState.Chain> adam(Schedule learningRate, double b1, double b2, double eps) {
    return chain(scaleByAdam(b1, b2, eps, 0), scaleByLearningRate(learningRate));
  }

  /** Adam with a scheduled learning rate and Optax's defaults {@code β₁ = 0.9, β₂ = 0.999, ε = 1e-8}. */
  public static GradientTransformation<OptState.Chain> adam(Schedule learningRate) { return adam(learningRate, 0.9, 0.999, 1e-8); }

  /**
   * AdamW ({@code optax.adamw}): Adam with decoupled weight decay on every leaf,
   * {@code u = -η (m̂ / (sqrt(v̂) + ε) + λ p)} — the decay {@code -η λ p} is not scaled by the moments.
   */
  public static GradientTransformation<OptState.Chain> adamw(double learningRate, double b1, double b2, double eps,
                                                             double weightDecay) {
    return adamw(learningRate, b1, b2, eps, weightDecay, path -> true);
  }

  /**
   * AdamW decaying only the leaves whose path passes {@code mask} (e.g. {@code path -> path.endsWith(".w")} to leave
   * biases and norms alone): {@link #scaleByAdam}, {@link #addDecayedWeights(double, Predicate)}, then {@code -η}.
   */
  public static GradientTransformation<OptState.Chain> adamw(double learningRate, double b1, double b2, double eps,
                                                             double weightDecay, Predicate<String> mask) {
    return chain(scaleByAdam(b1, b2, eps, 0), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
  }

  /** {@link #adamw(double, double, double, double, double)} with a scheduled learning rate. */
  public static GradientTransformation<OptState.Chain> adamw(Schedule learningRate, double b1, double b2, double eps,
                                                             double weightDecay) {
    return adamw(learningRate, b1, b2, eps, weightDecay, path -> true);
  }

  /** {@link #adamw(double, double, double, double, double, Predicate)} with a scheduled learning rate. */
  public static GradientTransformation<OptState.Chain> adamw(Schedule learningRate, double b1, double b2, double eps,
                                                             double weightDecay, Predicate<String> mask) {
    return chain(scaleByAdam(b1, b2, eps, 0), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
  }

  /**
   * RMSProp ({@code optax.rmsprop}, not centred): {@code v_t = (1-ρ) g² + ρ v_{t-1}} ({@code v_0 = 0}),
   * {@code u = -η g / sqrt(v_t + ε)}.
   */
  public static GradientTransformation<OptState.Chain> rmsprop(double learningRate, double decay, double eps) {
    return chain(scaleByRms(decay, eps, 0), scaleByLearningRate(learningRate));
  }

  /** {@link #rmsprop(double, double, double)} with a scheduled learning rate. */
  public static GradientTransformation<OptState.Chain> rmsprop(Schedule learningRate, double decay, double eps) {
    return chain(scaleByRms(decay, eps, 0), scaleByLearningRate(learningRate));
  }

  /**
   * RMSProp with momentum ({@code optax.rmsprop(momentum=β, nesterov=...)}): the RMSProp update
   * {@code -η g / sqrt(v_t + ε)} then {@link #trace}.
   */
  public static GradientTransformation<OptState.Chain> rmsprop(double learningRate, double decay, double eps, double momentum,
                                                               boolean nesterov) {
    return chain(scaleByRms(decay, eps, 0), scaleByLearningRate(learningRate), trace(momentum, nesterov));
  }

  /** {@link #rmsprop(double, double, double, double, boolean)} with a scheduled learning rate. */
  public static GradientTransformation<OptState.Chain> rmsprop(Schedule learningRate, double decay, double eps, double momentum,
                                                               boolean nesterov) {
    return chain(scaleByRms(decay, eps, 0), scaleByLearningRate(learningRate), trace(momentum, nesterov));
  }

  /**
   * Lion ({@code optax.lion}): {@code u = -η (sign((1-β₁) g + β₁ m_{t-1}) + λ p)}, then
   * {@code m_t = (1-β₂) g + β₂ m_{t-1}} (Optax's defaults: {@code β₁ = 0.9, β₂ = 0.99, λ = 1e-3}).
   */
  public static GradientTransformation<OptState.Chain> lion(double learningRate, double b1, double b2, double weightDecay) {
    return lion(learningRate, b1, b2, weightDecay, path -> true);
  }

  /** Lion decaying only the leaves whose path passes {@code mask}. */
  public static GradientTransformation<OptState.Chain> lion(double learningRate, double b1, double b2, double weightDecay,
                                                            Predicate<String> mask) {
    return chain(scaleByLion(b1, b2), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
  }

  /** {@link #lion(double, double, double, double, Predicate)} with a scheduled learning rate. */
  public static GradientTransformation<OptState.Chain> lion(Schedule learningRate, double b1, double b2, double weightDecay,
                                                            Predicate<String> mask) {
    return chain(scaleByLion(b1, b2), addDecayedWeights(weightDecay, mask), scaleByLearningRate(learningRate));
  }
}
