package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.AllSpecs;
import io.graft.trace.prim.ConvDims;
import io.graft.trace.prim.ConvGeneralDilated;
import io.graft.trace.prim.DotGeneral;
import io.graft.trace.prim.Linalg;
import io.graft.trace.prim.LinearArg;
import io.graft.trace.prim.Spec;
import io.graft.trace.prim.TransposeError;
import io.vavr.Function2;
import io.vavr.Function3;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.Tuple3;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Facts about the linalg rules that the generic {@code RuleProperties} cannot see: vmap with every mapping of the
 * two operands (the generic check maps only the first), each transpose rule called directly (adjoint, exact
 * cotangent type), preferred_element_type under grad, the graphs that batching and transposition produce, and
 * per-example gradients of a small convolutional network.
 */
class LinalgRulesTest {
  private static Array random(Random rnd, DType dtype, int... shape) {
    double[] d = new double[io.graft.numerics.Shape.of(shape).size()];
    for (int i = 0; i < d.length; i++) d[i] = rnd.nextGaussian();
    return Array.of(d, shape).astype(dtype);
  }

  private static Array random(Random rnd, ShapedType t) { return random(rnd, t.dtype(), t.shape().dims()); }

  private static double dot(Array a, Array b) {
    double[] x = a.toDoubleArray(), y = b.toDoubleArray();
    assertEquals(x.length, y.length);
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  }

  private static void close(double[] expected, double[] got, double tol, String what) {
    assertEquals(expected.length, got.length, what);
    for (int i = 0; i < expected.length; i++)
      if (Math.abs(expected[i] - got[i]) > tol * (1 + Math.abs(expected[i])))
        fail(what + "[" + i + "]: expected " + expected[i] + " but got " + got[i]);
  }

  private static Stream<Spec> linalgSpecs() { return AllSpecs.all().stream().filter(s -> s.prim() instanceof Linalg); }

  private static Array apply(Linalg prim, Array lhs, Array rhs) { return new Array(Bind.bind1(prim, lhs.value(), rhs.value())); }

  // ---------------------------------------------------------------- batching

  /** {@code n} perturbed copies of {@code x} (integer operands stay as they are). */
  private static Array[] examples(Random rnd, Array x, int n) {
    Array[] xs = new Array[n];
    for (int i = 0; i < n; i++) xs[i] = x.dtype().isFloating() ? x.add(random(rnd, x.dtype(), x.shape()).mul(0.1)) : x;
    return xs;
  }

  /** The batch axis for an in_axes entry: {@code null} unmapped, {@code -1} after the last axis, else capped at the rank. */
  private static Integer axis(Integer spec, int rank) { return spec == null ? null : spec < 0 ? rank : Math.min(spec, rank); }

  @TestFactory Stream<DynamicTest> vmapEqualsLoopForEveryMappingOfBothOperands() {
    Random rnd = new Random(5);
    Integer[][] mappings = {{0, null}, {-1, null}, {null, 0}, {null, -1}, {0, 0}, {-1, 1}, {1, -1}};
    return linalgSpecs().flatMap(s -> Stream.of(mappings).map(m -> DynamicTest.dynamicTest(
        s.prim().name() + "[" + s.prim().params() + "] in_axes=(" + m[0] + ", " + m[1] + ")", () -> {
          Linalg prim = (Linalg) s.prim();
          int b = 3;
          Array[] ls = examples(rnd, new Array(Const.of(s.args().get(0))), b);
          Array[] rs = examples(rnd, new Array(Const.of(s.args().get(1))), b);
          Integer la = axis(m[0], ls[0].ndim()), ra = axis(m[1], rs[0].ndim());
          Array l = la == null ? ls[0] : Np.stack(la, ls), r = ra == null ? rs[0] : Np.stack(ra, rs);
          Array batched = Graft.vmap((Array x, Array y) -> apply(prim, x, y), la, ra).apply(l, r);
          for (int i = 0; i < b; i++) {
            Array want = apply(prim, la == null ? ls[0] : ls[i], ra == null ? rs[0] : rs[i]);
            assertEquals(want.dtype(), batched.get(i).dtype());
            close(want.toDoubleArray(), batched.get(i).toDoubleArray(), 1e-12, "example " + i);
          }
        })));
  }

