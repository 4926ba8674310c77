package io.graft.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.graft.Array;
import io.graft.Lax;
import io.graft.Np;
import io.graft.Random;
import io.graft.ScanOptions;
import io.graft.nn.Activation;
import io.graft.nn.Embedding;
import io.graft.nn.Mlp;
import io.graft.nn.ResNet;
import io.graft.nn.SmallCnn;
import io.graft.numerics.DType;
import io.graft.trace.prim.WindowOp;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exported models run in ONNX Runtime (CPU) against Graft's own (eager) outputs. Tolerances: f32 results
 * {@code |ort - graft| <= 1e-5 + 1e-5 |graft|} for elementwise and structural ops, {@code 1e-4} relative for
 * contractions, convolutions and the small models (different summation orders), {@code 1e-3} for ResNet-18's 18
 * layers; f64 {@code 1e-12}; integers and bools exact.
 */
class OnnxExportTest {
  @TempDir Path dir;

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  /** A table row: the function of a list of arrays, its example arguments and the f32 tolerance. */
  record Case(String name, Function<List<Array>, Array> f, List<Array> args, double tol) {
    @Override public String toString() { return name; }
  }

  private static Array normal(int seed, int... shape) { return Random.normal(Random.key(seed), shape); }

  private static Array positive(int seed, int... shape) { return Random.uniform(Random.key(seed), shape, DType.F32, 0.5, 2); }

  private static Array unit(int seed, int... shape) { return Random.uniform(Random.key(seed), shape, DType.F32, -0.9, 0.9); }

  private static Case c(String name, Function<List<Array>, Array> f, Array... args) { return new Case(name, f, List.of(args), 1e-5); }

  private static Case c4(String name, Function<List<Array>, Array> f, Array... args) { return new Case(name, f, List.of(args), 1e-4); }

