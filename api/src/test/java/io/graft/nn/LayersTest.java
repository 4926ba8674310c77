package io.graft.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Np;
import io.graft.Random;
import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import io.graft.testing.GradCheck;
import io.vavr.Tuple2;
import org.junit.jupiter.api.Test;

/** Each layer against a reference loop or a hand computation (in doubles), and its gradients by {@link GradCheck}. */
class LayersTest {
  static double[] rnd(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
    return x;
  }

  static Array rand(long seed, int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    return Array.of(rnd(n, seed), shape);
  }

  // ---------------------------------------------------------------- Dense

  @Test void denseIsXwPlusB() {
    Array w = rand(1, 3, 2), b = rand(2, 2), x = rand(3, 4, 3);
    Dense d = new Dense(w, b);
    double[] wv = w.toDoubleArray(), bv = b.toDoubleArray(), xv = x.toDoubleArray(), want = new double[8];
    for (int n = 0; n < 4; n++)
      for (int o = 0; o < 2; o++) {
        double s = bv[o];
        for (int i = 0; i < 3; i++) s += xv[n * 3 + i] * wv[i * 2 + o];
        want[n * 2 + o] = s;
      }
    assertArrayEquals(want, d.apply(x).toDoubleArray(), 1e-12);
    assertArrayEquals(new int[] {4, 2}, d.apply(x).shape());
    assertArrayEquals(new int[] {5, 4, 2}, d.apply(rand(4, 5, 4, 3)).shape(), "leading axes are batch axes");
    Dense noBias = new Dense(w, null);
    assertArrayEquals(x.matmul(w).toDoubleArray(), noBias.apply(x).toDoubleArray(), 1e-12);
    assertThrows(ShapeError.class, () -> d.apply(rand(5, 4, 5)));
  }

  @Test void denseInitShapesAndDtype() {
    Dense d = Dense.init(Random.key(0), 5, 7);
    assertArrayEquals(new int[] {5, 7}, d.kernel().shape());
    assertArrayEquals(new float[7], d.bias().toFloatArray());
    assertEquals(Np.float32, d.kernel().dtype());
    assertEquals(5, d.in());
    assertEquals(7, d.out());
  }

  // ---------------------------------------------------------------- Conv

  /** y[n, oh, ow, o] by the definition, pads (lo, hi) explicit. */
  static double[] naiveConv2d(double[] x, int n, int h, int w, int c, double[] k, int kh, int kw, int o, int[] s,
                              int[][] pad, int[] dil, int groups, int oh, int ow) {
    double[] y = new double[n * oh * ow * o];
    int cg = c / groups, og = o / groups;
    for (int b = 0; b < n; b++)
      for (int i = 0; i < oh; i++)
        for (int j = 0; j < ow; j++)
          for (int f = 0; f < o; f++) {
            int g = f / og;
            double acc = 0;
            for (int a = 0; a < kh; a++)
              for (int bb = 0; bb < kw; bb++)
                for (int ch = 0; ch < cg; ch++) {
                  int ii = i * s[0] - pad[0][0] + a * dil[0], jj = j * s[1] - pad[1][0] + bb * dil[1];
                  if (ii < 0 || ii >= h || jj < 0 || jj >= w) continue;
                  acc += x[((b * h + ii) * w + jj) * c + g * cg + ch] * k[((a * kw + bb) * cg + ch) * o + f];
                }
            y[((b * oh + i) * ow + j) * o + f] = acc;
          }
    return y;
  }

