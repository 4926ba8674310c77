package io.graft.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.graft.Array;
import io.graft.Graft;
import io.graft.JittedArrayFn;
import io.graft.Random;
import io.graft.data.Dataset;
import io.graft.data.Examples;
import io.graft.data.Splits;
import io.graft.io.Onnx;
import io.graft.nn.Activation;
import io.graft.nn.Metrics;
import io.graft.nn.Mlp;
import io.graft.optim.Optim;
import io.graft.quant.Calibrator;
import io.graft.quant.Quantize;
import io.graft.quant.QuantizedMlp;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.*;

/**
 * W11: inference of the W10 MLP (784-256-10, ReLU) in f32 and int8, in Graft and in ONNX Runtime, at batch 1 and 256.
 * {@code graftF32}: the model's {@code apply} under {@code Graft.jit}; {@code graftInt8}: {@link QuantizedMlp#apply}
 * (u8 activations, per-channel i8 weights, i32 accumulation; min-max calibration on 1024 inputs); {@code ortF32} and
 * {@code ortQdq}: ONNX Runtime 1.29.0 (CPU, default session options) on {@code Onnx.export} of the f32 model and on
 * {@link QuantizedMlp#exportOnnx} (QDQ), both with a dynamic batch axis. Figure: calls per second (rows per second =
 * calls × batch). Inputs are uniform in [0, 1) like scaled images; the weights are Dense's initialisation (throughput
 * does not depend on them). {@link #main} trains the model on Fashion-MNIST and prints the accuracy of f32 against
 * int8 (both calibrators) and of ONNX Runtime on the QDQ export over the 10,000 test images.
 */
@State(Scope.Benchmark)
public class W11Quantized extends W11Inference {
  /** Rows per call. */
  @Param({"1", "256"})
  public int batch;

  @Setup(Level.Trial) public void setup() throws IOException, OrtException {
    Mlp mlp = Mlp.init(Random.key(0), Activation.RELU, W10FashionMnist.IN, W10FashionMnist.HIDDEN, W10FashionMnist.CLASSES);
    List<Array> calibration = new ArrayList<>();
    for (int i = 0; i < 4; i++) calibration.add(Random.uniform(Random.key(100 + i), 256, W10FashionMnist.IN));
    QuantizedMlp int8 = Quantize.mlp(mlp, calibration, Calibrator.minMax());
    JittedArrayFn f32 = Graft.jit((Array in) -> mlp.apply(in));
    Array x = Random.uniform(Random.key(1), batch, W10FashionMnist.IN);
    Path dir = directory();
    use(f32::apply, int8::apply, Onnx.export(mlp::apply, x, dir.resolve("mlp.onnx"), Onnx.Options.withDynamicBatch()),
        int8.exportOnnx(dir.resolve("mlp-qdq.onnx"), true), x);
  }

  /**
   * Accuracy on the Fashion-MNIST test set: trains the W10 MLP for {@code args[0]} epochs (default 3; W10's Adam step,
   * batch 128), quantizes it with min-max and with percentile(99.99) calibration on the first 8 training batches, and
   * prints f32, int8 and ONNX Runtime QDQ accuracy.
   *
   * @param args optional epoch count
   * @throws Exception when the data files are missing or ONNX Runtime fails
   */
  public static void main(String[] args) throws Exception {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Splits data = W10FashionMnist.load();
    var adam = Optim.adam(W10FashionMnist.LR);
    var step = W10FashionMnist.jitStep(adam);
    var state = W10FashionMnist.init(0, adam);
    Dataset<Examples> train = Dataset.of(data.train());
    for (int e = 1; e <= epochs; e++) {
      var batches = train.batches(W10FashionMnist.BATCH, e, Dataset.Remainder.DROP);
      while (batches.hasNext()) state = step.apply(state, batches.next().data())._1;
    }
    Mlp mlp = state.model();
    List<Array> calibration = new ArrayList<>();
    var it = train.batches(W10FashionMnist.BATCH, 0, Dataset.Remainder.DROP);
    for (int i = 0; i < 8 && it.hasNext(); i++) calibration.add(it.next().data().inputs());
    Examples test = data.test();
    double f32 = accuracy(mlp.apply(test.inputs()), test.labels());
    System.out.printf(Locale.ROOT, "W11 accuracy after %d epochs: f32 %.4f%n", epochs, f32);
    for (Calibrator c : List.of(Calibrator.minMax(), Calibrator.percentile(99.99))) {
      QuantizedMlp q = Quantize.mlp(mlp, calibration, c);
      double int8 = accuracy(q.apply(test.inputs()), test.labels());
      Path model = Files.createTempFile("w11-qdq", ".onnx");
      q.exportOnnx(model, true);
      double ort = ortAccuracy(model, test);
      Files.delete(model);
      System.out.printf(Locale.ROOT, "W11 int8 (%s): Graft %.4f (%+.2f points), ONNX Runtime QDQ %.4f%n", c, int8,
          100 * (int8 - f32), ort);
    }
  }

  private static double accuracy(Array logits, Array labels) { return Metrics.accuracy(logits, labels).item().doubleValue(); }

  private static double ortAccuracy(Path model, Examples test) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int n = test.size();
    try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
         OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(test.inputs().toFloatArray()), new long[] {n, W10FashionMnist.IN});
         OrtSession.Result r = s.run(Map.of("input_0", in))) {
      float[] logits = new float[n * W10FashionMnist.CLASSES];
      ((OnnxTensor) r.get(0)).getFloatBuffer().get(logits);
      return accuracy(Array.of(logits, n, W10FashionMnist.CLASSES), test.labels());
    }
  }
}
