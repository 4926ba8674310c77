package io.graft.jit.passes;

import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Var;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Dead-code elimination: drops equations none of whose results is used, and constants nobody reads, except
 * effectful equations ({@code debug_print}, {@link io.graft.trace.prim.Primitive#hasEffect}), which always stay.
 * Parameters stay (the signature is the caller's).
 */
public final class DeadCode {
  private DeadCode() {}

  public static Graph run(Graph g) {
    Set<Var> live = new HashSet<>();          // pass-local
    for (Atom a : g.out()) if (a instanceof Var v) live.add(v);
    List<Eqn> kept = new ArrayList<>();
    for (Eqn e : g.eqns().reverse()) {
      if (!e.prim().hasEffect() && e.out().forAll(v -> !live.contains(v))) continue;
      kept.add(e);
      for (Atom a : e.in()) if (a instanceof Var v) live.add(v);
    }
    Collections.reverse(kept);
    List<Var> constVars = new ArrayList<>();
    List<io.graft.numerics.NdArray> consts = new ArrayList<>();
    for (int i = 0; i < g.constVars().size(); i++)
      if (live.contains(g.constVars().get(i))) { constVars.add(g.constVars().get(i)); consts.add(g.consts().get(i)); }
    return Rebuild.graph(g, constVars, consts, kept, g.out());
  }
}
