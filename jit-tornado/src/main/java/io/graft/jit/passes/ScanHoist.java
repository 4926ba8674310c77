package io.graft.jit.passes;

import io.graft.numerics.Ints;
import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.graft.trace.Var;
import io.graft.trace.prim.Binary;
import io.graft.trace.prim.BinaryOp;
import io.graft.trace.prim.DotGeneral;
import io.graft.trace.prim.Primitive;
import io.graft.trace.prim.Reduce;
import io.graft.trace.prim.ReduceOp;
import io.graft.trace.prim.Scan;
import io.graft.trace.prim.Transpose;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moves a scan's per-step products out of its loop, where they become one large product each (what cuDNN's and
 * PyTorch's RNNs do). Two rewrites of every top-level {@code scan} whose body has no effect:
 * <ul>
 *   <li><b>Input projections before the loop.</b> A body equation {@code p = dot_general(x, c)} (no batch axes) of an
 *   {@code xs} slice {@code x} and a loop-invariant {@code c} is, over all steps, {@code P = dot_general(xs, c)} with
 *   the contracting axes shifted past the stacked axis: {@code P[i] = p} at step {@code i}. {@code P} is computed once
 *   before the scan and read as a new {@code xs} ({@code x_t W} for all {@code t} is one {@code [T·B, n]×[n, m]} GEMM).</li>
 *   <li><b>Accumulators after the loop.</b> A carry {@code a} whose body result is {@code a + v}, where {@code a} is read
 *   nowhere else and the new value is no other result, ends as {@code a₀ + Σ_i v_i}: the carry is dropped, the body
 *   stacks what {@code v} needs, and the sum is taken after the scan. For {@code v = dot_general(l, r)} (no batch
 *   axes, optionally transposed) that sum is one {@code dot_general} of the stacked {@code l} and {@code r} that also
 *   contracts the stacked axis ({@code Σ_t h_tᵀ g_t = Hᵀ G}, one GEMM instead of {@code T} small ones and
 *   {@code T} adds); for {@code v = reduce_sum(l)} one {@code reduce_sum} of the stacked {@code l}; otherwise a
 *   {@code reduce_sum} over the stacked {@code v}. An operand that is an {@code xs} slice is read from {@code xs}
 *   itself, so nothing is copied for it.</li>
 * </ul>
 * Same values up to the order of floating-point additions (a sum of products is accumulated blockwise instead of
 * step by step). Disabled, for measuring, with {@code -Dgraft.scanHoist=false}.
 */
public final class ScanHoist {
  private ScanHoist() {}

  /** {@code g} with its top-level scans rewritten (nested scans are rewritten when their own graph is compiled). */
  public static Graph run(Graph g) {
    if (!enabled() || g.eqns().forAll(e -> !(e.prim() instanceof Scan))) return g;
    List<Eqn> eqns = new ArrayList<>();
    for (Eqn e : g.eqns()) {
      if (e.prim() instanceof Scan s && !s.hasEffect()) {
        List<Eqn> after = new ArrayList<>();
        Eqn projected = hoistProjections(e, s, eqns);
        Eqn sunk = sinkAccumulators(projected, (Scan) projected.prim(), after);
        eqns.add(dropUnreadXs(sunk, (Scan) sunk.prim()));
        eqns.addAll(after);
      } else {
        eqns.add(e);
      }
    }
    return new Graph(g.constVars(), g.consts(), g.in(), Vector.ofAll(eqns), g.out());
  }

  /** Whether the rewrite runs (system property {@code graft.scanHoist}, default true). */
  public static boolean enabled() { return !"false".equals(System.getProperty("graft.scanHoist")); }

  /** The scan {@code e} with each input projection a new {@code xs} computed by an equation added to {@code before}. */
  private static Eqn hoistProjections(Eqn e, Scan s, List<Eqn> before) {
    Graph body = s.body();
    int nc = s.numConsts(), fixed = nc + s.numCarry();
    Map<Var, Integer> param = new HashMap<>();   // pass-local: body parameter -> position
    for (int i = 0; i < body.in().size(); i++) param.put(body.in().get(i), i);
    List<Eqn> kept = new ArrayList<>();
    List<Var> newParams = new ArrayList<>();
    List<Atom> newXs = new ArrayList<>();
    for (Eqn b : body.eqns()) {
      if (b.prim() instanceof DotGeneral d && d.lhsBatch().size() == 0
          && b.in().get(0) instanceof Var x && param.getOrDefault(x, -1) >= fixed
          && b.in().get(1) instanceof Var c && param.getOrDefault(c, fixed) < nc) {
        DotGeneral all = new DotGeneral(shifted(d.lhsContracting(), false), d.rhsContracting(), d.lhsBatch(), d.rhsBatch(),
            d.preferredElementType());
        Var stacked = outer(all, e.in().get(param.get(x)), e.in().get(param.get(c)));
        before.add(new Eqn(all, Vector.of(e.in().get(param.get(x)), e.in().get(param.get(c))), Vector.of(stacked)));
        newParams.add(b.out().get(0));   // the product's variable becomes the new slice parameter
        newXs.add(stacked);
      } else {
        kept.add(b);
      }
    }
    if (newParams.isEmpty()) return e;
    Graph hoisted = new Graph(body.constVars(), body.consts(), body.in().appendAll(newParams), Vector.ofAll(kept), body.out());
    return new Eqn(new Scan(hoisted, nc, s.numCarry(), s.length(), s.reverse(), s.function()), e.in().appendAll(newXs), e.out());
  }

