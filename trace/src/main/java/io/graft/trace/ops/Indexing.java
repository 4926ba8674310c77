package io.graft.trace.ops;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.BroadcastInDim;
import io.graft.trace.prim.Gather;
import io.graft.trace.prim.GatherDims;
import io.graft.trace.prim.GatherMode;
import io.graft.trace.prim.Reshape;
import io.graft.trace.prim.ScatterAdd;
import io.graft.trace.prim.ScatterDims;
import io.graft.trace.prim.ScatterMode;

/**
 * NumPy-level indexing built on {@code gather} and {@code scatter_add}: {@code take}, {@code take_along_axis},
 * {@code segment_sum}, {@code x.at[idx].add(v)}.
 *
 * <p><b>Indices.</b> Integer arrays (i32 or i64) of any shape. Negative indices in {@code [-n, 0)} wrap to
 * {@code i + n}, as in NumPy; for concrete indices this happens here in Java, for traced ones it is staged as
 * {@code i - n * max(min(i, 0), -1)} (integer ops only). Indices still out of range after wrapping are clamped
 * ({@link GatherMode#CLIP}, the default here) or give the fill value ({@link GatherMode#FILL}, JAX's default for
 * {@code jnp.take}); scatters drop them. NB: NumPy and JAX do not wrap negatives in {@code mode="clip"}; Graft
 * always wraps, then clamps.
 */
public final class Indexing {
  private Indexing() {}

  /** {@code lax.gather}: the primitive, strict. */
  public static Value gather(Value operand, Value indices, GatherDims dims, Ints sliceSizes, GatherMode mode) {
    return Bind.bind1(new Gather(dims, sliceSizes, mode), operand, indices);
  }

  /** {@code lax.scatter_add}: the primitive, strict. */
  public static Value scatterAdd(Value operand, Value indices, Value updates, ScatterDims dims, ScatterMode mode) {
    return Bind.bind1(new ScatterAdd(dims, mode), operand, indices, updates);
  }

  /** {@code np.take(x, indices, axis)} with clamping (see the class doc); an embedding lookup is {@code take(table, ids, 0)}. */
  public static Value take(Value x, Value indices, int axis) { return take(x, indices, axis, GatherMode.CLIP); }

  /**
   * {@code np.take(x, indices, axis)}: {@code out[a..., i..., b...] = x[a..., indices[i...], b...]}, shape
   * {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}.
   */
  public static Value take(Value x, Value indices, int axis, GatherMode mode) {
    ShapedType xt = x.type();
    checkIndices("take", indices, xt);
    int a = xt.shape().axis(axis, "take"), n = xt.shape().dim(a);
    Shape is = indices.type().shape();
    int ir = is.rank(), outRank = xt.rank() - 1 + ir;
    int[] out = new int[outRank], offset = new int[xt.rank() - 1], slice = xt.shape().dims();
    for (int d = 0, o = 0; d < xt.rank(); d++) {
      if (d == a) { for (int i = 0; i < ir; i++) out[a + i] = is.dim(i); continue; }
      int pos = d < a ? d : d - 1 + ir;
      out[pos] = xt.shape().dim(d);
      offset[o++] = pos;
    }
    slice[a] = 1;
    Shape outShape = Shape.checked("take", () -> "x " + xt + ", indices " + indices.type() + ", axis " + axis, out);
    if (n == 0 && is.size() > 0)
      throw new ShapeError("take: cannot take " + indices.type() + " indices from axis " + a + " of " + xt
          + ", which is empty; there is nothing to index");
    if (outShape.size() == 0) return zeros(outShape, xt.dtype());
    Value idx = reshape(wrapNegative(indices, n), withTrailingOne(is));
    GatherDims dims = new GatherDims(Ints.of(offset), Ints.of(a), Ints.of(a), Ints.of(), Ints.of());
    return gather(x, idx, dims, Ints.of(slice), mode);
  }

  /** {@code np.take(x, indices)} without an axis: {@code x} is flattened first. */
  public static Value take(Value x, Value indices) {
    Shape flat = Shape.of(x.type().shape().size());
    return take(reshape(x, flat), indices, 0);
  }

