package io.graft.jit.passes;

import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Lit;
import io.graft.trace.Var;
import io.graft.trace.prim.Primitive;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Common-subexpression elimination: an equation with the same primitive (record equality, so the same
 * parameters) applied to the same operands as an earlier one reuses the earlier results. Only first-order
 * primitives take part: higher-order ones compare graphs and functions, which is costly or by identity anyway.
 * Literals compare by dtype and value (NdArray itself compares by identity). Effectful equations
 * ({@code debug_print}) are never merged.
 */
public final class CommonSubexpressions {
  private CommonSubexpressions() {}

  public static Graph run(Graph g) {
    Subst s = new Subst();
    Map<List<Object>, Eqn> seen = new HashMap<>(); // pass-local
    List<Eqn> eqns = new ArrayList<>();
    for (Eqn e0 : g.eqns()) {
      Eqn e = s.apply(e0);
      if (!(e.prim() instanceof Primitive.Single) || e.prim().hasEffect()) { eqns.add(e); continue; }
      List<Object> key = new ArrayList<>();
      key.add(e.prim());
      for (Atom a : e.in()) key.add(keyOf(a));
      Eqn prev = seen.putIfAbsent(key, e);
      if (prev == null) eqns.add(e);
      else for (int k = 0; k < e.out().size(); k++) s.put(e.out().get(k), prev.out().get(k));
    }
    return Rebuild.graph(g, g.constVars().asJava(), g.consts().asJava(), eqns, g.out().map(s::apply));
  }

  private static Object keyOf(Atom a) {
    return switch (a) {
      case Var v -> v;
      case Lit l -> List.of(l.type().dtype(), l.type().weak(), l.type().dtype().isFloating()
          ? Double.doubleToLongBits(l.value().getDouble(0)) : l.value().getLong(0));
    };
  }
}
