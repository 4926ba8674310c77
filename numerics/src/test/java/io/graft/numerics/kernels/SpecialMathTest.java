package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The special functions against 40-digit references (computed with mpmath and rounded to double), and against the
 * series reference of {@link Ref} on dense grids.
 */
class SpecialMathTest {
  /** {x, erf(x)}. */
  private static final double[][] ERF = {
      {1e-300, 1.1283791670955126e-300}, {1e-10, 1.1283791670955126e-10}, {1e-05, 1.1283791670579e-05},
      {0.01, 0.011283415555849618}, {0.1, 0.1124629160182849}, {0.25, 0.27632639016823696},
      {0.5, 0.5204998778130465}, {0.75, 0.7111556336535151}, {0.9, 0.7969082124228322},
      {0.99, 0.8385080695553698}, {1.0, 0.8427007929497149}, {1.01, 0.8468104962282768},
      {1.3, 0.9340079449406524}, {1.5, 0.9661051464753108}, {1.99, 0.995111413199617},
      {2.0, 0.9953222650189527}, {2.01, 0.9955248493552482}, {2.5, 0.999593047982555},
      {3.0, 0.9999779095030014}, {3.4, 0.9999984780066371}, {3.5, 0.9999992569016276},
      {3.6, 0.999999644137007}, {4.0, 0.9999999845827421}, {4.5, 0.9999999998033839},
      {5.0, 0.9999999999984626}, {5.5, 0.9999999999999927}, {5.9, 0.9999999999999999},
      {6.0, 1.0}, {7.0, 1.0}, {-0.3, -0.3286267594591274}, {-1.7, -0.9837904585907745},
      {-4.2, -0.9999999971445058}};
  /** {x, erfc(x)}. */
  private static final double[][] ERFC = {
      {-2.0, 1.9953222650189528}, {-0.5, 1.5204998778130465}, {0.0, 1.0}, {0.3, 0.6713732405408726},
      {0.99, 0.1614919304446302}, {1.0, 0.15729920705028513}, {1.7, 0.01620954140922544},
      {2.6, 0.00023603441652934908}, {3.9, 3.4792248597231765e-08}, {5.5, 7.357847917974398e-15},
      {6.0, 2.1519736712498913e-17}, {8.0, 1.1224297172982926e-29}, {15.0, 7.212994172451207e-100},
      {26.0, 5.663192408856143e-296}};
  /** {x, erfinv(x)}. */
  private static final double[][] ERF_INV = {
      {1e-300, 8.86226925452758e-301}, {1e-10, 8.862269254527581e-11}, {0.001, 0.0008862271574665521},
      {0.1, 0.08885599049425769}, {0.3, 0.2724627147267543}, {0.5, 0.4769362762044699},
      {0.5000001, 0.47693638746295763}, {0.6, 0.5951160814499948}, {0.7, 0.7328690779592167},
      {0.8, 0.9061938024368233}, {0.9, 1.1630871536766743}, {0.95, 1.3859038243496777},
      {0.99, 1.8213863677184494}, {0.999, 2.3267537655135246}, {0.99999, 3.123413274341571},
      {0.9999999, 3.7665625816384707}, {0.9999999999, 4.572824958544925},
      {0.9999999999999, 5.261483331372676}, {0.9999999999999999, 5.8635847487551676},
      {-0.2, -0.1791434546212917}, {-0.999, -2.3267537655135246}};
  private static final double[][] ASINH = {
      {1e-300, 1e-300}, {1e-09, 1e-09}, {0.3, 0.29567304756342244}, {-0.9, -0.8088669356527824},
      {1.5, 1.1947632172871092}, {2.0, 1.4436354751788103}, {3.7, 2.0192606561549606},
      {-100.0, -5.298342365610589}, {1e10, 23.7189981105004}, {1e300, 691.4686750787737}};
  private static final double[][] ACOSH = {
      {1.0, 0.0}, {1.0000001, 0.0004472135919037347}, {1.2, 0.6223625037147786}, {1.9, 1.2571958266003804},
      {2.0, 1.3169578969248168}, {2.5, 1.566799236972411}, {50.0, 4.6050701709847575},
      {1e10, 23.7189981105004}, {1e300, 691.4686750787737}};
  private static final double[][] ATANH = {
      {1e-300, 1e-300}, {1e-09, 1e-09}, {0.2, 0.2027325540540822}, {-0.49, -0.5360603366105666},
      {0.5, 0.5493061443340549}, {0.7, 0.8673005276940531}, {-0.9, -1.4722194895832204},
      {0.999999, 7.254328619247669}, {0.9999999999999999, 18.714973875118524}};