  @Test void vmapOfMatmulIsOneDotGeneral() {
    Array w = random(new Random(1), DType.F32, 3, 4);
    Function<Array, Array> f = x -> x.matmul(w);
    Graph rows = Graft.makeGraph(Graft.vmap(f)).apply(ShapeDtype.of(Np.float32, 5, 3).array());
    assertEquals("{ lambda a:f32[3,4] ; b:f32[5,3]. let\n"
        + "    c:f32[5,4] = dot_general[dimension_numbers=(([1], [0]), ([], [])) preferred_element_type=f32] b a\n"
        + "  in (c) }", rows.toString());
    Graph cols = Graft.makeGraph(Graft.vmap(f, 1, 0)).apply(ShapeDtype.of(Np.float32, 3, 5).array());
    assertEquals("{ lambda a:f32[3,4] ; b:f32[3,5]. let\n"
        + "    c:f32[5,4] = dot_general[dimension_numbers=(([0], [0]), ([], [])) preferred_element_type=f32] b a\n"
        + "  in (c) }", cols.toString());
  }

  @Test void vmapOfMatmulOverBothOperandsAddsABatchDimension() {
    var f = Graft.vmap((Array x, Array w) -> x.matmul(w), 0, 2);
    Graph g = Graft.makeGraph((Tuple2<Array, Array> t) -> f.apply(t._1, t._2))
        .apply(Tuple.of(ShapeDtype.of(Np.float32, 5, 2, 3).array(), ShapeDtype.of(Np.float32, 3, 4, 5).array()));
    assertEquals("{ lambda ; a:f32[5,2,3] b:f32[3,4,5]. let\n"
        + "    c:f32[5,2,4] = dot_general[dimension_numbers=(([2], [0]), ([0], [2])) preferred_element_type=f32] a b\n"
        + "  in (c) }", g.toString());
  }

  @Test void vmapOverTheKernelIsOneConvolutionWithMoreOutputFeatures() {
    Array x = random(new Random(2), DType.F32, 2, 3, 5, 5);
    Function<Array, Array> f = w -> Lax.conv(x, w, new int[] {1, 1}, "VALID");
    Graph g = Graft.makeGraph(Graft.vmap(f)).apply(ShapeDtype.of(Np.float32, 4, 6, 3, 2, 2).array());
    Vector<ConvGeneralDilated> convs = convs(g);
    assertEquals(1, convs.size(), g.toString());
    assertEquals(1, convs.head().featureGroupCount());
  }

  @Test void vmapOverInputAndKernelIsOneGroupedConvolution() {
    var f = Graft.vmap((Array x, Array w) -> Lax.conv(x, w, new int[] {1, 1}, "SAME"), 0, 0);
    Graph g = Graft.makeGraph((Tuple2<Array, Array> t) -> f.apply(t._1, t._2))
        .apply(Tuple.of(ShapeDtype.of(Np.float32, 4, 2, 3, 5, 5).array(), ShapeDtype.of(Np.float32, 4, 6, 3, 3, 3).array()));
    Vector<ConvGeneralDilated> convs = convs(g);
    assertEquals(1, convs.size(), g.toString());
    assertEquals(4, convs.head().featureGroupCount(), g.toString());
  }

  @Test void vmapOverNoExamplesGivesAnEmptyBatch() {
    var f = Graft.vmap((Array x, Array w) -> Lax.conv(x, w, new int[] {1, 1}, "VALID"), 0, 0);
    Array out = f.apply(Np.zeros(0, 1, 2, 4, 4), Np.zeros(0, 3, 2, 2, 2));
    assertEquals(java.util.List.of(0, 1, 3, 3, 3), java.util.Arrays.stream(out.shape()).boxed().toList());
  }

