package io.graft.trace.ops;

import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.Value;
import io.graft.trace.prim.BroadcastInDim;
import io.graft.trace.prim.Transpose;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jnp.einsum}: Einstein summation over any subscripts, lowered to {@code dot_general}, transposes and
 * reductions.
 *
 * <p>{@code "ij,jk->ik"} multiplies matrices, {@code "bij,bjk->bik"} batches them, {@code "ii->i"} takes a
 * diagonal, {@code "ij->"} sums everything; without {@code ->} the output is the labels that appear once, sorted.
 * {@code ...} stands for the same leading axes in every operand (equal extents, or 1 to broadcast).
 * Operands are promoted to one dtype. Operands are contracted left to right, each pair with one
 * {@code dot_general} whose batch axes are the labels both share and still need, and whose contracting axes are
 * the labels both share and nothing later needs; labels needed by no one are summed out first.
 */
public final class Einsum {
  private Einsum() {}

  /** A value with one label per axis. */
  private record Term(Value v, String labels) {}

  /** The einsum of {@code operands} by {@code subscripts}. */
  public static Value einsum(String subscripts, Value... operands) {
    String spec = subscripts.replace(" ", "");
    String[] io = spec.split("->", -1);
    if (io.length > 2) throw err(subscripts, "more than one '->'");
    String[] ins = io[0].split(",", -1);
    if (ins.length != operands.length)
      throw err(subscripts, ins.length + " operand subscripts but " + operands.length + " operands");
    Value[] ops = Promotion.promote("einsum", operands);
    int ellipsisRank = 0;
    for (int i = 0; i < ins.length; i++)
      if (ins[i].contains("...")) ellipsisRank = Math.max(ellipsisRank, ops[i].type().rank() - (ins[i].length() - 3));
    String ell = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".substring(0, Math.max(0, ellipsisRank));
    List<Term> terms = new ArrayList<>();
    for (int i = 0; i < ins.length; i++) terms.add(term(subscripts, ins[i], ell, ops[i]));
    String out = io.length == 2 ? expandEllipsis(subscripts, io[1], ell, ell.length()) : implicitOutput(terms, ell);
    checkLabels(subscripts, terms, out);
    Map<Character, Integer> sizes = sizes(subscripts, terms);
    for (int i = 0; i < terms.size(); i++) terms.set(i, diagonals(terms.get(i), sizes));
    Term acc = sumUnneeded(terms.get(0), neededBy(terms, 1, out));
    for (int i = 1; i < terms.size(); i++) {
      String later = neededBy(terms, i + 1, out);
      Term next = sumUnneeded(terms.get(i), later + acc.labels());
      acc = sumUnneeded(acc, later + next.labels());
      acc = contract(acc, next, later);
    }
    acc = sumUnneeded(acc, out);
    return permute(acc, out);
  }

  private static ShapeError err(String subscripts, String what) {
    return new ShapeError("einsum('" + subscripts + "'): " + what);
  }

  private static Term term(String subscripts, String labels, String ell, Value v) {
    int rank = v.type().rank();
    String l = expandEllipsis(subscripts, labels, ell, labels.contains("...") ? rank - (labels.length() - 3) : 0);
    for (char c : l.toCharArray())
      if (!Character.isLetter(c)) throw err(subscripts, "label '" + c + "' is not a letter");
    if (l.length() != rank)
      throw err(subscripts, "operand " + v.type() + " has rank " + rank + " but its subscripts '" + labels + "' name " + l.length() + " axes");
    if (labels.contains("...") && l.length() - (labels.length() - 3) < ell.length()) {
      // fewer ellipsis axes than another operand: broadcast by adding leading size-1 axes
      int missing = ell.length() - (rank - (labels.length() - 3));
      int[] dims = new int[rank];
      for (int i = 0; i < rank; i++) dims[i] = i + missing;
      Shape s = v.type().shape();
      for (int i = 0; i < missing; i++) s = s.insert(0, 1);
      v = Bind.bind1(new BroadcastInDim(s, Ints.of(dims)), v);
      l = expandEllipsis(subscripts, labels, ell, ell.length());
    }
    return new Term(v, l);
  }

  private static String expandEllipsis(String subscripts, String labels, String ell, int n) {
    int at = labels.indexOf("...");
    if (at < 0) return labels;
    if (labels.indexOf("...", at + 1) >= 0) throw err(subscripts, "'...' appears twice in '" + labels + "'");
    return labels.substring(0, at) + ell.substring(ell.length() - Math.max(0, Math.min(n, ell.length()))) + labels.substring(at + 3);
  }

  private static String implicitOutput(List<Term> terms, String ell) {
    Map<Character, Integer> counts = new java.util.TreeMap<>();
    for (Term t : terms) for (char c : t.labels().toCharArray()) counts.merge(c, 1, Integer::sum);
    StringBuilder b = new StringBuilder(ell);
    for (var e : counts.entrySet()) if (e.getValue() == 1 && ell.indexOf(e.getKey()) < 0) b.append(e.getKey());
    return b.toString();
  }

  private static void checkLabels(String subscripts, List<Term> terms, String out) {
    for (int i = 0; i < out.length(); i++) {
      char c = out.charAt(i);
      if (out.indexOf(c, i + 1) >= 0) throw err(subscripts, "output label '" + c + "' appears twice");
      if (terms.stream().noneMatch(t -> t.labels().indexOf(c) >= 0)) throw err(subscripts, "output label '" + c + "' is in no operand");
    }
  }

