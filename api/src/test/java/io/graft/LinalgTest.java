package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.ShapeError;
import io.graft.trace.Graph;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The linalg facades: matmul/dot/outer, Lax.dotGeneral/dot/conv, golden graphs and laws. */
class LinalgTest {
  private static Array f32(int[] shape, float... data) { return Array.of(data, shape); }

  private static Array iota(int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = i + 1;
    return Array.of(x, shape);
  }

  private static Array random(Random r, int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = r.nextGaussian();
    return Array.of(x, shape);
  }

  /** A row-major copy of {@code x} with axes reordered: result axis i is operand axis perm[i]. */
  private static Array permuted(Array x, int... perm) {
    int[] shape = x.shape(), dims = new int[perm.length], strides = new int[shape.length];
    for (int i = shape.length - 1, s = 1; i >= 0; i--) { strides[i] = s; s *= shape[i]; }
    for (int i = 0; i < perm.length; i++) dims[i] = shape[perm[i]];
    double[] src = x.toDoubleArray(), dst = new double[src.length];
    int[] idx = new int[perm.length];
    for (int o = 0; o < dst.length; o++) {
      int at = 0;
      for (int i = 0; i < perm.length; i++) at += idx[i] * strides[perm[i]];
      dst[o] = src[at];
      for (int i = perm.length - 1; i >= 0; i--) { if (++idx[i] < dims[i]) break; idx[i] = 0; }
    }
    return Array.of(dst, dims);
  }

  @Test void matmulOfMatricesVectorsAndScalars() {
    Array a = iota(2, 3), b = iota(3, 2);
    assertArrayEquals(new float[] {22, 28, 49, 64}, a.matmul(b).toFloatArray());
    assertArrayEquals(new int[] {2, 2}, a.matmul(b).shape());
    Array v = f32(new int[] {3}, 1, 0, -1);
    assertArrayEquals(new float[] {-2, -2}, a.matmul(v).toFloatArray());                   // matrix · vector
    assertArrayEquals(new float[] {-4, -4}, v.matmul(b).toFloatArray());                   // vector · matrix
    Array s = v.matmul(v);
    assertEquals(0, s.ndim());
    assertEquals(2f, s.item());
    assertArrayEquals(new float[] {22, 28, 49, 64}, Np.matmul(a, b).toFloatArray());
  }

