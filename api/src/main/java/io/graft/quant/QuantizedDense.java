package io.graft.quant;

import io.graft.Array;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Int8Conv;
import io.graft.numerics.kernels.QuantGemm;
import java.util.Objects;

/**
 * The int8 form of {@link io.graft.nn.Dense}: {@code y = (q_x - z_x) s_x · (W_q s_W)ᵀ + b}, computed as an exact i32
 * product of the u8 input and the i8 weights, scaled once per output channel.
 * <pre>{@code
 * QuantizedDense q = Quantize.dense(dense, batches, Calibrator.minMax());
 * Array y = q.apply(x);                  // f32[n, in] -> f32[n, out]
 * }</pre>
 *
 * @param weights      i8 {@code [out, in]}: one row per output channel (the transpose of {@code Dense.kernel})
 * @param weightScales f32 {@code [out]}: {@code s_W} per output channel (zero points 0)
 * @param bias         f32 {@code [out]}, or {@code null}
 * @param input        the u8 parameters of the input
 */
public record QuantizedDense(Array weights, Array weightScales, Array bias, QParams input) {
  /** Checks the dtypes and shapes. */
  public QuantizedDense {
    Objects.requireNonNull(input, "input is null");
    NdArray w = Quantize.concrete("QuantizedDense", weights, DType.I8);
    NdArray s = Quantize.concrete("QuantizedDense", weightScales, DType.F32);
    if (w.rank() != 2 || !s.shape().equals(Shape.of(w.shape().dim(0))))
      throw new ShapeError("QuantizedDense: weights must be i8[out, in] and weightScales f32[out], got " + w.dtype() + w.shape()
          + " and " + s.dtype() + s.shape());
    if (bias != null && !Quantize.concrete("QuantizedDense", bias, DType.F32).shape().equals(s.shape()))
      throw new ShapeError("QuantizedDense: bias must be f32[" + w.shape().dim(0) + "], got " + bias.dtype() + java.util.Arrays.toString(bias.shape()));
  }

  /** Input features. */
  public int in() { return weights.shape()[1]; }

  /** Output features. */
  public int out() { return weights.shape()[0]; }

  /**
   * The layer on f32 {@code x} ({@code [..., in]}): quantize, integer product, dequantize.
   *
   * @param x a concrete f32 array
   * @return f32 {@code [..., out]}
   */
  public Array apply(Array x) {
    NdArray a = Quantize.concrete("QuantizedDense.apply", x, DType.F32);
    int m = rows("QuantizedDense.apply", a.shape(), in());
    float[] y = new float[m * out()];
    forward(a.f32(), m, false, null, null, y);
    int[] dims = a.shape().dims();
    dims[dims.length - 1] = out();
    return Quantize.wrap(NdArray.wrap(Shape.of(dims), y));
  }

  /**
   * The integer product of the u8 input {@code q} ({@code m} rows) and requantisation: into {@code next} (u8, when
   * {@code nextParams} is given) or into {@code f} (f32); {@code relu} applies {@code max(y, 0)} first.
   */
  void forward(byte[] q, int m, boolean relu, QParams nextParams, byte[] next, float[] f) {
    if (Int8Conv.forward(kernel(), q, 1, 1, m, relu, nextParams == null ? 0 : nextParams.scale(),
        nextParams == null ? 0 : nextParams.zeroPoint(), next, f)) return;
    requantize(QuantGemm.u8i8(q, input.zeroPoint(), Quantize.store(weights).bytes(), m, in(), out()), m, relu, nextParams, next, f);
  }

  /** {@link #forward(byte[], int, boolean, QParams, byte[], float[])} of the f32 input {@code x}, quantized on the way in. */
  void forward(float[] x, int m, boolean relu, QParams nextParams, byte[] next, float[] f) {
    if (Int8Conv.available()) {
      forward(QuantGemm.quantizeU8(x, input.scale(), input.zeroPoint()), m, relu, nextParams, next, f);
      return;
    }
    int[] acc = QuantGemm.u8i8(x, input.scale(), input.zeroPoint(), Quantize.store(weights).bytes(), m, in(), out());
    requantize(acc, m, relu, nextParams, next, f);
  }

  /** This layer as a 1×1 convolution of {@code [m, 1, 1, in]} for {@link Int8Conv} (oneDNN). */
  private Int8Conv.Layer kernel() {
    return new Int8Conv.Layer(Quantize.store(weights).bytes(), out(), 1, 1, in(), Quantize.store(weightScales).f32(),
        bias == null ? null : Quantize.store(bias).f32(), 1, 1, 0, 0, 0, 0, input.scale(), input.zeroPoint());
  }

  private void requantize(int[] acc, int m, boolean relu, QParams nextParams, byte[] next, float[] f) {
    QuantGemm.requantize(acc, m, out(), input.scale(), Quantize.store(weightScales).f32(),
        bias == null ? null : Quantize.store(bias).f32(), relu, nextParams == null ? 0 : nextParams.scale(),
        nextParams == null ? 0 : nextParams.zeroPoint(), next, f);
  }

  /**
   * The f32 layer with the dequantized kernel {@code W[i, j] = q[j, i] · s_j} and the same bias (what the integer
   * layer computes, up to the quantization of its input).
   *
   * @return an f32 {@link io.graft.nn.Dense}
   */
  public io.graft.nn.Dense dequantized() {
    byte[] q = Quantize.store(weights).bytes();
    float[] s = Quantize.store(weightScales).f32(), k = new float[in() * out()];
    for (int j = 0; j < out(); j++) for (int i = 0; i < in(); i++) k[i * out() + j] = q[j * in() + i] * s[j];
    return new io.graft.nn.Dense(Quantize.wrap(NdArray.wrap(Shape.of(in(), out()), k)), bias);
  }

  /** This layer as one MatMul of a QDQ export. */
  io.graft.io.Onnx.QdqLayer qdq() { return new io.graft.io.Onnx.QdqLayer(input.scale(), input.zeroPoint(), weights, weightScales); }

  /** The number of rows of a {@code [..., features]} input; a {@link ShapeError} naming {@code op} otherwise. */
  static int rows(String op, Shape s, int features) {
    if (s.rank() == 0 || s.dim(s.rank() - 1) != features)
      throw new ShapeError(op + ": input f32" + s + " must have " + features + " features on its last axis");
    return s.size() / features;
  }
}
