package io.graft.quant;

import io.graft.Array;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Int8Conv;
import io.graft.numerics.kernels.QuantGemm;
import java.util.Objects;

/**
 * The int8 form of a 2-D {@link io.graft.nn.Conv} (channels last, one group, no dilation):
 * {@code y[n, p, o] = b[o] + s_x s_o Σ_{k, c} (q_x[n, p·s + k - lo, c] - z_x) W_q[o, k, c]}, computed as the u8 × i8
 * product of the im2col rows of the input (padding filled with the zero point, which is 0.0) and the weight rows,
 * accumulated in i32: one oneDNN convolution where oneDNN loads ({@link Int8Conv}), else Graft's own
 * {@link QuantGemm}.
 *
 * @param weights      i8 {@code [out, kh, kw, in]}: one row per output channel (OHWI)
 * @param weightScales f32 {@code [out]}: per output channel, zero points 0
 * @param bias         f32 {@code [out]}, or {@code null}
 * @param input        the u8 parameters of the input
 * @param strides      {@code (sh, sw)}
 * @param pads         {@code (top, bottom, left, right)}
 */
public record QuantizedConv(Array weights, Array weightScales, Array bias, QParams input, Ints strides, Ints pads) {
  /** Checks the dtypes and shapes. */
  public QuantizedConv {
    Objects.requireNonNull(input, "input is null");
    NdArray w = Quantize.concrete("QuantizedConv", weights, DType.I8);
    NdArray s = Quantize.concrete("QuantizedConv", weightScales, DType.F32);
    if (w.rank() != 4 || !s.shape().equals(Shape.of(w.shape().dim(0))) || strides.size() != 2 || pads.size() != 4)
      throw new ShapeError("QuantizedConv: weights must be i8[out, kh, kw, in], weightScales f32[out], 2 strides and 4 pads; got "
          + w.dtype() + w.shape() + ", " + s.dtype() + s.shape() + ", " + strides + ", " + pads);
  }

  /** Output channels. */
  public int out() { return weights.shape()[0]; }

  /** Input channels. */
  public int in() { return weights.shape()[3]; }

  /**
   * The layer on f32 images {@code [n, h, w, in]}: quantize, integer convolution, dequantize.
   *
   * @param x a concrete f32 array
   * @return f32 {@code [n, oh, ow, out]}
   */
  public Array apply(Array x) {
    NdArray a = Quantize.concrete("QuantizedConv.apply", x, DType.F32);
    if (a.rank() != 4 || a.shape().dim(3) != in())
      throw new ShapeError("QuantizedConv.apply: expected f32[n, h, w, " + in() + "], got " + a.dtype() + a.shape());
    int n = a.shape().dim(0), h = a.shape().dim(1), w = a.shape().dim(2);
    int[] o = outSize(h, w);
    float[] y = new float[n * o[0] * o[1] * out()];
    forward(QuantGemm.quantizeU8(a.f32(), input.scale(), input.zeroPoint()), n, h, w, false, null, null, y);
    return Quantize.wrap(NdArray.wrap(Shape.of(n, o[0], o[1], out()), y));
  }

  /**
   * The f32 layer with the dequantized kernel {@code K[ky, kx, c, o] = W_q[o, ky, kx, c] · s_o} (HWIO), the same bias,
   * strides and explicit pads: what the integer layer computes, up to the quantization of its input.
   *
   * @return an f32 {@link io.graft.nn.Conv}
   */
  public io.graft.nn.Conv dequantized() {
    int o = out(), kh = weights.shape()[1], kw = weights.shape()[2], c = in();
    byte[] q = Quantize.store(weights).bytes();
    float[] s = Quantize.store(weightScales).f32(), k = new float[q.length];
    for (int j = 0; j < o; j++)
      for (int r = 0; r < kh * kw * c; r++) k[r * o + j] = q[j * kh * kw * c + r] * s[j];
    return new io.graft.nn.Conv(Quantize.wrap(NdArray.wrap(Shape.of(kh, kw, c, o), k)), bias, strides,
        io.graft.nn.Pad.of(new int[] {pads.get(0), pads.get(1)}, new int[] {pads.get(2), pads.get(3)}), Ints.of(1, 1), 1);
  }

  /** This layer as one Conv of a QDQ export. */
  io.graft.io.Onnx.QdqLayer qdq() {
    return new io.graft.io.Onnx.QdqLayer(input.scale(), input.zeroPoint(), weights, weightScales);
  }

  /** This layer's constants for {@link Int8Conv} (oneDNN), which keeps its plans by the weight bytes. */
  Int8Conv.Layer kernel() {
    return new Int8Conv.Layer(Quantize.store(weights).bytes(), out(), weights.shape()[1], weights.shape()[2], in(),
        Quantize.store(weightScales).f32(), bias == null ? null : Quantize.store(bias).f32(), strides.get(0), strides.get(1),
        pads.get(0), pads.get(1), pads.get(2), pads.get(3), input.scale(), input.zeroPoint());
  }

  /** {@code {oh, ow}} for an input of {@code h × w}. */
  int[] outSize(int h, int w) {
    int kh = weights.shape()[1], kw = weights.shape()[2];
    return new int[] {(h + pads.get(0) + pads.get(1) - kh) / strides.get(0) + 1, (w + pads.get(2) + pads.get(3) - kw) / strides.get(1) + 1};
  }

  /**
   * The convolution of the u8 input {@code q} ({@code [n, h, w, in]}, NHWC), requantised into {@code next} (u8) or
   * {@code f} (f32), {@code [n, oh, ow, out]}.
   */
  void forward(byte[] q, int n, int h, int w, boolean relu, QParams nextParams, byte[] next, float[] f) {
    if (Int8Conv.forward(kernel(), q, n, h, w, relu, nextParams == null ? 0 : nextParams.scale(),
        nextParams == null ? 0 : nextParams.zeroPoint(), next, f)) return;
    int kh = weights.shape()[1], kw = weights.shape()[2], c = in();
    int[] o = outSize(h, w);
    int rows = n * o[0] * o[1], cols = kh * kw * c;
    byte[] col = new byte[rows * cols];
    java.util.Arrays.fill(col, (byte) input.zeroPoint());            // padding: the code of 0.0
    int sh = strides.get(0), sw = strides.get(1), top = pads.get(0), left = pads.get(2);
    for (int b = 0; b < n; b++)
      for (int y = 0; y < o[0]; y++)
        for (int x = 0; x < o[1]; x++) {
          int r = (b * o[0] + y) * o[1] + x;
          for (int ky = 0; ky < kh; ky++) {
            int iy = y * sh + ky - top;
            if (iy < 0 || iy >= h) continue;
            for (int kx = 0; kx < kw; kx++) {
              int ix = x * sw + kx - left;
              if (ix < 0 || ix >= w) continue;
              System.arraycopy(q, ((b * h + iy) * w + ix) * c, col, r * cols + (ky * kw + kx) * c, c);
            }
          }
        }
    int[] acc = QuantGemm.u8i8(col, input.zeroPoint(), Quantize.store(weights).bytes(), rows, cols, out());
    QuantGemm.requantize(acc, rows, out(), input.scale(), Quantize.store(weightScales).f32(),
        bias == null ? null : Quantize.store(bias).f32(), relu, nextParams == null ? 0 : nextParams.scale(),
        nextParams == null ? 0 : nextParams.zeroPoint(), next, f);
  }
}
