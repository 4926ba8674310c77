package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * The transpose and batching rules of {@link DotGeneral} (JAX's {@code _dot_general_transpose_lhs/rhs} and
 * {@code _dot_general_batch_dim_nums}).
 *
 * <p>Transpose: the cotangent of one operand is a dot_general of {@code ct} with the other operand that contracts
 * the other operand's free axes (and pairs the batch axes), followed by the transpose that puts the result in the
 * operand's own layout. Batching: a batch axis on both sides becomes a new leading batch dimension; on one side
 * only, it becomes a free axis of that operand, so no operand is copied.
 */
final class DotRules {
  private DotRules() {}

  /**
   * The cotangent of one operand ({@code me}, of type {@code meType}) given {@code ct} and the other operand's
   * value. {@code meFirst} says whether {@code me} is the lhs (its free axes come first in {@code ct}).
   */
  private static Value transposeOperand(DotGeneral d, Value ct, ShapedType meType, Value other, boolean meFirst) {
    Ints myC = meFirst ? d.lhsContracting() : d.rhsContracting(), otherC = meFirst ? d.rhsContracting() : d.lhsContracting();
    Ints myB = meFirst ? d.lhsBatch() : d.rhsBatch(), otherB = meFirst ? d.rhsBatch() : d.lhsBatch();
    int[] myFree = free(meType.rank(), myC, myB), otherFree = free(other.type().rank(), otherC, otherB);
    int nb = myB.size();
    int otherStart = meFirst ? nb + myFree.length : nb;          // where the other operand's free axes sit in ct
    int[] ctContract = new int[otherFree.length];
    for (int i = 0; i < ctContract.length; i++) ctContract[i] = otherStart + i;
    DType acc = ct.type().dtype();
    Value o = convert(other, acc);
    Value r = Bind.bind1(new DotGeneral(Ints.of(ctContract), Ints.of(otherFree), Ints.range(nb), otherB, acc), ct, o);
    // r's axes: batch (my batch order), my free axes (ascending), my contracting axes ordered by the other's axis
    int[] order = new int[meType.rank()];
    int k = 0;
    for (int i = 0; i < nb; i++) order[k++] = myB.get(i);
    for (int a : myFree) order[k++] = a;
    for (int a : sortedBy(myC, otherC)) order[k++] = a;
    int[] perm = new int[order.length];                            // perm = argsort(order)
    for (int i = 0; i < order.length; i++) perm[order[i]] = i;
    return convert(LaxOps.transpose(r, Ints.of(perm)), meType.dtype());
  }

  /** Batching per {@code _dot_general_batch_dim_nums}. */
  static Batched batch(DotGeneral d, Vector<Value> args, Ints dims) {
    Value l = args.get(0), r = args.get(1);
    int lb = dims.get(0), rb = dims.get(1);
    Ints lc = bump(d.lhsContracting(), lb), rc = bump(d.rhsContracting(), rb);
    Ints lB = bump(d.lhsBatch(), lb), rB = bump(d.rhsBatch(), rb);
    int outDim;
    if (lb != Batched.NOT_MAPPED && rb != Batched.NOT_MAPPED) {
      lB = prepend(lb, lB);
      rB = prepend(rb, rB);
      outDim = 0;
    } else if (lb != Batched.NOT_MAPPED) {
      outDim = lB.size() + countBelow(free(l.type().rank(), lc, lB), lb);
    } else {
      int lhsOut = l.type().rank() - lc.size();                  // batch axes and lhs free axes
      outDim = lhsOut + countBelow(free(r.type().rank(), rc, rB), rb);
    }
    DotGeneral p = new DotGeneral(lc, rc, lB, rB, d.preferredElementType());
    return new Batched(Bind.bind1(p, l, r), outDim);
  }

  /** The axes of a rank-{@code rank} operand that are neither contracting nor batch, ascending. */
  static int[] free(int rank, Ints contracting, Ints batch) {
    int[] f = new int[rank - contracting.size() - batch.size()];
    for (int a = 0, k = 0; a < rank; a++) if (!contracting.contains(a) && !batch.contains(a)) f[k++] = a;
    return f;
  }

  /** {@code mine} reordered so that the paired axes of {@code theirs} ascend. */
  private static int[] sortedBy(Ints mine, Ints theirs) {
    Integer[] idx = new Integer[mine.size()];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    java.util.Arrays.sort(idx, java.util.Comparator.comparingInt(theirs::get));
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) out[i] = mine.get(idx[i]);
    return out;
  }

  /** Axes shifted past an inserted batch axis {@code b} (unchanged when unmapped). */
  private static Ints bump(Ints axes, int b) {
    if (b == Batched.NOT_MAPPED) return axes;
    int[] a = axes.toArray();
    for (int i = 0; i < a.length; i++) if (a[i] >= b) a[i]++;
    return Ints.of(a);
  }

  private static Ints prepend(int x, Ints xs) {
    int[] a = new int[xs.size() + 1];
    a[0] = x;
    for (int i = 0; i < xs.size(); i++) a[i + 1] = xs.get(i);
    return Ints.of(a);
  }

  private static int countBelow(int[] axes, int b) {
    int n = 0;
    for (int a : axes) if (a < b) n++;
    return n;
  }

  private static Value convert(Value v, DType to) {
    return v.type().dtype() == to ? v : Bind.bind1(new ConvertElementType(to, false), v);
  }

  /** The cotangent of each linear operand; {@code none} for known and integer operands. */
  static Vector<Option<Value>> transpose(DotGeneral d, Value ct, Vector<LinearArg> args) {
    LinearArg l = args.get(0), r = args.get(1);
    Option<Value> cl = l.isLinear() && l.type().dtype().isFloating()
        ? Option.of(transposeOperand(d, ct, l.type(), r.known(d.name()), true)) : Option.none();
    Option<Value> cr = r.isLinear() && r.type().dtype().isFloating()
        ? Option.of(transposeOperand(d, ct, r.type(), l.known(d.name()), false)) : Option.none();
    return Vector.of(cl, cr);
  }
}
