package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.DType;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.UnaryKernels.Fn;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath} against {@code (float) Math.f((double) x)}: every 1000th bit pattern of all finite floats,
 * 2^21 evenly spaced points on [-20, 20], the special values, and lane-position independence. The distance is
 * counted in floats between result and reference (so 1 ulp across a power of two, and +inf is one step past
 * MAX_VALUE); NaN must meet NaN.
 */
class VectorMathTest {
  private static final int STRIDE = 1000, DENSE = 1 << 21;

  /** One function under test: name, vector implementation, its UnarySimd loop, double reference, ulp bound. */
  private record Case(String name, UnaryOperator<FloatVector> simd, Fn loop, DoubleUnaryOperator ref, long ulps) {
    float want(float x) { return (float) ref.applyAsDouble(x); }
  }

  private static Case[] cases() {
    return new Case[] {
        new Case("exp", VectorMath::exp, Fn.EXP, Math::exp, 1),
        new Case("expm1", VectorMath::expm1, Fn.EXPM1, Math::expm1, 2),
        new Case("log", VectorMath::log, Fn.LOG, Math::log, 1),
        new Case("log1p", VectorMath::log1p, Fn.LOG1P, Math::log1p, 1),
        new Case("tanh", VectorMath::tanh, Fn.TANH, Math::tanh, 2),
        new Case("logistic", VectorMath::logistic, Fn.LOGISTIC, x -> 1 / (1 + Math.exp(-x)), 2)};
  }

  private static VectorSpecies<Float> species() { return FloatVector.SPECIES_PREFERRED; }

