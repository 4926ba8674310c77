package io.graft.quant;

import io.graft.Array;
import io.graft.Np;
import io.graft.nn.MaxPool;
import io.graft.nn.Pad;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.QuantGemm;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * The int8 form of {@link io.graft.nn.ResNet} in evaluation mode, each BatchNorm folded into the convolution before
 * it ({@code W'[..., o] = W[..., o] · γ_o / √(v_o + ε)}, {@code b'_o = β_o - m_o · γ_o / √(v_o + ε)}, with the running
 * mean {@code m} and variance {@code v}). Every convolution multiplies u8 activations by i8 weights in exact i32 sums;
 * between them:
 * <ul>
 *   <li>the stem's ReLU output is quantized with the first block's input parameters (and max-pooled on its codes in
 *   the ImageNet variant: quantization is monotone, so pooling codes equals quantizing the pooled values);</li>
 *   <li>in a block, the first convolution's ReLU output is quantized for the second; the second's output stays f32
 *   and is added to the shortcut (the dequantized block input, or the projection convolution's f32 output), then
 *   ReLU, then quantized with the next block's input parameters;</li>
 *   <li>the last block's output is averaged over space in f32 and the classifier quantizes that mean.</li>
 * </ul>
 * <pre>{@code
 * QuantizedResNet q = Quantize.resnet(net, state, calibrationBatches, Calibrator.percentile(99.99));
 * Array logits = q.apply(images);          // f32[n, 32, 32, 3] -> f32[n, classes]
 * q.exportOnnx(Path.of("resnet18-qdq.onnx"), true);
 * }</pre>
 *
 * @param stem   the stem convolution (BatchNorm folded), followed by ReLU
 * @param pool   whether the stem ends with the 3×3/2 max pool (padding 1) of the ImageNet variant
 * @param blocks the basic blocks in order
 * @param fc     the classifier
 */
public record QuantizedResNet(QuantizedConv stem, boolean pool, Vector<Block> blocks, QuantizedDense fc) {
  /**
   * One basic block: {@code relu(b(relu(a(x))) + shortcut(x))}.
   *
   * @param a          the first 3×3 convolution (its input parameters are the block's)
   * @param b          the second 3×3 convolution
   * @param projection the 1×1 projection shortcut (same input parameters as {@code a}), or none for the identity
   */
  public record Block(QuantizedConv a, QuantizedConv b, Option<QuantizedConv> projection) {
    /** Checks that the projection reads the block input as {@code a} does. */
    public Block {
      Objects.requireNonNull(a, "a is null");
      Objects.requireNonNull(b, "b is null");
      Objects.requireNonNull(projection, "projection is null (use Option.none())");
      if (projection.isDefined() && !projection.get().input().equals(a.input()))
        throw new IllegalArgumentException("QuantizedResNet.Block: the projection's input parameters " + projection.get().input()
            + " differ from the first convolution's " + a.input() + "; both read the block input");
    }
  }

  /** Checks that the layers chain. */
  public QuantizedResNet {
    Objects.requireNonNull(stem, "stem is null");
    Objects.requireNonNull(fc, "fc is null");
    if (Objects.requireNonNull(blocks, "blocks is null").isEmpty()) throw new IllegalArgumentException("QuantizedResNet: no blocks");
    int c = stem.out();
    for (int i = 0; i < blocks.size(); i++) {
      Block k = blocks.get(i);
      boolean shortcut = k.projection().isDefined()
          ? k.projection().get().in() == c && k.projection().get().out() == k.b().out() : k.b().out() == c;
      if (k.a().in() != c || k.b().in() != k.a().out() || !shortcut)
        throw new ShapeError("QuantizedResNet: block " + i + " does not chain: input " + c + " channels, convolutions "
            + k.a().in() + "->" + k.a().out() + ", " + k.b().in() + "->" + k.b().out()
            + k.projection().map(p -> ", projection " + p.in() + "->" + p.out()).getOrElse(""));
      c = k.b().out();
    }
    if (fc.in() != c) throw new ShapeError("QuantizedResNet: the classifier takes " + fc.in() + " features, the blocks give " + c);
  }

  /**
   * The logits for f32 images {@code [n, h, w, channels]} (channels last).
   *
   * @param x a concrete f32 array
   * @return f32 {@code [n, classes]}
   */
  public Array apply(Array x) {
    NdArray a = Quantize.concrete("QuantizedResNet.apply", x, DType.F32);
    if (a.rank() != 4 || a.shape().dim(3) != stem.in())
      throw new ShapeError("QuantizedResNet.apply: expected f32[n, h, w, " + stem.in() + "] images, got " + a.dtype() + a.shape());
    int n = a.shape().dim(0);
    int[] o = stem.outSize(a.shape().dim(1), a.shape().dim(2));
    int h = o[0], w = o[1], c = stem.out();
    byte[] q = new byte[n * h * w * c];
    stem.forward(QuantGemm.quantizeU8(a.f32(), stem.input().scale(), stem.input().zeroPoint()), n, a.shape().dim(1),
        a.shape().dim(2), true, blocks.head().a().input(), q, null);
    if (pool) {
      q = CodePools.max(q, n, h, w, c, 3, 2, 1);
      h = CodePools.pooled(h, 3, 2, 1);
      w = CodePools.pooled(w, 3, 2, 1);
    }
    float[] last = null;
    for (int i = 0; i < blocks.size(); i++) {
      Block k = blocks.get(i);
      int[] oa = k.a().outSize(h, w);
      byte[] mid = new byte[n * oa[0] * oa[1] * k.a().out()];
      k.a().forward(q, n, h, w, true, k.b().input(), mid, null);
      int[] ob = k.b().outSize(oa[0], oa[1]);
      float[] y = new float[n * ob[0] * ob[1] * k.b().out()];
      k.b().forward(mid, n, oa[0], oa[1], false, null, null, y);
      float[] shortcut;
      if (k.projection().isDefined()) {
        QuantizedConv p = k.projection().get();
        int[] op = p.outSize(h, w);
        if (op[0] != ob[0] || op[1] != ob[1])
          throw new ShapeError("QuantizedResNet.apply: block " + i + "'s projection gives " + op[0] + "x" + op[1] + ", its convolutions "
              + ob[0] + "x" + ob[1]);
        shortcut = new float[y.length];
        p.forward(q, n, h, w, false, null, null, shortcut);
      } else {
        if (ob[0] != h || ob[1] != w) throw new ShapeError("QuantizedResNet.apply: block " + i + " changes the size without a projection");
        shortcut = k.a().input().dequantize(q);
      }
      for (int e = 0; e < y.length; e++) y[e] = Math.max(y[e] + shortcut[e], 0f);
      h = ob[0];
      w = ob[1];
      c = k.b().out();
      if (i + 1 < blocks.size()) {
        QParams next = blocks.get(i + 1).a().input();
        q = QuantGemm.quantizeU8(y, next.scale(), next.zeroPoint());
      } else last = y;
    }
    float[] mean = new float[n * c];
    int hw = h * w;
    for (int b = 0; b < n; b++)
      for (int e = 0; e < hw; e++)
        for (int f = 0; f < c; f++) mean[b * c + f] += last[(b * hw + e) * c + f];
    for (int e = 0; e < mean.length; e++) mean[e] /= hw;
    float[] logits = new float[n * fc.out()];
    fc.forward(QuantGemm.quantizeU8(mean, fc.input().scale(), fc.input().zeroPoint()), n, false, null, null, logits);
    return Quantize.wrap(NdArray.wrap(Shape.of(n, fc.out()), logits));
  }

  /**
   * The f32 network with every kernel dequantized and the BatchNorms folded: what the integer network computes, up to
   * the quantization of the activations.
   *
   * @param x f32 {@code [n, h, w, channels]}
   * @return f32 {@code [n, classes]}
   */
  public Array dequantizedApply(Array x) {
    Objects.requireNonNull(x, "x is null");
    Array h = Np.relu(stem.dequantized().apply(x));
    if (pool) h = MaxPool.of(new int[] {3, 3}, new int[] {2, 2}, Pad.of(new int[] {1, 1}, new int[] {1, 1})).apply(h);
    for (Block k : blocks) {
      Array y = k.b().dequantized().apply(Np.relu(k.a().dequantized().apply(h)));
      Array shortcut = k.projection().isDefined() ? k.projection().get().dequantized().apply(h) : h;
      h = Np.relu(y.add(shortcut));
    }
    return fc.dequantized().apply(h.mean(1, 2));
  }

  /**
   * Writes this model as ONNX QDQ ({@link io.graft.io.Onnx#exportQdq}): input {@code input_0} f32 {@code [batch, h, w,
   * channels]} (channels last, as {@link #apply}), output {@code output_0} f32 {@code [batch, classes]}; every
   * convolution and the classifier read their input through QuantizeLinear/DequantizeLinear with its u8 parameters
   * and their weights as i8 with per-output-channel DequantizeLinear; additions, pooling and biases in f32.
   *
   * @param path         the model file, written atomically
   * @param height       the example input's height
   * @param width        the example input's width
   * @param dynamicBatch whether axis 0 is the symbolic {@code batch} (else the model takes one image)
   * @return {@code path}
   */
  public java.nio.file.Path exportOnnx(java.nio.file.Path path, int height, int width, boolean dynamicBatch) {
    java.util.List<io.graft.io.Onnx.QdqLayer> layers = new java.util.ArrayList<>();
    layers.add(stem.qdq());
    for (Block k : blocks) {
      layers.add(k.a().qdq());
      layers.add(k.b().qdq());
      k.projection().forEach(p -> layers.add(p.qdq()));
    }
    layers.add(fc.qdq());
    return io.graft.io.Onnx.exportQdq(this::dequantizedApply, Np.zeros(DType.F32, 1, height, width, stem.in()), layers, path,
        dynamicBatch ? io.graft.io.Onnx.Options.withDynamicBatch() : io.graft.io.Onnx.Options.defaults());
  }
}
