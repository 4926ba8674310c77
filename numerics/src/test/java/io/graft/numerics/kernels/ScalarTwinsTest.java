package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.Simd;
import io.graft.numerics.kernels.UnaryKernels.Fn;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each {@link ScalarMath} twin gives, bit for bit, what its {@link VectorMath} function gives in every lane (all NaNs
 * count as one value): on random bit patterns (every exponent, so subnormals and huge arguments), uniform points on
 * [-30, 30], the floats next to k·π/2, ±0, ±inf, NaN, ±MIN_VALUE, ±MAX_VALUE, and the thresholds of each function
 * (the clamps, the sin/cos slow-path limit); each input is tried in every lane next to different neighbours. Then
 * {@link UnaryKernels} on arrays of every length up to a few vectors gives the twin's value at every position, which
 * is how tails (a partial vector) and whole vectors agree.
 */
class ScalarTwinsTest {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final int RANDOM = 200_000;

  private record F32(String name, Fn fn, UnaryOperator<FloatVector> vector, FloatUnary scalar) {}

  private record F64(String name, Fn fn, UnaryOperator<DoubleVector> vector, DoubleUnaryOperator scalar) {}

  @FunctionalInterface private interface FloatUnary { float apply(float x); }

  private static final F32[] F32_CASES = {
      new F32("exp", Fn.EXP, VectorMath::exp, ScalarMath::exp),
      new F32("expm1", Fn.EXPM1, VectorMath::expm1, ScalarMath::expm1),
      new F32("log", Fn.LOG, VectorMath::log, ScalarMath::log),
      new F32("log1p", Fn.LOG1P, VectorMath::log1p, ScalarMath::log1p),
      new F32("tanh", Fn.TANH, VectorMath::tanh, ScalarMath::tanh),
      new F32("logistic", Fn.LOGISTIC, VectorMath::logistic, ScalarMath::logistic),
      new F32("sin", Fn.SIN, VectorMath::sin, ScalarMath::sin),
      new F32("cos", Fn.COS, VectorMath::cos, ScalarMath::cos)};

  private static final F64[] F64_CASES = {
      new F64("exp", Fn.EXP, VectorMath::exp, ScalarMath::exp),
      new F64("expm1", Fn.EXPM1, VectorMath::expm1, ScalarMath::expm1),
      new F64("log", Fn.LOG, VectorMath::log, ScalarMath::log),
      new F64("log1p", Fn.LOG1P, VectorMath::log1p, ScalarMath::log1p),
      new F64("tanh", Fn.TANH, VectorMath::tanh, ScalarMath::tanh),
      new F64("logistic", Fn.LOGISTIC, VectorMath::logistic, ScalarMath::logistic),
      new F64("sin", Fn.SIN, VectorMath::sin, ScalarMath::sin),
      new F64("cos", Fn.COS, VectorMath::cos, ScalarMath::cos)};

  @BeforeAll static void vectorApiPresent() {
    assumeTrue(Simd.AVAILABLE, "the Vector API is not in the boot layer");
  }

  /** The cases above are exactly the polynomial rows of the op table. */
  @Test void theCasesCoverEveryPolynomialRow() {
    java.util.Set<Fn> rows = java.util.EnumSet.noneOf(Fn.class), f32 = java.util.EnumSet.noneOf(Fn.class), f64 = java.util.EnumSet.noneOf(Fn.class);
    for (Fn f : Fn.values()) if (f.polynomial()) rows.add(f);
    for (F32 c : F32_CASES) f32.add(c.fn());
    for (F64 c : F64_CASES) f64.add(c.fn());
    assertEquals(rows, f32);
    assertEquals(rows, f64);
  }

