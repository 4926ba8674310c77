package io.graft.jit.passes;

import io.graft.numerics.NdArray;
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
 * Constant folding: a first-order equation whose operands are all literals or constants, and whose result has
 * at most {@link #MAX_ELEMENTS} elements, is evaluated at compile time with the primitive's kernel. A scalar result
 * becomes a literal, a larger one a new constant (large results stay computed at run time, so a compiled graph
 * never holds big folded buffers). Effectful equations ({@code debug_print}) are never folded: they run at run time.
 */
public final class ConstantFold {
  /** The largest result folded. */
  static final int MAX_ELEMENTS = 1024;

  private ConstantFold() {}

  public static Graph run(Graph g) {
    Subst s = new Subst();
    Map<Var, NdArray> known = new HashMap<>();  // pass-local: const var -> value
    List<Var> constVars = new ArrayList<>(g.constVars().asJava());
    List<NdArray> consts = new ArrayList<>(g.consts().asJava());
    for (int i = 0; i < constVars.size(); i++) known.put(constVars.get(i), consts.get(i));
    List<Eqn> eqns = new ArrayList<>();
    for (Eqn e0 : g.eqns()) {
      Eqn e = s.apply(e0);
      Var out = e.out().head();
      // a collective's value depends on the other members of its named axis: never known from its operands alone
      if (!(e.prim() instanceof Primitive.Single p) || p.hasEffect() || p instanceof io.graft.trace.prim.Collective
          || out.type().shape().size() > MAX_ELEMENTS
          || !e.in().forAll(a -> a instanceof Lit || known.containsKey(a))) {
        eqns.add(e);
        continue;
      }
      io.vavr.collection.Vector<NdArray> ins = e.in().map(a -> a instanceof Lit l ? l.value() : known.get((Var) a));
      NdArray r = io.graft.trace.prim.HalfPrecision.eval(p, ins);
      if (io.graft.trace.NanCheck.enabled())
        io.graft.trace.NanCheck.check(p, ins, io.vavr.collection.Vector.of(r), () -> "while folding constants in jit");
      if (r.rank() == 0) s.put(out, new Lit(r, out.type()));
      else {
        Var cv = Var.fresh(out.type());
        constVars.add(cv);
        consts.add(r);
        known.put(cv, r);
        s.put(out, cv);
      }
    }
    return Rebuild.graph(g, constVars, consts, eqns, g.out().map(s::apply));
  }
}
