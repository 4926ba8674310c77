package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Value;

/**
 * The JVP of an inclusive scan, as JAX computes it ({@code _cumulative_jvp_rule}: the JVP of
 * {@code lax.associative_scan}): the scan is decomposed into JAX's parallel prefix recursion (combine adjacent
 * pairs, scan the half-size result, combine again for the even positions, interleave), and each combine step
 * carries a (primal, tangent) pair. Primal values are computed on the primals only; tangents are multiplied by
 * primal coefficients and added, so the result is linear in the tangent. {@code O(n log n)} work along the axis,
 * {@code O(log n)} levels.
 *
 * <p>For {@code cumprod} the combine is {@code (a, da)(b, db) = (ab, da b + a db)}: exact when the operand holds
 * zeros (no division). For {@code cummax}/{@code cummin} it is the JVP of a binary max/min, which splits a tie
 * equally between its two operands (JAX's {@code _balanced_eq}); through the recursion this gives exactly JAX's
 * tangents, ties included: {@code cummax} of {@code [1, 3, 3]} has the tangent {@code [t0, t1, (t1 + t2) / 2]}.
 * Away from ties each output's tangent is the tangent at its running extreme.
 */
final class AssociativeScan {
  private AssociativeScan() {}

  /** A primal with its tangent along the scanned axis. */
  private record Pair(Value p, Value t) {}

  /** The tangent of {@code op}'s inclusive scan of {@code x} along {@code axis} in direction {@code t}. */
  static Value jvp(CumulativeOp op, Value x, Value t, int axis, boolean reverse) {
    if (reverse) { x = rev(x, axis); t = rev(t, axis); }
    Value r = scan(op, new Pair(x, t), axis).t();
    return reverse ? rev(r, axis) : r;
  }

  private static Pair scan(CumulativeOp op, Pair e, int axis) {
    int n = e.p().type().shape().dim(axis);
    if (n < 2) return e;
    Pair reduced = combine(op, slice(e, axis, 0, n - 1, 2), slice(e, axis, 1, n, 2));
    Pair odd = scan(op, reduced, axis);
    int m = odd.p().type().shape().dim(axis);
    Pair first = slice(e, axis, 0, 1, 1);
    Pair even = n == 2 ? first
        : concat(first, combine(op, n % 2 == 0 ? slice(odd, axis, 0, m - 1, 1) : odd, slice(e, axis, 2, n, 2)), axis);
    return new Pair(interleave(even.p(), odd.p(), axis), interleave(even.t(), odd.t(), axis));
  }

  /** {@code a} (earlier elements) combined with {@code b} (later ones), elementwise. */
  private static Pair combine(CumulativeOp op, Pair a, Pair b) {
    return switch (op) {
      case PROD -> new Pair(LaxOps.mul(a.p(), b.p()), LaxOps.add(LaxOps.mul(a.t(), b.p()), LaxOps.mul(a.p(), b.t())));
      case MAX, MIN -> {
        Value c = LaxOps.binary(op == CumulativeOp.MAX ? BinaryOp.MAX : BinaryOp.MIN, a.p(), b.p());
        yield new Pair(c, LaxOps.add(LaxOps.mul(a.t(), balanced(a.p(), c, b.p())), LaxOps.mul(b.t(), balanced(b.p(), c, a.p()))));
      }
      case SUM -> new Pair(LaxOps.add(a.p(), b.p()), LaxOps.add(a.t(), b.t()));
    };
  }

  /** JAX's {@code _balanced_eq(x, z, y)}: 1 where {@code x == z != y}, 1/2 where both equal {@code z}, else 0. */
  private static Value balanced(Value x, Value z, Value y) {
    DType d = z.type().dtype();
    Value one = LaxOps.scalar(d, 1);
    return LaxOps.div(ReduceTransforms.equal(x, z, d), LaxOps.add(one, ReduceTransforms.equal(y, z, d)));
  }

  private static Pair slice(Pair e, int axis, int start, int limit, int stride) {
    return new Pair(slice(e.p(), axis, start, limit, stride), slice(e.t(), axis, start, limit, stride));
  }

  private static Value slice(Value v, int axis, int start, int limit, int stride) {
    Shape s = v.type().shape();
    int[] st = new int[s.rank()], li = s.dims(), sd = new int[s.rank()];
    java.util.Arrays.fill(sd, 1);
    st[axis] = start;
    li[axis] = limit;
    sd[axis] = stride;
    return Bind.bind1(new Slice(Ints.of(st), Ints.of(li), Ints.of(sd)), v);
  }

  private static Pair concat(Pair a, Pair b, int axis) {
    return new Pair(Bind.bind1(new Concatenate(axis), a.p(), b.p()), Bind.bind1(new Concatenate(axis), a.t(), b.t()));
  }

  /** {@code a[0], b[0], a[1], b[1], ...} along {@code axis}; {@code a} has as many elements as {@code b} or one more. */
  private static Value interleave(Value a, Value b, int axis) {
    int rank = a.type().rank();
    boolean same = a.type().shape().dim(axis) == b.type().shape().dim(axis);
    int[] zero = new int[rank], aHi = new int[rank], bLo = new int[rank], bHi = new int[rank], in = new int[rank];
    aHi[axis] = same ? 1 : 0;
    bLo[axis] = 1;
    bHi[axis] = same ? 0 : 1;
    in[axis] = 1;
    Value z = LaxOps.scalar(a.type().dtype(), 0);
    Value pa = Bind.bind1(new Pad(new PadConfig(Ints.of(zero), Ints.of(aHi), Ints.of(in))), a, z);
    Value pb = Bind.bind1(new Pad(new PadConfig(Ints.of(bLo), Ints.of(bHi), Ints.of(in))), b, z);
    return LaxOps.add(pa, pb);
  }

  private static Value rev(Value v, int axis) { return Bind.bind1(new Rev(Ints.of(axis)), v); }
}
