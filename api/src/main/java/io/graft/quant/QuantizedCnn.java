package io.graft.quant;

import io.graft.Array;
import io.graft.Np;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.QuantGemm;

/**
 * The int8 form of {@link io.graft.nn.SmallCnn} (the Fashion-MNIST demo's model): conv → ReLU → 2×2 max-pool → conv →
 * ReLU → 2×2 max-pool → flatten → dense → ReLU → dense. Activations stay u8 from the input to the logits: each
 * convolution's ReLU output is quantized with the parameters of the next layer's input, and the max-pools run on the
 * u8 codes (quantization is monotone, so pooling codes equals quantizing the pooled values).
 * <pre>{@code
 * QuantizedCnn q = Quantize.smallCnn(cnn, batches, Calibrator.percentile(99.99));
 * Array logits = q.apply(images);         // f32[n, 28, 28, 1] -> f32[n, 10]
 * }</pre>
 *
 * @param conv1  first convolution
 * @param conv2  second convolution
 * @param hidden the hidden dense layer
 * @param output the output dense layer
 */
public record QuantizedCnn(QuantizedConv conv1, QuantizedConv conv2, QuantizedDense hidden, QuantizedDense output) {
  /**
   * The logits for f32 images {@code [n, h, w, c]}.
   *
   * @param x a concrete f32 array
   * @return f32 {@code [n, classes]}
   */
  public Array apply(Array x) {
    NdArray a = Quantize.concrete("QuantizedCnn.apply", x, DType.F32);
    if (a.rank() != 4 || a.shape().dim(3) != conv1.in())
      throw new ShapeError("QuantizedCnn.apply: expected f32[n, h, w, " + conv1.in() + "] images, got " + a.dtype() + a.shape());
    int n = a.shape().dim(0), h = a.shape().dim(1), w = a.shape().dim(2);
    byte[] q = QuantGemm.quantizeU8(a.f32(), conv1.input().scale(), conv1.input().zeroPoint());
    int[] o1 = conv1.outSize(h, w);
    byte[] y1 = new byte[n * o1[0] * o1[1] * conv1.out()];
    conv1.forward(q, n, h, w, true, conv2.input(), y1, null);
    byte[] p1 = pool(y1, n, o1[0], o1[1], conv1.out());
    int h2 = o1[0] / 2, w2 = o1[1] / 2;
    int[] o2 = conv2.outSize(h2, w2);
    byte[] y2 = new byte[n * o2[0] * o2[1] * conv2.out()];
    conv2.forward(p1, n, h2, w2, true, hidden.input(), y2, null);
    byte[] p2 = pool(y2, n, o2[0], o2[1], conv2.out());
    if (p2.length / n != hidden.in())
      throw new ShapeError("QuantizedCnn.apply: images f32" + a.shape() + " flatten to " + p2.length / n + " features, the hidden layer takes "
          + hidden.in());
    byte[] y3 = new byte[n * hidden.out()];
    hidden.forward(p2, n, true, output.input(), y3, null);
    float[] logits = new float[n * output.out()];
    output.forward(y3, n, false, null, null, logits);
    return Quantize.wrap(NdArray.wrap(Shape.of(n, output.out()), logits));
  }

  /**
   * The f32 network with every kernel dequantized: what the integer network computes, up to the quantization of the
   * activations.
   *
   * @param x f32 {@code [n, h, w, channels]}
   * @return f32 {@code [n, classes]}
   */
  public Array dequantizedApply(Array x) {
    java.util.Objects.requireNonNull(x, "x is null");
    io.graft.nn.MaxPool pool = io.graft.nn.MaxPool.of(2, 2);
    Array h = pool.apply(Np.relu(conv1.dequantized().apply(x)));
    h = new io.graft.nn.Flatten(1).apply(pool.apply(Np.relu(conv2.dequantized().apply(h))));
    return output.dequantized().apply(Np.relu(hidden.dequantized().apply(h)));
  }

  /**
   * Writes this model as ONNX QDQ ({@link io.graft.io.Onnx#exportQdq}): input {@code input_0} f32 {@code [batch, h, w,
   * channels]}, output {@code output_0} f32 {@code [batch, classes]}; both convolutions and both dense layers read
   * their input through QuantizeLinear/DequantizeLinear with its u8 parameters and their weights as i8 with
   * per-output-channel DequantizeLinear; pooling, biases and activations in f32.
   *
   * @param path         the model file, written atomically
   * @param height       the input's height
   * @param width        the input's width
   * @param dynamicBatch whether axis 0 is the symbolic {@code batch} (else the model takes one image)
   * @return {@code path}
   */
  public java.nio.file.Path exportOnnx(java.nio.file.Path path, int height, int width, boolean dynamicBatch) {
    return io.graft.io.Onnx.exportQdq(this::dequantizedApply, Np.zeros(DType.F32, 1, height, width, conv1.in()),
        java.util.List.of(conv1.qdq(), conv2.qdq(), hidden.qdq(), output.qdq()), path,
        dynamicBatch ? io.graft.io.Onnx.Options.withDynamicBatch() : io.graft.io.Onnx.Options.defaults());
  }

  /** 2×2 max-pool, stride 2, VALID, of u8 codes {@code [n, h, w, c]}. */
  static byte[] pool(byte[] y, int n, int h, int w, int c) { return CodePools.max(y, n, h, w, c, 2, 2, 0); }
}
