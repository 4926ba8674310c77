package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.numerics.DType;
import io.graft.numerics.ShapeError;
import java.util.Objects;

/**
 * Layer normalisation over the last axis ({@code flax.linen.LayerNorm}): {@code y = (x - μ) / √(σ² + ε) · γ + β}
 * with {@code μ}, {@code σ²} (biased) the mean and variance of each example's features. No state, the same in
 * training and evaluation; works on one example, so it vmaps.
 *
 * @param scale {@code γ}, {@code [features]}
 * @param bias  {@code β}, {@code [features]}
 * @param eps   {@code ε}
 */
public record LayerNorm(Array scale, Array bias, double eps) implements Layer {
  /**
   * f32 {@code γ = 1}, {@code β = 0}, {@code ε = 1e-5}.
   *
   * @param features the size of the last axis
   * @return the layer
   */
  public static LayerNorm init(int features) { return init(features, 1e-5, Np.float32); }

  /**
   * {@code γ = 1}, {@code β = 0}.
   *
   * @param features the size of the last axis
   * @param eps      {@code > 0}
   * @param dtype    the parameters' dtype
   * @return the layer
   */
  public static LayerNorm init(int features, double eps, DType dtype) {
    if (features < 1) throw new ShapeError("LayerNorm.init: features must be positive, got " + features);
    if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
    return new LayerNorm(Np.ones(dtype, features), Np.zeros(dtype, features), eps);
  }

  /** Normalises each {@code [..., features]} row. */
  @Override public Array apply(Array x) {
    Objects.requireNonNull(x, "x is null");
    int f = scale.shape()[0], last = x.ndim() - 1;
    if (x.ndim() == 0 || x.shape()[last] != f)
      throw new ShapeError("LayerNorm: input " + Checks.type(x) + " must have " + f + " features on its last axis (scale "
          + Checks.type(scale) + ")");
    Array mean = x.mean(new int[] {last}, true), var = x.var(new int[] {last}, true);
    return x.sub(mean).mul(var.add(eps).rsqrt()).mul(scale).add(bias);
  }
}
