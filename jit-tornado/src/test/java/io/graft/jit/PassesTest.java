package io.graft.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.graft.jit.passes.CommonSubexpressions;
import io.graft.jit.passes.ConstantFold;
import io.graft.jit.passes.DeadCode;
import io.graft.jit.passes.InlineJit;
import io.graft.jit.passes.Simplify;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Compiler;
import io.graft.trace.Const;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.Graphs;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.ops.Arith;
import io.graft.trace.prim.ConvertElementType;
import io.graft.trace.prim.JitCall;
import io.graft.trace.prim.Reduce;
import io.graft.trace.prim.ReduceOp;
import io.graft.trace.prim.Reshape;
import io.graft.trace.prim.Transpose;
import io.graft.trace.prim.UnaryOp;
import io.graft.numerics.Ints;
import io.vavr.collection.Vector;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each pass on hand-built graphs: golden printouts before and after, the result type-checked and equal in value. */
class PassesTest {
  private static final ShapedType F3 = ShapedType.of(DType.F32, 3);
  private static final ShapedType F23 = ShapedType.of(DType.F32, 2, 3);

  private static Graph graph(Vector<ShapedType> in, Function<Vector<Value>, Vector<Value>> f) {
    return Graphs.check(GraphBuilder.trace("test", "test", in, f::apply).graph());
  }

  private static Value scalar(double v) { return Const.of(NdArray.scalar(DType.F32, v)); }

  private static Value sin(Value x) { return Arith.unary(UnaryOp.SIN, x); }

  /** Applies {@code pass}, checks the golden texts, the type checker, and that both graphs compute the same. */
  private static void check(UnaryOperator<Graph> pass, Graph before, String goldenBefore, String goldenAfter) {
    assertEquals(goldenBefore, before.toString());
    Graph after = Graphs.check(pass.apply(before));
    assertEquals(goldenAfter, after.toString());
    Vector<NdArray> args = before.inTypes().map(t -> sample(t));
    Vector<NdArray> want = Compiler.INTERPRETER.compile(before).run(args);
    Vector<NdArray> got = Compiler.INTERPRETER.compile(after).run(args);
    for (int i = 0; i < want.size(); i++) assertArrayEquals(want.get(i).astype(DType.F64).f64(), got.get(i).astype(DType.F64).f64(), 1e-6);
  }

  private static NdArray sample(ShapedType t) {
    double[] v = new double[t.shape().size()];
    for (int i = 0; i < v.length; i++) v[i] = 0.3 * i - 0.7;
    return NdArray.wrap(t.shape(), v).astype(t.dtype());
  }

  @Test void deadCode() {
    Graph g = graph(Vector.of(F3), x -> { sin(x.head()); Value c = Arith.unary(UnaryOp.COS, x.head()); return Vector.of(c); });
    check(DeadCode::run, g, "{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = cos a in (c) }",
        "{ lambda ; a:f32[3]. let b:f32[3] = cos a in (b) }");
  }

  @Test void commonSubexpressions() {
    Graph g = graph(Vector.of(F3), x -> Vector.of(Arith.add(Arith.mul(sin(x.head()), scalar(2)), Arith.mul(sin(x.head()), scalar(2)))));
    check(CommonSubexpressions::run, g, """
        { lambda ; a:f32[3]. let
            b:f32[3] = sin a
            c:f32[3] = mul b 2.0:f32[]
            d:f32[3] = sin a
            e:f32[3] = mul d 2.0:f32[]
            f:f32[3] = add c e
          in (f) }""",
        "{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = mul b 2.0:f32[]; d:f32[3] = add c c in (d) }");
  }

  @Test void constantFolding() {
    NdArray c = NdArray.wrap(Shape.of(3), new float[] {1, 2, 3});
    Graph g = graph(Vector.of(F3), x -> {
      Value k = Arith.mul(Const.of(c), scalar(2));
      Value s = Bind.bind1(new Reduce(ReduceOp.SUM, Ints.of(0)), k);
      return Vector.of(Arith.add(Arith.mul(x.head(), k), s));
    });
    check(g2 -> DeadCode.run(ConstantFold.run(g2)), g, """
        { lambda a:f32[3] ; b:f32[3]. let
            c:f32[3] = mul a 2.0:f32[]
            d:f32[] = reduce_sum[axes=(0,)] c
            e:f32[3] = mul b c
            f:f32[3] = add e d
          in (f) }""",
        "{ lambda a:f32[3] ; b:f32[3]. let c:f32[3] = mul b a; d:f32[3] = add c 12.0:f32[] in (d) }");
  }

