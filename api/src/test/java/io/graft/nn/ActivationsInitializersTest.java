package io.graft.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.ArrayFn;
import io.graft.Graft;
import io.graft.Np;
import io.graft.Random;
import io.graft.numerics.ShapeError;
import io.graft.testing.GradCheck;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Activations against their formulas (in doubles) and published erf values; initialisers' variances and bounds. */
class ActivationsInitializersTest {
  private static final double[] XS = {-30, -3, -0.5, 0.25, 0.7, 2.5, 30};

  private static void check(ArrayFn f, DoubleUnaryOperator ref, double tol) {
    double[] got = f.apply(Array.of(XS)).toDoubleArray();
    for (int i = 0; i < XS.length; i++) assertEquals(ref.applyAsDouble(XS[i]), got[i], tol * Math.max(1, Math.abs(got[i])), "x = " + XS[i]);
  }

  private static double sigmoid(double x) { return 1 / (1 + Math.exp(-x)); }

  @Test void activationsMatchTheirFormulas() {
    check(Np::relu, x -> Math.max(x, 0), 0);
    check(Np::sigmoid, ActivationsInitializersTest::sigmoid, 1e-15);
    check(Np::silu, x -> x * sigmoid(x), 1e-15);
    check(Np::softplus, x -> Math.log1p(Math.exp(x)), 1e-15);
    check(Np::logSigmoid, x -> Math.log(sigmoid(x)), 1e-14);
    check(Np::gelu, x -> 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))), 1e-15);
    check(Activation.TANH, Math::tanh, 1e-15);
    check(Activation.IDENTITY, x -> x, 0);
    // erf and exact GELU against published values (Abramowitz & Stegun table 7.1; Φ(1) = 0.8413447460685429)
    assertArrayEquals(new double[] {0.5204998778130465, 0.8427007929497149, -0.9953222650189527},
        Np.erf(Array.of(new double[] {0.5, 1, -2})).toDoubleArray(), 1e-15);
    assertEquals(0.8413447460685429, Np.gelu(Array.of(new double[] {1}), false).toDoubleArray()[0], 1e-15);
    assertEquals(0.8413447460685429, Activation.GELU_EXACT.apply(Array.of(new double[] {1})).toDoubleArray()[0], 1e-15);
    // stable at the extremes: no overflow to inf, no log(0)
    assertEquals(-100, Np.logSigmoid(Array.of(new double[] {-100})).toDoubleArray()[0], 1e-12);
    assertEquals(100, Np.softplus(Array.of(new float[] {100})).toFloatArray()[0], 0);
    assertEquals(Np.float32, Np.gelu(Array.of(new float[] {1})).dtype(), "weak constants keep f32");
    double[] sm = Activation.SOFTMAX.apply(Array.of(new double[] {1, 2, 3})).toDoubleArray();
    assertEquals(1, sm[0] + sm[1] + sm[2], 1e-15);
  }

  @Test void activationDerivatives() {
    Array zero = Array.of(new double[] {0});
    assertEquals(0, Graft.grad((Array x) -> Np.relu(x).sum()).apply(zero).toDoubleArray()[0], 0, "relu'(0) = 0 as JAX's");
    assertEquals(0.5, Graft.grad((Array x) -> Np.softplus(x).sum()).apply(zero).toDoubleArray()[0], 1e-15);
    assertEquals(0.5, Graft.grad((Array x) -> Np.logSigmoid(x).sum()).apply(zero).toDoubleArray()[0], 1e-15);
    Array x = Array.of(new double[] {-2.5, -0.5, 0.3, 1.7});
    for (Activation a : Activation.values()) GradCheck.checkGrads((Array v) -> a.apply(v).mul(v).sum(), x, 2);
  }

  @Test void activationsJitAsEager() {
    Array x = Array.of(new float[] {-2, -0.5f, 0, 0.5f, 3});
    for (Activation a : Activation.values())
      assertArrayEquals(a.apply(x).toFloatArray(), Graft.jit((Array v) -> a.apply(v)).apply(x).toFloatArray(), 1e-6f, a.name());
  }

  // ---------------------------------------------------------------- initialisers

  private static double variance(float[] v) {
    double m = 0, s = 0;
    for (float f : v) m += f;
    m /= v.length;
    for (float f : v) s += (f - m) * (f - m);
    return s / v.length;
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float f : v) m = Math.max(m, Math.abs(f));
    return m;
  }

  @Test void varianceScalingHasTheVarianceOfItsFan() {
    int[] shape = {400, 600};                            // fanIn 400, fanOut 600, fanAvg 500; 240k samples
    Array key = Random.key(42);
    record Case(Initializer init, double variance, double bound) {}
    Case[] cases = {
        new Case(Initializers.glorotUniform(), 1.0 / 500, Math.sqrt(3.0 / 500)),
        new Case(Initializers.glorotNormal(), 1.0 / 500, 2 * Math.sqrt(1.0 / 500) / 0.87962566103423978),
        new Case(Initializers.heUniform(), 2.0 / 400, Math.sqrt(6.0 / 400)),
        new Case(Initializers.heNormal(), 2.0 / 400, 2 * Math.sqrt(2.0 / 400) / 0.87962566103423978),
        new Case(Initializers.lecunUniform(), 1.0 / 400, Math.sqrt(3.0 / 400)),
        new Case(Initializers.lecunNormal(), 1.0 / 400, 2 * Math.sqrt(1.0 / 400) / 0.87962566103423978),
        new Case(Initializers.varianceScaling(1, Initializers.Mode.FAN_OUT, Initializers.Distribution.NORMAL), 1.0 / 600,
            Double.POSITIVE_INFINITY),
        new Case(Initializers.normal(0.1), 0.01, Double.POSITIVE_INFINITY)};
    for (int i = 0; i < cases.length; i++) {
      float[] v = cases[i].init().init(Random.foldIn(key, i), shape, Np.float32).toFloatArray();
      assertEquals(240_000, v.length);
      // the sample variance's relative standard error is ~sqrt(2/n) = 0.3%
      assertEquals(1, variance(v) / cases[i].variance(), 0.02, "case " + i);
      assertTrue(maxAbs(v) <= cases[i].bound() * (1 + 1e-6), "case " + i + ": " + maxAbs(v) + " > " + cases[i].bound());
    }
  }

  @Test void fansOfConvolutionKernelsIncludeTheReceptiveField() {
    assertArrayEquals(new double[] {3 * 3 * 16, 3 * 3 * 32}, Initializers.fans(new int[] {3, 3, 16, 32}));
    assertArrayEquals(new double[] {5, 7}, Initializers.fans(new int[] {5, 7}));
    assertThrows(ShapeError.class, () -> Initializers.heNormal().init(Random.key(0), new int[] {5}, Np.float32));
    // he-normal on a conv kernel: variance 2 / (3*3*8)
    float[] v = Initializers.heNormal().init(Random.key(1), new int[] {3, 3, 8, 2000}, Np.float32).toFloatArray();
    assertEquals(1, variance(v) / (2.0 / 72), 0.02);
  }

  @Test void constantAndUniformInitialisers() {
    assertArrayEquals(new float[6], Initializers.zeros().init(Random.key(0), new int[] {2, 3}, Np.float32).toFloatArray());
    assertArrayEquals(new double[] {1, 1}, Initializers.ones().init(Random.key(0), new int[] {2}, Np.float64).toDoubleArray());
    float[] u = Initializers.uniform(0.5).init(Random.key(3), new int[] {10_000}, Np.float32).toFloatArray();
    double mean = 0;
    for (float f : u) { assertTrue(f >= 0 && f < 0.5, "value " + f); mean += f / u.length; }
    assertEquals(0.25, mean, 0.01);
    assertEquals(Np.float64, Initializers.lecunNormal().init(Random.key(0), new int[] {2, 2}, Np.float64).dtype());
    assertThrows(io.graft.numerics.DTypeError.class, () -> Initializers.glorotUniform().init(Random.key(0), new int[] {2, 2}, Np.int32));
  }
}