  @Test void f32TwinsGiveTheVectorBitsInEveryLane() {
    float[] xs = f32Inputs();
    int l = FS.length();
    float[] lanes = new float[l], got = new float[l];
    for (F32 c : F32_CASES) {
      for (int start = 0; start < xs.length; start += l) {
        for (int i = 0; i < l; i++) lanes[i] = xs[(start + i) % xs.length];
        c.vector().apply(FloatVector.fromArray(FS, lanes, 0)).intoArray(got, 0);
        for (int i = 0; i < l; i++) {
          float x = lanes[i], want = c.scalar().apply(x);
          if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(want))
            throw new AssertionError(c.name() + "(" + x + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(x)) + ") in lane " + i
                + ": vector " + got[i] + ", scalar twin " + want);
        }
      }
    }
  }

  @Test void f64TwinsGiveTheVectorBitsInEveryLane() {
    double[] xs = f64Inputs();
    int l = DS.length();
    double[] lanes = new double[l], got = new double[l];
    for (F64 c : F64_CASES) {
      for (int start = 0; start < xs.length; start += l) {
        for (int i = 0; i < l; i++) lanes[i] = xs[(start + i) % xs.length];
        c.vector().apply(DoubleVector.fromArray(DS, lanes, 0)).intoArray(got, 0);
        for (int i = 0; i < l; i++) {
          double x = lanes[i], want = c.scalar().applyAsDouble(x);
          if (Double.doubleToLongBits(got[i]) != Double.doubleToLongBits(want))
            throw new AssertionError(c.name() + "(" + x + " = 0x" + Long.toHexString(Double.doubleToRawLongBits(x)) + ") in lane " + i
                + ": vector " + got[i] + ", scalar twin " + want);
        }
      }
    }
  }

  /** The eager kernel (full vectors, a padded tail, or the scalar loop) gives the twin at every position. */
  @Test void eagerKernelsGiveTheTwinAtEveryPositionAndLength() {
    SplittableRandom r = new SplittableRandom(7);
    for (int n = 1; n <= 3 * FS.length() + 1; n++) {
      float[] a = new float[n];
      double[] d = new double[n];
      for (int i = 0; i < n; i++) { a[i] = (float) (r.nextDouble(-12, 12)); d[i] = r.nextDouble(-12, 12); }
      for (F32 c : F32_CASES) {
        float[] got = (float[]) UnaryKernels.apply(c.fn(), NdArray.wrap(Shape.of(n), a)).store();
        float[] scalar = new float[n];
        c.fn().f32(a, scalar, 0, n);
        for (int i = 0; i < n; i++) {
          assertEquals(Float.floatToIntBits(c.scalar().apply(a[i])), Float.floatToIntBits(got[i]), c.name() + " f32 at " + i + " of " + n);
          assertEquals(Float.floatToIntBits(got[i]), Float.floatToIntBits(scalar[i]), c.name() + " f32 scalar loop at " + i + " of " + n);
        }
      }
      for (F64 c : F64_CASES) {
        double[] got = (double[]) UnaryKernels.apply(c.fn(), NdArray.wrap(Shape.of(n), d)).store();
        double[] scalar = new double[n];
        c.fn().f64(d, scalar, 0, n);
        for (int i = 0; i < n; i++) {
          assertEquals(Double.doubleToLongBits(c.scalar().applyAsDouble(d[i])), Double.doubleToLongBits(got[i]), c.name() + " f64 at " + i + " of " + n);
          assertEquals(Double.doubleToLongBits(got[i]), Double.doubleToLongBits(scalar[i]), c.name() + " f64 scalar loop at " + i + " of " + n);
        }
      }
    }
  }

  /** f32 erf: the SIMD loop and the scalar {@link SpecialMath#erf(float)} run the same fma sequence. */
  @Test void f32ErfSimdEqualsScalar() {
    float[] a = f32Inputs();
    float[] got = (float[]) UnaryKernels.apply(Fn.ERF, NdArray.wrap(Shape.of(a.length), a)).store();
    for (int i = 0; i < a.length; i++)
      assertEquals(Float.floatToIntBits(SpecialMath.erf(a[i])), Float.floatToIntBits(got[i]), "erf(" + a[i] + ")");
  }

  private static float[] f32Inputs() {
    float[] special = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0.5493f, -0.5493f, 88.72f, 89f, 89.5f,
        -103.97f, -104f, -105f, -17.33f, -18f, -19f, 64f * 0.6931472f, 0x1p17f, Math.nextUp(0x1p17f), -0x1p17f, 1e30f, -1e30f,
        -0.99999994f, -1f + 0x1p-24f, 1e-8f, -1e-8f, 1e-40f, -1e-40f};
    SplittableRandom r = new SplittableRandom(42);
    float[] xs = new float[special.length + 3 * RANDOM + 2000];
    int k = 0;
    for (float s : special) xs[k++] = s;
    for (int i = 0; i < RANDOM; i++) xs[k++] = Float.intBitsToFloat(r.nextInt());
    for (int i = 0; i < RANDOM; i++) xs[k++] = (float) r.nextDouble(-30, 30);
    for (int i = 0; i < RANDOM; i++) xs[k++] = (float) r.nextDouble(-0x1p18, 0x1p18);
    for (int i = 0; i < 1000; i++) {
      float p = (float) ((i - 500) * Math.PI / 2);
      xs[k++] = Math.nextUp(p);
      xs[k++] = Math.nextDown(p);
    }
    return xs;
  }

  private static double[] f64Inputs() {
    double[] special = {0d, -0d, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1, -1, 709.78, 710, 711,
        -745.13, -746, -747, -40, -41, 512 * Math.log(2), 0x1p20, Math.nextUp(0x1p20), -0x1p20, 1e300, -1e300,
        Math.nextUp(-1d), 1e-300, 1e-310, -1e-310};
    SplittableRandom r = new SplittableRandom(43);
    double[] xs = new double[special.length + 3 * RANDOM + 2000];
    int k = 0;
    for (double s : special) xs[k++] = s;
    for (int i = 0; i < RANDOM; i++) xs[k++] = Double.longBitsToDouble(r.nextLong());
    for (int i = 0; i < RANDOM; i++) xs[k++] = r.nextDouble(-40, 40);
    for (int i = 0; i < RANDOM; i++) xs[k++] = r.nextDouble(-0x1p21, 0x1p21);
    for (int i = 0; i < 1000; i++) {
      double p = (i - 500) * Math.PI / 2;
      xs[k++] = Math.nextUp(p);
      xs[k++] = Math.nextDown(p);
    }
    return xs;
  }
}