  private static void table(double[][] t, java.util.function.DoubleUnaryOperator f, double ulps, String name) {
    for (double[] row : t) Ref.close(row[1], f.applyAsDouble(row[0]), ulps, 0, false, name + "(" + row[0] + ")");
  }

  @Test void erfMatchesHighPrecisionValues() {
    table(ERF, SpecialMath::erf, 1, "erf");
    table(ERFC, SpecialMath::erfc, 4, "erfc");
  }

  @Test void erfInvMatchesHighPrecisionValues() { table(ERF_INV, SpecialMath::erfInv, 4, "erf_inv"); }

  @Test void inverseHyperbolicsMatchHighPrecisionValues() {
    table(ASINH, SpecialMath::asinh, 2, "asinh");
    table(ACOSH, SpecialMath::acosh, 2, "acosh");
    table(ATANH, SpecialMath::atanh, 2, "atanh");
  }

  @Test void erfMatchesTheSeriesOnADenseGrid() {
    double worst = 0;
    for (double x = -6.5; x <= 6.5; x += 1.0 / 1024) {
      double want = Ref.erf(x), got = SpecialMath.erf(x);
      worst = Math.max(worst, Math.abs(got - want) / Math.max(Math.abs(want), 1e-300));
    }
    assertTrue(worst < 1e-14, "erf f64 worst relative error " + worst);
  }

  @Test void erfF32IsAccurateToSingleUlps() {
    double worst = 0;
    for (float x = -5f; x <= 5f; x += 1f / 4096) {
      if (x == 0) continue;
      double want = Ref.erf(x);
      worst = Math.max(worst, Math.abs(SpecialMath.erf(x) - want) / Math.abs(want));
    }
    assertTrue(worst < 1e-6, "erf f32 worst relative error " + worst);
  }

  @Test void erfInvInvertsErf() {
    for (double y = -5.8; y <= 5.8; y += 0.01) {
      double x = SpecialMath.erf(y);
      if (Math.abs(x) == 1) continue;
      double back = SpecialMath.erfInv(x);
      double slope = 2 / Math.sqrt(Math.PI) * Math.exp(-y * y);       // |x| errors of 1 ulp move y by ulp/slope
      assertEquals(y, back, 1e-13 * Math.abs(y) + 2 * Math.ulp(x) / slope, "erf_inv(erf(" + y + "))");
    }
    for (float y = -3.8f; y <= 3.8f; y += 0.01f) {
      float x = SpecialMath.erf(y);
      if (Math.abs(x) == 1 || Math.abs(y) < 1e-3f) continue;
      double slope = 2 / Math.sqrt(Math.PI) * Math.exp(-y * y);
      assertEquals(y, SpecialMath.erfInv(x), 1e-6 * Math.abs(y) + 2 * Math.ulp(x) / slope, "f32 erf_inv(erf(" + y + "))");
    }
  }

  @Test void edgeCases() {
    assertEquals(Double.POSITIVE_INFINITY, SpecialMath.erfInv(1.0));
    assertEquals(Double.NEGATIVE_INFINITY, SpecialMath.erfInv(-1.0));
    assertTrue(Double.isNaN(SpecialMath.erfInv(1.5)));
    assertTrue(Double.isNaN(SpecialMath.erfInv(Double.NaN)));
    assertEquals(Float.POSITIVE_INFINITY, SpecialMath.erfInv(1f));
    assertEquals(-0.0, SpecialMath.erf(-0.0));
    assertEquals(1.0, SpecialMath.erf(Double.POSITIVE_INFINITY));
    assertEquals(-1f, SpecialMath.erf(Float.NEGATIVE_INFINITY));
    assertTrue(Float.isNaN(SpecialMath.erf(Float.NaN)));
    assertEquals(0.0, SpecialMath.erfc(Double.POSITIVE_INFINITY));
    assertEquals(2.0, SpecialMath.erfc(Double.NEGATIVE_INFINITY));
    assertTrue(Double.isNaN(SpecialMath.acosh(0.5)));
    assertEquals(Double.POSITIVE_INFINITY, SpecialMath.atanh(1.0));
    assertTrue(Double.isNaN(SpecialMath.atanh(1.5)));
    assertEquals(Double.NEGATIVE_INFINITY, SpecialMath.asinh(Double.NEGATIVE_INFINITY));
    assertEquals(0.0, SpecialMath.logistic(-800.0));
    assertEquals(1.0, SpecialMath.logistic(800.0));
    assertEquals(Math.exp(-700), SpecialMath.logistic(-700.0), 1e-15 * Math.exp(-700));
    assertEquals(-3.0, SpecialMath.roundHalfAway(-2.5));
    assertEquals(-0.0, SpecialMath.roundHalfAway(-0.4));
  }
}