  /**
   * Under jit, an input gradient's kernel reversal is read in place (window_reversal) instead of copied by rev, and the
   * gradients equal eager's (strides 1 and 2, a 1x1 projection, channels-last and NCHW).
   */
  @Test void jitReadsTheReversedKernelOfAnInputGradientInPlace() {
    Random rnd = new Random(9);
    String[][] layouts = {{"NHWC", "HWIO", "NHWC"}, {"NCHW", "OIHW", "NCHW"}};
    for (String[] dn : layouts)
      for (int[] ks : new int[][] {{3, 1}, {3, 2}, {1, 2}}) {
        int k = ks[0], st = ks[1];
        boolean last = dn[0].equals("NHWC");
        Array x = last ? random(rnd, DType.F32, 2, 7, 7, 3) : random(rnd, DType.F32, 2, 3, 7, 7);
        Array w = last ? random(rnd, DType.F32, k, k, 3, 4) : random(rnd, DType.F32, 4, 3, k, k);
        Function2<Array, Array, Array> loss = (a, b) -> Np.sum(Np.square(Lax.convGeneralDilated(a, b, new int[] {st, st}, "SAME",
            new int[] {1, 1}, new int[] {1, 1}, dn, 1, 1)));
        var grads = Graft.grad(loss, Argnums.ALL);
        Tuple2<Array, Array> eager = grads.apply(x, w), jitted = Graft.jit(grads).apply(x, w);
        close(eager._1.toDoubleArray(), jitted._1.toDoubleArray(), 1e-5, "input gradient " + String.join("/", dn) + " k" + k + " s" + st);
        close(eager._2.toDoubleArray(), jitted._2.toDoubleArray(), 1e-5, "kernel gradient " + String.join("/", dn) + " k" + k + " s" + st);
        String low = Graft.jit(grads).lower(x, w);
        assertTrue(low.contains("window_reversal=(0, 1)") && !low.contains("= rev["), low);
      }
  }

  private static Vector<ConvGeneralDilated> convs(Graph g) {
    return g.eqns().map(e -> e.prim()).filter(p -> p instanceof ConvGeneralDilated).map(p -> (ConvGeneralDilated) p);
  }

  // ---------------------------------------------------------------- transposition

  @TestFactory Stream<DynamicTest> eachTransposeRuleIsTheAdjointWithTheOperandsExactType() {
    Random rnd = new Random(6);
    return linalgSpecs().filter(s -> s.args().get(0).dtype().isFloating()).flatMap(s -> Stream.of(0, 1).map(k ->
        DynamicTest.dynamicTest(s.prim().name() + "[" + s.prim().params() + "] operand " + k, () -> {
          Linalg prim = (Linalg) s.prim();
          Vector<Array> args = Vector.ofAll(s.args()).map(a -> new Array(Const.of(a)));
          ShapedType me = args.get(k).value().type();
          Array v = random(rnd, me);
          Array jv = k == 0 ? apply(prim, v, args.get(1)) : apply(prim, args.get(0), v);
          Array ct = random(rnd, jv.value().type());
          Vector<LinearArg> la = k == 0
              ? Vector.of(new LinearArg.Linear(me), new LinearArg.Known(args.get(1).value()))
              : Vector.of(new LinearArg.Known(args.get(0).value()), new LinearArg.Linear(me));
          Vector<Option<Value>> cts = prim.transpose(ct.value(), la);
          assertTrue(cts.get(1 - k).isEmpty(), "the known operand gets no cotangent");
          Array back = new Array(cts.get(k).get());
          assertEquals(me.shape(), back.value().type().shape());
          assertEquals(me.dtype(), back.value().type().dtype());
          double tol = me.dtype() == DType.F32 ? 1e-5 : 1e-11;
          close(new double[] {dot(ct, jv)}, new double[] {dot(back, v)}, tol, "<ct, J v> vs <J^T ct, v>");
        })));
  }

