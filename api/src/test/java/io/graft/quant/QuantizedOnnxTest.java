package io.graft.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.graft.Array;
import io.graft.Random;
import io.graft.nn.Activation;
import io.graft.nn.Mlp;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QDQ export of a quantized MLP runs in ONNX Runtime 1.29.0 and agrees with Graft's integer inference.
 *
 * <p>Tolerance: both compute exact integer (or exactly representable) products from the same u8 and i8 values, but a
 * hidden activation whose f32 value {@code y / s_h} lands within float rounding of a .5 boundary may round to
 * neighbouring u8 codes in the two runtimes (they order the scale, bias and ReLU arithmetic differently). So each
 * logit {@code j} may differ by one quantization step of every hidden unit, {@code s_h · Σ_i |W2[i, j]|}, at most;
 * in practice almost every logit agrees to float rounding, which the median check asserts.
 */
class QuantizedOnnxTest {
  @TempDir Path dir;

  @Test void qdqModelInOnnxRuntimeMatchesGraftInt8() throws IOException, OrtException {
    Mlp mlp = Mlp.init(Random.key(3), Activation.RELU, 64, 48, 10);
    Array calib = Random.normal(Random.key(4), 256, 64);
    QuantizedMlp q = Quantize.mlp(mlp, List.of(calib), Calibrator.minMax());
    Path model = q.exportOnnx(dir.resolve("mlp-qdq.onnx"), true);

    ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(model));
    List<String> ops = proto.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    assertEquals(2, ops.stream().filter("QuantizeLinear"::equals).count(), ops.toString());
    assertEquals(4, ops.stream().filter("DequantizeLinear"::equals).count(), ops.toString());
    assertTrue(proto.getGraph().getInitializerList().stream().noneMatch(t -> t.getDataType() == 1 && t.getDimsCount() == 2),
        "no f32 weight matrix is left");

    Array x = Random.normal(Random.key(5), 200, 64);
    float[] graft = q.apply(x).toFloatArray(), ort = run(model, x, 10);
    QuantizedDense last = q.layers().last();
    float[] w2 = last.dequantized().kernel().toFloatArray();
    float sh = last.input().scale();
    float[] diffs = new float[graft.length];
    for (int r = 0; r < 200; r++)
      for (int j = 0; j < 10; j++) {
        double bound = 1e-4;
        for (int i = 0; i < 48; i++) bound += sh * Math.abs(w2[i * 10 + j]);
        float d = Math.abs(graft[r * 10 + j] - ort[r * 10 + j]);
        diffs[r * 10 + j] = d;
        assertTrue(d <= bound, "row " + r + " logit " + j + ": Graft " + graft[r * 10 + j] + " vs ORT " + ort[r * 10 + j]);
      }
    java.util.Arrays.sort(diffs);
    assertTrue(diffs[diffs.length / 2] < 1e-4, "median |Graft - ORT| " + diffs[diffs.length / 2]);
  }

  @Test void dequantizedModelIsTheF32FormOfTheIntegerOne() {
    Mlp mlp = Mlp.init(Random.key(6), Activation.RELU, 16, 8, 3);
    QuantizedMlp q = Quantize.mlp(mlp, List.of(Random.normal(Random.key(7), 32, 16)), Calibrator.minMax());
    Mlp back = q.dequantized();
    float[] k = mlp.layers().get(0).kernel().toFloatArray(), kb = back.layers().get(0).kernel().toFloatArray();
    float[] s = q.layers().get(0).weightScales().toFloatArray();
    for (int i = 0; i < k.length; i++) assertTrue(Math.abs(k[i] - kb[i]) <= s[i % 8] / 2 + 1e-7, "kernel element " + i);
    assertArrayEquals(mlp.layers().get(0).bias().toFloatArray(), back.layers().get(0).bias().toFloatArray());
  }

  static float[] run(Path model, Array x, int outWidth) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
         OrtSession s = env.createSession(model.toString(), opts);
         OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()),
             java.util.Arrays.stream(x.shape()).asLongStream().toArray());
         OrtSession.Result r = s.run(Map.of("input_0", in))) {
      FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] out = new float[x.shape()[0] * outWidth];
      b.get(out);
      return out;
    }
  }
}
