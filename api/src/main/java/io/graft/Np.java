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
  /** {@code numpy.matmul(a, b)} ({@code a @ b}); see {@link Array#matmul}. */
  public static Array matmul(Array a, Array b) {
    return new Array(io.graft.trace.ops.Linalg.matmul(linArg(a, "a"), linArg(b, "b")));
  }

  /** {@code numpy.dot(a, b)}; see {@link Array#dot}. */
  public static Array dot(Array a, Array b) {
    return new Array(io.graft.trace.ops.Linalg.dot(linArg(a, "a"), linArg(b, "b")));
  }

  /** {@code numpy.outer(a, b)}: {@code out[i, j] = a.ravel()[i] · b.ravel()[j]}. */
  public static Array outer(Array a, Array b) {
    return new Array(io.graft.trace.ops.Linalg.outer(linArg(a, "a"), linArg(b, "b")));
  }

  private static io.graft.trace.Value linArg(Array x, String name) {
    return Objects.requireNonNull(x, name + " is null").value();
  }

  // ---------------------------------------------------------------- indexing family
}