  @Test void algebraicSimplification() {
    Graph g = graph(Vector.of(F23), x -> {
      Value y = Arith.sub(Arith.add(Arith.mul(x.head(), scalar(1)), scalar(0)), scalar(0));
      y = Arith.unary(UnaryOp.NEG, Arith.unary(UnaryOp.NEG, y));
      y = Bind.bind1(new Reshape(Shape.of(2, 3)), y);
      y = Bind.bind1(new Transpose(Ints.of(0, 1)), y);
      y = Bind.bind1(new ConvertElementType(DType.F32, false), y);
      return Vector.of(sin(y));
    });
    check(g2 -> DeadCode.run(Simplify.run(g2)), g, """
        { lambda ; a:f32[2,3]. let
            b:f32[2,3] = mul a 1.0:f32[]
            c:f32[2,3] = add b 0.0:f32[]
            d:f32[2,3] = sub c 0.0:f32[]
            e:f32[2,3] = neg d
            f:f32[2,3] = neg e
            g:f32[2,3] = reshape[new_sizes=(2, 3)] f
            h:f32[2,3] = transpose[permutation=(0, 1)] g
            i:f32[2,3] = convert_element_type[new_dtype=f32 weak_type=False] h
            j:f32[2,3] = sin i
          in (j) }""",
        "{ lambda ; a:f32[2,3]. let b:f32[2,3] = sin a in (b) }");
  }

  @Test void simplificationKeepsShapeChangingIdentities() {
    Graph g = graph(Vector.of(ShapedType.of(DType.F32)), x -> Vector.of(Arith.mul(Const.of(NdArray.wrap(Shape.of(3), new float[] {1, 1, 1})), x.head())));
    check(Simplify::run, g, "{ lambda a:f32[3] ; b:f32[]. let c:f32[3] = mul a b in (c) }",
        "{ lambda a:f32[3] ; b:f32[]. let c:f32[3] = mul a b in (c) }");
  }

  @Test void inlineNestedJit() {
    Graph inner = graph(Vector.of(F3), x -> Vector.of(Arith.mul(sin(x.head()), Const.of(NdArray.wrap(Shape.of(3), new float[] {1, 2, 3})))));
    Graph g = graph(Vector.of(F3), x -> {
      Value a = Bind.bind(new JitCall(inner, "inner"), Vector.of(x.head())).head();
      return Vector.of(Bind.bind(new JitCall(inner, "inner"), Vector.of(a)).head());
    });
    check(InlineJit::run, g, """
        { lambda ; a:f32[3]. let
            b:f32[3] = jit[name=inner call_graph={ lambda a:f32[3] ; b:f32[3]. let c:f32[3] = sin b; d:f32[3] = mul c a in (d) }] a
            c:f32[3] = jit[name=inner call_graph={ lambda a:f32[3] ; b:f32[3]. let c:f32[3] = sin b; d:f32[3] = mul c a in (d) }] b
          in (c) }""",
        """
        { lambda a:f32[3] b:f32[3] ; c:f32[3]. let
            d:f32[3] = sin c
            e:f32[3] = mul d a
            f:f32[3] = sin e
            g:f32[3] = mul f b
          in (g) }""");
  }

  @Test void theWholePipeline() {
    Graph g = graph(Vector.of(F3), x -> {
      Value a = Arith.mul(sin(x.head()), scalar(1));
      Value b = Arith.add(sin(x.head()), Arith.mul(scalar(2), scalar(3)));
      return Vector.of(Arith.add(a, b));
    });
    check(new GraphCompiler()::optimize, g, """
        { lambda ; a:f32[3]. let
            b:f32[3] = sin a
            c:f32[3] = mul b 1.0:f32[]
            d:f32[3] = sin a
            e:f32[] = mul 2.0:f32[] 3.0:f32[]
            f:f32[3] = add d e
            g:f32[3] = add c f
          in (g) }""",
        "{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = add b 6.0:f32[]; d:f32[3] = add b c in (d) }");
  }

  @Test void buffersAreFreedAfterTheirLastUse() {
    Graph g = graph(Vector.of(F3), x -> {
      Value a = sin(x.head());
      Value b = Arith.unary(UnaryOp.COS, a);
      Value c = Arith.unary(UnaryOp.EXP, b);
      return Vector.of(Arith.add(c, a));
    });
    Executor exe = (Executor) new GraphCompiler(false).compile(g);
    assertEquals("""
        { lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = cos b; d:f32[3] = exp c; e:f32[3] = add d b in (e) }
        steps:
          0: b = sin <- Unary.impl; frees a
          1: c = cos <- Unary.impl
          2: d = exp <- Unary.impl; frees c
          3: e = add <- Binary.impl; frees b d""", exe.describe());
  }