  private static Map<Character, Integer> sizes(String subscripts, List<Term> terms) {
    Map<Character, Integer> sizes = new LinkedHashMap<>();
    for (Term t : terms) {
      for (int a = 0; a < t.labels().length(); a++) {
        char c = t.labels().charAt(a);
        int e = t.v().type().shape().dim(a);
        Integer prev = sizes.get(c);
        if (prev != null && prev != e && prev != 1 && e != 1)
          throw err(subscripts, "label '" + c + "' has extent " + prev + " in one place and " + e + " in another (operand " + t.v().type() + ")");
        if (prev == null || prev == 1) sizes.put(c, e);
      }
    }
    return sizes;
  }

  /** Repeated labels within one operand ({@code ii}) become a diagonal: mask with an identity, sum one axis. */
  private static Term diagonals(Term t, Map<Character, Integer> sizes) {
    String l = t.labels();
    Value v = t.v();
    for (int a = 0; a < l.length(); a++) {
      int b = l.indexOf(l.charAt(a), a + 1);
      if (b < 0) continue;
      int n = v.type().shape().dim(a);
      Value eye = Promotion.convert(Creation.eye(n, n, 0, v.type().dtype()), v.type().dtype(), false);
      Value mask = Bind.bind1(new BroadcastInDim(v.type().shape(), Ints.of(a, b)), eye);
      v = Reduce.reduce(io.graft.trace.prim.ReduceOp.SUM, Arith.mul(v, mask), b);
      l = l.substring(0, b) + l.substring(b + 1);
      return diagonals(new Term(v, l), sizes);
    }
    return t;
  }

  private static String neededBy(List<Term> terms, int from, String out) {
    StringBuilder b = new StringBuilder(out);
    for (int i = from; i < terms.size(); i++) b.append(terms.get(i).labels());
    return b.toString();
  }

  /** Sums out the labels of {@code t} that {@code needed} does not mention. */
  private static Term sumUnneeded(Term t, String needed) {
    List<Integer> axes = new ArrayList<>();
    StringBuilder keep = new StringBuilder();
    for (int a = 0; a < t.labels().length(); a++) {
      if (needed.indexOf(t.labels().charAt(a)) < 0) axes.add(a);
      else keep.append(t.labels().charAt(a));
    }
    if (axes.isEmpty()) return t;
    Value v = Reduce.reduce(io.graft.trace.prim.ReduceOp.SUM, t.v(), axes.stream().mapToInt(Integer::intValue).toArray());
    return new Term(v, keep.toString());
  }

  /** One dot_general: shared labels still needed later are batch axes, the other shared labels contract. */
  private static Term contract(Term a, Term b, String later) {
    List<Integer> lb = new ArrayList<>(), rb = new ArrayList<>(), lc = new ArrayList<>(), rc = new ArrayList<>();
    StringBuilder batch = new StringBuilder(), freeA = new StringBuilder(), freeB = new StringBuilder();
    for (int i = 0; i < a.labels().length(); i++) {
      char c = a.labels().charAt(i);
      int j = b.labels().indexOf(c);
      if (j < 0) { freeA.append(c); continue; }
      if (later.indexOf(c) >= 0) { lb.add(i); rb.add(j); batch.append(c); } else { lc.add(i); rc.add(j); }
    }
    for (char c : b.labels().toCharArray()) if (a.labels().indexOf(c) < 0) freeB.append(c);
    Value a2 = broadcastShared(a, b, lb, rb, lc, rc, true), b2 = broadcastShared(b, a, rb, lb, rc, lc, false);
    Value v = Linalg.dotGeneral(a2, b2, ints(lc), ints(rc), ints(lb), ints(rb));
    return new Term(v, batch.toString() + freeA + freeB);
  }

  /** Extent-1 axes paired with larger ones (ellipsis broadcasting) are broadcast first. */
  private static Value broadcastShared(Term t, Term other, List<Integer> tb, List<Integer> ob, List<Integer> tc, List<Integer> oc, boolean lhs) {
    int[] dims = t.v().type().shape().dims();
    boolean changed = false;
    for (int k = 0; k < tb.size(); k++) {
      int e = other.v().type().shape().dim(ob.get(k));
      if (dims[tb.get(k)] == 1 && e != 1) { dims[tb.get(k)] = e; changed = true; }
    }
    for (int k = 0; k < tc.size(); k++) {
      int e = other.v().type().shape().dim(oc.get(k));
      if (dims[tc.get(k)] == 1 && e != 1) { dims[tc.get(k)] = e; changed = true; }
    }
    return changed ? Promotion.broadcastTo("einsum", t.v(), Shape.of(dims)) : t.v();
  }

  private static Ints ints(List<Integer> xs) { return Ints.of(xs.stream().mapToInt(Integer::intValue).toArray()); }

  private static Value permute(Term t, String out) {
    if (t.labels().equals(out)) return t.v();
    int[] perm = new int[out.length()];
    for (int i = 0; i < perm.length; i++) perm[i] = t.labels().indexOf(out.charAt(i));
    return Bind.bind1(new Transpose(Ints.of(perm)), t.v());
  }
}
