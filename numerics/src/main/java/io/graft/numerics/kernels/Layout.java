package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Half;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;

/**
 * Data-movement kernels over every dtype: transpose, rev, slice, dynamic slice and dynamic update slice. Each
 * computes a base offset and per-axis strides and hands the copy to {@link Strided#copy} (tiled for transposes,
 * {@code System.arraycopy} for contiguous runs, parallel for large arrays). Arguments are assumed valid: the
 * primitives' type rules check them. Inputs are never modified; results are fresh buffers.
 *
 * <pre>{@code Layout.transpose(x, new int[] {1, 0})   // f32[2,3] -> f32[3,2]}</pre>
 * Padding, concatenation and iota are in {@link Assemble}.
 */
public final class Layout {
  private Layout() {}

  /** {@code out[i_0, ..., i_{r-1}] = x[j]} with {@code j[perm[k]] = i_k}: output axis {@code k} is input axis {@code perm[k]}. */
  public static NdArray transpose(NdArray x, int[] perm) {
    int[] xs = x.shape().strides(), dims = new int[perm.length], src = new int[perm.length];
    for (int k = 0; k < perm.length; k++) { dims[k] = x.shape().dim(perm[k]); src[k] = xs[perm[k]]; }
    return gather(x, Shape.of(dims), 0, src);
  }

  /** {@code x} reversed along each axis in {@code dims}. */
  public static NdArray rev(NdArray x, int[] dims) { return revInto(x, dims, NdArray.newStore(x.dtype(), x.size())); }

  /**
   * {@link #rev} written over {@code store}, a store of {@code x}'s dtype and size whose contents are overwritten (a
   * recycled buffer: the jit reverses a convolution's kernel for its input gradient on every training step).
   *
   * @return the result, wrapping {@code store}
   */
  public static NdArray revInto(NdArray x, int[] dims, Object store) {
    if (store.getClass() != NdArray.newStore(x.dtype(), 0).getClass() || java.lang.reflect.Array.getLength(store) != x.size())
      throw new IllegalArgumentException("rev: revInto needs a " + x.dtype() + " store of " + x.size() + " elements for "
          + x.shape() + ", got " + store.getClass().getSimpleName() + "[" + java.lang.reflect.Array.getLength(store) + "]");
    int[] strides = x.shape().strides();
    int base = 0;
    for (int a : dims) {
      int e = x.shape().dim(a);
      if (e == 0) return NdArray.wrapStore(x.dtype(), x.shape(), store);
      base += (e - 1) * strides[a];
      strides[a] = -strides[a];
    }
    Strided.copy(x.store(), base, strides, store, 0, x.shape().strides(), x.shape().dims());
    return NdArray.wrapStore(x.dtype(), x.shape(), store);
  }

  /**
   * {@code out[i] = x[start + i * strides]} for {@code i} in {@code [0, ceil((limit - start) / strides))} per axis
   * ({@code lax.slice}); requires {@code 0 <= start <= limit <= dim} and {@code strides >= 1}.
   */
  public static NdArray slice(NdArray x, int[] start, int[] limit, int[] strides) {
    int rank = x.rank();
    int[] xs = x.shape().strides(), dims = new int[rank], src = new int[rank];
    int base = 0;
    for (int k = 0; k < rank; k++) {
      dims[k] = limit[k] <= start[k] ? 0 : (limit[k] - start[k] - 1) / strides[k] + 1;   // ceil, without overflow
      src[k] = dims[k] <= 1 ? 0 : xs[k] * strides[k];            // < size when two or more elements are read
      base += start[k] * xs[k];
    }
    return gather(x, Shape.of(dims), base, src);
  }

  /** The start of a {@code size}-long window at {@code start} clamped into {@code [0, dim - size]}, as XLA does. */
  public static int clampStart(long start, int dim, int size) {
    return (int) Math.max(0, Math.min(start, (long) dim - size));
  }

  /** A window of {@code sizes} at {@code start}, each start clamped with {@link #clampStart} ({@code lax.dynamic_slice}). */
  public static NdArray dynamicSlice(NdArray x, long[] start, int[] sizes) {
    int rank = x.rank();
    int[] begin = new int[rank], limit = new int[rank], ones = new int[rank];
    for (int k = 0; k < rank; k++) {
      begin[k] = clampStart(start[k], x.shape().dim(k), sizes[k]);
      limit[k] = begin[k] + sizes[k];
      ones[k] = 1;
    }
    return slice(x, begin, limit, ones);
  }

  /** A copy of {@code x} with {@code update} written at {@code start} (clamped as in {@link #dynamicSlice}). */
  public static NdArray dynamicUpdateSlice(NdArray x, NdArray update, long[] start) {
    checkSameDType("dynamic_update_slice", x, update);
    int rank = x.rank();
    Object out = NdArray.newStore(x.dtype(), x.size());
    System.arraycopy(x.store(), 0, out, 0, x.size());
    int[] xs = x.shape().strides();
    int base = 0;
    for (int k = 0; k < rank; k++) base += clampStart(start[k], x.shape().dim(k), update.shape().dim(k)) * xs[k];
    Strided.copy(update.store(), 0, update.shape().strides(), out, base, xs, update.shape().dims());
    return NdArray.wrapStore(x.dtype(), x.shape(), out);
  }

  /** A fresh contiguous array of {@code shape} with {@code out[i] = x.store[base + Σ i_k src_k]}. */
  static NdArray gather(NdArray x, Shape shape, int base, int[] src) {
    Object out = NdArray.newStore(x.dtype(), shape.size());
    Strided.copy(x.store(), base, src, out, 0, shape.strides(), shape.dims());
    return NdArray.wrapStore(x.dtype(), shape, out);
  }

  static void checkSameDType(String op, NdArray a, NdArray b) {
    if (a.dtype() != b.dtype())
      throw new DTypeError(op + ": operands must share one dtype, got " + a.dtype() + a.shape() + " and " + b.dtype() + b.shape());
  }

  /** The ints {@code 0, 1, ..., n-1} as a 1-D array of {@code dtype} (not bool). */
  static NdArray range(DType dtype, int n) {
    Object store = switch (dtype) {
      case F32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = i; yield a; }
      case F64 -> { double[] a = new double[n]; for (int i = 0; i < n; i++) a[i] = i; yield a; }
      case I32, U32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = i; yield a; }
      case I64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = i; yield a; }
      case BOOL -> throw new DTypeError("iota: no kernel for bool; use an integer or floating dtype");
      case BF16, F16 -> { short[] a = new short[n]; for (int i = 0; i < n; i++) a[i] = Half.round(dtype, (float) i); yield a; }
      case I8, U8 -> { byte[] a = new byte[n]; for (int i = 0; i < n; i++) a[i] = (byte) i; yield a; }   // wraps past 127 / 255
    };
    return NdArray.wrapStore(dtype, Shape.of(n), store);
  }
}
