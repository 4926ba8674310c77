package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import io.graft.StaticField;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.ShapeError;
import java.util.Objects;

/**
 * An N-d convolution, N = 1, 2 or 3 ({@code flax.linen.Conv}): channels last, input {@code [batch, spatial..., in]}
 * (or one example {@code [spatial..., in]}), kernel {@code [spatial..., in/groups, out]} (HWIO), output
 * {@code [batch, spatial'..., out]}; {@code y[n, p, o] = b[o] + Σ_{k, c} x[n, p·s + k·d - lo, g(o)·in/G + c] W[k, c, o]}
 * (cross-correlation, as every deep-learning library), computed by {@code lax.conv_general_dilated}.
 * Channels-last is the layout of Flax, TensorFlow and of the flattening before a Dense layer; NCHW inputs need
 * {@code x.transpose(0, 2, 3, 1)}.
 * <pre>{@code
 * Conv c = Conv.init(key, 1, 32, 3, 3);                 // 3x3, stride 1, SAME
 * Array y = c.apply(images);                            // f32[n, 28, 28, 1] -> f32[n, 28, 28, 32]
 * }</pre>
 *
 * @param kernel   {@code [spatial..., in/groups, out]}
 * @param bias     {@code [out]}, or {@code null} for none
 * @param strides  window strides per spatial axis
 * @param padding  {@link Pad#SAME}, {@link Pad#VALID} or explicit pairs
 * @param dilation kernel (atrous) dilation per spatial axis
 * @param groups   feature groups: {@code in} and {@code out} divide by it; {@code groups == in} is depthwise
 */
public record Conv(Array kernel, Array bias, @StaticField Ints strides, @StaticField Pad padding,
                   @StaticField Ints dilation, int groups) implements Layer {

  /**
   * Stride 1, {@link Pad#SAME}, no dilation, one group, LeCun-normal kernel and zero bias (Flax's defaults), f32.
   *
   * @param key        u32[2] key
   * @param in         input features
   * @param out        output features
   * @param kernelSize the window, one entry per spatial axis (1 to 3)
   * @return the layer
   */
  public static Conv init(Array key, int in, int out, int... kernelSize) {
    int n = Objects.requireNonNull(kernelSize, "kernelSize is null").length;
    return init(key, in, out, kernelSize, Geometry.ones(n), Pad.SAME, Geometry.ones(n), 1, true, Np.float32);
  }

  /**
   * The general initialiser: LeCun-normal kernel ({@code fanIn = in/groups · |window|}) and zero bias.
   *
   * @param key        u32[2] key
   * @param in         input features
   * @param out        output features
   * @param kernelSize the window per spatial axis
   * @param strides    strides per spatial axis
   * @param padding    padding
   * @param dilation   kernel dilation per spatial axis
   * @param groups     feature groups (divides {@code in} and {@code out})
   * @param useBias    whether to add a bias
   * @param dtype      the parameters' dtype
   * @return the layer
   */
  public static Conv init(Array key, int in, int out, int[] kernelSize, int[] strides, Pad padding, int[] dilation,
                          int groups, boolean useBias, DType dtype) {
    int n = Objects.requireNonNull(kernelSize, "kernelSize is null").length;
    ConvOps.layout("Conv.init", n);
    Geometry.positive("Conv.init", "kernelSize", kernelSize, n);
    if (groups < 1 || in % groups != 0 || out % groups != 0)
      throw new ShapeError("Conv.init: groups " + groups + " must be positive and divide in " + in + " and out " + out);
    int[] shape = new int[n + 2];
    System.arraycopy(kernelSize, 0, shape, 0, n);
    shape[n] = in / groups;
    shape[n + 1] = out;
    Array keys = Random.split(key, 2);
    return new Conv(Initializers.lecunNormal().init(keys.get(0), shape, dtype),
        useBias ? Np.zeros(dtype, out) : null, Ints.of(Geometry.positive("Conv.init", "strides", strides, n)),
        Objects.requireNonNull(padding, "padding is null"), Ints.of(Geometry.positive("Conv.init", "dilation", dilation, n)),
        groups);
  }

  /** The convolution of channels-last {@code x} ({@code [batch, spatial..., in]} or {@code [spatial..., in]}). */
  @Override public Array apply(Array x) {
    int n = kernel.ndim() - 2;
    int[] s = strides.toArray(), d = dilation.toArray(), window = new int[n];
    for (int i = 0; i < n; i++) window[i] = Geometry.dilate(kernel.shape()[i], d[i]);
    return ConvOps.apply("Conv", x, kernel, bias, s, size -> Geometry.pads("Conv", padding, size, window, s),
        Geometry.ones(n), d, groups);
  }
}
