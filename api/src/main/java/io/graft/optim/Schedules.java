package io.graft.optim;

import io.graft.Array;
import io.graft.Np;
import io.vavr.Tuple2;
import io.vavr.collection.Map;
import io.vavr.collection.Seq;

/** The schedules of {@link Schedule}, computed in f64 from the i32 step (math in {@link Schedule}). */
final class Schedules {
  private Schedules() {}

  private static Array f64(double v) { return Np.full(new int[0], v, Np.float64); }

  private static Array t(Array step) { return step.astype(Np.float64); }

  static Schedule constant(double value) { return step -> f64(value); }

  static Schedule polynomial(double init, double end, double power, int transitionSteps, int transitionBegin) {
    if (transitionSteps <= 0) return constant(init);
    return step -> {
      Array c = t(step).sub((double) transitionBegin).clip(0, transitionSteps);
      Array frac = c.div((double) transitionSteps).neg().add(1.0);
      return frac.pow(power).mul(init - end).add(end);
    };
  }

  static Schedule piecewiseConstant(double init, Map<Integer, Double> boundariesAndScales) {
    boundariesAndScales.values().filter(s -> s < 0).headOption().peek(s -> {
      throw new IllegalArgumentException("piecewiseConstant: scales must be non-negative, got " + boundariesAndScales);
    });
    var sorted = boundariesAndScales.toList().sortBy(Tuple2::_1);
    return step -> {
      Array v = f64(init);
      for (Tuple2<Integer, Double> bs : sorted) v = Np.where(step.lt((long) bs._1), v, v.mul(bs._2));
      return v;
    };
  }

  static Schedule exponentialDecay(double init, int transitionSteps, double rate, int transitionBegin, boolean staircase,
                                   double end) {
    if (transitionSteps <= 0) return constant(init);
    if (rate == 0) throw new IllegalArgumentException("exponentialDecay: decayRate must not be 0");
    return step -> {
      Array d = t(step).sub((double) transitionBegin);
      Array p = d.div((double) transitionSteps);
      if (staircase) p = p.floor();
      Array v = Np.where(d.le(0.0), f64(init), f64(rate).pow(p).mul(init));
      if (Double.isNaN(end)) return v;
      return rate < 1 ? v.maximum(end) : v.minimum(end);
    };
  }

  static Schedule cosineDecay(double init, int decaySteps, double alpha, double exponent) {
    if (decaySteps <= 0)
      throw new IllegalArgumentException("cosineDecay: decaySteps must be positive, got " + decaySteps);
    return step -> {
      Array c = t(step).minimum((double) decaySteps);
      Array cosine = c.mul(Math.PI).div((double) decaySteps).cos().add(1.0).mul(0.5);
      return cosine.pow(exponent).mul(1 - alpha).add(alpha).mul(init);
    };
  }

  static Schedule warmupCosineDecay(double init, double peak, int warmupSteps, int decaySteps, double end) {
    if (decaySteps - warmupSteps <= 0)
      throw new IllegalArgumentException("warmupCosineDecay: decaySteps (" + decaySteps + ") counts the warm-up and must "
          + "exceed warmupSteps (" + warmupSteps + ")");
    double alpha = peak == 0 ? 0 : end / peak;
    return join(io.vavr.collection.Vector.of(polynomial(init, peak, 1, warmupSteps, 0),
        cosineDecay(peak, decaySteps - warmupSteps, alpha, 1)), io.vavr.collection.Vector.of(warmupSteps));
  }

  static Schedule join(Seq<Schedule> schedules, Seq<Integer> boundaries) {
    if (schedules.size() != boundaries.size() + 1)
      throw new IllegalArgumentException("join: " + schedules.size() + " schedules need " + (schedules.size() - 1)
          + " boundaries, got " + boundaries.size());
    return step -> {
      Array out = schedules.head().apply(step);
      for (int i = 0; i < boundaries.size(); i++)
        out = Np.where(step.lt((long) boundaries.get(i)), out, schedules.get(i + 1).apply(step.sub((long) boundaries.get(i))));
      return out;
    };
  }
}