  @Test void aTransposedMatrixProductSwapsItsOperands() {
    Graph g = graph(Vector.of(F23, ShapedType.of(DType.F32, 3, 4)), x ->
        Vector.of(io.graft.trace.ops.Shapes.transpose(io.graft.trace.ops.Linalg.matmul(x.get(0), x.get(1)), 1, 0)));
    check(p -> DeadCode.run(Simplify.run(p)), g, """
        { lambda ; a:f32[2,3] b:f32[3,4]. let
            c:f32[2,4] = dot_general[dimension_numbers=(([1], [0]), ([], [])) preferred_element_type=f32] a b
            d:f32[4,2] = transpose[permutation=(1, 0)] c
          in (d) }""",
        """
        { lambda ; a:f32[2,3] b:f32[3,4]. let
            c:f32[4,2] = dot_general[dimension_numbers=(([0], [1]), ([], [])) preferred_element_type=f32] b a
          in (c) }""");
  }

  /** A kernel reversed over its spatial axes is read reversed by the convolution (window_reversal), not copied. */
  @Test void aConvolutionReadsItsReversedKernelInPlace() {
    ShapedType x = ShapedType.of(DType.F32, 1, 4, 4, 2), w = ShapedType.of(DType.F32, 3, 2, 2, 3);
    var conv = new io.graft.trace.prim.ConvGeneralDilated(Ints.of(1, 1), io.graft.trace.prim.Padding.of(new int[] {1, 1}, new int[] {1, 0}),
        Ints.of(1, 1), Ints.of(1, 1), io.graft.trace.prim.ConvDims.of("NHWC", "HWIO", "NHWC"), 1, 1);
    Graph g = graph(Vector.of(x, w), in -> {
      Value both = Bind.bind1(new io.graft.trace.prim.Rev(Ints.of(0, 1)), in.get(1));
      Value one = Bind.bind1(new io.graft.trace.prim.Rev(Ints.of(1)), in.get(1));
      Value features = Bind.bind1(new io.graft.trace.prim.Rev(Ints.of(0, 3)), in.get(1));
      return Vector.of(Bind.bind1(conv, in.get(0), both), Bind.bind1(conv.withWindowReversal(Ints.of(1)), in.get(0), one),
          Bind.bind1(conv, in.get(0), features));
    });
    check(p -> DeadCode.run(Simplify.run(p)), g, """
        { lambda ; a:f32[1,4,4,2] b:f32[3,2,2,3]. let
            c:f32[3,2,2,3] = rev[dimensions=(0, 1)] b
            d:f32[3,2,2,3] = rev[dimensions=(1,)] b
            e:f32[3,2,2,3] = rev[dimensions=(0, 3)] b
            f:f32[1,4,4,3] = conv_general_dilated[window_strides=(1, 1) padding=((1, 1), (1, 0)) lhs_dilation=(1, 1) rhs_dilation=(1, 1) dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 3, 1, 2), rhs_spec=(3, 2, 0, 1), out_spec=(0, 3, 1, 2)) feature_group_count=1 batch_group_count=1] a c
            g:f32[1,4,4,3] = conv_general_dilated[window_strides=(1, 1) padding=((1, 1), (1, 0)) lhs_dilation=(1, 1) rhs_dilation=(1, 1) dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 3, 1, 2), rhs_spec=(3, 2, 0, 1), out_spec=(0, 3, 1, 2)) feature_group_count=1 batch_group_count=1 window_reversal=(1,)] a d
            h:f32[1,4,4,3] = conv_general_dilated[window_strides=(1, 1) padding=((1, 1), (1, 0)) lhs_dilation=(1, 1) rhs_dilation=(1, 1) dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 3, 1, 2), rhs_spec=(3, 2, 0, 1), out_spec=(0, 3, 1, 2)) feature_group_count=1 batch_group_count=1] a e
          in (f, g, h) }""",
        """
        { lambda ; a:f32[1,4,4,2] b:f32[3,2,2,3]. let
            c:f32[3,2,2,3] = rev[dimensions=(0, 3)] b
            d:f32[1,4,4,3] = conv_general_dilated[window_strides=(1, 1) padding=((1, 1), (1, 0)) lhs_dilation=(1, 1) rhs_dilation=(1, 1) dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 3, 1, 2), rhs_spec=(3, 2, 0, 1), out_spec=(0, 3, 1, 2)) feature_group_count=1 batch_group_count=1 window_reversal=(0, 1)] a b
            e:f32[1,4,4,3] = conv_general_dilated[window_strides=(1, 1) padding=((1, 1), (1, 0)) lhs_dilation=(1, 1) rhs_dilation=(1, 1) dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 3, 1, 2), rhs_spec=(3, 2, 0, 1), out_spec=(0, 3, 1, 2)) feature_group_count=1 batch_group_count=1] a b
            f:f32[1,4,4,3] = conv_general_dilated[window_strides=(1, 1) padding=((1, 1), (1, 0)) lhs_dilation=(1, 1) rhs_dilation=(1, 1) dimension_numbers=ConvDimensionNumbers(lhs_spec=(0, 3, 1, 2), rhs_spec=(3, 2, 0, 1), out_spec=(0, 3, 1, 2)) feature_group_count=1 batch_group_count=1] a c
          in (d, e, f) }""");
  }