  @Test void conv2dSameStridedAgainstLoop() {
    // H = 5, W = 6, 3x3, stride 2, SAME: outputs 3x3; pads (1, 1) on H and (0, 1) on W (the extra one after)
    Array x = rand(10, 2, 5, 6, 4), k = rand(11, 3, 3, 4, 6);
    Conv conv = new Conv(k, null, Ints.of(2, 2), Pad.SAME, Ints.of(1, 1), 1);
    Array y = conv.apply(x);
    assertArrayEquals(new int[] {2, 3, 3, 6}, y.shape());
    double[] want = naiveConv2d(x.toDoubleArray(), 2, 5, 6, 4, k.toDoubleArray(), 3, 3, 6, new int[] {2, 2},
        new int[][] {{1, 1}, {0, 1}}, new int[] {1, 1}, 1, 3, 3);
    assertArrayEquals(want, y.toDoubleArray(), 1e-10);
  }

  @Test void conv2dDilatedGroupedExplicitWithBiasAgainstLoop() {
    Array x = rand(12, 2, 7, 6, 4), k = rand(13, 2, 3, 2, 6), b = rand(14, 6);
    Conv conv = new Conv(k, b, Ints.of(1, 2), Pad.of(new int[] {2, 1}, new int[] {0, 1}), Ints.of(2, 1), 2);
    Array y = conv.apply(x);
    // H: (7 + 3 - 3) / 1 + 1 = 8; W: (6 + 1 - 3) / 2 + 1 = 3
    assertArrayEquals(new int[] {2, 8, 3, 6}, y.shape());
    double[] want = naiveConv2d(x.toDoubleArray(), 2, 7, 6, 4, k.toDoubleArray(), 2, 3, 6, new int[] {1, 2},
        new int[][] {{2, 1}, {0, 1}}, new int[] {2, 1}, 2, 8, 3);
    double[] bv = b.toDoubleArray();
    for (int i = 0; i < want.length; i++) want[i] += bv[i % 6];
    assertArrayEquals(want, y.toDoubleArray(), 1e-10);
  }

  @Test void conv1dAnd3dAgainstTheTwoDimensionalLoop() {
    // a 1-d conv is a 2-d conv with a height-1 window; a 3-d conv with depth-1 kernel and input likewise
    Array x = rand(15, 2, 9, 3), k = rand(16, 3, 3, 4);
    Conv c1 = new Conv(k, null, Ints.of(2), Pad.VALID, Ints.of(1), 1);
    double[] want = naiveConv2d(x.toDoubleArray(), 2, 1, 9, 3, k.toDoubleArray(), 1, 3, 4, new int[] {1, 2},
        new int[][] {{0, 0}, {0, 0}}, new int[] {1, 1}, 1, 1, 4);
    assertArrayEquals(new int[] {2, 4, 4}, c1.apply(x).shape());
    assertArrayEquals(want, c1.apply(x).toDoubleArray(), 1e-10);
    Array x3 = rand(17, 1, 1, 4, 5, 2), k3 = rand(18, 1, 3, 3, 2, 3);
    Conv c3 = new Conv(k3, null, Ints.of(1, 1, 1), Pad.SAME, Ints.of(1, 1, 1), 1);
    double[] want3 = naiveConv2d(x3.toDoubleArray(), 1, 4, 5, 2, k3.toDoubleArray(), 3, 3, 3, new int[] {1, 1},
        new int[][] {{1, 1}, {1, 1}}, new int[] {1, 1}, 1, 4, 5);
    assertArrayEquals(new int[] {1, 1, 4, 5, 3}, c3.apply(x3).shape());
    assertArrayEquals(want3, c3.apply(x3).toDoubleArray(), 1e-10);
  }

  @Test void convTakesOneExampleWithoutABatchAxis() {
    Conv conv = Conv.init(Random.key(3), 2, 3, 3, 3);
    Array x = rand(19, 2, 5, 5, 2).astype(Np.float32);
    assertArrayEquals(conv.apply(x).get(1).toFloatArray(), conv.apply(x.get(1)).toFloatArray(), 1e-6f);
    assertArrayEquals(new int[] {3, 3, 2, 3}, conv.kernel().shape());
    ShapeError e = assertThrows(ShapeError.class, () -> conv.apply(rand(20, 2, 5, 5, 3)));
    assertTrue(e.getMessage().contains("NHWC"), e.getMessage());
    assertThrows(ShapeError.class, () -> Conv.init(Random.key(0), 3, 4, new int[] {3, 3}, new int[] {1, 1}, Pad.SAME,
        new int[] {1, 1}, 2, true, Np.float32));
  }

