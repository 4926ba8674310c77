package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import java.util.function.IntFunction;

/**
 * Transform-rule helpers of the window primitives: batching by an extra window axis, the transpose of
 * {@code reduce_window_sum}, and the JVP of {@code reduce_window_max/min} through {@link SelectAndGatherAdd}
 * (with base and window dilation rewritten into undilated windows).
 */
final class WindowTransforms {
  private WindowTransforms() {}

  /** {@code n} ones. */
  static Ints ones(int n) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, 1);
    return Ints.of(a);
  }

  /** {@code v} with {@code value} inserted at position {@code at}. */
  static Ints insert(Ints v, int at, int value) {
    int[] a = new int[v.size() + 1];
    for (int i = 0, j = 0; i < a.length; i++) a[i] = i == at ? value : v.get(j++);
    return Ints.of(a);
  }

  /** {@code p} with no padding inserted for a new axis at {@code at}. */
  static Padding insert(Padding p, int at) { return new Padding(insert(p.lo(), at, 0), insert(p.hi(), at, 0)); }

  /** {@code rw} with a new window axis of size 1 (stride 1, no padding, no dilation) at {@code at}: the batch axis. */
  static ReduceWindow withBatchAxis(ReduceWindow rw, int at) {
    return new ReduceWindow(rw.op(), insert(rw.windowDimensions(), at, 1), insert(rw.windowStrides(), at, 1),
        insert(rw.padding(), at), insert(rw.baseDilation(), at, 1), insert(rw.windowDilation(), at, 1));
  }

  /**
   * Batches a two-operand window primitive of equal-rank operands: both get the batch axis at the first mapped
   * operand's position {@code d} (an unmapped one is broadcast), and {@code prim.apply(d)} is the primitive with a
   * size-1 window axis there. The result's batch axis is {@code d}.
   */
  static Batched batchPair(Vector<Value> args, Ints dims, int size, IntFunction<Windowed> prim) {
    int d = dims.get(0) != Batched.NOT_MAPPED ? dims.get(0) : dims.get(1);
    Value a = Batching.moveTo(new Batched(args.get(0), dims.get(0)), d, size);
    Value b = Batching.moveTo(new Batched(args.get(1), dims.get(1)), d, size);
    return new Batched(Bind.bind1(prim.apply(d), a, b), d);
  }

  /**
   * The transpose of {@code reduce_window_sum} (JAX's {@code _reduce_window_sum_transpose_rule}): the cotangent,
   * dilated by the strides and padded so that every operand position sees exactly the outputs whose windows read
   * it, summed by a stride-{@code baseDilation} window of the same (dilated) size. Padding may be negative.
   */
  static Value sumTranspose(ReduceWindow rw, Value ct, ShapedType x) {
    Shape xs = x.shape(), cs = ct.type().shape();
    if (xs.size() == 0 || cs.size() == 0) return Tangents.zeros(x.strong());
    int rank = xs.rank();
    int[] lo = new int[rank], hi = new int[rank], interior = new int[rank];
    for (int d = 0; d < rank; d++) {
      int base = dilated(xs.dim(d), rw.baseDilation().get(d)), win = dilated(rw.windowDimensions().get(d), rw.windowDilation().get(d));
      int out = dilated(cs.dim(d), rw.windowStrides().get(d));
      lo[d] = win - rw.padding().lo().get(d) - 1;
      hi[d] = base + win - 1 - out - lo[d];
      interior[d] = rw.windowStrides().get(d) - 1;
    }
    Value padded = Bind.bind1(new Pad(new PadConfig(Ints.of(lo), Ints.of(hi), Ints.of(interior))), ct, LaxOps.scalar(ct.type().dtype(), 0));
    return Bind.bind1(new ReduceWindow(WindowOp.SUM, rw.windowDimensions(), rw.baseDilation(), Padding.none(rank), ones(rank),
        rw.windowDilation()), padded);
  }

  /**
   * The JVP of {@code reduce_window_max} ({@code _min}): the tangent at each window's first maximum (minimum) of
   * {@code x}, by {@link SelectAndGatherAdd} on {@code x} ({@code -x} for min: the first minimum of {@code x} is the
   * first maximum of {@code -x}, NaN included). Axes with base or window dilation are rewritten without it: the
   * operand is padded explicitly with {@code -inf} (its tangent with 0), holes included, to a multiple of the window
   * dilation {@code r}; the axis of length {@code L} is split into {@code (L / r, r)} so that the dilated window
   * becomes a contiguous one along {@code L / r}; and output {@code o} is element {@code o * stride} of the merged
   * stride-1 result. Only windows whose elements are all {@code -inf} (or NaN) can then choose a padding element or
   * hole, whose tangent is 0.
   */
  static Value chooserJvp(ReduceWindow rw, Value x, Value t, ShapedType out) {
    Value key = rw.op() == WindowOp.MIN ? LaxOps.neg(x) : x;
    boolean dilated = false;
    for (int d = 0; d < x.type().rank(); d++) dilated |= rw.baseDilation().get(d) != 1 || rw.windowDilation().get(d) != 1;
    if (!dilated) return Bind.bind1(new SelectAndGatherAdd(rw.windowDimensions(), rw.windowStrides(), rw.padding()), t, key);
    if (out.shape().size() == 0) return Tangents.zeros(out.strong());
    return undilated(rw, key, t, out.shape());
  }

  private static Value undilated(ReduceWindow rw, Value key, Value t, Shape out) {
    Shape xs = key.type().shape();
    int rank = xs.rank();
    int[] lo = new int[rank], hi = new int[rank], interior = new int[rank];
    int[] merged = new int[rank], limit = new int[rank], step = new int[rank];
    java.util.List<Integer> split = new java.util.ArrayList<>(), win = new java.util.ArrayList<>(), str = new java.util.ArrayList<>(),
        plo = new java.util.ArrayList<>(), phi = new java.util.ArrayList<>();
    for (int d = 0; d < rank; d++) {
      int k = rw.windowDimensions().get(d), s = rw.windowStrides().get(d), b = rw.baseDilation().get(d), r = rw.windowDilation().get(d);
      int pl = rw.padding().lo().get(d), ph = rw.padding().hi().get(d);
      limit[d] = (out.dim(d) - 1) * s + 1;
      if (b == 1 && r == 1) {
        split.add(xs.dim(d)); win.add(k); str.add(s); plo.add(pl); phi.add(ph);
        merged[d] = out.dim(d); limit[d] = out.dim(d); step[d] = 1;
        continue;
      }
      int len = dilated(xs.dim(d), b) + pl + ph, full = Math.ceilDiv(len, r) * r;
      lo[d] = pl; hi[d] = ph + full - len; interior[d] = b - 1;
      split.add(full / r); split.add(r);
      win.add(k); win.add(1); str.add(1); str.add(1); plo.add(0); plo.add(0); phi.add(0); phi.add(0);
      merged[d] = (full / r - k + 1) * r;
      step[d] = s;
    }
    PadConfig cfg = new PadConfig(Ints.of(lo), Ints.of(hi), Ints.of(interior));
    DType dt = key.type().dtype();
    Shape splitShape = Shape.of(toInts(split));
    Value k2 = Bind.bind1(new Reshape(splitShape), Bind.bind1(new Pad(cfg), key, LaxOps.scalar(dt, Double.NEGATIVE_INFINITY)));
    Value t2 = Bind.bind1(new Reshape(splitShape), Bind.bind1(new Pad(cfg), t, LaxOps.scalar(dt, 0)));
    Padding pad = new Padding(Ints.of(toInts(plo)), Ints.of(toInts(phi)));
    Value g = Bind.bind1(new SelectAndGatherAdd(Ints.of(toInts(win)), Ints.of(toInts(str)), pad), t2, k2);
    g = Bind.bind1(new Reshape(Shape.of(merged)), g);
    return Bind.bind1(new Slice(Ints.of(new int[rank]), Ints.of(limit), Ints.of(step)), g);
  }

  /** The extent of {@code n} elements with {@code dilation - 1} holes between neighbours. */
  static int dilated(int n, int dilation) { return n == 0 ? 0 : (n - 1) * dilation + 1; }

  private static int[] toInts(java.util.List<Integer> xs) { return xs.stream().mapToInt(Integer::intValue).toArray(); }
}
