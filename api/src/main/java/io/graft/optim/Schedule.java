package io.graft.optim;

import io.graft.Array;
import io.vavr.collection.Map;
import io.vavr.collection.Seq;
import java.util.Objects;

/**
 * A learning-rate (or any hyper-parameter) schedule, Optax's {@code Schedule}: the value for step {@code t}, a
 * function of an i32 scalar array so it traces and jits with the training step. Values are f64 scalars (cast to each
 * parameter's dtype where they are used). Pass one to an optimiser instead of a number, e.g.
 * {@code Optim.adam(Schedule.warmupCosineDecay(0, 1e-3, 100, 10_000, 1e-5), 0.9, 0.999, 1e-8)}.
 */
@FunctionalInterface
public interface Schedule {
  /**
   * The value at {@code step}.
   *
   * @param step i32 scalar, the number of updates done so far (0 for the first)
   * @return f64 scalar
   */
  Array apply(Array step);

  /** The value at {@code step} as a number (runs the schedule eagerly). */
  default double valueAt(int step) { return apply(Array.scalar(step)).item().doubleValue(); }

  /** {@code η(t) = value}. */
  static Schedule constant(double value) { return Schedules.constant(value); }

  /**
   * Optax's {@code polynomial_schedule}: with {@code c = clip(t - begin, 0, steps)},
   * {@code η(t) = (init - end) (1 - c / steps)^power + end}; {@code init} throughout if {@code steps <= 0}.
   */
  static Schedule polynomial(double init, double end, double power, int transitionSteps, int transitionBegin) {
    return Schedules.polynomial(init, end, power, transitionSteps, transitionBegin);
  }

  /** Optax's {@code linear_schedule}: {@link #polynomial} with power 1 from step 0. */
  static Schedule linear(double init, double end, int transitionSteps) { return polynomial(init, end, 1, transitionSteps, 0); }

  /**
   * Optax's {@code piecewise_constant_schedule} (a step schedule): {@code η(t) = init · Π_{b <= t} scale_b}, i.e. the
   * value is multiplied by {@code scale_b} from step {@code b} on.
   *
   * @param boundariesAndScales boundary step to factor (non-negative); applied in order of boundary
   */
  static Schedule piecewiseConstant(double init, Map<Integer, Double> boundariesAndScales) {
    return Schedules.piecewiseConstant(init, Objects.requireNonNull(boundariesAndScales, "boundariesAndScales is null"));
  }

  /**
   * Optax's {@code exponential_decay}: with {@code d = t - begin} and {@code p = d / steps} (floored if
   * {@code staircase}), {@code η(t) = init} for {@code d <= 0} and {@code init · rate^p} after; {@code init}
   * throughout if {@code steps <= 0}.
   */
  static Schedule exponentialDecay(double init, int transitionSteps, double decayRate, int transitionBegin, boolean staircase) {
    return Schedules.exponentialDecay(init, transitionSteps, decayRate, transitionBegin, staircase, Double.NaN);
  }

  /**
   * {@link #exponentialDecay(double, int, double, int, boolean)} bounded by {@code end}: never below it when
   * {@code rate < 1}, never above it otherwise.
   */
  static Schedule exponentialDecay(double init, int transitionSteps, double decayRate, int transitionBegin, boolean staircase,
                                   double end) {
    return Schedules.exponentialDecay(init, transitionSteps, decayRate, transitionBegin, staircase, end);
  }

  /**
   * Optax's {@code cosine_decay_schedule}: with {@code c = min(t, steps)},
   * {@code η(t) = init ((1 - α) (½ (1 + cos(π c / steps)))^exponent + α)}.
   *
   * @param decaySteps positive
   */
  static Schedule cosineDecay(double init, int decaySteps, double alpha, double exponent) {
    return Schedules.cosineDecay(init, decaySteps, alpha, exponent);
  }

  /**
   * Optax's {@code warmup_cosine_decay_schedule}: linear from {@code init} to {@code peak} over {@code warmupSteps},
   * then {@link #cosineDecay} from {@code peak} to {@code end} ({@code α = end / peak}, 0 if {@code peak} is 0) over
   * the remaining {@code decaySteps - warmupSteps}: {@code η(t) = init + (peak - init) t / warmup} for
   * {@code t < warmup}, {@code end + (peak - end) ½ (1 + cos(π min(t - warmup, D) / D))} after, with
   * {@code D = decaySteps - warmupSteps}.
   *
   * @param decaySteps the total length including warm-up (as in Optax); greater than {@code warmupSteps}
   */
  static Schedule warmupCosineDecay(double init, double peak, int warmupSteps, int decaySteps, double end) {
    return Schedules.warmupCosineDecay(init, peak, warmupSteps, decaySteps, end);
  }

  /**
   * Optax's {@code join_schedules}: {@code schedules.get(0)} before {@code boundaries.get(0)}, then
   * {@code schedules.get(i + 1)(t - boundaries.get(i))} from boundary {@code i} on.
   *
   * @param boundaries one fewer than {@code schedules}, increasing
   */
  static Schedule join(Seq<Schedule> schedules, Seq<Integer> boundaries) {
    return Schedules.join(Objects.requireNonNull(schedules, "schedules is null"), Objects.requireNonNull(boundaries, "boundaries is null"));
  }
}