  /** The scan {@code e} without its accumulator carries; their sums, computed after it, are added to {@code after}. */
  private static Eqn sinkAccumulators(Eqn e, Scan s, List<Eqn> after) {
    Graph body = s.body();
    int nc = s.numConsts(), nk = s.numCarry(), fixed = nc + nk;
    Map<Var, Eqn> def = new HashMap<>();          // pass-local: defining body equation of each variable
    Map<Var, Integer> uses = new HashMap<>();     // pass-local: reads by equations and results
    Map<Var, Integer> param = new HashMap<>();    // pass-local: body parameter -> position
    for (int i = 0; i < body.in().size(); i++) param.put(body.in().get(i), i);
    for (Eqn b : body.eqns()) {
      for (Var v : b.out()) def.put(v, b);
      for (Atom a : b.in()) if (a instanceof Var v) uses.merge(v, 1, Integer::sum);
    }
    for (Atom a : body.out()) if (a instanceof Var v) uses.merge(v, 1, Integer::sum);
    List<Integer> keptCarry = new ArrayList<>();
    List<Atom> newYs = new ArrayList<>();         // body values to stack (besides the existing ys)
    List<Var> newYOuter = new ArrayList<>();      // their stacked outer variables
    List<Runnable> sums = new ArrayList<>();      // emit the sums once the stacked variables exist
    for (int k = 0; k < nk; k++) {
      Var a = body.in().get(nc + k);
      Var v = increment(body, k, a, def, uses);
      if (v == null) { keptCarry.add(k); continue; }
      Atom init = e.in().get(nc + k);
      Var result = e.out().get(k);
      Eqn vd = def.get(v);
      Primitive outerPrim = null;
      Eqn inner = vd;
      Transpose perm = null;
      if (vd != null && vd.prim() instanceof Transpose t && vd.in().get(0) instanceof Var w && def.get(w) instanceof Eqn d
          && d.prim() instanceof DotGeneral) { perm = t; inner = d; }
      List<Atom> operands = new ArrayList<>();
      if (inner != null && inner.prim() instanceof DotGeneral d && d.lhsBatch().size() == 0
          && perStep(inner.in().get(0), param, nc) && perStep(inner.in().get(1), param, nc)) {
        outerPrim = new DotGeneral(shifted(d.lhsContracting(), true), shifted(d.rhsContracting(), true), d.lhsBatch(),
            d.rhsBatch(), d.preferredElementType());
        operands.add(inner.in().get(0));
        operands.add(inner.in().get(1));
      } else if (vd != null && vd.prim() instanceof Reduce r && r.op() == ReduceOp.SUM && perStep(vd.in().get(0), param, nc)) {
        outerPrim = new Reduce(ReduceOp.SUM, shifted(r.axes(), true));
        operands.add(vd.in().get(0));
        perm = null;
      } else {
        outerPrim = new Reduce(ReduceOp.SUM, Ints.of(0));
        operands.add(v);
        perm = null;
      }
      List<Atom> stackedOps = new ArrayList<>();
      for (Atom op : operands) stackedOps.add(stackedOf((Var) op, param, fixed, e, s, newYs, newYOuter));
      Primitive sumPrim = outerPrim;
      Transpose sumPerm = perm;
      sums.add(() -> {
        Var sum = outer(sumPrim, stackedOps.toArray(Atom[]::new));
        after.add(new Eqn(sumPrim, Vector.ofAll(stackedOps), Vector.of(sum)));
        if (sumPerm != null) {
          Var t = outer(sumPerm, sum);
          after.add(new Eqn(sumPerm, Vector.of(sum), Vector.of(t)));
          sum = t;
        }
        after.add(new Eqn(new Binary(BinaryOp.ADD), Vector.of(init, sum), Vector.of(result)));
      });
    }
    if (keptCarry.size() == nk) return e;
    sums.forEach(Runnable::run);
    Vector<Var> params = body.in().take(nc).appendAll(Vector.ofAll(keptCarry).map(k -> body.in().get(nc + k)))
        .appendAll(body.in().drop(fixed));
    Vector<Atom> outs = Vector.<Atom>ofAll(keptCarry.stream().map(k -> body.out().get(k)).toList())
        .appendAll(body.out().drop(nk)).appendAll(newYs);
    Graph sunk = DeadCode.run(new Graph(body.constVars(), body.consts(), params, body.eqns(), outs));
    Vector<Atom> operands = e.in().take(nc).appendAll(Vector.ofAll(keptCarry).map(k -> e.in().get(nc + k))).appendAll(e.in().drop(fixed));
    Vector<Var> results = Vector.ofAll(keptCarry).map(k -> e.out().get(k)).appendAll(e.out().drop(nk)).appendAll(newYOuter);
    return new Eqn(new Scan(sunk, nc, keptCarry.size(), s.length(), s.reverse(), s.function()), operands, results);
  }

