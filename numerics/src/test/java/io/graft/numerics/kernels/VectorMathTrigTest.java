package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.Simd;
import io.graft.numerics.kernels.UnaryKernels.Fn;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorMath#sin}/{@link VectorMath#cos} (f32 and f64) against {@link Math}: within 2 ulp densely on
 * [-100, 100], sampled up to the fast-path limits (2^17 f32, 2^20 f64) and next to multiples of π/2 (where the
 * reduction cancels most); beyond the limits, exactly {@link StrictMath}'s values; special values; and results
 * that depend neither on the lane position nor on the loop (interpreted broadcast vs compiled SIMD loop of the row).
 */
class VectorMathTrigTest {
  private static final long ULPS = 2;

  /** One function: name, f32 and f64 vector forms, the row's SIMD loop, the Math and StrictMath references. */
  private record Trig(String name, UnaryOperator<FloatVector> f32, UnaryOperator<DoubleVector> f64, Fn loop,
      DoubleUnaryOperator ref, DoubleUnaryOperator strict) {}

  private static final Trig[] TRIGS = {
      new Trig("sin", VectorMath::sin, VectorMath::sin, Fn.SIN, Math::sin, StrictMath::sin),
      new Trig("cos", VectorMath::cos, VectorMath::cos, Fn.COS, Math::cos, StrictMath::cos)};

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

  /** Inputs {@code at(0..n-1)} through the f32 SIMD loop of the row; the worst float distance to the reference. */
  private static void sweepF32(Trig t, int n, IntToDoubleFunction at, String where) {
    float[] in = new float[n], out = new float[n];
    for (int i = 0; i < n; i++) in[i] = (float) at.applyAsDouble(i);
    t.loop().simd32(in, out, 0, n);
    long worst = 0;
    float worstX = 0;
    for (int i = 0; i < n; i++) {
      long d = VectorMathTest.floatsApart(out[i], (float) t.ref().applyAsDouble(in[i]));
      if (d > worst) { worst = d; worstX = in[i]; }
    }
    assertTrue(worst <= ULPS, "f32 " + t.name() + " " + where + ": " + worst + " ulp at x=" + worstX + ": got "
        + at32(t.f32(), worstX) + ", want " + (float) t.ref().applyAsDouble(worstX));
  }

  private static void sweepF64(Trig t, int n, IntToDoubleFunction at, String where) {
    double[] in = new double[n], out = new double[n];
    for (int i = 0; i < n; i++) in[i] = at.applyAsDouble(i);
    t.loop().simd64(in, out, 0, n);
    long worst = 0;
    double worstX = 0;
    for (int i = 0; i < n; i++) {
      long d = apart(out[i], t.ref().applyAsDouble(in[i]));
      if (d > worst) { worst = d; worstX = in[i]; }
    }
    assertTrue(worst <= ULPS, "f64 " + t.name() + " " + where + ": " + worst + " ulp at x=" + worstX + ": got "
        + at64(t.f64(), worstX) + ", want " + t.ref().applyAsDouble(worstX));
  }

  @Test void f32WithinTwoUlpDenselyOnMinus100To100AndSampledTo2To17() {
    int near = 1 << 22, k = 83_443;   // k·π/2 <= 2^17
    float limit = ScalarTrig.F32_LIMIT;
    int loBits = Float.floatToRawIntBits(100f), span = Float.floatToRawIntBits(limit) - loBits;
    for (Trig t : TRIGS) {
      sweepF32(t, 1 << 23, i -> -100 + 200.0 * i / (1 << 23), "on [-100, 100]");
      sweepF32(t, 1 << 20, i -> Float.intBitsToFloat(loBits + (int) ((long) span * i >> 20)) * (i % 2 == 0 ? 1 : -1),
          "on 100 <= |x| <= 2^17");
      sweepF32(t, 9 * k, i -> Float.intBitsToFloat(Float.floatToRawIntBits((float) ((i / 9 + 1) * Math.PI / 2)) + i % 9 - 4),
          "next to multiples of pi/2");
      sweepF32(t, near, i -> Float.intBitsToFloat(i * 0xFE), "on [0, 0.0075] (subnormals included)");
      sweepF32(t, 1 << 16, i -> limit - i * Math.ulp(limit) / 2, "just below the limit");
    }
  }

  @Test void f64WithinTwoUlpDenselyAndSampledTo2To20() {
    SplittableRandom random = new SplittableRandom(17);
    int k = 667_544;   // k·π/2 <= 2^20
    for (Trig t : TRIGS) {
      sweepF64(t, 1 << 21, i -> -100 + 200.0 * i / (1 << 21), "on [-100, 100]");
      sweepF64(t, 1 << 20, i -> (random.nextDouble() * 2 - 1) * ScalarTrig.F64_LIMIT, "random up to 2^20");
      sweepF64(t, 1 << 20, i -> Math.scalb(random.nextDouble(), random.nextInt(-60, 21)), "log-uniform 2^-60 to 2^20");
      sweepF64(t, 5 * k, i -> Double.longBitsToDouble(Double.doubleToRawLongBits((i / 5 + 1) * (Math.PI / 2)) + i % 5 - 2),
          "next to multiples of pi/2");
    }
  }

