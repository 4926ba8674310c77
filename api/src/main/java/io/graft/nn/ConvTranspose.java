package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import io.graft.StaticField;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import java.util.Objects;

/**
 * A transposed ("fractionally strided") convolution, N = 1, 2 or 3 ({@code flax.linen.ConvTranspose}, i.e.
 * {@code lax.conv_transpose} with {@code transpose_kernel=False}): the input is dilated by the strides (zeros between
 * elements) and convolved with stride 1. Each input element scatters the window: for one spatial axis and
 * {@link Pad#VALID}, {@code y[i·s + (K-1) - k] += x[i] W[k]} with {@code K} the dilated window. Output sizes:
 * {@code in·s} for {@link Pad#SAME}, {@code in·s + max(K - s, 0)} for {@link Pad#VALID}, and
 * {@code (in-1)·s + 1 + lo + hi - K + 1} for explicit padding (applied to the dilated input). Channels last, kernel
 * {@code [spatial..., in, out]}, one feature group.
 * <pre>{@code
 * ConvTranspose up = ConvTranspose.init(key, 32, 16, new int[] {2, 2}, new int[] {2, 2}, Pad.SAME);
 * Array y = up.apply(x);                                 // f32[n, 7, 7, 32] -> f32[n, 14, 14, 16]
 * }</pre>
 *
 * @param kernel   {@code [spatial..., in, out]}
 * @param bias     {@code [out]}, or {@code null}
 * @param strides  input dilation (upsampling factor) per spatial axis
 * @param padding  {@link Pad#SAME}, {@link Pad#VALID} or explicit pairs
 * @param dilation kernel dilation per spatial axis
 */
public record ConvTranspose(Array kernel, Array bias, @StaticField Ints strides, @StaticField Pad padding,
                            @StaticField Ints dilation) implements Layer {

  /**
   * LeCun-normal kernel, zero bias, no kernel dilation, f32.
   *
   * @param key        u32[2] key
   * @param in         input features
   * @param out        output features
   * @param kernelSize window per spatial axis (1 to 3 axes)
   * @param strides    upsampling factor per spatial axis
   * @param padding    padding
   * @return the layer
   */
  public static ConvTranspose init(Array key, int in, int out, int[] kernelSize, int[] strides, Pad padding) {
    int n = Objects.requireNonNull(kernelSize, "kernelSize is null").length;
    return init(key, in, out, kernelSize, strides, padding, Geometry.ones(n), true, Np.float32);
  }

  /**
   * The general initialiser: LeCun-normal kernel ({@code fanIn = in · |window|}) and zero bias.
   *
   * @param key        u32[2] key
   * @param in         input features
   * @param out        output features
   * @param kernelSize window per spatial axis
   * @param strides    upsampling factor per spatial axis
   * @param padding    padding
   * @param dilation   kernel dilation per spatial axis
   * @param useBias    whether to add a bias
   * @param dtype      the parameters' dtype
   * @return the layer
   */
  public static ConvTranspose init(Array key, int in, int out, int[] kernelSize, int[] strides, Pad padding,
                                   int[] dilation, boolean useBias, DType dtype) {
    int n = Objects.requireNonNull(kernelSize, "kernelSize is null").length;
    ConvOps.layout("ConvTranspose.init", n);
    Geometry.positive("ConvTranspose.init", "kernelSize", kernelSize, n);
    if (in < 1 || out < 1) throw new io.graft.numerics.ShapeError("ConvTranspose.init: in and out must be positive, got " + in + ", " + out);
    int[] shape = new int[n + 2];
    System.arraycopy(kernelSize, 0, shape, 0, n);
    shape[n] = in;
    shape[n + 1] = out;
    Array keys = Random.split(key, 2);
    return new ConvTranspose(Initializers.lecunNormal().init(keys.get(0), shape, dtype), useBias ? Np.zeros(dtype, out) : null,
        Ints.of(Geometry.positive("ConvTranspose.init", "strides", strides, n)), Objects.requireNonNull(padding, "padding is null"),
        Ints.of(Geometry.positive("ConvTranspose.init", "dilation", dilation, n)));
  }

  /** The transposed convolution of channels-last {@code x} ({@code [batch, spatial..., in]} or {@code [spatial..., in]}). */
  @Override public Array apply(Array x) {
    int n = kernel.ndim() - 2;
    int[] s = strides.toArray(), d = dilation.toArray(), window = new int[n];
    for (int i = 0; i < n; i++) window[i] = Geometry.dilate(kernel.shape()[i], d[i]);
    return ConvOps.apply("ConvTranspose", x, kernel, bias, Geometry.ones(n), size -> pads(window, s), s, d, 1);
  }

  /** {@code lax.conv_transpose}'s padding of the dilated input. */
  private int[][] pads(int[] window, int[] s) {
    int n = window.length;
    int[][] p = new int[n][2];
    for (int i = 0; i < n; i++) {
      int k = window[i];
      switch (padding) {
        case Pad.Explicit e -> {
          if (e.padding().rank() != n)
            throw new io.graft.numerics.ShapeError("ConvTranspose: explicit padding " + e + " must have one pair per spatial axis (" + n + ")");
          p[i][0] = e.padding().lo().get(i);
          p[i][1] = e.padding().hi().get(i);
        }
        case Pad.Same same -> {
          int len = k + s[i] - 2;
          p[i][0] = s[i] > k - 1 ? k - 1 : (len + 1) / 2;
          p[i][1] = len - p[i][0];
        }
        case Pad.Valid valid -> {
          int len = k + s[i] - 2 + Math.max(k - s[i], 0);
          p[i][0] = k - 1;
          p[i][1] = len - p[i][0];
        }
      }
    }
    return p;
  }
}
