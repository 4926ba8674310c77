package io.graft.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OrtException;
import io.graft.Array;
import io.graft.Random;
import io.graft.io.OnnxExportError;
import io.graft.nn.Dense;
import io.graft.nn.ResNet;
import io.graft.nn.SmallCnn;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * INT8 ResNets (BatchNorm folded, residual additions in f32) track the f32 network in evaluation mode, and their QDQ
 * export (and the SmallCnn's) runs in ONNX Runtime 1.29.0 with the same logits as Graft's integer inference.
 *
 * <p>Tolerance against ONNX Runtime: both multiply the same u8 codes by the same i8 weights, but ONNX Runtime adds
 * the f32 terms in its own order, so a value within float rounding of a code boundary can land on the neighbouring
 * code and move later layers by about one quantization step; the median logit agrees to float rounding, the largest
 * difference stays a small fraction of the logits' range.
 */
class QuantizedResNetTest {
  @TempDir Path dir;

  /** A small ResNet of the same structure: stem 3→8, blocks 8→8 (identity) and 8→16 (stride 2, projection), fc 16→5. */
  static ResNet tiny(boolean pool) {
    Array k = Random.split(Random.key(11), 4);
    return new ResNet(ResNet.ConvNorm.init(k.get(0), 3, 8, 3, pool ? 2 : 1), pool,
        Vector.of(ResNet.BasicBlock.init(k.get(1), 8, 8, 1), ResNet.BasicBlock.init(k.get(2), 8, 16, 2)),
        Dense.init(k.get(3), 16, 5));
  }

  /** Running statistics away from (0, 1): a few training-mode calls on shifted inputs. */
  static ResNet.State trained(ResNet net, Array images) {
    ResNet.State s = net.initState();
    for (int i = 0; i < 4; i++) {
      Tuple2<Array, ResNet.State> r = net.apply(images.mul(1.5).add(0.3), s, true);
      s = r._2;
    }
    return s;
  }

  @Test void int8ResNetTracksTheF32NetworkInEvaluationMode() {
    for (boolean pool : new boolean[] {false, true}) {
      ResNet net = tiny(pool);
      Array calib = Random.uniform(Random.key(12), 32, 16, 16, 3), x = Random.uniform(Random.key(13), 40, 16, 16, 3);
      ResNet.State state = trained(net, calib);
      QuantizedResNet q = Quantize.resnet(net, state, List.of(calib), Calibrator.minMax());
      float[] f = net.apply(x, state, false)._1.toFloatArray(), d = q.dequantizedApply(x).toFloatArray(),
          g = q.apply(x).toFloatArray();
      assertEquals(f.length, g.length);
      float max = 0, err = 0;
      for (int i = 0; i < f.length; i++) { max = Math.max(max, Math.abs(f[i])); err = Math.max(err, Math.abs(f[i] - g[i])); }
      assertTrue(max > 0.1f, "logits " + max);
      assertTrue(err <= 0.08f * max, "pool " + pool + ": max |int8 - f32| " + err + " against logits up to " + max);
      float derr = 0;                          // the folded, dequantized f32 network: weights rounded to i8 only
      for (int i = 0; i < f.length; i++) derr = Math.max(derr, Math.abs(f[i] - d[i]));
      assertTrue(derr <= 0.05f * max, "pool " + pool + ": max |dequantized - f32| " + derr);
    }
  }

  @Test void foldingUsesTheRunningStatistics() {
    ResNet net = tiny(false);
    Array calib = Random.uniform(Random.key(14), 16, 12, 12, 3);
    ResNet.State state = trained(net, calib);
    QuantizedResNet fresh = Quantize.resnet(net, net.initState(), List.of(calib), Calibrator.minMax());
    QuantizedResNet folded = Quantize.resnet(net, state, List.of(calib), Calibrator.minMax());
    float[] f = net.apply(calib, state, false)._1.toFloatArray(), good = folded.dequantizedApply(calib).toFloatArray(),
        bad = fresh.dequantizedApply(calib).toFloatArray();
    double eGood = 0, eBad = 0;
    for (int i = 0; i < f.length; i++) { eGood += Math.abs(f[i] - good[i]); eBad += Math.abs(f[i] - bad[i]); }
    assertTrue(eGood * 5 < eBad, "folding with the trained statistics " + eGood + " vs the initial ones " + eBad);
  }

  @Test void qdqResNetInOnnxRuntimeMatchesGraftInt8() throws IOException, OrtException {
    for (boolean pool : new boolean[] {false, true}) {
      ResNet net = tiny(pool);
      Array calib = Random.uniform(Random.key(15), 32, 16, 16, 3), x = Random.uniform(Random.key(16), 24, 16, 16, 3);
      QuantizedResNet q = Quantize.resnet(net, trained(net, calib), List.of(calib), Calibrator.minMax());
      Path model = q.exportOnnx(dir.resolve("resnet-" + pool + ".onnx"), 16, 16, true);
      ModelProto proto = ModelProto.parseFrom(Files.readAllBytes(model));
      List<String> ops = proto.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
      // quantized tensors: the input, each block's input and middle, the pooled features: 1 + 2·2 + 1
      assertEquals(6, ops.stream().filter("QuantizeLinear"::equals).count(), ops.toString());
      // weights: the stem, 2 + 2 block convolutions, 1 projection, the fc; plus one per quantized tensor
      assertEquals(7 + 6, ops.stream().filter("DequantizeLinear"::equals).count(), ops.toString());
      // a weight has two or more axes longer than 1 (a broadcast bias [1, 1, 1, c] has one)
      assertTrue(proto.getGraph().getInitializerList().stream().noneMatch(t -> t.getDataType() == 1
          && t.getDimsList().stream().filter(d -> d > 1).count() >= 2), "no f32 weight is left");
      agree(q.apply(x).toFloatArray(), QuantizedOnnxTest.run(model, x, 5), "pool " + pool);
    }
  }

  @Test void qdqSmallCnnInOnnxRuntimeMatchesGraftInt8() throws IOException, OrtException {
    SmallCnn cnn = SmallCnn.init(Random.key(17), 12, 12, 1, 6, 8, 24, 5);
    Array calib = Random.uniform(Random.key(18), 64, 12, 12, 1), x = Random.uniform(Random.key(19), 50, 12, 12, 1);
    QuantizedCnn q = Quantize.smallCnn(cnn, List.of(calib), Calibrator.minMax());
    Path model = q.exportOnnx(dir.resolve("cnn.onnx"), 12, 12, true);
    List<String> ops = ModelProto.parseFrom(Files.readAllBytes(model)).getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    assertEquals(4, ops.stream().filter("QuantizeLinear"::equals).count(), ops.toString());
    agree(q.apply(x).toFloatArray(), QuantizedOnnxTest.run(model, x, 5), "SmallCnn");
  }

  @Test void exportNamesAWeightThatMatchesNoLayer() {
    SmallCnn cnn = SmallCnn.init(Random.key(20), 8, 8, 1, 4, 4, 8, 3);
    QuantizedCnn q = Quantize.smallCnn(cnn, List.of(Random.uniform(Random.key(21), 8, 8, 8, 1)), Calibrator.minMax());
    OnnxExportError e = assertThrows(OnnxExportError.class, () -> io.graft.io.Onnx.exportQdq(cnn::apply,
        io.graft.Np.zeros(io.graft.numerics.DType.F32, 1, 8, 8, 1), List.of(q.conv1().qdq(), q.conv2().qdq(),
            q.hidden().qdq(), q.output().qdq()), dir.resolve("bad.onnx"), io.graft.io.Onnx.Options.defaults()));
    assertTrue(e.getMessage().contains("matches none of the 4 quantized layers"), e.getMessage());
  }

  private static void agree(float[] graft, float[] ort, String what) {
    assertEquals(graft.length, ort.length);
    float max = 0;
    float[] diffs = new float[graft.length];
    for (int i = 0; i < graft.length; i++) { max = Math.max(max, Math.abs(graft[i])); diffs[i] = Math.abs(graft[i] - ort[i]); }
    java.util.Arrays.sort(diffs);
    assertTrue(diffs[diffs.length / 2] <= 1e-4f * (1 + max), what + ": median |Graft - ORT| " + diffs[diffs.length / 2]);
    assertTrue(diffs[diffs.length - 1] <= 0.02f * max, what + ": max |Graft - ORT| " + diffs[diffs.length - 1] + " against logits up to " + max);
  }
}