  @Test void stagesShowTheGraphAfterEachNamedPass() {
    Graph g = graph(Vector.of(F3), x -> {
      Value a = Arith.mul(sin(x.head()), scalar(1));
      Value b = Arith.add(sin(x.head()), Arith.mul(scalar(2), scalar(3)));
      return Vector.of(Arith.add(a, b));
    });
    Vector<Passes.Stage> stages = Passes.stages(g, true);
    assertEquals(Vector.of("traced", "inline", "constant_fold", "simplify", "cse", "dce", "scan_hoist", "fusion"), stages.map(Passes.Stage::name));
    assertEquals(Passes.PIPELINE.map(Passes.Pass::name), stages.drop(1).dropRight(1).map(Passes.Stage::name));
    assertEquals("""
        == traced ==
        { lambda ; a:f32[3]. let
            b:f32[3] = sin a
            c:f32[3] = mul b 1.0:f32[]
            d:f32[3] = sin a
            e:f32[] = mul 2.0:f32[] 3.0:f32[]
            f:f32[3] = add d e
            g:f32[3] = add c f
          in (g) }
        == constant_fold ==
        { lambda ; a:f32[3]. let
            b:f32[3] = sin a
            c:f32[3] = mul b 1.0:f32[]
            d:f32[3] = sin a
            e:f32[3] = add d 6.0:f32[]
            f:f32[3] = add c e
          in (f) }
        == simplify ==
        { lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = sin a; d:f32[3] = add c 6.0:f32[]; e:f32[3] = add b d in (e) }
        == cse ==
        { lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = add b 6.0:f32[]; d:f32[3] = add b c in (d) }
        == fusion ==
          0: b = sin <- Unary.impl; frees a
          1: d = fused (add add) reading b; may overwrite b
             kernel f32[3] = loop i0 < 3 { add(in0:f32[i0], add(in0:f32[i0], 6.0)) }; frees b""",
        Vector.of(0, 2, 3, 4, 7).map(stages::get).mkString("\n"));
    assertEquals(stages.get(0).text(), stages.get(1).text(), "nothing to inline");
    assertEquals(stages.get(4).text(), stages.get(5).text(), "nothing dead after CSE");
    assertEquals(stages.get(5).text(), stages.get(6).text(), "no scan to rewrite");
  }

  @Test void executablesOfEqualGraphsShareTheCpuDeviceCompiledLoops() {
    Graph g = graph(Vector.of(F3), x -> Vector.of(Arith.add(Arith.mul(sin(x.head()), scalar(2)), scalar(1))));
    Graph h = graph(Vector.of(F3), x -> Vector.of(Arith.add(Arith.mul(sin(x.head()), scalar(2)), scalar(1))));
    Graph other = graph(Vector.of(F3), x -> Vector.of(Arith.add(Arith.mul(sin(x.head()), scalar(3)), scalar(1))));
    Object k = fusedKernelOf(g).get();
    assertSame(k, fusedKernelOf(h).get(), "a second executable of an equal graph reuses the warm compiled loop");
    assertNotSame(k, fusedKernelOf(other).get(), "another constant, another loop");
  }

  /** Compiles {@code g}, runs it, and returns a weak reference to its first fused kernel; drops the executable. */
  private static java.lang.ref.WeakReference<Object> fusedKernelOf(Graph g) {
    Executor exe = (Executor) new GraphCompiler(true).compile(g);
    exe.run(g.inTypes().map(PassesTest::sample));
    Step.Fused f = (Step.Fused) exe.program().steps.find(s -> s instanceof Step.Fused).getOrElseThrow(AssertionError::new);
    return new java.lang.ref.WeakReference<>(f.kernel());
  }
}
