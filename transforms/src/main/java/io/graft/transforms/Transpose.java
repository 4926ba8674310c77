package io.graft.transforms;

import io.graft.trace.Atom;
import io.graft.trace.Const;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Lit;
import io.graft.trace.Value;
import io.graft.trace.Var;
import io.graft.trace.prim.HigherOrder;
import io.graft.trace.prim.LinearArg;
import io.graft.trace.prim.LinearCall;
import io.graft.trace.prim.Primitive;
import io.graft.trace.prim.Tangents;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.HashMap;
import java.util.Map;

/**
 * The backward pass: evaluates the transpose of a linear graph, equation by equation in reverse, with each
 * primitive's transpose rule. Cotangents accumulate by addition where a variable is used more than once;
 * variables that receive none are symbolic zeros. Every rule binds ordinary ops, so the backward pass is itself
 * traceable ({@code grad(grad(f))}, {@code vmap(grad(f))}, {@code jacfwd(jacrev(f))}).
 */
final class Transpose {
  private Transpose() {}

  static Vector<Option<Value>> backward(Graph g, Vector<Value> outerArgs, Vector<? extends Value> cts) {
    Map<Var, Value> known = new HashMap<>(); // residuals; local to this call
    for (int i = 0; i < g.constVars().size(); i++) known.put(g.constVars().get(i), Const.of(g.consts().get(i)));
    for (int i = 0; i < outerArgs.size(); i++) known.put(g.in().get(i), outerArgs.get(i));
    // equations with only known operands (a zero tangent bound as a constant to a control-flow sub-graph's linear
    // parameter makes them) are evaluated forward, so the backward sweep sees their results as known (JAX's
    // backward_pass does the same)
    Vector<Eqn> all = g.eqns();
    for (int k = 0; k < all.size(); k++) {                 // indexed, no lambda: this scan runs on every backward pass
      Eqn e = all.get(k);
      if (!allKnown(e.in(), known)) continue;
      Vector<Value> outs = io.graft.trace.Bind.bind(e.prim(), e.in().map(a -> a instanceof Lit l ? new Const(l.value(), l.type().weak()) : known.get((Var) a)));
      for (int i = 0; i < outs.size(); i++) known.put(e.out().get(i), outs.get(i));
    }
    Map<Var, Value> ct = new HashMap<>();    // accumulated cotangents of linear variables; local to this call
    for (int i = 0; i < g.out().size(); i++)
      if (g.out().get(i) instanceof Var v && !known.containsKey(v)) accumulate(ct, v, cts.get(i));
    Vector<Eqn> eqns = g.eqns();
    for (int k = eqns.size() - 1; k >= 0; k--) {       // indexed: no reversed copy, no iterators per equation
      Eqn e = eqns.get(k);
      Value single = null;                               // a single-result primitive's cotangent: no vector
      Vector<Option<Value>> outCts = null;
      if (e.prim() instanceof Primitive.Single) {
        single = ct.remove(e.out().head());
        if (single == null) continue;
      } else {
        outCts = cotangents(ct, e.out());
        if (outCts == null) continue;
      }
      LinearArg[] argArray = new LinearArg[e.in().size()];
      for (int i = 0; i < argArray.length; i++) argArray[i] = argOf(e.in().get(i), known);
      Vector<LinearArg> args = Vector.of(argArray);
      Vector<Option<Value>> ins = switch (e.prim()) {
        case Primitive.Single s -> s.transpose(single, args);
        case LinearCall l -> {
          Vector<Value> residuals = args.take(l.numResiduals()).map(a -> a.known("linear_call"));
          yield Vector.fill(l.numResiduals(), Option.<Value>none()).appendAll(l.transpose().apply(residuals, outCts));
        }
        case io.graft.trace.prim.ControlFlow c -> ControlFlowTranspose.transpose(c, args, outCts);
        case HigherOrder h -> throw new IllegalStateException(h.name() + " cannot appear in a linear graph: the JVP "
            + "trace replaces it by its rule or by a linear_call, and applies jit calls inline");
      };
      for (int i = 0; i < args.size(); i++)
        if (args.get(i).isLinear() && ins.get(i).isDefined()) accumulate(ct, (Var) e.in().get(i), ins.get(i).get());
    }
    return g.in().drop(outerArgs.size()).map(v -> Option.of(ct.get(v)));
  }

  /** True when every operand is a literal or a known residual (an equation to evaluate forward). */
  private static boolean allKnown(Vector<Atom> in, Map<Var, Value> known) {
    for (int i = 0; i < in.size(); i++) if (!(in.get(i) instanceof Lit) && !known.containsKey(in.get(i))) return false;
    return true;
  }

  /** The cotangents of {@code out}, removed from {@code ct}; {@code null} when all are zero (the common skip). */
  private static Vector<Option<Value>> cotangents(Map<Var, Value> ct, Vector<Var> out) {
    Vector<Option<Value>> outCts = out.map(v -> Option.of(ct.remove(v)));
    return outCts.forAll(Option::isEmpty) ? null : outCts;
  }

  private static LinearArg argOf(Atom a, Map<Var, Value> known) {
    return switch (a) {
      case Lit l -> new LinearArg.Known(new Const(l.value(), l.type().weak()));
      case Var v -> {
        Value k = known.get(v);                              // residuals are never null: one lookup
        yield k != null ? new LinearArg.Known(k) : new LinearArg.Linear(v.type());
      }
    };
  }

  private static void accumulate(Map<Var, Value> ct, Var v, Value c) {
    Value prev = ct.get(v);
    ct.put(v, prev == null ? c : Tangents.add(Option.of(prev), Option.of(c)).get());
  }
}
