package io.graft.benchmarks;

import ai.onnxruntime.OrtException;
import io.graft.Array;
import io.graft.Graft;
import io.graft.JittedArrayFn;
import io.graft.Random;
import io.graft.io.Onnx;
import io.graft.nn.ResNet;
import io.graft.nn.SmallCnn;
import io.graft.quant.Calibrator;
import io.graft.quant.Quantize;
import io.graft.quant.QuantizedCnn;
import io.graft.quant.QuantizedResNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.openjdk.jmh.annotations.*;

/**
 * W11 for the convolutional models: inference of the demo's {@link SmallCnn} (Fashion-MNIST, {@code 28×28×1}, conv 16
 * and 32, dense 128, as {@code ./graft demo} trains it) and of the reference ResNet-18 ({@link ResNet#resnet18}, the
 * W7 network, evaluation mode, {@code 32×32×3}), in f32 and int8, in Graft and in ONNX Runtime, at batch 1 and 256.
 * {@code graftF32}: the model under {@code Graft.jit}; {@code graftInt8}: {@link QuantizedCnn#apply} /
 * {@link QuantizedResNet#apply} (BatchNorm folded; min-max calibration on 64 images); {@code ortF32} and
 * {@code ortQdq}: ONNX Runtime 1.29.0 (CPU, default session options) on {@code Onnx.export} of the f32 model and on
 * the models' QDQ {@code exportOnnx}, both with a dynamic batch axis. Figure: calls per second (images per second =
 * calls × batch). Inputs uniform in [0, 1); weights are the models' initialisation and the ResNet's running
 * statistics its initial ones (throughput does not depend on them; {@link W11Quantized#main} measures accuracy).
 */
@State(Scope.Benchmark)
public class W11Models extends W11Inference {
  /** {@code cnn} (the demo's model) or {@code resnet18} (the W7 network). */
  @Param({"cnn", "resnet18"})
  public String model;

  /** Images per call. */
  @Param({"1", "256"})
  public int batch;

  @Setup(Level.Trial) public void setup() throws IOException, OrtException {
    boolean cnn = model.equals("cnn");
    if (!cnn && !model.equals("resnet18")) throw new IllegalArgumentException("W11Models: model is cnn or resnet18, got " + model);
    int side = cnn ? 28 : 32, channels = cnn ? 1 : 3;
    List<Array> calibration = new ArrayList<>();
    for (int i = 0; i < 2; i++) calibration.add(Random.uniform(Random.key(100 + i), 32, side, side, channels));
    Array x = Random.uniform(Random.key(1), batch, side, side, channels);
    Path dir = directory();
    Function<Array, Array> f, int8;
    Path qdq;
    if (cnn) {
      SmallCnn m = SmallCnn.init(Random.key(0), side, side, channels, 16, 32, 128, 10);
      QuantizedCnn q = Quantize.smallCnn(m, calibration, Calibrator.minMax());
      f = m::apply;
      int8 = q::apply;
      qdq = q.exportOnnx(dir.resolve("cnn-qdq.onnx"), side, side, true);
    } else {
      ResNet m = ResNet.resnet18(Random.key(7), 10);
      ResNet.State s = m.initState();
      QuantizedResNet q = Quantize.resnet(m, s, calibration, Calibrator.minMax());
      f = in -> m.apply(in, s, false)._1;
      int8 = q::apply;
      qdq = q.exportOnnx(dir.resolve("resnet-qdq.onnx"), side, side, true);
    }
    JittedArrayFn f32 = Graft.jit((Array in) -> f.apply(in));
    use(f32::apply, int8, Onnx.export(f, x, dir.resolve("f32.onnx"), Onnx.Options.withDynamicBatch()), qdq, x);
  }
}