  static Stream<Case> primitives() {
    Array x = normal(1, 3, 4), y = normal(2, 3, 4), p = positive(3, 3, 4), u = unit(4, 3, 4);
    Array img = normal(5, 2, 6, 6, 3), k = normal(6, 3, 3, 3, 4);
    return Stream.of(
        c("neg", a -> a.get(0).neg(), x),
        c("sign", a -> Np.sign(a.get(0)), x),
        c("floor", a -> Np.floor(a.get(0)), x),
        c("ceil", a -> Np.ceil(a.get(0)), x),
        c("round_even", a -> Np.round(a.get(0)), Np.multiply(x, Array.scalar(3f))),
        c("is_finite", a -> Np.isFinite(Np.log(a.get(0))), x),
        c("exp", a -> Np.exp(a.get(0)), x),
        c("exp2", a -> Np.exp2(a.get(0)), x),
        c("log", a -> Np.log(a.get(0)), p),
        c("tanh", a -> Np.tanh(a.get(0)), x),
        c("logistic", a -> Lax.logistic(a.get(0)), x),
        c("sin", a -> Np.sin(a.get(0)), x),
        c("cos", a -> Np.cos(a.get(0)), x),
        c("tan", a -> Np.tan(a.get(0)), u),
        c("asin", a -> Np.arcsin(a.get(0)), u),
        c("acos", a -> Np.arccos(a.get(0)), u),
        c("atan", a -> Np.arctan(a.get(0)), x),
        c("sinh", a -> Np.sinh(a.get(0)), x),
        c("cosh", a -> Np.cosh(a.get(0)), x),
        c("asinh", a -> Np.arcsinh(a.get(0)), x),
        c("acosh", a -> Np.arccosh(a.get(0)), Np.add(p, Array.scalar(1f))),
        c("atanh", a -> Np.arctanh(a.get(0)), u),
        c("sqrt", a -> Np.sqrt(a.get(0)), p),
        c("rsqrt", a -> Lax.rsqrt(a.get(0)), p),
        c("abs", a -> Np.abs(a.get(0)), x),
        c("erf", a -> Lax.erf(a.get(0)), x),
        c("square", a -> Np.square(a.get(0)), x),
        c("not", a -> Np.logicalNot(Np.greater(a.get(0), a.get(1))), x, y),
        c("add", a -> Np.add(a.get(0), a.get(1)), x, y),
        c("sub", a -> Np.subtract(a.get(0), a.get(1)), x, y),
        c("mul", a -> Np.multiply(a.get(0), a.get(1)), x, y),
        c("div", a -> Np.divide(a.get(0), a.get(1)), x, p),
        c("rem", a -> Lax.rem(a.get(0), a.get(1)), Np.multiply(x, Array.scalar(5f)), p),
        c("pow", a -> Np.power(a.get(0), a.get(1)), p, y),
        c("max", a -> Np.maximum(a.get(0), a.get(1)), x, y),
        c("min", a -> Np.minimum(a.get(0), a.get(1)), x, y),
        c("and/or/xor", a -> Np.logicalXor(Np.logicalAnd(Np.greater(a.get(0), a.get(1)), Np.less(a.get(0), Array.scalar(0.5f))),
            Np.logicalOr(Np.greater(a.get(1), Array.scalar(0f)), Np.less(a.get(0), Array.scalar(-1f)))), x, y),
        c("int and/or/xor/not", a -> Np.bitwiseXor(Np.bitwiseAnd(a.get(0), a.get(1)), Np.bitwiseNot(Np.bitwiseOr(a.get(0), a.get(1)))),
            Array.of(new int[] {1, 6, -3, 12}), Array.of(new int[] {3, 5, 7, -1})),
        c("eq/ne/lt/le/gt/ge", a -> Np.stack(0, List.of(Np.equal(a.get(0), a.get(1)), Np.notEqual(a.get(0), a.get(1)),
            Np.less(a.get(0), a.get(1)), Np.lessEqual(a.get(0), a.get(1)), Np.greater(a.get(0), a.get(1)),
            Np.greaterEqual(a.get(0), a.get(1))).toArray(Array[]::new)), Np.round(x), Np.round(y)),
        c("integer_pow", a -> Lax.integerPow(a.get(0), 3), x),
        c("select_n", a -> Np.where(Np.greater(a.get(0), a.get(1)), a.get(0), a.get(1)), x, y),
        c("clamp", a -> Lax.clamp(Array.scalar(-0.5f), a.get(0), Array.scalar(0.7f)), x),
        c("convert_element_type", a -> Lax.convertElementType(Lax.convertElementType(Np.multiply(a.get(0), Array.scalar(4f)), DType.I32), DType.F64), x),
        c("stop_gradient", a -> Lax.stopGradient(a.get(0)), x),
        c("broadcast_in_dim", a -> Lax.broadcastInDim(a.get(0), new int[] {3, 4, 2}, new int[] {0, 2}), normal(7, 3, 2)),
        c("reshape/squeeze", a -> Np.squeeze(Np.reshape(a.get(0), 4, 1, 3), 1), x),
        c("transpose", a -> Np.transpose(a.get(0), 1, 0), x),
        c("rev", a -> Lax.rev(a.get(0), 1), x),
        c("slice", a -> Lax.slice(a.get(0), new int[] {0, 1}, new int[] {3, 4}, new int[] {2, 2}), x),
        c("concatenate", a -> Np.concatenate(1, a.get(0), a.get(1)), x, y),
        c("pad", a -> Lax.pad(a.get(0), Array.scalar(1.5f), new int[][] {{1, 2, 0}, {0, 1, 0}}), x),
        c("iota", a -> Np.add(a.get(0), Lax.convertElementType(Lax.broadcastedIota(DType.I32, new int[] {3, 4}, 1), DType.F32)), x),
        c("reduce_sum/max/min/prod", a -> Np.stack(0, Np.sum(a.get(0), 1), Np.max(a.get(0), 1), Np.min(a.get(0), 1),
            Np.prod(a.get(0), 1)), x),
        c("reduce_window max", a -> Lax.reduceWindow(a.get(0), WindowOp.MAX, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1},
            new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, 0}}), img),
        c("reduce_window min padded", a -> Lax.reduceWindow(a.get(0), WindowOp.MIN, new int[] {1, 3, 3, 1}, new int[] {1, 2, 2, 1},
            new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), img),
        c("reduce_window sum 2-d", a -> Lax.reduceWindow(a.get(0), WindowOp.SUM, new int[] {2, 3}, new int[] {1, 1},
            new int[][] {{0, 1}, {1, 1}}), x),
        c4("dot_general matmul", a -> Np.matmul(a.get(0), Np.transpose(a.get(1), 1, 0)), x, y),
        c4("dot_general batched", a -> Lax.dotGeneral(a.get(0), a.get(1), new int[] {2}, new int[] {1}, new int[] {0},
            new int[] {0}), normal(8, 2, 3, 4), normal(9, 2, 4, 5)),
        c4("conv NHWC SAME", a -> Lax.convGeneralDilated(a.get(0), a.get(1), new int[] {1, 1}, "SAME", new int[] {1, 1},
            new int[] {1, 1}, new String[] {"NHWC", "HWIO", "NHWC"}, 1, 1), img, k),
        c4("conv strided dilated", a -> Lax.convGeneralDilated(a.get(0), a.get(1), new int[] {2, 1}, new int[][] {{1, 0}, {2, 1}},
            new int[] {1, 1}, new int[] {1, 2}, new String[] {"NHWC", "HWIO", "NHWC"}, 1, 1), img, k),
        c4("conv of a reversed kernel (exported with window_reversal after simplify)", a -> Lax.convGeneralDilated(a.get(0),
            Lax.rev(a.get(1), 0, 1), new int[] {1, 1}, "SAME", new int[] {1, 1}, new int[] {1, 1},
            new String[] {"NHWC", "HWIO", "NHWC"}, 1, 1), img, k),
        c("log1p (tiny and large arguments)", a -> Np.log1p(a.get(0)), Array.of(new float[] {1e-10f, -1e-7f, 3e-5f, 0f,
            -0.5f, 0.25f, 7f, 1e6f, -0.999f, 1e-30f, 2e-8f, 42f}, 3, 4)),
        c("expm1 (tiny and large arguments)", a -> Np.expm1(a.get(0)), Array.of(new float[] {1e-10f, -1e-7f, 3e-5f, 0f,
            -0.5f, 0.25f, 7f, 80f, -30f, 1e-30f, -2e-8f, 100f}, 3, 4)),
        c("round (half away from zero, exact ties)", a -> Lax.round(a.get(0)), Array.of(new float[] {-2.5f, -1.5f, -0.5f, 0.5f,
            1.5f, 2.5f, 0.49999997f, -0.49999997f, 3.7f, -3.7f, 8388609f, 0f}, 3, 4)),
        c("argmax/argmin (ties, NaN first)", a -> Np.stack(0, Lax.argmax(a.get(0), 1, DType.I32), Lax.argmin(a.get(0), 1, DType.I32),
            Lax.argmin(Np.transpose(a.get(0), 1, 0), 0, DType.I32)), Array.of(new float[] {1, 3, 3, 0, 2, Float.NaN, 5, Float.NaN, -1, -1, -2, -2}, 3, 4)),
        c("argmax i64 of ints", a -> Lax.argmax(a.get(0), 0, DType.I64), Array.of(new int[] {4, -1, 7, 7, 2})),
        c("cumsum forward and reverse", a -> Np.stack(0, Lax.cumsum(a.get(0), 1, false), Lax.cumsum(a.get(0), 0, true)), x),
        c("dynamic_slice (clamped starts)", a -> Np.concatenate(1, Lax.dynamicSlice(a.get(0), new Array[] {a.get(1), a.get(2)},
            new int[] {2, 2}), Lax.dynamicSlice(a.get(0), new Array[] {a.get(2), a.get(1)}, new int[] {2, 3})), x,
            Array.scalar(5), Array.scalar(-1)),
        c("gather (embedding)", a -> Embedding.init(Random.key(3), 7, 5).apply(a.get(0)),
            Array.of(new int[] {0, 6, 3, 3, 1, 2}, 2, 3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("primitives")
  void everyMappedPrimitiveMatchesOnnxRuntime(Case c) throws Exception {
    Path model = Onnx.export(c.f(), c.args(), dir.resolve("m.onnx"));
    Array want = c.f().apply(c.args());
    assertClose(c.name(), want, run(model, c.args()).get(0), c.tol());
    assertEveryInitializerIsRead(ModelProto.parseFrom(Files.readAllBytes(model)));
  }

  /** No dead weight: every initialiser is an input of some node, in the graph or in an If/Loop body. */
  private static void assertEveryInitializerIsRead(ModelProto proto) {
    java.util.Set<String> read = new java.util.HashSet<>();
    java.util.ArrayDeque<ai.onnx.proto.OnnxMl.GraphProto> todo = new java.util.ArrayDeque<>(List.of(proto.getGraph()));
    while (!todo.isEmpty()) {
      var g = todo.pop();
      for (var n : g.getNodeList()) {
        read.addAll(n.getInputList());
        for (var a : n.getAttributeList()) if (a.hasG()) todo.push(a.getG());
      }
    }
    for (var t : proto.getGraph().getInitializerList())
      assertTrue(read.contains(t.getName()), "initialiser " + t.getName() + " is read by no node");
  }

  @Test
  void mlpInEvalModeMatchesOnnxRuntime() throws Exception {
    Mlp mlp = Mlp.init(Random.key(11), Activation.RELU, 20, 32, 16, 10);
    Array xs = normal(12, 4, 20);
    Path model = Onnx.export(mlp::apply, xs, dir.resolve("mlp.onnx"));
    assertClose("mlp", mlp.apply(xs), run(model, List.of(xs)).get(0), 1e-4);
    // weights are initialisers: the model takes only the images
    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(model));
    assertEquals(1, proto.getGraph().getInputCount());
    assertEquals(Onnx.OPSET, proto.getOpsetImport(0).getVersion());
    // three weight matrices (the zero biases of Mlp.init fold away); each hidden ReLU is one Relu node, no Greater
    assertEquals(3, proto.getGraph().getInitializerList().stream().filter(t -> t.getDimsCount() == 2).count(), "3 weights");
    List<String> ops = proto.getGraph().getNodeList().stream().map(n -> n.getOpType()).toList();
    assertEquals(2, ops.stream().filter("Relu"::equals).count(), ops.toString());
    assertTrue(ops.stream().noneMatch(op -> op.equals("Greater") || op.equals("Where")), ops.toString());
    assertEveryInitializerIsRead(proto);
    assertEveryInitializerIsRead(ModelProto.parseFrom(Files.readAllBytes(Onnx.export(mlp::apply, xs, dir.resolve("mlp-dyn.onnx"),
        Onnx.Options.withDynamicBatch()))));
  }

  @Test
  void smallCnnInEvalModeMatchesOnnxRuntime() throws Exception {
    SmallCnn cnn = SmallCnn.init(Random.key(13), 12, 12, 1, 4, 8, 16, 5);
    Array xs = normal(14, 3, 12, 12, 1);
    Path model = Onnx.export(cnn::apply, xs, dir.resolve("cnn.onnx"));
    assertClose("cnn", cnn.apply(xs), run(model, List.of(xs)).get(0), 1e-4);
  }

  @Test
  void resNet18InEvalModeMatchesOnnxRuntime() throws Exception {
    ResNet net = ResNet.resnet18(Random.key(40), 5);
    // running statistics from one training-mode pass, so BatchNorm's eval affine map is not the identity
    ResNet.State state = net.apply(normal(41, 2, 32, 32, 3), net.initState(), true)._2;
    Function<Array, Array> f = x -> net.apply(x, state, false)._1;
    Array xs = normal(42, 2, 32, 32, 3);
    Path model = Onnx.export(f, xs, dir.resolve("resnet18.onnx"), Onnx.Options.withDynamicBatch());
    assertClose("resnet-18", f.apply(xs), run(model, List.of(xs)).get(0), 1e-3);
    Array one = normal(43, 1, 32, 32, 3);
    assertClose("resnet-18 at batch 1", f.apply(one), run(model, List.of(one)).get(0), 1e-3);
  }

  @Test
  void dynamicBatchAxisRunsAtAnotherBatchSize() throws Exception {
    SmallCnn cnn = SmallCnn.init(Random.key(15), 8, 8, 2, 3, 4, 8, 3);
    Path model = Onnx.export(cnn::apply, normal(16, 2, 8, 8, 2), dir.resolve("dyn.onnx"),
        Onnx.Options.withDynamicBatch());
    Array five = normal(17, 5, 8, 8, 2);
    Array got = run(model, List.of(five)).get(0);
    assertArrayEquals(new int[] {5, 3}, got.shape());
    assertClose("cnn at batch 5", cnn.apply(five), got, 1e-4);
    // a traced value broadcast to the batch (broadcast_in_dim to [batch, n]) and a flatten (reshape) take the batch
    // size at run time
    Mlp mlp = Mlp.init(Random.key(18), Activation.TANH, 6, 4);
    Function<Array, Array> f = x -> Np.add(Lax.broadcastInDim(Np.sum(x), new int[] {x.shape()[0], 4}, new int[] {}),
        mlp.apply(Np.reshape(x, x.shape()[0], 6)));
    Path m2 = Onnx.export(f, normal(19, 2, 2, 3), dir.resolve("dyn2.onnx"), Onnx.Options.withDynamicBatch());
    Array seven = normal(20, 7, 2, 3);
    assertClose("broadcast + reshape at batch 7", f.apply(seven), run(m2, List.of(seven)).get(0), 1e-5);
  }

  static Stream<Case> controlFlow() {
    Array x = normal(22, 3), xs = normal(23, 5, 3);
    return Stream.of(
        c("cond true", a -> Lax.cond(Np.greater(Np.sum(a.get(0)), Array.scalar(-100f)), (Array v) -> Np.sin(v),
            (Array v) -> Np.multiply(v, Array.scalar(2f)), a.get(0)), x),
        c("cond false", a -> Lax.cond(Np.greater(Np.sum(a.get(0)), Array.scalar(100f)), (Array v) -> Np.sin(v),
            (Array v) -> Np.multiply(v, Array.scalar(2f)), a.get(0)), x),
        c("switch of 3, index 1", a -> Lax.switchCase(Array.scalar(1), List.<Function<Array, Array>>of(Np::sin, Np::cos,
            Np::exp), a.get(0)), x),
        c("switch of 3, index clamped to 2", a -> Lax.switchCase(Lax.convertElementType(Np.add(Np.sum(Np.abs(a.get(0))),
            Array.scalar(7f)), DType.I32), List.<Function<Array, Array>>of(Np::sin, Np::cos, Np::exp), a.get(0)), x),
        c("while_loop (Newton sqrt, closed-over target)", a -> Lax.whileLoop(
            (Array g) -> Np.greater(Np.max(Np.abs(Np.subtract(Np.multiply(g, g), Np.abs(a.get(0))))), Array.scalar(1e-4f)),
            (Array g) -> Np.multiply(Array.scalar(0.5f), Np.add(g, Np.divide(Np.abs(a.get(0)), g))), Np.onesLike(a.get(0))), x),
        c("scan (running sum and products)", a -> {
          var r = Lax.scan((Array c, Array xi) -> io.vavr.Tuple.of(Np.add(c, xi), Np.multiply(c, xi)), a.get(0), a.get(1));
          return Np.concatenate(0, r._1, Np.reshape(r._2, 15));
        }, x, xs),
        c("scan reversed", a -> {
          var r = Lax.scan((Array c, Array xi) -> io.vavr.Tuple.of(Np.tanh(Np.add(c, xi)), Np.multiply(c, xi)), a.get(0),
              a.get(1), ScanOptions.DEFAULT.reversed());
          return Np.concatenate(0, r._1, Np.reshape(r._2, 15));
        }, x, xs));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controlFlow")
  void controlFlowExportsToIfAndLoop(Case c) throws Exception {
    Path model = Onnx.export(c.f(), c.args(), dir.resolve("cf.onnx"));
    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(model));
    assertTrue(proto.getGraph().getNodeList().stream().anyMatch(n -> n.getOpType().equals("If") || n.getOpType().equals("Loop")),
        "control flow stays control flow");
    assertClose(c.name(), c.f().apply(c.args()), run(model, c.args()).get(0), c.tol());
  }

  @Test
  void unmappedPrimitivesAreAllNamedAndNothingIsWritten() {
    Path target = dir.resolve("never.onnx");
    Function<Array, Array> f = x -> Np.add(Np.arctan2(x, x), Np.cumprod(x, 0));
    OnnxExportError e = assertThrows(OnnxExportError.class, () -> Onnx.export(f, normal(21, 3), target));
    assertTrue(e.getMessage().contains("atan2"), e.getMessage());
    assertTrue(e.getMessage().contains("cumprod"), e.getMessage());
    assertTrue(e.getMessage().contains("OnnxExportTest.java"), "names the user's function: " + e.getMessage());
    assertTrue(!Files.exists(target));
  }

  // ---------------------------------------------------------------- ONNX Runtime

  static List<Array> run(Path model, List<Array> inputs) throws OrtException {
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
         OrtSession session = ENV.createSession(model.toString(), opts)) {
      Map<String, OnnxTensor> feed = new HashMap<>();
      try {
        for (int i = 0; i < inputs.size(); i++) feed.put("input_" + i, tensor(inputs.get(i)));
        try (OrtSession.Result r = session.run(feed)) {
          List<Array> out = new ArrayList<>();
          for (int i = 0; i < r.size(); i++) out.add(array((OnnxTensor) r.get(i)));
          return out;
        }
      } finally {
        feed.values().forEach(OnnxTensor::close);
      }
    }
  }

  private static OnnxTensor tensor(Array a) throws OrtException {
    long[] shape = java.util.Arrays.stream(a.shape()).asLongStream().toArray();
    return switch (a.dtype()) {
      case F32 -> OnnxTensor.createTensor(ENV, FloatBuffer.wrap(a.toFloatArray()), shape);
      case F64 -> OnnxTensor.createTensor(ENV, DoubleBuffer.wrap(a.toDoubleArray()), shape);
      case I32 -> OnnxTensor.createTensor(ENV, IntBuffer.wrap(a.toIntArray()), shape);
      case I64 -> OnnxTensor.createTensor(ENV, LongBuffer.wrap(a.toLongArray()), shape);
      default -> throw new IllegalArgumentException("test inputs are f32, f64, i32 or i64, got " + a.dtype());
    };
  }

  private static Array array(OnnxTensor t) {
    int[] shape = java.util.Arrays.stream(t.getInfo().getShape()).mapToInt(l -> (int) l).toArray();
    return switch (t.getInfo().type) {
      case FLOAT -> { FloatBuffer b = t.getFloatBuffer(); float[] d = new float[b.remaining()]; b.get(d); yield Array.of(d, shape); }
      case DOUBLE -> { DoubleBuffer b = t.getDoubleBuffer(); double[] d = new double[b.remaining()]; b.get(d); yield Array.of(d, shape); }
      case INT32 -> { IntBuffer b = t.getIntBuffer(); int[] d = new int[b.remaining()]; b.get(d); yield Array.of(d, shape); }
      case INT64 -> { LongBuffer b = t.getLongBuffer(); long[] d = new long[b.remaining()]; b.get(d); yield Array.of(d, shape); }
      case BOOL -> {
        ByteBuffer b = t.getByteBuffer();
        boolean[] d = new boolean[b.remaining()];
        for (int i = 0; i < d.length; i++) d[i] = b.get() != 0;
        yield Array.of(d, shape);
      }
      default -> throw new IllegalArgumentException("unexpected ONNX Runtime output type " + t.getInfo().type);
    };
  }

  /**
   * Same shape and dtype; floats equal (infinities of one sign included) or within {@code tol} (f32) or 1e-12 (f64)
   * relative, plus as much absolute; others exact.
   */
  static void assertClose(String what, Array want, Array got, double tol) {
    assertArrayEquals(want.shape(), got.shape(), what + ": shape");
    assertEquals(want.dtype(), got.dtype(), what + ": dtype");
    if (want.dtype().isFloating()) {
      double t = want.dtype() == DType.F64 ? 1e-12 : tol;
      double[] w = want.toDoubleArray(), g = got.toDoubleArray();
      for (int i = 0; i < w.length; i++)
        assertTrue(w[i] == g[i] || Math.abs(w[i] - g[i]) <= t + t * Math.abs(w[i]) || (Double.isNaN(w[i]) && Double.isNaN(g[i])),
            what + "[" + i + "]: graft " + w[i] + ", model " + g[i]);
    } else if (want.dtype().isBool()) {
      assertArrayEquals(want.toBooleanArray(), got.toBooleanArray(), what);
    } else {
      assertArrayEquals(want.toLongArray(), got.toLongArray(), what);
    }
  }
}