  // ---------------------------------------------------------------- ConvTranspose

  /** One spatial axis: {@code y[i·s + lo - j·d] += x[i] w[j]} for outputs in {@code [0, len)}. */
  static double[] naiveConvTranspose1d(double[] x, int n, int len, int c, double[] w, int k, int o, int s, int d, int lo,
                                       int outLen) {
    double[] y = new double[n * outLen * o];
    for (int b = 0; b < n; b++)
      for (int i = 0; i < len; i++)
        for (int j = 0; j < k; j++) {
          int p = i * s + lo - j * d;
          if (p < 0 || p >= outLen) continue;
          for (int ch = 0; ch < c; ch++)
            for (int f = 0; f < o; f++) y[(b * outLen + p) * o + f] += x[(b * len + i) * c + ch] * w[(j * c + ch) * o + f];
        }
    return y;
  }

  @Test void convTransposeScattersTheWindow() {
    Array x = rand(21, 2, 4, 3), k = rand(22, 3, 3, 2);
    // VALID, stride 2, K = 3 >= s: length (4-1)*2 + 3 = 9, lo = K-1
    ConvTranspose valid = new ConvTranspose(k, null, Ints.of(2), Pad.VALID, Ints.of(1));
    assertArrayEquals(new int[] {2, 9, 2}, valid.apply(x).shape());
    assertArrayEquals(naiveConvTranspose1d(x.toDoubleArray(), 2, 4, 3, k.toDoubleArray(), 3, 2, 2, 1, 2, 9),
        valid.apply(x).toDoubleArray(), 1e-10);
    // SAME, stride 2: length 4*2 = 8; JAX pads the dilated input by ceil((3+2-2)/2) = 2 before
    ConvTranspose same = new ConvTranspose(k, null, Ints.of(2), Pad.SAME, Ints.of(1));
    assertArrayEquals(naiveConvTranspose1d(x.toDoubleArray(), 2, 4, 3, k.toDoubleArray(), 3, 2, 2, 1, 2, 8),
        same.apply(x).toDoubleArray(), 1e-10);
    // VALID with stride 3 > K = 2: length 4*3 + 0 = 12, the last position only padding
    Array k2 = rand(23, 2, 3, 2);
    ConvTranspose wide = new ConvTranspose(k2, null, Ints.of(3), Pad.VALID, Ints.of(1));
    assertArrayEquals(naiveConvTranspose1d(x.toDoubleArray(), 2, 4, 3, k2.toDoubleArray(), 2, 2, 3, 1, 1, 12),
        wide.apply(x).toDoubleArray(), 1e-10);
    // dilation 2 (K = 5), VALID, stride 1: length 3 + 5 = 8
    ConvTranspose dil = new ConvTranspose(k, null, Ints.of(1), Pad.VALID, Ints.of(2));
    assertArrayEquals(naiveConvTranspose1d(x.toDoubleArray(), 2, 4, 3, k.toDoubleArray(), 3, 2, 1, 2, 4, 8),
        dil.apply(x).toDoubleArray(), 1e-10);
  }

  @Test void convTransposeSameUpsamplesImagesByTheStride() {
    ConvTranspose up = ConvTranspose.init(Random.key(1), 3, 5, new int[] {2, 2}, new int[] {2, 2}, Pad.SAME);
    Array y = up.apply(rand(24, 2, 7, 6, 3).astype(Np.float32));
    assertArrayEquals(new int[] {2, 14, 12, 5}, y.shape());
  }

  // ---------------------------------------------------------------- pools

