package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;

/**
 * The batching rule of {@link ConvGeneralDilated} (JAX's {@code _conv_general_dilated_batch_rule}): the vmapped
 * axis is folded into an axis the convolution already has, so one convolution serves the whole batch.
 * <ul>
 *   <li>lhs only: into the lhs batch axis {@code N} (within each batch group when there are batch groups);</li>
 *   <li>rhs only: into the kernel's output features (within each feature or batch group);</li>
 *   <li>both: a grouped convolution with {@code size} times as many groups: the batch joins the lhs features
 *       (feature groups) or, when there are batch groups, the lhs batch (batch groups), and the kernel's output
 *       features either way.</li>
 * </ul>
 * The result's batch axis is split back out of the output's batch or feature axis, where it stays.
 */
final class ConvBatchRules {
  private ConvBatchRules() {}

  static Batched batch(ConvGeneralDilated c, Vector<Value> args, Ints dims, int size) {
    Value lhs = args.get(0), rhs = args.get(1);
    int lb = dims.get(0), rb = dims.get(1);
    ConvDims dn = c.dimensionNumbers();
    Ints ls = dn.lhsSpec(), rs = dn.rhsSpec(), os = dn.outSpec();
    int fg = c.featureGroupCount(), bg = c.batchGroupCount();
    if (size == 0) return empty(c, lhs.type(), rhs.type(), lb, rb);
    if (lb != Batched.NOT_MAPPED && rb != Batched.NOT_MAPPED) {
      Value l = bg > 1 ? into(lb, ls.get(0), lhs) : into(lb, ls.get(1), lhs);
      Value r = into(rb, rs.get(0), rhs);
      ConvGeneralDilated p = bg > 1 ? regrouped(c, fg, bg * size) : regrouped(c, fg * size, bg);
      return new Batched(outOf(os.get(1), size, Bind.bind1(p, l, r)), os.get(1));
    }
    if (lb != Batched.NOT_MAPPED) {
      Value l;
      if (bg == 1) l = into(lb, ls.get(0), lhs);
      else {                                                     // keep the batch groups outermost
        int n = ls.get(0);
        l = outOf(n + (lb <= n ? 1 : 0), bg, lhs);
        l = into(lb + (n < lb ? 1 : 0), n + 1, l);
        l = into(n, n, l);
      }
      return new Batched(outOf(os.get(0), size, Bind.bind1(c, l, rhs)), os.get(0));
    }
    int o = rs.get(0), f = os.get(1);
    if (fg == 1 && bg == 1) return new Batched(outOf(f, size, Bind.bind1(c, lhs, into(rb, o, rhs))), f);
    int groups = Math.max(fg, bg);                               // keep the groups outermost in the kernel's features
    Value r = outOf(o + (rb <= o ? 1 : 0), groups, rhs);
    r = into(rb + (o < rb ? 1 : 0), o + 1, r);
    r = into(o, o, r);
    Value out = outOf(f, groups, Bind.bind1(c, lhs, r));        // [G, size·O/G] -> [G, size, O/G] -> [size, O]
    out = outOf(f + 1, size, out);
    return new Batched(into(f, f + 1, out), f);
  }

  /** An empty batch: zeros of the batched result type (the regrouping reshapes need a nonempty batch). */
  private static Batched empty(ConvGeneralDilated c, ShapedType l, ShapedType r, int lb, int rb) {
    ShapedType one = c.type(Vector.of(unbatched(l, lb), unbatched(r, rb)));
    return new Batched(Tangents.zeros(one.withShape(one.shape().insert(0, 0))), 0);
  }

  private static ShapedType unbatched(ShapedType t, int b) {
    return b == Batched.NOT_MAPPED ? t : t.withShape(t.shape().drop(b));
  }

  private static ConvGeneralDilated regrouped(ConvGeneralDilated c, int fg, int bg) {
    return new ConvGeneralDilated(c.windowStrides(), c.padding(), c.lhsDilation(), c.rhsDilation(), c.dimensionNumbers(), fg, bg,
        c.windowReversal());
  }

  /**
   * {@code x} with axis {@code src} merged into axis {@code dst} as its major part; {@code dst} counts the axes
   * without {@code src} (JAX's {@code _reshape_axis_into}).
   */
  static Value into(int src, int dst, Value x) {
    int[] s = x.type().shape().dims();
    int rank = s.length;
    int[] perm = new int[rank];
    for (int j = 0, k = 0; j < rank; j++) {
      if (j == dst) perm[j] = src;
      else { if (k == src) k++; perm[j] = k++; }
    }
    int[] shape = x.type().shape().drop(src).dims();
    shape[dst] *= s[src];
    return LaxOps.reshape(LaxOps.transpose(x, Ints.of(perm)), Shape.of(shape));
  }

  /** {@code x} with axis {@code src} split into {@code (size1, dim / size1)} (JAX's {@code _reshape_axis_out_of}). */
  static Value outOf(int src, int size1, Value x) {
    Shape s = x.type().shape();
    Shape split = s.drop(src).insert(src, s.dim(src) / size1).insert(src, size1);
    return Bind.bind1(new Reshape(split), x);
  }
}