  @BeforeAll static void vectorApiPresent() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is not in the boot layer");
  }

  /** Floats between a and b in the total order of finite values (-0 and +0 are one apart); NaN only meets NaN. */
  static long floatsApart(float a, float b) {
    if (Float.isNaN(a) || Float.isNaN(b)) return Float.isNaN(a) && Float.isNaN(b) ? 0 : Long.MAX_VALUE;
    return Math.abs(ordinal(a) - ordinal(b));
  }

  private static long ordinal(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits >= 0 ? bits : -(long) (bits & 0x7fffffff) - 1;
  }

  /** The i-th input of a sweep. */
  @FunctionalInterface private interface FloatAt { float at(long i); }

  /**
   * Worst error of {@code c} over the inputs {@code at(0..n-1)}, asserted within its bound. The inputs run through
   * the row's SIMD loop (compiled once, fast), which {@link #unaryLoopsUseVectorMathForEveryElementIncludingTails}
   * shows gives exactly VectorMath's lane results; the worst input is re-run through VectorMath itself.
   */
  private static void sweep(Case c, long n, FloatAt at, String where) {
    float[] in = new float[(int) n], out = new float[(int) n];
    for (int i = 0; i < n; i++) in[i] = at.at(i);
    c.loop().simd32(in, out, 0, in.length);
    long worst = 0;
    float worstX = 0;
    for (int i = 0; i < n; i++) {
      long d = floatsApart(out[i], c.want(in[i]));
      if (d > worst) { worst = d; worstX = in[i]; }
    }
    float got = c.simd().apply(FloatVector.broadcast(species(), worstX)).lane(0);
    assertTrue(worst <= c.ulps(), c.name() + " " + where + ": " + worst + " ulp at x=" + worstX + " (bits 0x"
        + Integer.toHexString(Float.floatToRawIntBits(worstX)) + "): got " + got + ", want " + c.want(worstX));
  }

  @Test void withinTheUlpBoundOnEveryThousandthFloat() {
    for (Case c : cases())
      sweep(c, (1L << 32) / STRIDE, i -> {
        float x = Float.intBitsToFloat((int) (i * STRIDE));
        return Float.isFinite(x) ? x : 1f;
      }, "every " + STRIDE + "th float");
  }

  @Test void withinTheUlpBoundDenselyOnMinus20To20() {
    for (Case c : cases()) sweep(c, DENSE, i -> (float) (-20 + 40.0 * i / DENSE), "on [-20, 20]");
  }

  @Test void withinTheUlpBoundNearZeroAndInTheSubnormals() {
    for (Case c : cases()) {
      sweep(c, 1 << 20, i -> Float.intBitsToFloat((int) (i * 0x7f)), "on tiny positive floats");
      sweep(c, 1 << 20, i -> -Float.intBitsToFloat((int) (i * 0x3f800000L >> 20)), "on (-1, 0]");
    }
  }

  private static float at(UnaryOperator<FloatVector> f, float x) { return f.apply(FloatVector.broadcast(species(), x)).lane(0); }

  private static void same(float want, float got, String what) {
    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), what + ": want " + want + ", got " + got);
  }

  @Test void expSpecialValues() {
    same(Float.POSITIVE_INFINITY, at(VectorMath::exp, Float.POSITIVE_INFINITY), "exp(inf)");
    same(0f, at(VectorMath::exp, Float.NEGATIVE_INFINITY), "exp(-inf)");
    same(Float.POSITIVE_INFINITY, at(VectorMath::exp, 88.73f), "exp(88.73) overflows");
    same((float) Math.exp(88.72f), at(VectorMath::exp, 88.72f), "exp(88.72) is finite");
    same(0f, at(VectorMath::exp, -104f), "exp(-104) underflows");
    same(Float.MIN_VALUE, at(VectorMath::exp, -103.9f), "exp(-103.9) is the smallest subnormal");
    same((float) Math.exp(-95f), at(VectorMath::exp, -95f), "exp(-95) is subnormal (gradual underflow)");
    same(1f, at(VectorMath::exp, -0f), "exp(-0)");
    assertTrue(Float.isNaN(at(VectorMath::exp, Float.NaN)), "exp(NaN)");
    same(-0f, at(VectorMath::expm1, -0f), "expm1(-0)");
    same(-1f, at(VectorMath::expm1, Float.NEGATIVE_INFINITY), "expm1(-inf)");
    same(Float.POSITIVE_INFINITY, at(VectorMath::expm1, Float.POSITIVE_INFINITY), "expm1(inf)");
    same(Float.POSITIVE_INFINITY, at(VectorMath::expm1, 89f), "expm1(89) overflows");
    same(1e-30f, at(VectorMath::expm1, 1e-30f), "expm1(1e-30)");
    assertTrue(Float.isNaN(at(VectorMath::expm1, Float.NaN)), "expm1(NaN)");
  }

  @Test void logSpecialValues() {
    same(Float.NEGATIVE_INFINITY, at(VectorMath::log, 0f), "log(0)");
    same(Float.NEGATIVE_INFINITY, at(VectorMath::log, -0f), "log(-0)");
    same(Float.POSITIVE_INFINITY, at(VectorMath::log, Float.POSITIVE_INFINITY), "log(inf)");
    same(0f, at(VectorMath::log, 1f), "log(1)");
    same((float) Math.log(Float.MIN_VALUE), at(VectorMath::log, Float.MIN_VALUE), "log of the smallest subnormal");
    same((float) Math.log(Float.MAX_VALUE), at(VectorMath::log, Float.MAX_VALUE), "log(MAX_VALUE)");
    for (float bad : new float[] {-1f, -Float.MIN_VALUE, Float.NEGATIVE_INFINITY, Float.NaN})
      assertTrue(Float.isNaN(at(VectorMath::log, bad)), "log(" + bad + ") is NaN");
    same(Float.NEGATIVE_INFINITY, at(VectorMath::log1p, -1f), "log1p(-1)");
    same(-0f, at(VectorMath::log1p, -0f), "log1p(-0)");
    same(1e-30f, at(VectorMath::log1p, 1e-30f), "log1p(1e-30)");
    same(Float.POSITIVE_INFINITY, at(VectorMath::log1p, Float.POSITIVE_INFINITY), "log1p(inf)");
    for (float bad : new float[] {-1.5f, Float.NEGATIVE_INFINITY, Float.NaN})
      assertTrue(Float.isNaN(at(VectorMath::log1p, bad)), "log1p(" + bad + ") is NaN");
  }

  @Test void tanhAndLogisticSpecialValues() {
    same(-0f, at(VectorMath::tanh, -0f), "tanh(-0)");
    same(1f, at(VectorMath::tanh, 10f), "tanh(10)");
    same(-1f, at(VectorMath::tanh, -1e30f), "tanh(-1e30)");
    same(1f, at(VectorMath::tanh, Float.POSITIVE_INFINITY), "tanh(inf)");
    same(-1f, at(VectorMath::tanh, Float.NEGATIVE_INFINITY), "tanh(-inf)");
    same(1e-20f, at(VectorMath::tanh, 1e-20f), "tanh(1e-20) keeps relative accuracy");
    same(-Float.MIN_VALUE, at(VectorMath::tanh, -Float.MIN_VALUE), "tanh of a subnormal");
    assertTrue(Float.isNaN(at(VectorMath::tanh, Float.NaN)), "tanh(NaN)");
    same(1f, at(VectorMath::logistic, 20f), "logistic(20)");
    same(1f, at(VectorMath::logistic, Float.POSITIVE_INFINITY), "logistic(inf)");
    same(0f, at(VectorMath::logistic, Float.NEGATIVE_INFINITY), "logistic(-inf)");
    same(0f, at(VectorMath::logistic, -200f), "logistic(-200)");
    same((float) Math.exp(-90), at(VectorMath::logistic, -90f), "logistic(-90) is subnormal, not 0");
    same(0.5f, at(VectorMath::logistic, 0f), "logistic(0)");
    assertTrue(Float.isNaN(at(VectorMath::logistic, Float.NaN)), "logistic(NaN)");
  }

  /** Each lane's result depends only on its own input: every value is tried in every lane among other values. */
  @Test void resultsDoNotDependOnTheLanePosition() {
    int lanes = species().length();
    float[] values = {0.3f, -2.5f, 17f, 1e-7f, -88f, 0.55f, Float.NaN, 3e38f, -0f, 1f, 0.7071f, -15.5f};
    for (Case c : cases())
      for (float v : values) {
        float alone = at(c.simd(), v);
        for (int lane = 0; lane < lanes; lane++) {
          float[] in = new float[lanes];
          for (int j = 0; j < lanes; j++) in[j] = values[(j * 5 + lane) % values.length];
          in[lane] = v;
          float got = c.simd().apply(FloatVector.fromArray(species(), in, 0)).lane(lane);
          same(alone, got, c.name() + "(" + v + ") in lane " + lane);
        }
      }
  }

  /** The rows' SIMD loops (full vectors plus a padded tail, any offset) give exactly VectorMath's lane results. */
  @Test void unaryLoopsUseVectorMathForEveryElementIncludingTails() {
    Fn[] fns = {Fn.EXP, Fn.EXPM1, Fn.LOG, Fn.LOG1P, Fn.TANH, Fn.LOGISTIC};
    java.util.List<UnaryOperator<FloatVector>> impls = java.util.List.of(
        VectorMath::exp, VectorMath::expm1, VectorMath::log, VectorMath::log1p, VectorMath::tanh, VectorMath::logistic);
    float[] x = new float[61];
    for (int i = 0; i < x.length; i++) x[i] = (float) (i * 0.37 - 9.5);
    for (int k = 0; k < fns.length; k++) {
      assertTrue(fns[k].v32(new float[64], new float[64], 0, 64) == 64, fns[k] + " has a SIMD loop");
      for (int lo : new int[] {0, 1, 5}) {
        float[] o = new float[x.length];
        fns[k].simd32(x, o, lo, x.length);
        for (int i = lo; i < x.length; i++) same(at(impls.get(k), x[i]), o[i], fns[k] + " at index " + i + " from " + lo);
      }
    }
  }
}
