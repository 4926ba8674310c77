package io.graft.nn;

import io.graft.Array;
import io.graft.Np;
import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import java.util.Objects;

/**
 * A lookup table ({@code flax.linen.Embed}): {@code y[..., :] = W[ids[...], :]}, a gather whose gradient scatter-adds
 * into the rows looked up (repeated ids accumulate).
 *
 * @param weight {@code W}, {@code [count, features]}
 */
public record Embedding(Array weight) implements Layer {
  /**
   * f32 weights from {@code N(0, 1)} (as PyTorch's and Equinox's).
   *
   * @param key      u32[2] key
   * @param count    number of rows (vocabulary size)
   * @param features row length
   * @return the layer
   */
  public static Embedding init(Array key, int count, int features) {
    return init(key, count, features, Initializers.normal(1.0), Np.float32);
  }

  /**
   * Weights from {@code init}.
   *
   * @param key      u32[2] key
   * @param count    number of rows
   * @param features row length
   * @param init     draws the {@code [count, features]} table
   * @param dtype    the table's dtype
   * @return the layer
   */
  public static Embedding init(Array key, int count, int features, Initializer init, DType dtype) {
    if (count < 1 || features < 1)
      throw new ShapeError("Embedding.init: count and features must be positive, got " + count + ", " + features);
    return new Embedding(init.init(key, new int[] {count, features}, dtype));
  }

  /** The rows of integer {@code ids} ({@code [...]} to {@code [..., features]}). */
  @Override public Array apply(Array ids) {
    Objects.requireNonNull(ids, "ids is null");
    if (!ids.dtype().isInteger())
      throw new DTypeError("Embedding: ids must be integers, got " + Checks.type(ids) + " (table " + Checks.type(weight)
          + "); convert with astype(Np.int32)");
    return weight.take(ids, 0);
  }
}
