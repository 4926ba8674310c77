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
import io.graft.trace.prim.BroadcastInDim;
import io.graft.trace.prim.Concatenate;
import io.graft.trace.prim.DynamicSlice;
import io.graft.trace.prim.DynamicUpdateSlice;
import io.graft.trace.prim.Pad;
import io.graft.trace.prim.PadConfig;
import io.graft.trace.prim.Reshape;
import io.graft.trace.prim.Rev;
import io.graft.trace.prim.Slice;
import io.graft.trace.prim.Squeeze;
import io.graft.trace.prim.Transpose;
import io.vavr.collection.Vector;
import java.util.Arrays;

/**
 * Shape manipulation and static indexing with NumPy semantics (reshape with {@code -1}, negative axes, Python
 * slices, promotion in {@code concatenate}), plus the strict {@code lax} forms. Everything binds structural
 * primitives, so it runs eagerly and under every transform. Operations that would not change anything (reshape to
 * the same shape, the identity permutation, squeezing no axis) return their operand and record no equation, as in
 * JAX.
 */
public final class Shapes {
  private Shapes() {}

  private static Shape shape(Value x) { return x.type().shape(); }

  /** Each axis normalised against {@code rank} (negative counts from the end); a {@link ShapeError} naming {@code op} and {@code x}. */
  static int[] axes(String op, int rank, int[] axes, ShapedType x) {
    int[] out = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int a = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (a < 0 || a >= rank)
        throw new ShapeError(op + ": axis " + axes[i] + " is out of range for rank " + rank + (rank == x.rank() ? "" : " (the result's)")
            + " with operand " + x + "; use an axis in [" + (-rank) + ", " + rank + ")");
      out[i] = a;
    }
    return out;
  }

  private static void distinct(String op, int[] normalised, int[] given, ShapedType x) {
    for (int i = 0; i < normalised.length; i++)
      for (int j = 0; j < i; j++)
        if (normalised[i] == normalised[j])
          throw new ShapeError(op + ": axes " + Arrays.toString(given) + " name axis " + normalised[i] + " twice (operand " + x
              + "); list each axis once");
  }

  // ---------------------------------------------------------------- reshaping

  /** {@code x} reshaped to {@code newShape}, where one entry may be {@code -1} (inferred from the size). */
  public static Value reshape(Value x, int... newShape) {
    int size = shape(x).size(), unknown = -1;
    long known = 1;
    int[] d = newShape.clone();
    for (int i = 0; i < d.length; i++) {
      if (d[i] == -1 && unknown < 0) unknown = i;
      else if (d[i] < 0)
        throw new ShapeError("reshape: new shape " + Arrays.toString(newShape) + " for " + x.type() + (d[i] == -1
            ? " has more than one -1; only one extent can be inferred" : " has a negative extent " + d[i]));
      else known *= d[i];
    }
    if (unknown >= 0) {
      if (known == 0 || size % known != 0)
        throw new ShapeError("reshape: cannot reshape " + x.type() + " (" + size + " elements) to " + Arrays.toString(newShape)
            + ": the other extents (product " + known + ") do not divide the size");
      d[unknown] = (int) (size / known);
    }
    return laxReshape(x, d);
  }

  /** {@code lax.reshape}: {@code x} reshaped to exactly {@code newSizes} (same element count). */
  public static Value laxReshape(Value x, int... newSizes) {
    Shape s = Shape.checked("reshape", () -> "operand " + x.type() + ", new_sizes " + Arrays.toString(newSizes), newSizes);
    return s.equals(shape(x)) ? x : Bind.bind1(new Reshape(s), x);
  }

  /** {@code x} as a 1-D array (row-major order). */
  public static Value ravel(Value x) { return laxReshape(x, shape(x).size()); }

  /** {@code x} with its axes permuted ({@code perm} may use negative axes; empty reverses the axes). */
  public static Value transpose(Value x, int... perm) {
    int rank = x.type().rank();
    int[] p = new int[rank];
    if (perm.length == 0) for (int k = 0; k < rank; k++) p[k] = rank - 1 - k;
    else p = perm;
    return laxTranspose(x, p);
  }

  /** {@code lax.transpose}: {@code x} with axes permuted by {@code perm} (negative axes allowed; every axis once). */
  public static Value laxTranspose(Value x, int... perm) {
    int[] p = axes("transpose", x.type().rank(), perm, x.type());
    return Arrays.equals(p, Ints.range(x.type().rank()).toArray()) ? x : Bind.bind1(new Transpose(Ints.of(p)), x);
  }

  /** {@code x} without the given axes of extent 1; with no axes, without every axis of extent 1. */
  public static Value squeeze(Value x, int... axes) {
    if (axes.length > 0) return laxSqueeze(x, axes);
    Shape s = shape(x);
    int[] ones = java.util.stream.IntStream.range(0, s.rank()).filter(k -> s.dim(k) == 1).toArray();
    return laxSqueeze(x, ones);
  }

  /** {@code lax.squeeze}: {@code x} without the listed axes, each of which must have extent 1. */
  public static Value laxSqueeze(Value x, int... dims) {
    int[] d = axes("squeeze", x.type().rank(), dims, x.type());
    Arrays.sort(d);
    return d.length == 0 ? x : Bind.bind1(new Squeeze(Ints.of(d)), x);
  }

  /** {@code x} with new axes of extent 1 at {@code axes} (positions in the result; negative counts from its end). */
  public static Value expandDims(Value x, int... axes) {
    Shape s = shape(x);
    int rank = s.rank() + axes.length;
    int[] a = axes("expandDims", rank, axes, x.type());
    distinct("expandDims", a, axes, x.type());
    int[] d = new int[rank];
    for (int k = 0, j = 0; k < rank; k++) {
      boolean isNew = false;
      for (int v : a) isNew |= v == k;
      d[k] = isNew ? 1 : s.dim(j++);
    }
    return laxReshape(x, d);
  }

  /** {@code lax.broadcast_in_dim}: operand axis {@code i} becomes output axis {@code dims[i]} of {@code shape}. */
  public static Value broadcastInDim(Value x, int[] shape, int[] dims) {
    Shape s = Shape.checked("broadcast_in_dim", () -> "operand " + x.type() + ", shape " + Arrays.toString(shape), shape);
    return Bind.bind1(new BroadcastInDim(s, Ints.of(dims)), x);
  }

  /** {@code x} reversed along {@code axes} (all axes when none are given). */
  public static Value flip(Value x, int... axes) {
    int rank = x.type().rank();
    return rev(x, axes.length == 0 ? Ints.range(rank).toArray() : axes);
  }

  /** {@code lax.rev}: {@code x} reversed along {@code dims} (negative axes allowed). */
  public static Value rev(Value x, int... dims) {
    int[] d = axes("rev", x.type().rank(), dims, x.type());
    return d.length == 0 ? x : Bind.bind1(new Rev(Ints.of(d)), x);
  }

  // ---------------------------------------------------------------- joining and splitting

  /** The operands promoted to one dtype and joined along {@code axis} (negative counts from the end). */
  public static Value concatenate(int axis, Value... xs) {
    if (xs.length == 0) throw new ShapeError("concatenate: needs at least one array, got none");
    Value[] p = Promotion.promote("concatenate", xs);
    if (p[0].type().rank() == 0)
      throw new ShapeError("concatenate: rank-0 arrays cannot be concatenated, got " + types(p) + "; stack them instead");
    return laxConcatenate(axis, p);
  }

  /** {@code lax.concatenate}: operands of one dtype joined along {@code dimension} (negative counts from the end). */
  public static Value laxConcatenate(int dimension, Value... xs) {
    if (xs.length == 0) throw new ShapeError("concatenate: needs at least one operand, got none");
    int d = xs[0].type().rank() == 0 ? dimension : shape(xs[0]).axis(dimension, "concatenate");
    return xs.length == 1 && xs[0].type().rank() > 0 ? xs[0] : Bind.bind1(new Concatenate(d), xs);
  }

  /** The operands (all of one shape) joined along a new axis {@code axis} of the result. */
  public static Value stack(int axis, Value... xs) {
    if (xs.length == 0) throw new ShapeError("stack: needs at least one array, got none");
    for (Value v : xs)
      if (!shape(v).equals(shape(xs[0])))
        throw new ShapeError("stack: all arrays must have one shape, got " + types(xs) + "; reshape or broadcast them first");
    Value[] p = Promotion.promote("stack", xs);
    for (int i = 0; i < p.length; i++) p[i] = expandDims(p[i], axis);
    return laxConcatenate(axis, p);
  }

  /** {@code x} cut into {@code sections} equal pieces along {@code axis}. */
  public static Vector<Value> split(Value x, int sections, int axis) {
    int a = shape(x).axis(axis, "split"), e = shape(x).dim(a);
    if (sections <= 0 || e % sections != 0)
      throw new ShapeError("split: axis " + axis + " of " + x.type() + " has extent " + e + ", which does not split into "
          + sections + " equal sections; pass a divisor of " + e + " or split indices");
    int[] cuts = new int[sections - 1];
    for (int i = 1; i < sections; i++) cuts[i - 1] = i * (e / sections);
    return split(x, cuts, axis);
  }

  /** {@code x} cut along {@code axis} before each index of {@code indices} (Python slice semantics per piece). */
  public static Vector<Value> split(Value x, int[] indices, int axis) {
    int a = shape(x).axis(axis, "split");
    Vector<Value> out = Vector.empty();
    for (int i = 0; i <= indices.length; i++) {
      int start = i == 0 ? 0 : indices[i - 1], end = i == indices.length ? Integer.MAX_VALUE : indices[i];
      out = out.append(sliceAxis(x, a, start, end));
    }
    return out;
  }

  // ---------------------------------------------------------------- padding

  /**
   * {@code np.pad} in constant mode: {@code padWidth} holds one {@code {before, after}} row per axis (or a single
   * row for every axis), all non-negative; the new elements are {@code constant} converted to {@code x}'s dtype.
   */
  public static Value pad(Value x, int[][] padWidth, Value constant) {
    int rank = x.type().rank();
    if (padWidth.length != rank && padWidth.length != 1)
      throw new ShapeError("pad: padWidth has " + padWidth.length + " rows for " + x.type() + "; give one {before, after} row "
          + "per axis (" + rank + ") or a single row for all axes");
    int[][] rows = new int[rank][];
    for (int k = 0; k < rank; k++) {
      int[] r = padWidth[padWidth.length == 1 ? 0 : k];
      if (r == null) throw new NullPointerException("padWidth[" + k + "] is null");
      if (r.length != 2 || r[0] < 0 || r[1] < 0)
        throw new ShapeError("pad: padWidth row " + Arrays.toString(r) + " for axis " + k + " of " + x.type() + " must be "
            + "{before, after} with both >= 0; crop with slice or Lax.pad (negative lo/hi)");
      rows[k] = new int[] {r[0], r[1], 0};
    }
    if (constant.type().rank() != 0)
      throw new ShapeError("pad: the constant must be rank-0, got " + constant.type() + " for " + x.type());
    DType d = x.type().dtype();
    Value c = constant.type().dtype() == d ? constant : Promotion.convert("pad", constant, d, constant.type().weak());
    return laxPad(x, c, PadConfig.of(rows));
  }

  /** {@code lax.pad}: {@code x} padded with the rank-0 {@code padValue} (same dtype) per {@code config}. */
  public static Value laxPad(Value x, Value padValue, PadConfig config) { return Bind.bind1(new Pad(config), x, padValue); }

  // ---------------------------------------------------------------- static and dynamic slicing

  /** {@code lax.slice}: strict bounds, {@code strides} of {@code null} means all 1. */
  public static Value laxSlice(Value x, int[] starts, int[] limits, int[] strides) {
    Slice s = strides == null ? Slice.of(Ints.of(starts), Ints.of(limits)) : new Slice(Ints.of(starts), Ints.of(limits), Ints.of(strides));
    return Bind.bind1(s, x);
  }

  /** {@code x[start:end]} along axis {@code a} with Python semantics: negative wraps, out of range clamps. */
  static Value sliceAxis(Value x, int a, int start, int end) {
    Shape s = shape(x);
    int n = s.dim(a), lo = pyIndex(start, n), hi = Math.max(lo, pyIndex(end, n));
    if (lo == 0 && hi == n) return x;
    int[] starts = new int[s.rank()], limits = s.dims();
    starts[a] = lo;
    limits[a] = hi;
    return laxSlice(x, starts, limits, null);
  }

  private static int pyIndex(int i, int n) { return i < 0 ? Math.max(0, i + n) : Math.min(i, n); }

  /** {@code x[start:end]} along axis 0, with Python slice semantics (negative wraps, out of range clamps). */
  public static Value slice(Value x, int start, int end) {
    if (x.type().rank() == 0) throw new ShapeError("slice: cannot slice rank-0 " + x.type() + "; it has no axis 0");
    return sliceAxis(x, 0, start, end);
  }

  /** The index {@code i} along axis 0 of {@code x}, wrapped if negative; a {@link ShapeError} naming {@code op} if out of range. */
  static int index(String op, Value x, int i) {
    if (x.type().rank() == 0) throw new ShapeError(op + ": cannot index rank-0 " + x.type() + "; it has no axis 0");
    int n = shape(x).dim(0);
    if (i < -n || i >= n)
      throw new ShapeError(op + ": index " + i + " is out of bounds for axis 0 with extent " + n + " of " + x.type()
          + "; use an index in [" + (-n) + ", " + n + ")");
    return i < 0 ? i + n : i;
  }

  /** {@code x[i]} along axis 0 (negative wraps); out of range is a {@link ShapeError}. */
  public static Value get(Value x, int i) {
    int k = index("get", x, i);
    Shape s = shape(x);
    int[] starts = new int[s.rank()], limits = s.dims();
    starts[0] = k;
    limits[0] = k + 1;
    return laxSqueeze(laxSlice(x, starts, limits, null), 0);
  }

  /** {@code x} with {@code x[i] = v} (JAX's {@code x.at[i].set(v)}): {@code v} is converted to {@code x}'s dtype and broadcast to {@code x[i]}'s shape. */
  public static Value atSet(Value x, int i, Value v) {
    int k = index("at(i).set", x, i);
    Shape s = shape(x), slot = s.drop(0), target = slot.insert(0, 1);
    Shape vs = shape(v);
    boolean fits = vs.rank() <= slot.rank();
    for (int d = 0; fits && d < vs.rank(); d++) {
      int e = vs.dim(d), want = slot.dim(slot.rank() - vs.rank() + d);
      fits = e == want || e == 1;
    }
    if (!fits)
      throw new ShapeError("at(i).set: value " + v.type() + " does not broadcast to the shape " + slot + " of x[" + i + "] for x "
          + x.type() + "; pass a value of shape " + slot + " or one that broadcasts to it");
    Value u = v.type().dtype() == x.type().dtype() ? v : Promotion.convert("at(i).set", v, x.type().dtype(), v.type().weak());
    int[] dims = new int[u.type().rank()];
    for (int d = 0; d < dims.length; d++) dims[d] = target.rank() - dims.length + d;
    if (!shape(u).equals(target)) u = Bind.bind1(new BroadcastInDim(target, Ints.of(dims)), u);
    Value[] ops = new Value[2 + s.rank()];
    ops[0] = x;
    ops[1] = u;
    for (int d = 0; d < s.rank(); d++) ops[2 + d] = Const.of(NdArray.wrap(Shape.scalar(), new int[] {d == 0 ? k : 0}));
    return Bind.bind1(new DynamicUpdateSlice(), ops);
  }

  /** {@code x} with {@code x[i] += v} (JAX's {@code x.at[i].add(v)}); the sum is converted back to {@code x}'s dtype. */
  public static Value atAdd(Value x, int i, Value v) {
    Value sum = Arith.add(get(x, i), v);
    return atSet(x, i, sum);
  }

  /** {@code lax.dynamic_slice}: a {@code sizes} window at run-time {@code starts} (rank-0 integers, converted to i32; clamped). */
  public static Value dynamicSlice(Value x, Value[] starts, int[] sizes) {
    return Bind.bind1(new DynamicSlice(Ints.of(sizes)), operands("dynamic_slice", x, null, starts));
  }

  /** {@code lax.dynamic_update_slice}: {@code x} with {@code update} written at run-time {@code starts} (clamped). */
  public static Value dynamicUpdateSlice(Value x, Value update, Value[] starts) {
    return Bind.bind1(new DynamicUpdateSlice(), operands("dynamic_update_slice", x, update, starts));
  }

  private static Value[] operands(String op, Value x, Value update, Value[] starts) {
    int lead = update == null ? 1 : 2;
    Value[] ops = new Value[lead + starts.length];
    ops[0] = x;
    if (update != null) ops[1] = update;
    for (int k = 0; k < starts.length; k++) {
      ShapedType t = starts[k].type();
      if (t.rank() != 0 || !t.dtype().isInteger())
        throw new DTypeError(op + ": start index " + k + " must be a rank-0 integer, got " + t + " (operand " + x.type()
            + "); convert it with astype(Np.int32)");
      ops[lead + k] = Promotion.convert(starts[k], DType.I32, false);
    }
    return ops;
  }

  private static String types(Value... xs) {
    StringBuilder b = new StringBuilder();
    for (Value v : xs) b.append(b.isEmpty() ? "" : ", ").append(v.type());
    return b.toString();
  }
}
