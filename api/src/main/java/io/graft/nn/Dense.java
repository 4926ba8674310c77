package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import io.graft.numerics.DType;
import io.graft.numerics.ShapeError;
import java.util.Objects;

/**
 * A fully connected layer {@code y = x W + b} over the last axis ({@code flax.linen.Dense}): {@code x} is
 * {@code [..., in]}, {@code y} is {@code [..., out]}.
 * <pre>{@code
 * Dense d = Dense.init(Random.key(0), 784, 128);
 * Array y = d.apply(x);            // f32[batch, 128]
 * }</pre>
 *
 * <p>The constructor does not check shapes: transforms rebuild the record with other leaves (tangents, batched
 * values, per-leaf statistics); {@link #apply} checks them.
 *
 * @param kernel {@code W}, {@code [in, out]}
 * @param bias   {@code b}, {@code [out]}, or {@code null} for none
 */
public record Dense(Array kernel, Array bias) implements Layer {
  /**
   * f32 parameters: a LeCun-normal kernel and a zero bias (Flax's defaults).
   *
   * @param key u32[2] key
   * @param in  input features
   * @param out output features
   * @return the layer
   */
  public static Dense init(Array key, int in, int out) {
    return init(key, in, out, true, Initializers.lecunNormal(), Initializers.zeros(), Np.float32);
  }

  /**
   * Parameters from the given initialisers.
   *
   * @param key        u32[2] key (split into one for the kernel and one for the bias)
   * @param in         input features
   * @param out        output features
   * @param useBias    whether to add a bias
   * @param kernelInit draws the {@code [in, out]} kernel
   * @param biasInit   draws the {@code [out]} bias
   * @param dtype      the parameters' dtype
   * @return the layer
   */
  public static Dense init(Array key, int in, int out, boolean useBias, Initializer kernelInit, Initializer biasInit,
                           DType dtype) {
    if (in < 1 || out < 1) throw new ShapeError("Dense.init: in and out must be positive, got " + in + ", " + out);
    Array keys = Random.split(key, 2);
    return new Dense(kernelInit.init(keys.get(0), new int[] {in, out}, dtype),
        useBias ? biasInit.init(keys.get(1), new int[] {out}, dtype) : null);
  }

  /** Input features. */
  public int in() { return kernel.shape()[0]; }

  /** Output features. */
  public int out() { return kernel.shape()[1]; }

  /** {@code x W + b} for {@code x} of shape {@code [..., in]}. */
  @Override public Array apply(Array x) {
    Objects.requireNonNull(x, "x is null");
    if (kernel.ndim() != 2) throw new ShapeError("Dense: kernel must be [in, out], got " + Checks.type(kernel));
    if (bias != null && (bias.ndim() != 1 || bias.shape()[0] != out()))
      throw new ShapeError("Dense: bias " + Checks.type(bias) + " must be [out] for kernel " + Checks.type(kernel));
    if (x.ndim() == 0 || x.shape()[x.ndim() - 1] != in())
      throw new ShapeError("Dense: input " + Checks.type(x) + " must have " + in() + " features on its last axis (kernel "
          + Checks.type(kernel) + "); flatten image inputs first (Flatten)");
    Array y = x.matmul(kernel);
    return bias == null ? y : y.add(bias);
  }
}
