package io.graft.io;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import io.graft.Array;
import io.graft.Graft;
import io.graft.jit.Passes;
import io.graft.trace.Graph;
import io.graft.trace.Graphs;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * ONNX export: {@code f}'s graph, traced on example arguments and optimised by jit's pass pipeline, as an ONNX model
 * (opset {@value #OPSET}) that ONNX Runtime and other ONNX consumers run.
 *
 * <pre>{@code
 * Mlp model = Mlp.init(key, 784, 128, 10);
 * Onnx.export(model::apply, Np.zeros(Np.float32, 2, 784), Path.of("mlp.onnx"));             // f32[2,784] -> f32[2,10]
 * Onnx.export(model::apply, Np.zeros(Np.float32, 2, 784), Path.of("mlp.onnx"), Onnx.Options.withDynamicBatch());
 * }</pre>
 *
 * <p><b>The model.</b> Parameters are the leaves of the example argument in flattening order ({@code input_0},
 * {@code input_1}, ...), results the leaves of what {@code f} returns ({@code output_0}, ...); arrays {@code f} closes
 * over (a model's weights) are initialisers. Each primitive becomes one node or a few: elementwise math and
 * comparisons, {@code select_n} (Where), reductions (ReduceSum/Max/Min/Prod), {@code dot_general} (MatMul or
 * Einsum), broadcast/reshape/squeeze/transpose/rev/slice/concatenate/pad/convert, convolutions (Conv between
 * Transposes for channels-last layouts), {@code reduce_window} max/min/sum (MaxPool, AveragePool) and embedding-style
 * {@code gather} (Gather); control flow stays control flow: {@code cond}/{@code switch} → If (nested for more than two
 * branches), {@code while_loop} → Loop with a predicate, {@code scan} → Loop with a trip count whose scan outputs are
 * the stacked ys. {@code custom_jvp}/{@code custom_vjp} functions and checkpoints export their primal computation.
 *
 * <p><b>Dynamic batch.</b> With {@link Options#withDynamicBatch()} axis 0 of every parameter is the symbolic
 * {@code batch}, and so is axis 0 of every value derived from one that keeps the example's batch size there; the model
 * then runs at any batch size; a traced value broadcast to a new axis 0 of the batch size joins it. Arrays that are
 * concrete while tracing (closed over, or computed from closed-over arrays alone) keep the example's sizes, and values
 * that depend on the batch size itself (a mean over the batch divides by the example's size) keep the example's
 * constant.
 *
 * <p><b>Errors.</b> A graph with primitives that have no ONNX mapping (scatter, argsort, cumulative reductions, shifts,
 * {@code atan2}, ...) throws one {@link OnnxExportError} naming all of them and the function; nothing is written.
 * The file is written atomically (a temporary file renamed over the target).
 */
public final class Onnx {
  /** The ONNX operator set the models import (default domain). */
  public static final int OPSET = 18;

  /** The ONNX IR version the models declare (IR 8 goes with opset 18). */
  public static final int IR_VERSION = 8;

  private Onnx() {}

  /**
   * Export options.
   *
   * @param dynamicBatch axis 0 of the parameters (and the values derived from them) is the symbolic {@code batch}
   * @param modelName    the graph's name in the model
   */
  public record Options(boolean dynamicBatch, String modelName) {
    /**
     * Validates.
     *
     * @param dynamicBatch as the record component
     * @param modelName    as the record component; not null
     */
    public Options {
      Objects.requireNonNull(modelName, "modelName is null");
    }

    /**
     * Fixed shapes, the example's; graph name {@code graft}.
     *
     * @return the defaults
     */
    public static Options defaults() { return new Options(false, "graft"); }

    /**
     * A dynamic batch axis (axis 0 of every parameter).
     *
     * @return the options
     */
    public static Options withDynamicBatch() { return new Options(true, "graft"); }
  }

  /**
   * Exports {@code f} traced on {@code exampleArgs} to {@code path}, with fixed shapes.
   *
   * @param f           the function: a pytree of arrays to a pytree of arrays
   * @param exampleArgs a pytree of arrays (concrete or {@code ShapeDtype}) giving the parameters' shapes and dtypes
   * @param path        the model file, written atomically
   * @param <P>         the argument type
   * @return {@code path}
   * @throws OnnxExportError when the graph holds primitives with no ONNX mapping
   */
  public static <P> Path export(Function<P, ?> f, P exampleArgs, Path path) {
    return export(f, exampleArgs, path, Options.defaults());
  }

  /**
   * Exports {@code f} traced on {@code exampleArgs} to {@code path}.
   *
   * @param f           the function: a pytree of arrays to a pytree of arrays
   * @param exampleArgs a pytree of arrays (concrete or {@code ShapeDtype}) giving the parameters' shapes and dtypes
   * @param path        the model file, written atomically
   * @param options     dynamic batch axis and model name
   * @param <P>         the argument type
   * @return {@code path}
   * @throws OnnxExportError when the graph holds primitives with no ONNX mapping
   */
  public static <P> Path export(Function<P, ?> f, P exampleArgs, Path path, Options options) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(exampleArgs, "exampleArgs is null");
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(options, "options is null");
    String site = callSite();
    byte[] bytes = toModel(Graft.makeGraph(f).apply(exampleArgs), site, options).toByteArray();
    AtomicFile.write(path, out -> out.write(bytes), UnaryOperator.identity());
    return path;
  }

  /**
   * One quantized layer of a QDQ export ({@link #exportQdq}), a matrix product or a 2-D convolution: the u8 parameters
   * of its input and its per-output-channel symmetric i8 weights.
   *
   * @param inputScale     the activation's scale {@code s_x}
   * @param inputZeroPoint the activation's u8 zero point {@code z_x}
   * @param weights        i8 {@code [out, in]} for a product (one row per output channel), {@code [out, kh, kw, in]}
   *                       (OHWI) for a convolution
   * @param weightScales   f32 {@code [out]}, zero points 0
   */
  public record QdqLayer(float inputScale, int inputZeroPoint, Array weights, Array weightScales) {
    /** Checks the arguments. */
    public QdqLayer {
      Objects.requireNonNull(weights, "weights is null");
      Objects.requireNonNull(weightScales, "weightScales is null");
      if (weights.dtype() != io.graft.numerics.DType.I8 || (weights.ndim() != 2 && weights.ndim() != 4)
          || weightScales.ndim() != 1 || weightScales.shape()[0] != weights.shape()[0])
        throw new io.graft.numerics.ShapeError("QdqLayer: weights must be i8[out, in] or i8[out, kh, kw, in] and "
            + "weightScales f32[out], got " + weights.dtype() + java.util.Arrays.toString(weights.shape()) + " and "
            + weightScales.dtype() + java.util.Arrays.toString(weightScales.shape()));
    }
  }

  /**
   * Exports a quantized model as ONNX QDQ: {@code f} is the model in f32 with its kernels dequantized
   * ({@code W = W_q · s_W}) and applied as {@code x.matmul(kernel)} or as a convolution; it is lowered as {@link #export}
   * lowers any function, then every MatMul and Conv whose weight is an initialiser (for a Conv, through the layout
   * Transpose) is matched to the layer of {@code layers} whose dequantized weights it holds, bit for bit: its f32
   * weight is replaced by {@code DequantizeLinear} of the i8 weights (per output channel) and the tensor it reads
   * (before any layout Transpose) passes through {@code QuantizeLinear}/{@code DequantizeLinear} with the u8
   * parameters, for every reader of that tensor (so a residual shortcut reads the same quantized values as the next
   * layer). Everything else (biases, activations, additions, pooling) stays f32. ONNX Runtime fuses these pairs into
   * integer kernels. {@code io.graft.quant}'s models call this from their {@code exportOnnx}.
   *
   * @param f           the dequantized f32 model
   * @param exampleArgs its example arguments
   * @param layers      the quantized layers, one per weight MatMul or Conv of the graph, in any order
   * @param path        the model file, written atomically
   * @param options     dynamic batch axis and model name
   * @param <P>         the argument type
   * @return {@code path}
   * @throws OnnxExportError when a primitive has no mapping, or a weight MatMul or Conv matches no layer, or a layer no
   *                         node, or one tensor would be quantized with two parameter sets
   */
  public static <P> Path exportQdq(Function<P, ?> f, P exampleArgs, java.util.List<QdqLayer> layers, Path path,
                                   Options options) {
    Objects.requireNonNull(f, "f is null");
    Objects.requireNonNull(exampleArgs, "exampleArgs is null");
    Objects.requireNonNull(layers, "layers is null");
    Objects.requireNonNull(path, "path is null");
    Objects.requireNonNull(options, "options is null");
    String site = callSite();
    ModelProto model = OnnxQdq.rewrite(toModel(Graft.makeGraph(f).apply(exampleArgs), site, options), layers, site);
    byte[] bytes = model.toByteArray();
    AtomicFile.write(path, out -> out.write(bytes), UnaryOperator.identity());
    return path;
  }

  /**
   * The ONNX model of a graph (after jit's passes), as bytes: what {@link #export} writes.
   *
   * @param graph   a graph, e.g. from {@link Graft#makeGraph}
   * @param options dynamic batch axis and model name
   * @return the serialised {@code ModelProto}
   * @throws OnnxExportError when the graph holds primitives with no ONNX mapping
   */
  public static byte[] toBytes(Graph graph, Options options) {
    Objects.requireNonNull(graph, "graph is null");
    Objects.requireNonNull(options, "options is null");
    return toModel(graph, "graph", options).toByteArray();
  }

  /**
   * Loads an ONNX model as a Graft function of its (non-initialiser) inputs, in order, to its outputs: each node runs
   * as Graft operations, so the function can be jitted, differentiated ({@code Graft.grad} through it) and fine-tuned
   * (weights are closed-over arrays: export the function of weights and inputs to train them). Evaluates the
   * operators {@link #export} writes, plus Gemm, Relu, Flatten, Softmax, GlobalAveragePool, BatchNormalization
   * (inference) and ReduceMean; If becomes {@code Lax.cond}, a Loop with a trip count {@code Lax.scan} (its predicate
   * must not stop early) and one without {@code Lax.whileLoop}.
   *
   * <pre>{@code
   * Function<List<Array>, List<Array>> net = Onnx.load(Path.of("mlp.onnx"));
   * Array logits = net.apply(List.of(images)).get(0);
   * }</pre>
   *
   * @param path the model file
   * @return the model as a function of a list of arrays (one per input) to the list of its outputs
   * @throws FileFormatError when the file is not an ONNX model
   * @throws OnnxImportError when the model uses operators Graft does not evaluate (all of them are named)
   */
  public static Function<java.util.List<Array>, java.util.List<Array>> load(Path path) {
    Objects.requireNonNull(path, "path is null");
    ModelProto model;
    try {
      model = ModelProto.parseFrom(java.nio.file.Files.readAllBytes(path));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new FileFormatError("Onnx.load(" + path + "): not an ONNX model (" + e.getMessage() + ")", e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Onnx.load(" + path + "): " + e.getMessage(), e);
    }
    OnnxImport imported = new OnnxImport(model.getGraph(), path.toString());
    return imported::apply;
  }

  private static ModelProto toModel(Graph traced, String function, Options options) {
    Graph g = traced;
    for (Passes.Pass pass : Passes.PIPELINE) g = pass.run().apply(g);
    Graphs.check(g);
    OnnxLowering lowering = new OnnxLowering(options.dynamicBatch());
    GraphProto.Builder graph = lowering.lower(g, options.modelName());
    if (!lowering.unmapped().isEmpty())
      throw new OnnxExportError("exportOnnx(" + function + "): no ONNX mapping for " + lowering.unmapped().size()
          + " primitive(s): " + String.join("; ", lowering.unmapped()) + ". Rewrite those parts with mapped"
          + " operations, or compute them outside the exported function (the graph: " + g.eqns().size()
          + " equations after jit's passes).");
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("graft")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph)
        .build();
  }

  /** {@code fn @ File.java:line}: the first frame outside this class. */
  private static String callSite() {
    return StackWalker.getInstance().walk(frames -> frames
        .filter(fr -> !fr.getClassName().equals(Onnx.class.getName()))
        .findFirst()
        .map(fr -> "fn @ " + fr.getFileName() + ":" + fr.getLineNumber())
        .orElse("fn"));
  }
}