  @Test void maxAndAvgPoolAgainstLoops() {
    Array x = rand(30, 2, 5, 5, 3);
    double[] xv = x.toDoubleArray();
    // 3x3 windows, stride 2, SAME: 3x3 outputs, pads (1, 1) per axis
    MaxPool mp = MaxPool.of(new int[] {3, 3}, new int[] {2, 2}, Pad.SAME);
    AvgPool ap = AvgPool.of(new int[] {3, 3}, new int[] {2, 2}, Pad.SAME);
    AvgPool apValid = new AvgPool(Ints.of(3, 3), Ints.of(2, 2), Pad.SAME, false);
    double[] mx = new double[2 * 9 * 3], av = new double[mx.length], avValid = new double[mx.length];
    for (int n = 0; n < 2; n++)
      for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
          for (int c = 0; c < 3; c++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            int count = 0;
            for (int a = 0; a < 3; a++)
              for (int b = 0; b < 3; b++) {
                int ii = 2 * i - 1 + a, jj = 2 * j - 1 + b;
                if (ii < 0 || ii >= 5 || jj < 0 || jj >= 5) continue;
                double v = xv[((n * 5 + ii) * 5 + jj) * 3 + c];
                m = Math.max(m, v);
                s += v;
                count++;
              }
            int at = ((n * 3 + i) * 3 + j) * 3 + c;
            mx[at] = m;
            av[at] = s / 9;
            avValid[at] = s / count;
          }
    assertArrayEquals(new int[] {2, 3, 3, 3}, mp.apply(x).shape());
    assertArrayEquals(mx, mp.apply(x).toDoubleArray(), 0);
    assertArrayEquals(av, ap.apply(x).toDoubleArray(), 1e-12);
    assertArrayEquals(avValid, apValid.apply(x).toDoubleArray(), 1e-12);
    // non-overlapping 2x2 (VALID, stride = window) on one example: floor(5/2) = 2
    Array one = x.get(0);
    Array p = MaxPool.of(2, 2).apply(one);
    assertArrayEquals(new int[] {2, 2, 3}, p.shape());
    assertEquals(Math.max(Math.max(xv[0], xv[3]), Math.max(xv[15], xv[18])), p.toDoubleArray()[0], 0);
    // 1-d average pool
    Array seq = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 6, 1);
    assertArrayEquals(new double[] {1.5, 3.5, 5.5}, AvgPool.of(2).apply(seq).toDoubleArray(), 1e-12);
  }

  @Test void maxPoolGradientGoesToTheMaximum() {
    // rows {1, 5, 2, 3} and {0, 7, 4, 6}: the 2x2 windows' maxima are 7 (flat index 5) and 6 (flat index 7)
    Array x = Array.of(new double[] {1, 5, 2, 3, 0, 7, 4, 6}, 1, 2, 4, 1);
    Array g = Graft.grad((Array v) -> MaxPool.of(2, 2).apply(v).sum()).apply(x);
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1, 0, 1}, g.toDoubleArray(), 0);
  }

  // ---------------------------------------------------------------- BatchNorm

  @Test void batchNormTrainUsesBatchStatisticsAndUpdatesTheState() {
    Array x = rand(40, 6, 2, 3);                  // stats over the first two axes, per feature
    double[] xv = x.toDoubleArray();
    BatchNorm bn = new BatchNorm(Array.of(new double[] {1, 2, 0.5}), Array.of(new double[] {0, 1, -1}), 0.9, 1e-5);
    BatchNorm.State s0 = new BatchNorm.State(Array.of(new double[] {0.5, 0, 0}), Array.of(new double[] {1, 2, 1}));
    Tuple2<Array, BatchNorm.State> r = bn.apply(x, s0, true);
    double[] y = r._1.toDoubleArray(), gamma = {1, 2, 0.5}, beta = {0, 1, -1}, m0 = {0.5, 0, 0}, v0 = {1, 2, 1};
    for (int f = 0; f < 3; f++) {
      double mean = 0, var = 0;
      for (int i = 0; i < 12; i++) mean += xv[i * 3 + f] / 12;
      for (int i = 0; i < 12; i++) var += (xv[i * 3 + f] - mean) * (xv[i * 3 + f] - mean) / 12;
      for (int i = 0; i < 12; i++)
        assertEquals((xv[i * 3 + f] - mean) / Math.sqrt(var + 1e-5) * gamma[f] + beta[f], y[i * 3 + f], 1e-10);
      assertEquals(0.9 * m0[f] + 0.1 * mean, r._2.mean().toDoubleArray()[f], 1e-12);
      assertEquals(0.9 * v0[f] + 0.1 * var, r._2.var().toDoubleArray()[f], 1e-12);
    }
    // eval: the running statistics, state returned as it was
    Tuple2<Array, BatchNorm.State> e = bn.apply(x, r._2, false);
    assertSame(r._2, e._2);
    double[] ye = e._1.toDoubleArray(), m = r._2.mean().toDoubleArray(), v = r._2.var().toDoubleArray();
    for (int i = 0; i < xv.length; i++)
      assertEquals((xv[i] - m[i % 3]) / Math.sqrt(v[i % 3] + 1e-5) * gamma[i % 3] + beta[i % 3], ye[i], 1e-10);
    assertThrows(IllegalStateException.class, () -> bn.apply(x));
    BatchNorm.State init = BatchNorm.init(3).initState();
    assertArrayEquals(new float[] {0, 0, 0}, init.mean().toFloatArray());
    assertArrayEquals(new float[] {1, 1, 1}, init.var().toFloatArray());
  }

  @Test void batchNormRunningStatisticsGetNoGradient() {
    BatchNorm bn = new BatchNorm(Array.of(new double[] {1, 1}), Array.of(new double[] {0, 0}), 0.9, 1e-5);
    Array x = rand(41, 5, 2);
    BatchNorm.State s = new BatchNorm.State(Array.of(new double[] {0, 0}), Array.of(new double[] {1, 1}));
    Array g = Graft.grad((Array v) -> { var r = bn.apply(v, s, true); return r._2.mean().sum().add(r._2.var().sum()); }).apply(x);
    assertArrayEquals(new double[10], g.toDoubleArray(), 0);
    GradCheck.checkGrads((Array v) -> bn.apply(v, s, true)._1.mul(rand(42, 5, 2)).sum(), x, 1);
    GradCheck.checkGrads((BatchNorm p) -> p.apply(x, s, true)._1.mul(rand(43, 5, 2)).sum(), bn, 1);
  }

  // ---------------------------------------------------------------- LayerNorm

  @Test void layerNormNormalisesEachRow() {
    Array x = rand(50, 3, 4);
    double[] xv = x.toDoubleArray(), g = {1, 2, 3, 4}, b = {0.5, 0, -0.5, 1};
    LayerNorm ln = new LayerNorm(Array.of(g), Array.of(b), 1e-5);
    double[] y = ln.apply(x).toDoubleArray();
    for (int r = 0; r < 3; r++) {
      double mean = 0, var = 0;
      for (int f = 0; f < 4; f++) mean += xv[r * 4 + f] / 4;
      for (int f = 0; f < 4; f++) var += Math.pow(xv[r * 4 + f] - mean, 2) / 4;
      for (int f = 0; f < 4; f++)
        assertEquals((xv[r * 4 + f] - mean) / Math.sqrt(var + 1e-5) * g[f] + b[f], y[r * 4 + f], 1e-10);
    }
    GradCheck.checkGrads((Array v) -> ln.apply(v).mul(rand(51, 3, 4)).sum(), x, 2);
    GradCheck.checkGrads((LayerNorm p) -> p.apply(x).mul(rand(52, 3, 4)).sum(), ln, 1);
  }

  // ---------------------------------------------------------------- Dropout

  @Test void dropoutScalesKeptElementsAndIsTheIdentityInEval() {
    Array x = Np.ones(20_000);
    Dropout d = new Dropout(0.3);
    assertSame(x, d.apply(x));
    assertSame(x, d.apply(x, false, Random.key(0)));
    float[] y = d.apply(x, true, Random.key(1)).toFloatArray();
    int kept = 0;
    for (float v : y) {
      assertTrue(v == 0 || Math.abs(v - 1 / 0.7f) < 1e-6, "value " + v);
      if (v != 0) kept++;
    }
    assertEquals(0.7, kept / 20_000.0, 0.015);          // binomial sd ~ 0.0032
    assertArrayEquals(y, d.apply(x, true, Random.key(1)).toFloatArray(), "the same key drops the same elements");
    assertTrue(!java.util.Arrays.equals(y, d.apply(x, true, Random.key(2)).toFloatArray()));
    assertEquals(1.0, d.apply(x, true, Random.key(3)).mean().item().doubleValue(), 0.03, "expectation kept");
    assertArrayEquals(new float[20_000], new Dropout(1).apply(x, true, Random.key(0)).toFloatArray());
    assertThrows(IllegalArgumentException.class, () -> d.apply(x, true, null));
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
  }

  // ---------------------------------------------------------------- Embedding, Flatten, Lambda

  @Test void embeddingLooksUpRowsAndItsGradientCountsThem() {
    Array w = rand(60, 5, 3);
    Embedding e = new Embedding(w);
    Array ids = Array.of(new int[] {0, 2, 0, 4, 2, 2}, 2, 3);
    Array y = e.apply(ids);
    assertArrayEquals(new int[] {2, 3, 3}, y.shape());
    double[] wv = w.toDoubleArray(), yv = y.toDoubleArray();
    int[] iv = {0, 2, 0, 4, 2, 2};
    for (int i = 0; i < 6; i++)
      for (int f = 0; f < 3; f++) assertEquals(wv[iv[i] * 3 + f], yv[i * 3 + f], 0);
    Array c = rand(61, 2, 3, 3);
    Embedding g = Graft.grad((Embedding p) -> p.apply(ids).mul(c).sum()).apply(e);
    double[] want = new double[15], cv = c.toDoubleArray();
    for (int i = 0; i < 6; i++)
      for (int f = 0; f < 3; f++) want[iv[i] * 3 + f] += cv[i * 3 + f];
    assertArrayEquals(want, g.weight().toDoubleArray(), 1e-12);
    assertThrows(io.graft.numerics.DTypeError.class, () -> e.apply(Array.of(new double[] {1})));
    assertArrayEquals(new int[] {10, 4}, Embedding.init(Random.key(0), 10, 4).weight().shape());
  }

  @Test void flattenKeepsTheLeadingAxes() {
    Array x = rand(70, 2, 3, 4, 5);
    assertArrayEquals(new int[] {2, 60}, new Flatten().apply(x).shape());
    assertArrayEquals(new int[] {120}, new Flatten(0).apply(x).shape());
    assertArrayEquals(new int[] {2, 3, 20}, new Flatten(2).apply(x).shape());
    assertArrayEquals(x.toDoubleArray(), new Flatten().apply(x).toDoubleArray(), 0);
    assertArrayEquals(new double[] {0, 0, 3}, new Lambda(Activation.RELU).apply(Array.of(new double[] {-1, 0, 3})).toDoubleArray(), 0);
  }

  // ---------------------------------------------------------------- gradients of the parametrised layers

  @Test void gradCheckSmallLayers() {
    Array x = rand(80, 2, 4, 4, 2);
    Conv conv = new Conv(rand(81, 3, 3, 1, 4), rand(82, 4), Ints.of(2, 1), Pad.SAME, Ints.of(1, 1), 2);
    GradCheck.checkGrads((Conv c) -> c.apply(x).sum(), conv, 1);
    GradCheck.checkGrads((Array v) -> conv.apply(v).square().sum(), x, 1);
    ConvTranspose ct = new ConvTranspose(rand(83, 2, 2, 2, 3), rand(84, 3), Ints.of(2, 2), Pad.SAME, Ints.of(1, 1));
    GradCheck.checkGrads((ConvTranspose c) -> c.apply(x).square().sum(), ct, 1);
    GradCheck.checkGrads((Array v) -> ct.apply(v).square().sum(), x, 1);
    Dense dense = new Dense(rand(85, 2, 3), rand(86, 3));
    GradCheck.checkGrads((Dense d) -> d.apply(x).square().sum(), dense, 2);
    GradCheck.checkGrads((Array v) -> AvgPool.of(2, 2).apply(v).square().sum(), x, 1);
    GradCheck.checkGrads((Array v) -> MaxPool.of(new int[] {2, 2}, new int[] {1, 1}, Pad.SAME).apply(v).square().sum(), x, 1);
    Mlp mlp = new Mlp(io.vavr.collection.Vector.of(new Dense(rand(87, 2, 5), rand(88, 5)), new Dense(rand(89, 5, 1), null)),
        Activation.TANH);
    GradCheck.checkGrads((Mlp m) -> m.apply(x).sum(), mlp, 1);
    assertNull(GradCheckHolder.noBias(mlp));
  }

  @Test void errorsNameTheLayerTheShapesAndTheFix() {
    Dense d = new Dense(rand(91, 3, 2), null);
    ShapeError e = assertThrows(ShapeError.class, () -> d.apply(rand(92, 4, 5)));
    assertTrue(e.getMessage().contains("Dense") && e.getMessage().contains("f64[4,5]") && e.getMessage().contains("f64[3,2]")
        && e.getMessage().contains("Flatten"), e.getMessage());
    Conv c = new Conv(rand(93, 3, 3, 2, 4), null, Ints.of(1, 1), Pad.SAME, Ints.of(1, 1), 1);
    e = assertThrows(ShapeError.class, () -> c.apply(rand(94, 5, 5)));
    assertTrue(e.getMessage().contains("Conv") && e.getMessage().contains("f64[5,5]") && e.getMessage().contains("rank 4"), e.getMessage());
    e = assertThrows(ShapeError.class, () -> new Conv(rand(95, 3, 3, 2, 4), null, Ints.of(1, 1),
        Pad.of(new int[] {1, 1}), Ints.of(1, 1), 1).apply(rand(96, 1, 5, 5, 2)));
    assertTrue(e.getMessage().contains("one (lo, hi) pair per spatial axis (2)"), e.getMessage());
    BatchNorm bn = BatchNorm.init(3);
    IllegalArgumentException wrongState = assertThrows(IllegalArgumentException.class,
        () -> bn.call(rand(97, 2, 3), io.vavr.control.Option.none(), true, null));
    assertTrue(wrongState.getMessage().contains("BatchNorm.State"), wrongState.getMessage());
    IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(d, bn).apply(rand(98, 2, 3), io.vavr.collection.Vector.empty(), true, null));
    assertTrue(sizes.getMessage().contains("0 entries for 2 layers"), sizes.getMessage());
  }

  @Test void dropoutVmapsOverPerExampleKeys() {
    Array x = Np.ones(4, 50);
    Array keys = Random.split(Random.key(5), 4);
    Dropout d = new Dropout(0.5);
    Array batched = Graft.vmap((Array xi, Array k) -> d.apply(xi, true, k), 0, 0).apply(x, keys);
    for (int i = 0; i < 4; i++)
      assertArrayEquals(d.apply(x.get(i), true, keys.get(i)).toFloatArray(), batched.get(i).toFloatArray(), 0, "row " + i);
  }

  /** The gradient of a record keeps a {@code null} bias {@code null}. */
  static final class GradCheckHolder {
    static Array noBias(Mlp m) {
      return Graft.grad((Mlp p) -> p.apply(rand(90, 3, 2)).sum()).apply(m).layers().get(1).bias();
    }
  }
}
