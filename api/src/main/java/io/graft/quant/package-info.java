/**
 * INT8 post-training quantization: a trained f32 model, a calibration set, and an integer model out.
 *
 * <p>Weights are quantized per output channel, symmetrically to i8: {@code q = round(w / s_j)} with
 * {@code s_j = max|W[:, j]| / 127} and zero point 0. Activations (the input of every quantized layer) are quantized
 * per tensor, asymmetrically to u8, with ONNX {@code QuantizeLinear}'s rule {@code q = saturate(round_half_even(x / s)
 * + z)} into {@code [0, 255]}; the range {@code [lo, hi]} a {@link io.graft.quant.Calibrator} observed over the
 * calibration batches (widened to contain 0, so that 0 is exact) gives {@code s = (hi - lo) / 255} and
 * {@code z = round(-lo / s)}. A quantized layer multiplies u8 by i8 accumulating exact i32 sums, then requantises:
 * {@code y = act(acc · s_x · s_j + b)} in f32, quantized again for the next layer (the last layer returns f32
 * logits). Convolutions and dense layers run on oneDNN ({@code io.graft.numerics.kernels.Int8Conv}: the CPU's VNNI
 * or AMX int8 instructions) where its natives load, else on Graft's Vector API kernels
 * ({@code io.graft.numerics.kernels.QuantGemm}); the sums agree exactly, a requantised activation may differ by one
 * code between the two (their f32 requantisation rounds in a different order).
 * <pre>{@code
 * Mlp mlp = ...;                                                      // trained, f32
 * QuantizedMlp q = Quantize.mlp(mlp, calibrationBatches, Calibrator.percentile(99.99));
 * Array logits = q.apply(x);                                          // f32[n, 784] -> f32[n, 10]
 * q.exportOnnx(Path.of("mlp-qdq.onnx"), true);                        // QuantizeLinear/DequantizeLinear (QDQ)
 * QuantizedResNet r = Quantize.resnet(resnet, bnState, calibrationBatches, Calibrator.minMax());  // BatchNorm folded
 * r.exportOnnx(Path.of("resnet18-qdq.onnx"), 32, 32, true);
 * }</pre>
 *
 * <p>Quantized models are values (records of arrays) evaluated eagerly on concrete arrays; they are an inference
 * form, not differentiable and not traced by {@code jit}.
 */
package io.graft.quant;
