package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.Simd;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The f64 {@link VectorMath} overloads against {@link Math} (the reference is itself within 1 ulp, so the bounds
 * are the measured worst cases): 2^20 bit patterns spread over all finite doubles, 2^20 points on [-20, 20],
 * 2^20 on (0, 1), special values, and lane-position independence.
 */
class VectorMath64Test {
  private static final long N = 1 << 20;

  private record Case(String name, UnaryOperator<DoubleVector> simd, DoubleUnaryOperator ref, long ulps) {}

  /** logistic without overflow: e^x/(1 + e^x) below 0. */
  private static double logistic(double x) {
    return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }

  private static Case[] cases() {
    return new Case[] {
        new Case("exp", VectorMath::exp, Math::exp, 1),
        new Case("expm1", VectorMath::expm1, Math::expm1, 2),
        new Case("log", VectorMath::log, Math::log, 1),
        new Case("log1p", VectorMath::log1p, Math::log1p, 1),
        new Case("tanh", VectorMath::tanh, Math::tanh, 3),
        new Case("logistic", VectorMath::logistic, VectorMath64Test::logistic, 3)};
  }

  private static VectorSpecies<Double> species() { return DoubleVector.SPECIES_PREFERRED; }

  @BeforeAll static void vectorApiPresent() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is not in the boot layer");
  }

  private static long apart(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) return Double.isNaN(a) && Double.isNaN(b) ? 0 : Long.MAX_VALUE;
    return Math.abs(ordinal(a) - ordinal(b));
  }

  private static long ordinal(double d) {
    long bits = Double.doubleToRawLongBits(d);
    return bits >= 0 ? bits : -(bits & Long.MAX_VALUE) - 1;
  }

  @FunctionalInterface private interface DoubleAt { double at(long i); }

  private static void sweep(Case c, DoubleAt at, String where) {
    int lanes = species().length();
    double[] in = new double[lanes], out = new double[lanes];
    long worst = 0;
    double worstX = 0;
    for (long i = 0; i < N; i += lanes) {
      for (int j = 0; j < lanes; j++) in[j] = at.at(i + j);
      c.simd().apply(DoubleVector.fromArray(species(), in, 0)).intoArray(out, 0);
      for (int j = 0; j < lanes; j++) {
        long d = apart(out[j], c.ref().applyAsDouble(in[j]));
        if (d > worst) { worst = d; worstX = in[j]; }
      }
    }
    assertTrue(worst <= c.ulps(), c.name() + " " + where + ": " + worst + " ulp at x=" + worstX + ", want "
        + c.ref().applyAsDouble(worstX) + ", got " + at(c.simd(), worstX));
  }

  @Test void withinTheUlpBound() {
    long step = Long.divideUnsigned(-1L, N);
    for (Case c : cases()) {
      sweep(c, i -> {
        double x = Double.longBitsToDouble(i * step);
        return Double.isFinite(x) ? x : 1;
      }, "over all doubles");
      sweep(c, i -> -20 + 40.0 * i / N, "on [-20, 20]");
      sweep(c, i -> Double.longBitsToDouble(Long.divideUnsigned(0x3FF0000000000000L, N) * i), "on (0, 1)");
    }
  }

  private static double at(UnaryOperator<DoubleVector> f, double x) { return f.apply(DoubleVector.broadcast(species(), x)).lane(0); }

  private static void same(double want, double got, String what) {
    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), what + ": want " + want + ", got " + got);
  }

  @Test void specialValues() {
    same(Double.POSITIVE_INFINITY, at(VectorMath::exp, 709.8), "exp(709.8) overflows");
    same(0, at(VectorMath::exp, Double.NEGATIVE_INFINITY), "exp(-inf)");
    same(Math.exp(-740), at(VectorMath::exp, -740), "exp(-740) is subnormal");
    same(0, at(VectorMath::exp, -746), "exp(-746) underflows");
    same(-0.0, at(VectorMath::expm1, -0.0), "expm1(-0)");
    same(-1, at(VectorMath::expm1, -50), "expm1(-50)");
    same(Double.POSITIVE_INFINITY, at(VectorMath::expm1, 710), "expm1(710) overflows");
    same(Double.NEGATIVE_INFINITY, at(VectorMath::log, 0), "log(0)");
    same(Math.log(Double.MIN_VALUE), at(VectorMath::log, Double.MIN_VALUE), "log of the smallest subnormal");
    same(Double.POSITIVE_INFINITY, at(VectorMath::log, Double.POSITIVE_INFINITY), "log(inf)");
    assertTrue(Double.isNaN(at(VectorMath::log, -1)), "log(-1) is NaN");
    same(Double.NEGATIVE_INFINITY, at(VectorMath::log1p, -1), "log1p(-1)");
    same(-0.0, at(VectorMath::log1p, -0.0), "log1p(-0)");
    same(-0.0, at(VectorMath::tanh, -0.0), "tanh(-0)");
    same(-1, at(VectorMath::tanh, -30), "tanh(-30)");
    same(1, at(VectorMath::tanh, Double.POSITIVE_INFINITY), "tanh(inf)");
    same(1e-300, at(VectorMath::tanh, 1e-300), "tanh(1e-300)");
    same(0, at(VectorMath::logistic, Double.NEGATIVE_INFINITY), "logistic(-inf)");
    same(Math.exp(-720), at(VectorMath::logistic, -720), "logistic(-720) is subnormal");
    same(1, at(VectorMath::logistic, 40), "logistic(40)");
    for (Case c : cases()) assertTrue(Double.isNaN(at(c.simd(), Double.NaN)), c.name() + "(NaN)");
  }

  @Test void resultsDoNotDependOnTheLanePosition() {
    int lanes = species().length();
    double[] values = {0.3, -2.5, 17, 1e-9, -700, 0.55, Double.NaN, 1e300, -0.0, 1, 0.7071, -35.5};
    for (Case c : cases())
      for (double v : values) {
        double alone = at(c.simd(), v);
        for (int lane = 0; lane < lanes; lane++) {
          double[] in = new double[lanes];
          for (int j = 0; j < lanes; j++) in[j] = values[(j * 5 + lane) % values.length];
          in[lane] = v;
          same(alone, c.simd().apply(DoubleVector.fromArray(species(), in, 0)).lane(lane), c.name() + "(" + v + ") in lane " + lane);
        }
      }
  }
}