  @Test void matmulBroadcastsLeadingAxes() {
    Random r = new Random(1);
    Array a = random(r, 2, 1, 3, 4), b = random(r, 5, 4, 2);
    Array c = a.matmul(b);
    assertArrayEquals(new int[] {2, 5, 3, 2}, c.shape());
    double[] x = a.toDoubleArray(), y = b.toDoubleArray(), z = c.toDoubleArray();
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 5; j++)
        for (int m = 0; m < 3; m++)
          for (int n = 0; n < 2; n++) {
            double s = 0;
            for (int k = 0; k < 4; k++) s += x[(i * 3 + m) * 4 + k] * y[(j * 4 + k) * 2 + n];
            assertEquals(s, z[((i * 5 + j) * 3 + m) * 2 + n], 1e-12);
          }
    Array v = random(r, 4);
    assertArrayEquals(new int[] {5, 2}, v.matmul(b).shape());
    assertArrayEquals(new int[] {2, 1, 3}, a.matmul(v).shape());
  }

  @Test void matmulPromotesDtypes() {
    Array i = Array.of(new int[] {1, 2, 3, 4}, 2, 2);
    assertEquals(Np.int32, i.matmul(i).dtype());
    assertArrayEquals(new int[] {7, 10, 15, 22}, i.matmul(i).toIntArray());
    assertEquals(Np.float64, i.matmul(Array.of(new double[] {1, 0, 0, 1}, 2, 2)).dtype());
  }

  @Test void dotFollowsNumpy() {
    Array a = iota(2, 3), b = iota(4, 3, 2);
    Array c = a.dot(b);                                  // c[i,j,l] = Σ_k a[i,k] b[j,k,l]
    assertArrayEquals(new int[] {2, 4, 2}, c.shape());
    float[] x = a.toFloatArray(), y = b.toFloatArray(), z = c.toFloatArray();
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 4; j++)
        for (int l = 0; l < 2; l++) {
          float s = 0;
          for (int k = 0; k < 3; k++) s += x[i * 3 + k] * y[(j * 3 + k) * 2 + l];
          assertEquals(s, z[(i * 4 + j) * 2 + l]);
        }
    assertArrayEquals(new float[] {2, 4, 6}, iota(3).dot(Array.scalar(2f)).toFloatArray());
    assertEquals(14f, Np.dot(iota(3), iota(3)).item());
  }

  @Test void outerFlattensItsOperands() {
    Array o = Np.outer(iota(2, 2), f32(new int[] {2}, 1, -1));
    assertArrayEquals(new int[] {4, 2}, o.shape());
    assertArrayEquals(new float[] {1, -1, 2, -2, 3, -3, 4, -4}, o.toFloatArray());
  }

  @Test void laxDotGeneralWithBatchAndTwoContractingAxes() {
    Array a = iota(2, 3, 4), b = iota(4, 2, 3);
    Array c = Lax.dotGeneral(a, b, new int[] {1, 2}, new int[] {2, 0}, new int[] {0}, new int[] {1});
    assertArrayEquals(new int[] {2}, c.shape());
    float[] x = a.toFloatArray(), y = b.toFloatArray();
    for (int bi = 0; bi < 2; bi++) {
      float s = 0;
      for (int i = 0; i < 3; i++) for (int k = 0; k < 4; k++) s += x[(bi * 3 + i) * 4 + k] * y[(k * 2 + bi) * 3 + i];
      assertEquals(s, c.toFloatArray()[bi]);
    }
    Array wide = Lax.dotGeneral(iota(2, 2), iota(2, 2), new int[] {1}, new int[] {0}, new int[0], new int[0], Np.float64);
    assertEquals(Np.float64, wide.dtype());
    assertArrayEquals(new float[] {7, 10, 15, 22}, Lax.dot(iota(2, 2), iota(2, 2)).toFloatArray());
    assertThrows(io.graft.numerics.DTypeError.class, () -> Lax.dot(iota(2, 2), Array.of(new double[] {1, 2}, 2)));
  }

  @Test void convolutionsInBothLayoutsAgree() {
    Random r = new Random(2);
    Array x = random(r, 2, 3, 6, 5), w = random(r, 4, 3, 3, 2);        // NCHW, OIHW
    Array nchw = Lax.convGeneralDilated(x, w, new int[] {2, 1}, new int[][] {{1, 1}, {0, 1}}, new int[] {1, 1},
        new int[] {1, 2}, new String[] {"NCHW", "OIHW", "NCHW"}, 1, 1);
    assertArrayEquals(new int[] {2, 4, 3, 4}, nchw.shape());
    Array xh = permuted(x, 0, 2, 3, 1), wh = permuted(w, 2, 3, 1, 0);                // NHWC, HWIO copies
    Array nhwc = Lax.convGeneralDilated(xh, wh, new int[] {2, 1}, new int[][] {{1, 1}, {0, 1}}, new int[] {1, 1},
        new int[] {1, 2}, new String[] {"NHWC", "HWIO", "NHWC"}, 1, 1);
    assertArrayEquals(permuted(nchw, 0, 2, 3, 1).toDoubleArray(), nhwc.toDoubleArray(), 1e-12);
    Array same = Lax.conv(x, w, new int[] {1, 1}, "SAME");
    assertArrayEquals(new int[] {2, 4, 6, 5}, same.shape());
    Array viaStrings = Lax.convGeneralDilated(x, w, new int[] {1, 1}, "SAME", new int[] {1, 1}, new int[] {1, 1},
        new String[] {"NCHW", "OIHW", "NCHW"}, 1, 1);
    assertArrayEquals(same.toDoubleArray(), viaStrings.toDoubleArray(), 0);
  }

  @Test void depthwiseConvolutionKeepsChannelsApart() {
    Array x = iota(1, 2, 3), w = f32(new int[] {2, 1, 2}, 1, 1, 10, 0);   // channel 0: sum pairs; channel 1: 10x
    Array y = Lax.convGeneralDilated(x, w, new int[] {1}, new int[][] {{0, 0}}, new int[] {1}, new int[] {1},
        new String[] {"NCH", "OIH", "NCH"}, 2, 1);
    assertArrayEquals(new float[] {3, 5, 40, 50}, y.toFloatArray());
  }

  @Test void goldenMatmulGraphWithAClosedOverWeight() {
    Array w = iota(3, 4);
    Graph g = Graft.makeGraph((Array x) -> x.matmul(w)).apply(ShapeDtype.of(Np.float32, 2, 3).array());
    assertEquals("{ lambda a:f32[3,4] ; b:f32[2,3]. let\n"
        + "    c:f32[2,4] = dot_general[dimension_numbers=(([1], [0]), ([], [])) preferred_element_type=f32] b a\n"
        + "  in (c) }", g.toString());
    Array x = iota(2, 3);
    assertArrayEquals(x.matmul(w).toFloatArray(), Graft.evalGraph(g, x).head().toFloatArray());
  }

  @Test void goldenBatchedMatmulBroadcastsTheMatrix() {
    Function<Array, Array> f = y -> iota(2, 3).matmul(y);
    Graph g = Graft.makeGraph(f).apply(ShapeDtype.of(Np.float32, 5, 3, 4).array());
    assertEquals("{ lambda a:f32[2,3] ; b:f32[5,3,4]. let\n"
        + "    c:f32[5,2,3] = broadcast_in_dim[shape=(5, 2, 3) broadcast_dimensions=(1, 2)] a\n"
        + "    d:f32[5,2,4] = dot_general[dimension_numbers=(([2], [1]), ([0], [0])) preferred_element_type=f32] c b\n"
        + "  in (d) }", g.toString());
    Array y = iota(5, 3, 4);
    assertArrayEquals(f.apply(y).toFloatArray(), Graft.evalGraph(g, y).head().toFloatArray());
  }

  @Test void goldenConvGraph() {
    Graph g = Graft.makeGraph((Array x) -> Lax.conv(x, iota(4, 3, 3, 3), new int[] {1, 1}, "SAME"))
        .apply(ShapeDtype.of(Np.float32, 1, 3, 8, 8).array());
    assertEquals("{ lambda a:f32[4,3,3,3] ; b:f32[1,3,8,8]. let\n"
        + "    c:f32[1,4,8,8] = conv_general_dilated[window_strides=(1, 1) padding=((1, 1), (1, 1)) lhs_dilation=(1, 1) "
        + "rhs_dilation=(1, 1) dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 1, 2, 3), rhs_spec=(0, 1, 2, 3), "
        + "out_spec=(0, 1, 2, 3)) feature_group_count=1 batch_group_count=1] b a\n"
        + "  in (c) }", g.toString());
  }

  @Test void nullArgumentsAreRejectedAtTheFacade() {
    Array a = iota(2, 2);
    assertEquals("y is null", assertThrows(NullPointerException.class, () -> a.matmul(null)).getMessage());
    assertEquals("y is null", assertThrows(NullPointerException.class, () -> a.dot(null)).getMessage());
    assertEquals("a is null", assertThrows(NullPointerException.class, () -> Np.matmul(null, a)).getMessage());
    assertEquals("b is null", assertThrows(NullPointerException.class, () -> Np.outer(a, null)).getMessage());
    assertEquals("lhs is null", assertThrows(NullPointerException.class, () -> Lax.dot(null, a)).getMessage());
    assertEquals("lhsBatch is null", assertThrows(NullPointerException.class,
        () -> Lax.dotGeneral(a, a, new int[] {1}, new int[] {0}, null, new int[0])).getMessage());
    assertEquals("padding is null", assertThrows(NullPointerException.class,
        () -> Lax.conv(a, a, new int[0], null)).getMessage());
    assertEquals("dimensionNumbers is null", assertThrows(NullPointerException.class,
        () -> Lax.convGeneralDilated(a, a, new int[0], new int[0][], new int[0], new int[0], (String[]) null, 1, 1)).getMessage());
  }

  @Test void shapeErrorsNameTheOperation() {
    var e = assertThrows(ShapeError.class, () -> iota(2, 3).matmul(iota(2, 3)));
    assertTrue(e.getMessage().startsWith("matmul: contracting dims disagree: a f32[2,3] axis 1 (3) vs b f32[2,3] axis 0 (2)"),
        e.getMessage());
    var d = assertThrows(ShapeError.class,
        () -> Lax.dotGeneral(iota(3, 4), iota(5, 6), new int[] {1}, new int[] {0}, new int[0], new int[0]));
    assertEquals("dot_general: contracting dims disagree: lhs f32[3,4] axis 1 (4) vs rhs f32[5,6] axis 0 (5)", d.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Lax.convGeneralDilated(iota(1, 1, 3), iota(1, 1, 1), new int[] {1},
        "VALID", new int[] {1}, new int[] {1}, new String[] {"NCH", "OIH"}, 1, 1));
  }

  @Property(tries = 50)
  void matmulMatchesBatchedLoops(@ForAll @IntRange(min = 0, max = 4) int m, @ForAll @IntRange(min = 0, max = 4) int k,
                                 @ForAll @IntRange(min = 0, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int batch,
                                 @ForAll long seed) {
    Random r = new Random(seed);
    Array a = random(r, batch, m, k), b = random(r, batch, k, n);
    double[] x = a.toDoubleArray(), y = b.toDoubleArray(), z = a.matmul(b).toDoubleArray();
    for (int bi = 0; bi < batch; bi++)
      for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
          double s = 0;
          for (int p = 0; p < k; p++) s += x[(bi * m + i) * k + p] * y[(bi * k + p) * n + j];
          assertEquals(s, z[(bi * m + i) * n + j], 1e-12);
        }
  }

  @Property(tries = 50)
  void swappingTheOperandsTransposesTheProduct(@ForAll @IntRange(min = 0, max = 5) int m, @ForAll @IntRange(min = 0, max = 5) int k,
                                               @ForAll @IntRange(min = 0, max = 5) int n, @ForAll long seed) {
    Random r = new Random(seed);
    Array a = random(r, m, k), b = random(r, k, n);
    double[] ab = a.matmul(b).toDoubleArray();
    double[] bt = Lax.dotGeneral(b, a, new int[] {0}, new int[] {1}, new int[0], new int[0]).toDoubleArray();   // (ab)ᵀ
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) assertEquals(ab[i * n + j], bt[j * m + i], 1e-12);
  }

  @Property(tries = 50)
  void aOneByOneConvolutionIsAMatmulOverFeatures(@ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 3) int o,
                                                 @ForAll @IntRange(min = 1, max = 4) int h, @ForAll long seed) {
    Random r = new Random(seed);
    Array x = random(r, 2, h, 3, c);
    double[] wd = random(r, c, o).toDoubleArray();
    Array conv = Lax.convGeneralDilated(x, Array.of(wd, 1, 1, c, o), new int[] {1, 1}, "VALID", new int[] {1, 1},
        new int[] {1, 1}, new String[] {"NHWC", "HWIO", "NHWC"}, 1, 1);
    assertArrayEquals(x.matmul(Array.of(wd, c, o)).toDoubleArray(), conv.toDoubleArray(), 1e-12);
  }
}