  /**
   * {@code np.take_along_axis(x, indices, axis)}: {@code out[..., i, ...] = x[..., indices[..., i, ...], ...]} along
   * {@code axis}; {@code indices} has {@code x}'s rank and the other axes broadcast against {@code x}'s. Built as one
   * gather whose non-axis axes are batching axes (or collapsed, where {@code x} has extent 1).
   */
  public static Value takeAlongAxis(Value x, Value indices, int axis) {
    ShapedType xt = x.type(), it = indices.type();
    checkIndices("takeAlongAxis", indices, xt);
    int a = xt.shape().axis(axis, "takeAlongAxis"), rank = xt.rank();
    if (it.rank() != rank)
      throw new ShapeError("takeAlongAxis: indices " + it + " must have the rank of x " + xt + " (" + rank + ")");
    int[] out = new int[rank];
    for (int d = 0; d < rank; d++) out[d] = d == a ? it.shape().dim(d) : alongExtent(xt, it, d);
    Shape outShape = Shape.checked("takeAlongAxis", () -> "x " + xt + ", indices " + it + ", axis " + axis, out);
    if (xt.shape().dim(a) == 0 && it.shape().size() > 0)
      throw new ShapeError("takeAlongAxis: cannot take " + it + " indices from axis " + a + " of " + xt + ", which is empty");
    if (outShape.size() == 0) return zeros(outShape, xt.dtype());
    Value idx = Promotion.broadcastTo("takeAlongAxis", wrapNegative(indices, xt.shape().dim(a)), outShape);
    idx = reshape(idx, withTrailingOne(outShape));
    int[] batch = new int[rank], collapsed = new int[rank], slice = new int[rank];
    int nb = 0, nc = 0;
    for (int d = 0; d < rank; d++) {
      slice[d] = 1;
      if (d == a || xt.shape().dim(d) != out[d]) collapsed[nc++] = d;   // the take axis, or x broadcast along d
      else batch[nb++] = d;
    }
    Ints b = Ints.of(java.util.Arrays.copyOf(batch, nb));
    GatherDims dims = new GatherDims(Ints.of(), Ints.of(java.util.Arrays.copyOf(collapsed, nc)), Ints.of(a), b, b);
    return gather(x, idx, dims, Ints.of(slice), GatherMode.CLIP);
  }

  private static int alongExtent(ShapedType xt, ShapedType it, int d) {
    int e = xt.shape().dim(d), f = it.shape().dim(d);
    if (e == f || f == 1) return e;
    if (e == 1) return f;
    throw new ShapeError("takeAlongAxis: indices " + it + " axis " + d + " (" + f + ") does not broadcast against x " + xt
        + " axis " + d + " (" + e + "); off the take axis, extents must match or be 1");
  }

  /**
   * {@code jax.ops.segment_sum}: {@code out[s, ...] = sum of data[i, ...] over i with segmentIds[i] == s}, shape
   * {@code [numSegments] + data.shape[1:]}. Ids outside {@code [0, numSegments)} are dropped, as in JAX.
   */
  public static Value segmentSum(Value data, Value segmentIds, int numSegments) {
    ShapedType dt = data.type(), st = segmentIds.type();
    checkIndices("segmentSum", segmentIds, dt);
    checkNumeric("segmentSum", "data", dt);
    if (dt.rank() == 0 || st.rank() != 1 || st.shape().dim(0) != dt.shape().dim(0))
      throw new ShapeError("segmentSum: segmentIds " + st + " must be 1-D with one id per row of data " + dt
          + " (its leading axis)");
    if (numSegments < 0) throw new ShapeError("segmentSum: numSegments must be >= 0, got " + numSegments);
    Shape outShape = dt.shape().drop(0).insert(0, numSegments);
    Value ids = reshape(segmentIds, withTrailingOne(st.shape()));
    ScatterDims dims = new ScatterDims(range(1, dt.rank()), Ints.of(0), Ints.of(0), Ints.of(), Ints.of());
    return scatterAdd(zeros(outShape, dt.dtype()), ids, data, dims, ScatterMode.FILL_OR_DROP);
  }

