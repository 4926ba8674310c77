package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.ops.Nn;
import io.graft.trace.ops.Reduce;
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

  /** Sum of all elements of {@code x} ({@code jnp.sum}; bool counts as i32). */
  public static Array sum(Array x) { return new Array(Reduce.sum(reductionArg(x), null, false)); }

  /** Sum over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array sum(Array x, int... axes) { return new Array(Reduce.sum(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Sum over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array sum(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.sum(reductionArg(x), axes, keepdims)); }

  /** Mean of all elements of {@code x} ({@code jnp.mean}; integers and bool average in f32). */
  public static Array mean(Array x) { return new Array(Reduce.mean(reductionArg(x), null, false)); }

  /** Mean over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array mean(Array x, int... axes) { return new Array(Reduce.mean(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Mean over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array mean(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.mean(reductionArg(x), axes, keepdims)); }

  /** Maximum of all elements of {@code x} ({@code jnp.max}; NaN propagates; a zero-size reduced axis is an error). */
  public static Array max(Array x) { return new Array(Reduce.max(reductionArg(x), null, false)); }

  /** Maximum over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array max(Array x, int... axes) { return new Array(Reduce.max(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Maximum over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array max(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.max(reductionArg(x), axes, keepdims)); }

  /** Minimum of all elements of {@code x} ({@code jnp.min}; NaN propagates; a zero-size reduced axis is an error). */
  public static Array min(Array x) { return new Array(Reduce.min(reductionArg(x), null, false)); }

  /** Minimum over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array min(Array x, int... axes) { return new Array(Reduce.min(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Minimum over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array min(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.min(reductionArg(x), axes, keepdims)); }

  /** Product of all elements of {@code x} ({@code jnp.prod}; bool counts as i32). */
  public static Array prod(Array x) { return new Array(Reduce.prod(reductionArg(x), null, false)); }

  /** Product over {@code axes} (negative allowed; none listed: no reduction). */
  public static Array prod(Array x, int... axes) { return new Array(Reduce.prod(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** Product over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array prod(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.prod(reductionArg(x), axes, keepdims)); }

  /** Variance of all elements of {@code x} ({@code jnp.var}, ddof 0; integers in f32). */
  public static Array var(Array x) { return new Array(Reduce.var(reductionArg(x), null, 0, false)); }

  /** Variance over {@code axes} (negative allowed; ddof 0). */
  public static Array var(Array x, int... axes) { return new Array(Reduce.var(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), 0, false)); }

  /** Variance over {@code axes} ({@code null}: all; ddof 0), keeping them as size 1 when {@code keepdims}. */
  public static Array var(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.var(reductionArg(x), axes, 0, keepdims)); }

  /** Variance over {@code axes} ({@code null}: all) with divisor {@code count - ddof}. */
  public static Array var(Array x, int[] axes, int ddof, boolean keepdims) { return new Array(Reduce.var(reductionArg(x), axes, ddof, keepdims)); }

  /** Index (i32) of the first maximum of the flattened {@code x} ({@code jnp.argmax}; the first NaN wins). */
  public static Array argmax(Array x) { return new Array(Reduce.argmax(reductionArg(x), null, false)); }

  /** Indices (i32) of the first maxima along {@code axis} (negative allowed). */
  public static Array argmax(Array x, int axis) { return new Array(Reduce.argmax(reductionArg(x), axis, false)); }

  /** Indices (i32) of the first maxima along {@code axis}, kept as a size-1 axis when {@code keepdims}. */
  public static Array argmax(Array x, int axis, boolean keepdims) { return new Array(Reduce.argmax(reductionArg(x), axis, keepdims)); }

  /** Index (i32) of the first minimum of the flattened {@code x} ({@code jnp.argmin}; the first NaN wins). */
  public static Array argmin(Array x) { return new Array(Reduce.argmin(reductionArg(x), null, false)); }

  /** Indices (i32) of the first minima along {@code axis} (negative allowed). */
  public static Array argmin(Array x, int axis) { return new Array(Reduce.argmin(reductionArg(x), axis, false)); }

  /** Indices (i32) of the first minima along {@code axis}, kept as a size-1 axis when {@code keepdims}. */
  public static Array argmin(Array x, int axis, boolean keepdims) { return new Array(Reduce.argmin(reductionArg(x), axis, keepdims)); }

  /** Running sum of the flattened {@code x} ({@code jnp.cumsum}; bool counts as i32). */
  public static Array cumsum(Array x) { return new Array(Reduce.cumsum(reductionArg(x), null)); }

  /** Running sum along {@code axis} (negative allowed). */
  public static Array cumsum(Array x, int axis) { return new Array(Reduce.cumsum(reductionArg(x), axis)); }

  /** Running product of the flattened {@code x} ({@code jnp.cumprod}; bool counts as i32). */
  public static Array cumprod(Array x) { return new Array(Reduce.cumprod(reductionArg(x), null)); }

  /** Running product along {@code axis} (negative allowed). */
  public static Array cumprod(Array x, int axis) { return new Array(Reduce.cumprod(reductionArg(x), axis)); }

  /** {@code log(sum(exp(x)))} over all elements, computed stably ({@code jax.nn.logsumexp}; integers in f32). */
  public static Array logsumexp(Array x) { return new Array(Reduce.logsumexp(reductionArg(x), null, false)); }

  /** {@code log(sum(exp(x)))} over {@code axes} (negative allowed), computed stably. */
  public static Array logsumexp(Array x, int... axes) { return new Array(Reduce.logsumexp(reductionArg(x), Objects.requireNonNull(axes, "axes is null"), false)); }

  /** {@code log(sum(exp(x)))} over {@code axes} ({@code null}: all), keeping them as size 1 when {@code keepdims}. */
  public static Array logsumexp(Array x, int[] axes, boolean keepdims) { return new Array(Reduce.logsumexp(reductionArg(x), axes, keepdims)); }

  /** {@code exp(x) / sum(exp(x))} along the last axis ({@code jax.nn.softmax}), shifted by the maximum for stability. */
  public static Array softmax(Array x) { return new Array(Nn.softmax(reductionArg(x), -1)); }

  /** {@code exp(x) / sum(exp(x))} along {@code axis} (negative allowed), shifted by the maximum for stability. */
  public static Array softmax(Array x, int axis) { return new Array(Nn.softmax(reductionArg(x), axis)); }

  /** {@code x - logsumexp(x)} along the last axis ({@code jax.nn.log_softmax}), computed stably. */
  public static Array logSoftmax(Array x) { return new Array(Nn.logSoftmax(reductionArg(x), -1)); }

  /** {@code x - logsumexp(x)} along {@code axis} (negative allowed), computed stably. */
  public static Array logSoftmax(Array x, int axis) { return new Array(Nn.logSoftmax(reductionArg(x), axis)); }

  private static Value reductionArg(Array x) { return Objects.requireNonNull(x, "x is null").value(); }

  // ---------------------------------------------------------------- linalg family

  // ---------------------------------------------------------------- indexing family
}