  /** The scan {@code e} without the {@code xs} its body never reads (each would be sliced and copied per step for nothing). */
  private static Eqn dropUnreadXs(Eqn e, Scan s) {
    Graph body = s.body();
    int fixed = s.numConsts() + s.numCarry();
    Set<Var> read = new HashSet<>();   // pass-local
    for (Eqn b : body.eqns()) for (Atom a : b.in()) if (a instanceof Var v) read.add(v);
    for (Atom a : body.out()) if (a instanceof Var v) read.add(v);
    Vector<Integer> keep = Vector.range(0, body.in().size()).filter(i -> i < fixed || read.contains(body.in().get(i)));
    if (keep.size() == body.in().size()) return e;
    Graph pruned = new Graph(body.constVars(), body.consts(), keep.map(body.in()::get), body.eqns(), body.out());
    return new Eqn(new Scan(pruned, s.numConsts(), s.numCarry(), s.length(), s.reverse(), s.function()), keep.map(e.in()::get), e.out());
  }

  /**
   * The increment {@code v} when carry {@code k} (parameter {@code a}) is an accumulator: its result is
   * {@code add(a, v)} or {@code add(v, a)} of {@code a}'s type, {@code a} has no other reader and the sum no other
   * use; null otherwise.
   */
  private static Var increment(Graph body, int k, Var a, Map<Var, Eqn> def, Map<Var, Integer> uses) {
    if (!(body.out().get(k) instanceof Var o) || uses.getOrDefault(o, 0) != 1 || uses.getOrDefault(a, 0) != 1) return null;
    Eqn d = def.get(o);
    if (d == null || !(d.prim() instanceof Binary b) || b.op() != BinaryOp.ADD) return null;
    Atom x = d.in().get(0), y = d.in().get(1);
    Atom v = x.equals(a) ? y : y.equals(a) ? x : null;
    if (!(v instanceof Var inc) || inc.equals(a)) return null;
    ShapedType want = a.type().strong();
    return inc.type().strong().equals(want) && o.type().strong().equals(want) ? inc : null;
  }

  /** Whether {@code x} is a value of the step (computed by the body, a carry or an xs slice), not loop-invariant. */
  private static boolean perStep(Atom x, Map<Var, Integer> param, int nc) {
    return x instanceof Var v && param.getOrDefault(v, nc) >= nc;
  }

  /** The stacked outer value of the body value {@code v}: its xs operand when it is a slice, else a new y. */
  private static Atom stackedOf(Var v, Map<Var, Integer> param, int fixed, Eqn e, Scan s, List<Atom> newYs, List<Var> newYOuter) {
    Integer p = param.get(v);
    if (p != null && p >= fixed) return e.in().get(p);
    int at = newYs.indexOf(v);
    if (at >= 0) return newYOuter.get(at);
    Var stacked = Var.fresh(v.type().withShape(v.type().shape().insert(0, s.length())));
    newYs.add(v);
    newYOuter.add(stacked);
    return stacked;
  }

  /** {@code axes} moved past a new leading axis, with that axis itself first when {@code withLeading}. */
  private static Ints shifted(Ints axes, boolean withLeading) {
    int lead = withLeading ? 1 : 0;
    int[] out = new int[axes.size() + lead];
    for (int i = 0; i < axes.size(); i++) out[lead + i] = axes.get(i) + 1;
    return Ints.of(out);
  }

  /** A fresh variable of {@code prim}'s result type on {@code operands}. */
  private static Var outer(Primitive prim, Atom... operands) {
    return Var.fresh(prim.outTypes(Vector.of(operands).map(Atom::type)).head());
  }
}
