package io.graft.quant;

import io.graft.Array;
import io.graft.nn.Activation;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.QuantGemm;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * The int8 form of {@link io.graft.nn.Mlp}: each layer a {@link QuantizedDense}, the activation between them. The
 * activations stay u8 between layers: a layer's i32 sums are scaled, biased, passed through the activation and
 * quantized with the next layer's input parameters in one pass (ReLU and identity fused; other activations applied
 * to the f32 values in between). The last layer returns f32.
 * <pre>{@code
 * QuantizedMlp q = Quantize.mlp(mlp, batches, Calibrator.minMax());
 * Array logits = q.apply(x);            // f32[n, 784] -> f32[n, 10]
 * }</pre>
 *
 * @param layers     the quantized layers, in order
 * @param activation applied after every layer but the last
 */
public record QuantizedMlp(Vector<QuantizedDense> layers, Activation activation) {
  /** Checks that the layers chain. */
  public QuantizedMlp {
    Objects.requireNonNull(activation, "activation is null");
    if (Objects.requireNonNull(layers, "layers is null").isEmpty()) throw new IllegalArgumentException("QuantizedMlp: no layers");
    for (int i = 0; i + 1 < layers.size(); i++)
      if (layers.get(i).out() != layers.get(i + 1).in())
        throw new io.graft.numerics.ShapeError("QuantizedMlp: layer " + i + " gives " + layers.get(i).out() + " features, layer "
            + (i + 1) + " takes " + layers.get(i + 1).in());
  }

  /**
   * The f32 model with dequantized kernels ({@link QuantizedDense#dequantized()}).
   *
   * @return an f32 {@link io.graft.nn.Mlp}
   */
  public io.graft.nn.Mlp dequantized() { return new io.graft.nn.Mlp(layers.map(QuantizedDense::dequantized), activation); }

  /**
   * Writes this model as ONNX QDQ ({@link io.graft.io.Onnx#exportQdq}): input {@code input_0} f32 {@code [batch, in]},
   * output {@code output_0} f32 {@code [batch, out]}; every layer's input through QuantizeLinear/DequantizeLinear with
   * its u8 parameters, its weights as i8 with per-output-channel DequantizeLinear ({@code axis = 1}), bias and
   * activation in f32.
   *
   * @param path         the model file, written atomically
   * @param dynamicBatch whether axis 0 is the symbolic {@code batch} (else the model takes one row)
   * @return {@code path}
   */
  public java.nio.file.Path exportOnnx(java.nio.file.Path path, boolean dynamicBatch) {
    io.graft.nn.Mlp f32 = dequantized();
    return io.graft.io.Onnx.exportQdq(f32::apply, io.graft.Np.zeros(DType.F32, 1, layers.head().in()),
        layers.map(QuantizedDense::qdq).asJava(), path,
        dynamicBatch ? io.graft.io.Onnx.Options.withDynamicBatch() : io.graft.io.Onnx.Options.defaults());
  }

  /**
   * The logits for f32 {@code x} ({@code [..., in]}).
   *
   * @param x a concrete f32 array
   * @return f32 {@code [..., out]}
   */
  public Array apply(Array x) {
    NdArray a = Quantize.concrete("QuantizedMlp.apply", x, DType.F32);
    QuantizedDense first = layers.head();
    int m = QuantizedDense.rows("QuantizedMlp.apply", a.shape(), first.in());
    byte[] q = null;                      // the first layer quantizes the f32 input itself
    float[] out = null;
    for (int i = 0; i < layers.size(); i++) {
      QuantizedDense l = layers.get(i);
      boolean last = i + 1 == layers.size();
      boolean fused = activation == Activation.RELU || activation == Activation.IDENTITY;
      if (!last && fused) {
        QParams next = layers.get(i + 1).input();
        byte[] nq = new byte[m * l.out()];
        if (q == null) l.forward(a.f32(), m, activation == Activation.RELU, next, nq, null);
        else l.forward(q, m, activation == Activation.RELU, next, nq, null);
        q = nq;
      } else {
        float[] f = new float[m * l.out()];
        if (q == null) l.forward(a.f32(), m, false, null, null, f);
        else l.forward(q, m, false, null, null, f);
        if (last) out = f;
        else {
          Array h = activation.apply(Quantize.wrap(NdArray.wrap(Shape.of(m, l.out()), f)));
          QParams next = layers.get(i + 1).input();
          q = QuantGemm.quantizeU8(Quantize.store(h).f32(), next.scale(), next.zeroPoint());
        }
      }
    }
    int[] dims = a.shape().dims();
    dims[dims.length - 1] = layers.last().out();
    return Quantize.wrap(NdArray.wrap(Shape.of(dims), out));
  }
}
