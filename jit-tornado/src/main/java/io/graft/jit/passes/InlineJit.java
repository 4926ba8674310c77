package io.graft.jit.passes;

import io.graft.numerics.NdArray;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Var;
import io.graft.trace.prim.JitCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces each nested {@code jit} call by the equations of its graph (recursively), with fresh variables per
 * call site; the inner graph's constants become constants of the outer graph.
 */
public final class InlineJit {
  private InlineJit() {}

  public static Graph run(Graph g) {
    Subst s = new Subst();
    List<Eqn> eqns = new ArrayList<>();          // pass-local
    List<Var> constVars = new ArrayList<>(g.constVars().asJava());
    List<NdArray> consts = new ArrayList<>(g.consts().asJava());
    for (Eqn e0 : g.eqns()) {
      Eqn e = s.apply(e0);
      if (!(e.prim() instanceof JitCall call)) { eqns.add(e); continue; }
      Graph inner = run(call.fun());
      Subst is = new Subst();
      for (int i = 0; i < inner.constVars().size(); i++) {
        Var cv = Var.fresh(inner.constVars().get(i).type());
        constVars.add(cv);
        consts.add(inner.consts().get(i));
        is.put(inner.constVars().get(i), cv);
      }
      for (int i = 0; i < inner.in().size(); i++) is.put(inner.in().get(i), e.in().get(i));
      for (Eqn ie : inner.eqns()) {
        var fresh = ie.out().map(v -> Var.fresh(v.type()));
        for (int k = 0; k < fresh.size(); k++) is.put(ie.out().get(k), fresh.get(k));
        eqns.add(new Eqn(ie.prim(), ie.in().map(is::apply), fresh));
      }
      for (int k = 0; k < e.out().size(); k++) s.put(e.out().get(k), is.apply(inner.out().get(k)));
    }
    return Rebuild.graph(g, constVars, consts, eqns, g.out().map(s::apply));
  }
}