  /**
   * {@code x.at[indices].add(updates)} for an integer array of row indices: {@code out = x}, then
   * {@code out[indices[i...], ...] += updates[i..., ...]} with duplicates accumulating. {@code updates} is converted
   * to {@code x}'s dtype and broadcast to {@code indices.shape + x.shape[1:]}; out-of-range rows are dropped (JAX's
   * default for {@code .at[].add}).
   */
  public static Value addAt(Value x, Value indices, Value updates) {
    ShapedType xt = x.type();
    checkIndices("addAt", indices, xt);
    checkNumeric("addAt", "x", xt);
    if (xt.rank() == 0) throw new ShapeError("addAt: x " + xt + " is a scalar; it needs an axis 0 to index");
    Shape is = indices.type().shape();
    int ir = is.rank();
    int[] upd = new int[ir + xt.rank() - 1];
    for (int i = 0; i < upd.length; i++) upd[i] = i < ir ? is.dim(i) : xt.shape().dim(i - ir + 1);
    Value u = Promotion.broadcastTo("addAt", Promotion.convert("addAt", updates, xt.dtype(), updates.type().weak()), Shape.of(upd));
    Value idx = reshape(wrapNegative(indices, xt.shape().dim(0)), withTrailingOne(is));
    ScatterDims dims = new ScatterDims(range(ir, upd.length), Ints.of(0), Ints.of(0), Ints.of(), Ints.of());
    return scatterAdd(x, idx, u, dims, ScatterMode.FILL_OR_DROP);
  }

  /**
   * Indices in {@code [-n, 0)} moved to {@code [0, n)} by adding {@code n}; others unchanged. Concrete indices are
   * rewritten here; traced ones get {@code i - n * max(min(i, 0), -1)} (the factor is -1 exactly for negative
   * integers, 0 otherwise).
   */
  static Value wrapNegative(Value indices, int n) {
    if (indices instanceof Const c) return new Const(wrapConcrete(c.array(), n), c.weak());
    Value neg = Arith.binary(BinaryOp.MAX, Arith.binary(BinaryOp.MIN, indices, intLiteral(0)), intLiteral(-1));
    return Arith.sub(indices, Arith.mul(neg, intLiteral(n)));
  }

  private static NdArray wrapConcrete(NdArray a, int n) {
    int size = a.size();
    if (a.dtype() == DType.I32) {
      int[] s = a.i32(), o = null;
      for (int i = 0; i < size; i++) if (s[i] < 0) { if (o == null) o = s.clone(); o[i] = s[i] + n; }
      return o == null ? a : NdArray.wrap(a.shape(), o);
    }
    long[] s = a.i64(), o = null;
    for (int i = 0; i < size; i++) if (s[i] < 0) { if (o == null) o = s.clone(); o[i] = s[i] + n; }
    return o == null ? a : NdArray.wrap(a.shape(), o);
  }

  private static Value intLiteral(long v) { return new Const(NdArray.scalarLong(DType.I64, v), true); }

  private static void checkIndices(String op, Value indices, ShapedType x) {
    ShapedType t = indices.type();
    if (t.dtype() != DType.I32 && t.dtype() != DType.I64)
      throw new DTypeError(op + ": indices must be i32 or i64, got " + t + " (indexing " + x + "); convert with astype(Np.int32)");
  }

  private static void checkNumeric(String op, String name, ShapedType t) {
    if (t.dtype().isBool())
      throw new DTypeError(op + ": " + name + " " + t + " must be numeric (f32, f64, i32, i64) to be summed; convert with astype(Np.int32)");
  }

  private static Value reshape(Value v, Shape shape) {
    return v.type().shape().equals(shape) ? v : Bind.bind1(new Reshape(shape), v);
  }

  private static Shape withTrailingOne(Shape s) { return s.insert(s.rank(), 1); }

  private static Value zeros(Shape shape, DType dtype) {
    return Bind.bind1(new BroadcastInDim(shape, Ints.of()), Const.of(NdArray.scalar(dtype, 0)));
  }

  private static Ints range(int from, int to) {
    int[] r = new int[Math.max(0, to - from)];
    for (int i = 0; i < r.length; i++) r[i] = from + i;
    return Ints.of(r);
  }
}