  @Test void aTransposeNeedsTheOtherOperand() {
    Spec s = linalgSpecs().findFirst().orElseThrow();
    ShapedType l = ShapedType.of(s.args().get(0).dtype(), s.args().get(0).shape());
    ShapedType r = ShapedType.of(s.args().get(1).dtype(), s.args().get(1).shape());
    Value ct = Const.of(NdArray.wrap(io.graft.numerics.Shape.of(2, 2), new double[4]));
    TransposeError e = assertThrows(TransposeError.class,
        () -> ((Linalg) s.prim()).transpose(ct, Vector.of(new LinearArg.Linear(l), new LinearArg.Linear(r))));
    assertTrue(e.getMessage().startsWith("dot_general: the transpose rule needs this operand's value"), e.getMessage());
  }

  @Test void preferredElementTypeCotangentsComeBackInTheOperandDtype() {
    Random rnd = new Random(7);
    Array x = random(rnd, DType.F32, 3, 2), w = random(rnd, DType.F32, 3, 4);
    Function<Array, Array> f = a -> Lax.dotGeneral(a, w, new int[] {0}, new int[] {0}, new int[0], new int[0], DType.F64);
    var vjp = Graft.vjp(f, x);
    assertEquals(DType.F64, vjp._1.dtype());
    Array ct = random(rnd, DType.F64, 2, 4);
    Array gx = vjp._2.apply(ct);
    assertEquals(DType.F32, gx.dtype());
    // d/dx <ct, x^T w> = w ct^T, computed in f64 from the f32 values
    Array want = w.astype(DType.F64).matmul(ct.transpose());
    close(want.toDoubleArray(), gx.toDoubleArray(), 1e-6, "x cotangent");
    Function<Array, Array> g = b -> Lax.dotGeneral(x, b, new int[] {0}, new int[] {0}, new int[0], new int[0], DType.F64);
    Array gw = Graft.vjp(g, w)._2.apply(ct);
    assertEquals(DType.F32, gw.dtype());
    close(x.astype(DType.F64).matmul(ct).toDoubleArray(), gw.toDoubleArray(), 1e-6, "w cotangent");
  }

  @Test void dotTransposeIsADotGeneralAndATransposeIntoTheOperandLayout() {
    Array w = random(new Random(8), DType.F32, 3, 4), x = random(new Random(9), DType.F32, 3, 2);
    var back = Graft.vjp((Array a) -> Lax.dotGeneral(a, w, new int[] {0}, new int[] {0}, new int[0], new int[0]), x)._2;
    Graph g = Graft.makeGraph(back).apply(ShapeDtype.of(Np.float32, 2, 4).array());
    assertEquals("{ lambda a:f32[3,4] ; b:f32[2,4]. let\n"
        + "    c:f32[2,3] = dot_general[dimension_numbers=(([1], [1]), ([], [])) preferred_element_type=f32] b a\n"
        + "    d:f32[3,2] = transpose[permutation=(1, 0)] c\n"
        + "  in (d) }", g.toString());
  }

