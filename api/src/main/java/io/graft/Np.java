package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.prim.BroadcastInDim;
import java.util.Objects;

/**
 * {@code jax.numpy} for Java: NumPy names in camelCase, each built from primitives (so each works eagerly and
 * under every transform). One-line delegations; the logic lives in {@code io.graft.trace.ops}.
 *
 * <pre>{@code Array p = Np.softmax(logits, -1); Array m = Np.mean(x, 0);}</pre>
 */
public final class Np {
  private Np() {}

  /** f32, Graft's default float. */
  public static final DType float32 = DType.F32;
  /** f64 (by request, as JAX's x64 mode). */
  public static final DType float64 = DType.F64;
  /** i32. */
  public static final DType int32 = DType.I32;
  /** i64. */
  public static final DType int64 = DType.I64;
  /** bool. */
  public static final DType bool = DType.BOOL;

  // ---------------------------------------------------------------- creation

  /** An array of {@code shape} filled with {@code value} as {@code dtype} (staged as a broadcast when traced). */
  public static Array full(int[] shape, double value, DType dtype) {
    Objects.requireNonNull(shape, "shape is null");
    Objects.requireNonNull(dtype, "dtype is null");
    Const scalar = Const.of(NdArray.scalar(dtype, value));
    if (shape.length == 0) return new Array(scalar);
    return new Array(Bind.bind1(new BroadcastInDim(Shape.of(shape), Ints.of()), scalar));
  }

  /** An f32 array of {@code shape} filled with {@code value}. */
  public static Array full(int[] shape, double value) { return full(shape, value, float32); }

  /** Zeros of {@code shape} and {@code dtype}. */
  public static Array zeros(DType dtype, int... shape) { return full(shape, 0, dtype); }

  /** f32 zeros of {@code shape}. */
  public static Array zeros(int... shape) { return full(shape, 0, float32); }

  /** Ones of {@code shape} and {@code dtype}. */
  public static Array ones(DType dtype, int... shape) { return full(shape, 1, dtype); }

  /** f32 ones of {@code shape}. */
  public static Array ones(int... shape) { return full(shape, 1, float32); }

  /** Zeros with {@code x}'s shape and dtype. */
  public static Array zerosLike(Array x) { return full(Objects.requireNonNull(x, "x is null").shape(), 0, x.dtype()); }

  /** Ones with {@code x}'s shape and dtype. */
  public static Array onesLike(Array x) { return full(Objects.requireNonNull(x, "x is null").shape(), 1, x.dtype()); }

  // ---------------------------------------------------------------- elementwise family

  // ---------------------------------------------------------------- structural family

  // ---------------------------------------------------------------- reductions family

  // ---------------------------------------------------------------- linalg family

  // ---------------------------------------------------------------- indexing family
  /** {@code np.take(x, indices)}: entries of flattened {@code x} at integer {@code indices} (negatives wrap, others clamp). */
  public static Array take(Array x, Array indices) { return Objects.requireNonNull(x, "x is null").take(indices); }

  /**
   * {@code np.take(x, indices, axis)}: shape {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}; an embedding
   * lookup is {@code take(table, ids, 0)}. Negative indices wrap; indices still out of range are clamped.
   */
  public static Array take(Array x, Array indices, int axis) { return Objects.requireNonNull(x, "x is null").take(indices, axis); }

  /**
   * {@code jnp.take(x, indices, axis, mode=...)}: as {@link #take(Array, Array, int)}, with {@code mode} for indices
   * still out of range after wrapping: {@code CLIP} clamps, {@code FILL} gives NaN (floats), the minimum (ints) or
   * true (bool).
   */
  public static Array take(Array x, Array indices, int axis, io.graft.trace.prim.GatherMode mode) {
    Objects.requireNonNull(x, "x is null");
    Objects.requireNonNull(indices, "indices is null");
    Objects.requireNonNull(mode, "mode is null");
    return new Array(io.graft.trace.ops.Indexing.take(x.value(), indices.value(), axis, mode));
  }

  /**
   * {@code np.take_along_axis(x, indices, axis)}: {@code out[..., i, ...] = x[..., indices[..., i, ...], ...]};
   * {@code indices} has {@code x}'s rank and broadcasts against it off {@code axis}. Negative indices wrap, others clamp.
   */
  public static Array takeAlongAxis(Array x, Array indices, int axis) {
    Objects.requireNonNull(x, "x is null");
    Objects.requireNonNull(indices, "indices is null");
    return new Array(io.graft.trace.ops.Indexing.takeAlongAxis(x.value(), indices.value(), axis));
  }
}
