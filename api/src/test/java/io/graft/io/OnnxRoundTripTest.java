package io.graft.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.graft.Array;
import io.graft.Graft;
import io.graft.Lax;
import io.graft.Np;
import io.graft.Random;
import io.graft.nn.Activation;
import io.graft.nn.Mlp;
import io.graft.nn.SmallCnn;
import io.graft.numerics.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Export → import ({@link Onnx#load}) → the same outputs as the original function, eagerly and under jit, and the
 * same gradients. Tolerances as in {@link OnnxExportTest} (f32: 1e-5, contractions and models 1e-4, relative plus
 * absolute; integers and bools exact).
 */
class OnnxRoundTripTest {
  @TempDir Path dir;

  /** Every mapped primitive of {@link OnnxExportTest}'s table. */
  static Stream<OnnxExportTest.Case> primitives() { return OnnxExportTest.primitives(); }

  @ParameterizedTest(name = "{0}")
  @MethodSource("primitives")
  void importedModelComputesWhatWasExported(OnnxExportTest.Case c) {
    Path model = Onnx.export(c.f(), c.args(), dir.resolve("m.onnx"));
    Function<List<Array>, List<Array>> imported = Onnx.load(model);
    OnnxExportTest.assertClose(c.name(), c.f().apply(c.args()), imported.apply(c.args()).get(0), c.tol());
  }

  /** {@link OnnxExportTest}'s control flow: If and Loop back to cond, scan and while_loop. */
  static Stream<OnnxExportTest.Case> controlFlow() { return OnnxExportTest.controlFlow(); }

  @ParameterizedTest(name = "{0}")
  @MethodSource("controlFlow")
  void importedControlFlowComputesWhatWasExported(OnnxExportTest.Case c) {
    Path model = Onnx.export(c.f(), c.args(), dir.resolve("cf.onnx"));
    Function<List<Array>, List<Array>> imported = Onnx.load(model);
    OnnxExportTest.assertClose(c.name(), c.f().apply(c.args()), imported.apply(c.args()).get(0), c.tol());
    var jitted = Graft.jit((Function<List<Array>, Array>) args -> imported.apply(args).get(0));
    OnnxExportTest.assertClose(c.name() + " (jit)", c.f().apply(c.args()), jitted.apply(c.args()), c.tol());
  }

  @Test
  void importedMlpJitsAndHasTheOriginalsGradients() {
    Mlp mlp = Mlp.init(Random.key(31), Activation.TANH, 6, 8, 3);
    Array xs = Random.normal(Random.key(32), 4, 6);
    Function<List<Array>, List<Array>> imported = Onnx.load(Onnx.export(mlp::apply, xs, dir.resolve("mlp.onnx")));
    Function<Array, Array> net = x -> imported.apply(List.of(x)).get(0);
    OnnxExportTest.assertClose("eager", mlp.apply(xs), net.apply(xs), 1e-5);
    OnnxExportTest.assertClose("jit", mlp.apply(xs), Graft.jit(net).apply(xs), 1e-5);
    Function<Array, Array> lossOriginal = x -> Np.sum(Np.square(mlp.apply(x)));
    Function<Array, Array> lossImported = x -> Np.sum(Np.square(net.apply(x)));
    OnnxExportTest.assertClose("gradient", Graft.grad(lossOriginal::apply).apply(xs),
        Graft.grad(lossImported::apply).apply(xs), 1e-5);
  }

  @Test
  void importedCnnHasTheOriginalsOutputsAndGradients() {
    SmallCnn cnn = SmallCnn.init(Random.key(33), 8, 8, 1, 3, 4, 8, 3);
    Array xs = Random.normal(Random.key(34), 2, 8, 8, 1);
    Function<List<Array>, List<Array>> imported = Onnx.load(Onnx.export(cnn::apply, xs, dir.resolve("cnn.onnx")));
    OnnxExportTest.assertClose("cnn", cnn.apply(xs), imported.apply(List.of(xs)).get(0), 1e-4);
    Function<Array, Array> lossOriginal = x -> Np.sum(Np.square(cnn.apply(x)));
    Function<Array, Array> lossImported = x -> Np.sum(Np.square(imported.apply(List.of(x)).get(0)));
    OnnxExportTest.assertClose("cnn gradient", Graft.grad(lossOriginal::apply).apply(xs),
        Graft.grad(lossImported::apply).apply(xs), 1e-4);
  }

  @Test
  void commonCnnOperatorsImport() throws Exception {
    // Gemm (transB, alpha, beta), Relu, Flatten and Softmax, as exporters from other frameworks write them
    Array w = Random.normal(Random.key(35), 3, 4), b = Random.normal(Random.key(36), 3);
    GraphProto g = GraphProto.newBuilder().setName("g")
        .addInitializer(OnnxTensors.tensor("w", ((io.graft.trace.Const) w.value()).array()))
        .addInitializer(OnnxTensors.tensor("b", ((io.graft.trace.Const) b.value()).array()))
        .addInput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("x"))
        .addNode(NodeProto.newBuilder().setOpType("Flatten").addInput("x").addOutput("f"))
        .addNode(NodeProto.newBuilder().setOpType("Gemm").addInput("f").addInput("w").addInput("b").addOutput("y")
            .addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName("transB").setI(1)
                .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INT))
            .addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName("alpha").setF(0.5f)
                .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.FLOAT)))
        .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("y").addOutput("r"))
        .addNode(NodeProto.newBuilder().setOpType("Softmax").addInput("r").addOutput("s"))
        .addOutput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("s"))
        .build();
    Path model = dir.resolve("gemm.onnx");
    Files.write(model, ModelProto.newBuilder().setIrVersion(8).setGraph(g).build().toByteArray());
    Array x = Random.normal(Random.key(37), 2, 2, 2);
    Array want = Np.softmax(Np.relu(Np.add(Np.multiply(Np.matmul(Np.reshape(x, 2, 4), Np.transpose(w, 1, 0)),
        Array.scalar(0.5f)), b)), -1);
    OnnxExportTest.assertClose("gemm/relu/flatten/softmax", want, Onnx.load(model).apply(List.of(x)).get(0), 1e-5);
  }

  @Test
  void argMaxAndCumSumOptionsOfOtherExportersMatchOnnxRuntime() throws Exception {
    // select_last_index, keepdims, exclusive and reverse: attributes Graft's exporter never writes
    GraphProto g = GraphProto.newBuilder().setName("g")
        .addInitializer(OnnxTensors.tensor("axis", io.graft.numerics.NdArray.scalar(DType.I64, 1)))
        .addInput(valueInfo("input_0", 3, 4))
        .addNode(NodeProto.newBuilder().setOpType("ArgMax").addInput("input_0").addOutput("am")
            .addAttribute(intAttr("axis", 1)).addAttribute(intAttr("select_last_index", 1)))
        .addNode(NodeProto.newBuilder().setOpType("ArgMin").addInput("input_0").addOutput("an")
            .addAttribute(intAttr("axis", 0)).addAttribute(intAttr("keepdims", 0)))
        .addNode(NodeProto.newBuilder().setOpType("CumSum").addInput("input_0").addInput("axis").addOutput("ce")
            .addAttribute(intAttr("exclusive", 1)))
        .addNode(NodeProto.newBuilder().setOpType("CumSum").addInput("input_0").addInput("axis").addOutput("cr")
            .addAttribute(intAttr("exclusive", 1)).addAttribute(intAttr("reverse", 1)))
        .addOutput(valueInfo("am")).addOutput(valueInfo("an")).addOutput(valueInfo("ce")).addOutput(valueInfo("cr"))
        .build();
    Path model = dir.resolve("argcum.onnx");
    Files.write(model, ModelProto.newBuilder().setIrVersion(8).setGraph(g)
        .addOpsetImport(ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setVersion(18)).build().toByteArray());
    Array x = Array.of(new float[] {1, 3, 3, 0, 2, 4, 5, 5, -1, -1, -2, 7}, 3, 4);
    List<Array> ours = Onnx.load(model).apply(List.of(x));
    List<Array> ort = OnnxExportTest.run(model, List.of(x));
    String[] names = {"argmax last keepdims", "argmin", "cumsum exclusive", "cumsum exclusive reverse"};
    for (int k = 0; k < names.length; k++) OnnxExportTest.assertClose(names[k], ort.get(k), ours.get(k), 1e-6);
  }

  @Test
  void importedDynamicSliceJitsAndDifferentiates() {
    Function<List<Array>, Array> f = a -> Lax.dynamicSlice(a.get(0), new Array[] {a.get(1), a.get(2)}, new int[] {2, 3});
    List<Array> args = List.of(Random.normal(Random.key(38), 4, 5), Array.scalar(3), Array.scalar(1));
    Function<List<Array>, List<Array>> imported = Onnx.load(Onnx.export(f, args, dir.resolve("ds.onnx")));
    var jitted = Graft.jit((Function<List<Array>, Array>) a -> imported.apply(a).get(0));
    OnnxExportTest.assertClose("dynamic_slice (jit)", f.apply(args), jitted.apply(args), 0);
    Array x = args.get(0);
    Array want = Graft.grad((Array v) -> Np.sum(Np.square(f.apply(List.of(v, args.get(1), args.get(2)))))).apply(x);
    Array got = Graft.grad((Array v) -> Np.sum(Np.square(imported.apply(List.of(v, args.get(1), args.get(2))).get(0)))).apply(x);
    OnnxExportTest.assertClose("dynamic_slice grad", want, got, 0);
  }

  private static ai.onnx.proto.OnnxMl.ValueInfoProto valueInfo(String name, int... dims) {
    var shape = ai.onnx.proto.OnnxMl.TensorShapeProto.newBuilder();
    for (int d : dims) shape.addDim(ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    var b = ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName(name);
    if (dims.length > 0) b.setType(ai.onnx.proto.OnnxMl.TypeProto.newBuilder().setTensorType(ai.onnx.proto.OnnxMl.TypeProto.Tensor
        .newBuilder().setElemType(ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(shape)));
    return b.build();
  }

  private static ai.onnx.proto.OnnxMl.AttributeProto intAttr(String name, long v) {
    return ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName(name).setI(v)
        .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INT).build();
  }

  @Test
  void unsupportedOperatorsAreAllNamed() throws Exception {
    GraphProto g = GraphProto.newBuilder().setName("g")
        .addInput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("x"))
        .addNode(NodeProto.newBuilder().setOpType("LSTM").addInput("x").addOutput("y"))
        .addNode(NodeProto.newBuilder().setOpType("TopK").addInput("y").addOutput("z"))
        .addOutput(ai.onnx.proto.OnnxMl.ValueInfoProto.newBuilder().setName("z")).build();
    Path model = dir.resolve("lstm.onnx");
    Files.write(model, ModelProto.newBuilder().setGraph(g).build().toByteArray());
    OnnxImportError e = assertThrows(OnnxImportError.class, () -> Onnx.load(model));
    assertTrue(e.getMessage().contains("LSTM") && e.getMessage().contains("TopK"), e.getMessage());
    Files.write(dir.resolve("junk.onnx"), new byte[] {1, 2, 3, 4, 5});
    assertThrows(FileFormatError.class, () -> Onnx.load(dir.resolve("junk.onnx")));
  }
}