  @Test void convTransposesAreConvolutions() {
    Array w = random(new Random(10), DType.F32, 4, 3, 3, 3), x = random(new Random(11), DType.F32, 1, 3, 6, 6);
    var byInput = Graft.vjp((Array a) -> Lax.conv(a, w, new int[] {2, 2}, "SAME"), x)._2;
    Graph g = Graft.makeGraph(byInput).apply(ShapeDtype.of(Np.float32, 1, 4, 3, 3).array());
    assertEquals("{ lambda a:f32[4,3,3,3] ; b:f32[1,4,3,3]. let\n"
        + "    c:f32[4,3,3,3] = rev[dimensions=(2, 3)] a\n"
        + "    d:f32[1,3,6,6] = conv_general_dilated[window_strides=(1, 1) padding=((2, 1), (2, 1)) lhs_dilation=(2, 2) "
        + "rhs_dilation=(1, 1) dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 1, 2, 3), rhs_spec=(1, 0, 2, 3), "
        + "out_spec=(0, 1, 2, 3)) feature_group_count=1 batch_group_count=1] b c\n"
        + "  in (d) }", g.toString());
    var byKernel = Graft.vjp((Array k) -> Lax.conv(x, k, new int[] {2, 2}, "SAME"), w)._2;
    Graph h = Graft.makeGraph(byKernel).apply(ShapeDtype.of(Np.float32, 1, 4, 3, 3).array());
    assertEquals("{ lambda a:f32[1,3,6,6] ; b:f32[1,4,3,3]. let\n"
        + "    c:f32[4,3,3,3] = conv_general_dilated[window_strides=(1, 1) padding=((0, 1), (0, 1)) lhs_dilation=(1, 1) "
        + "rhs_dilation=(2, 2) dimension_numbers=ConvDimensionNumbers(lhs_spec=(1, 0, 2, 3), rhs_spec=(1, 0, 2, 3), "
        + "out_spec=(1, 0, 2, 3)) feature_group_count=1 batch_group_count=1] a b\n"
        + "  in (c) }", h.toString());
  }

  // ---------------------------------------------------------------- per-example gradients of a conv net

  private static final ConvDims NHWC = ConvDims.of("NHWC", "HWIO", "NHWC");

  /** Two convolutions (strided, then depthwise), a linear readout against {@code y}: no elementwise rules needed. */
  private static Array linearNet(Array w1, Array w2, Array x, Array y) {
    Array h = Lax.convGeneralDilated(x, w1, new int[] {2, 2}, new int[][] {{1, 1}, {1, 0}}, new int[] {1, 1},
        new int[] {1, 1}, NHWC, 1, 1);
    Array o = Lax.convGeneralDilated(h, w2, new int[] {1, 1}, new int[][] {{1, 1}, {1, 1}}, new int[] {1, 1},
        new int[] {1, 2}, NHWC, 4, 1);
    return Lax.dot(o.ravel(), y.ravel());
  }

  @Test void perExampleGradientsOfAConvNetEqualALoopOfGradients() {
    Random rnd = new Random(12);
    int b = 5;
    Array w1 = random(rnd, DType.F64, 3, 3, 2, 4), w2 = random(rnd, DType.F64, 2, 2, 1, 4);
    Array xs = random(rnd, DType.F64, b, 1, 7, 6, 2), ys = random(rnd, DType.F64, b, 1, 5, 3, 4);
    Function3<Array, Array, Array, Array> g1 = Graft.grad((Array p, Array x, Array y) -> linearNet(p, w2, x, y));
    Function3<Array, Array, Array, Array> g2 = Graft.grad((Array p, Array x, Array y) -> linearNet(w1, p, x, y));
    Function3<Array, Array, Array, Array> per1 = Graft.vmap(g1, null, 0, 0), per2 = Graft.vmap(g2, null, 0, 0);
    Array got1 = per1.apply(w1, xs, ys), got2 = per2.apply(w2, xs, ys);
    for (int i = 0; i < b; i++) {
      close(g1.apply(w1, xs.get(i), ys.get(i)).toDoubleArray(), got1.get(i).toDoubleArray(), 1e-12, "w1 example " + i);
      close(g2.apply(w2, xs.get(i), ys.get(i)).toDoubleArray(), got2.get(i).toDoubleArray(), 1e-12, "w2 example " + i);
    }
    // the per-example weight gradient of the first layer is one convolution grouped over the examples
    Graph g = Graft.makeGraph((Tuple3<Array, Array, Array> t) -> per1.apply(t._1, t._2, t._3)).apply(Tuple.of(w1, xs, ys));
    assertTrue(convs(g).exists(c -> c.featureGroupCount() == b || c.batchGroupCount() == b), g.toString());
  }
}