  @Test void beyondTheLimitEveryLaneIsStrictMath() {
    SplittableRandom random = new SplittableRandom(5);
    for (Trig t : TRIGS) {
      float[] in = new float[1 << 14], out = new float[in.length];
      int above = Float.floatToRawIntBits(ScalarTrig.F32_LIMIT) + 1, inf = 0x7f800000;
      for (int i = 0; i < in.length; i++) in[i] = Float.intBitsToFloat(random.nextInt(above, inf)) * (i % 2 == 0 ? 1 : -1);
      t.loop().simd32(in, out, 0, in.length);
      for (int i = 0; i < in.length; i++) same32((float) t.strict().applyAsDouble(in[i]), out[i], t.name() + "(" + in[i] + ")");
      double[] ind = new double[1 << 14], outd = new double[ind.length];
      for (int i = 0; i < ind.length; i++) ind[i] = Math.scalb(1 + random.nextDouble(), random.nextInt(20, 1024)) * (i % 2 == 0 ? 1 : -1);
      t.loop().simd64(ind, outd, 0, ind.length);
      for (int i = 0; i < ind.length; i++) same64(t.strict().applyAsDouble(ind[i]), outd[i], t.name() + "(" + ind[i] + ")");
    }
  }

  private static float at32(UnaryOperator<FloatVector> f, float x) { return f.apply(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, x)).lane(0); }

  private static double at64(UnaryOperator<DoubleVector> f, double x) { return f.apply(DoubleVector.broadcast(DoubleVector.SPECIES_PREFERRED, x)).lane(0); }

  private static void same32(float want, float got, String what) {
    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), what + ": want " + want + ", got " + got);
  }

  private static void same64(double want, double got, String what) {
    assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), what + ": want " + want + ", got " + got);
  }

  @Test void specialValues() {
    for (Trig t : TRIGS)
      for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
        assertTrue(Float.isNaN(at32(t.f32(), (float) bad)), "f32 " + t.name() + "(" + bad + ")");
        assertTrue(Double.isNaN(at64(t.f64(), bad)), "f64 " + t.name() + "(" + bad + ")");
      }
    same32(-0f, at32(VectorMath::sin, -0f), "sin(-0)");
    same32(0f, at32(VectorMath::sin, 0f), "sin(0)");
    same32(1f, at32(VectorMath::cos, -0f), "cos(-0)");
    same32(-Float.MIN_VALUE, at32(VectorMath::sin, -Float.MIN_VALUE), "sin of the smallest subnormal");
    same32(1e-30f, at32(VectorMath::sin, 1e-30f), "sin(1e-30)");
    same32(-1f, at32(VectorMath::sin, (float) (-Math.PI / 2)), "sin(-pi/2)");
    same32((float) Math.sin(Float.MAX_VALUE), at32(VectorMath::sin, Float.MAX_VALUE), "sin(MAX_VALUE)");
    same64(-0.0, at64(VectorMath::sin, -0.0), "f64 sin(-0)");
    same64(1, at64(VectorMath::cos, -0.0), "f64 cos(-0)");
    same64(-Double.MIN_VALUE, at64(VectorMath::sin, -Double.MIN_VALUE), "f64 sin of the smallest subnormal");
    same64(Math.sin(Math.PI), at64(VectorMath::sin, Math.PI), "f64 sin(pi)");
    same64(StrictMath.cos(1e300), at64(VectorMath::cos, 1e300), "f64 cos(1e300)");
  }

  /** Each lane's result depends only on its own input, also when a neighbour takes the slow path. */
  @Test void resultsDoNotDependOnTheLanePosition() {
    float[] values = {0.3f, -2.5f, 1e6f, 1e-7f, -88f, 0.7853982f, Float.NaN, 3e38f, -0f, 1f, 131072f, -131073f, 100.5f};
    int lanes = FloatVector.SPECIES_PREFERRED.length(), dlanes = DoubleVector.SPECIES_PREFERRED.length();
    for (Trig t : TRIGS)
      for (float v : values) {
        float alone = at32(t.f32(), v);
        double aloneD = at64(t.f64(), v * 8.0);
        for (int lane = 0; lane < lanes; lane++) {
          float[] in = new float[lanes];
          double[] ind = new double[dlanes];
          for (int j = 0; j < lanes; j++) in[j] = values[(j * 5 + lane) % values.length];
          for (int j = 0; j < dlanes; j++) ind[j] = in[j] * 8.0;
          in[lane] = v;
          ind[lane % dlanes] = v * 8.0;
          same32(alone, t.f32().apply(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, in, 0)).lane(lane), t.name() + "(" + v + ") in lane " + lane);
          same64(aloneD, t.f64().apply(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, ind, 0)).lane(lane % dlanes),
              "f64 " + t.name() + "(" + v * 8.0 + ") in lane " + lane % dlanes);
        }
      }
  }

  /** The rows' SIMD loops (compiled, full vectors plus a padded tail, any offset) match the broadcast results. */
  @Test void unaryLoopsGiveVectorMathsResultsForEveryElementIncludingTails() {
    float[] x = new float[61];
    double[] xd = new double[61];
    for (int i = 0; i < x.length; i++) { x[i] = (float) (i * 7.37 - 200); xd[i] = i * 7.37e3 - 2e5; }
    x[13] = 3e6f;
    xd[13] = 3e16;
    for (Trig t : TRIGS)
      for (int lo : new int[] {0, 1, 5}) {
        float[] o = new float[x.length];
        double[] od = new double[x.length];
        t.loop().simd32(x, o, lo, x.length);
        t.loop().simd64(xd, od, lo, x.length);
        for (int i = lo; i < x.length; i++) {
          same32(at32(t.f32(), x[i]), o[i], t.name() + " at index " + i + " from " + lo);
          same64(at64(t.f64(), xd[i]), od[i], "f64 " + t.name() + " at index " + i + " from " + lo);
        }
      }
  }
}
