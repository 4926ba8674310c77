package io.graft.transforms;

import io.graft.numerics.NdArray;
import io.graft.trace.Atom;
import io.graft.trace.Bind;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.Graphs;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.Var;
import io.graft.trace.prim.JitCall;
import io.graft.trace.prim.JitGraph;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Forward mode of a jit call (JAX's {@code jvp_jaxpr} followed by {@code partial_eval_jaxpr_nounits}): the JVP of the
 * call's graph, split into a <em>known</em> graph — every equation that needs no tangent, returning the primal
 * results and the residuals the tangent side reads — and an <em>unknown</em> graph, the tangent equations over
 * (residuals, nonzero tangents). The known graph runs as one jit call (compiled once, on its own {@link JitGraph}); the
 * unknown graph is evaluated on the tangents, so under {@code linearize}/{@code grad} its equations are what the
 * linear graph records, and a linear graph never holds a jit call (transpose needs no rule).
 *
 * <p>Example: for {@code jit(x -> sin(x) * x)} the known graph computes {@code sin x}, {@code cos x} and the product;
 * the unknown graph is {@code t * cos x * x + sin x * t} over the residuals {@code cos x, x, sin x}.
 *
 * <p>Splits are cached on the call's {@link JitGraph} (owned by the jitted function's signature), keyed by the
 * nonzero-tangent pattern, so {@code grad(jit(f))} traces the JVP once per signature and pattern and compiles the
 * known half once; see {@link JitGraph#SPLITS} for the bound.
 */
final class JitJvp {
  private JitJvp() {}

  /** Primal results and tangents of {@code j} at {@code primals} with {@code tangents} (some nonzero). */
  static Tuple2<Vector<Value>, Vector<Value>> apply(JitCall j, Vector<Value> primals, Vector<Option<Value>> tangents) {
    JitGraph.JvpSplit s = j.callee().jvpSplit(tangents.map(Option::isDefined), mask -> split(j, mask));
    Vector<Value> known = Bind.bind(new JitCall(s.known(), j.function()), primals);
    Vector<Value> residuals = known.drop(s.numOuts());
    Vector<Value> nonzero = tangents.flatMap(t -> t);
    Vector<Value> tangentOuts = s.unknown().eval(residuals.appendAll(nonzero));
    return new Tuple2<>(known.take(s.numOuts()), tangentOuts);
  }

  /** Traces the JVP of {@code j}'s graph (tangent parameters only where {@code mask} is set) and splits it. */
  static JitGraph.JvpSplit split(JitCall j, Vector<Boolean> mask) {
    Vector<ShapedType> in = j.fun().inTypes();
    Vector<ShapedType> tangentTypes = in.zipWith(mask, Tuple2::new).filter(Tuple2::_2).map(t -> Jvp.tangentType(t._1));
    int n = in.size();
    Graph jvp = GraphBuilder.trace("jvp", j.function(), in.appendAll(tangentTypes), xs -> {
      Vector<Value> ps = xs.take(n);
      java.util.Iterator<Value> ts = xs.drop(n).iterator();
      Vector<Option<Value>> tangents = mask.map(m -> m ? Option.of(ts.next()) : Option.<Value>none());
      Tuple2<Vector<Value>, Vector<Value>> r = Jvp.jvp("jvp", j.function(), f -> j.fun().eval(f), ps, tangents);
      return r._1.appendAll(r._2);
    }).graph();
    Split p = partial(jvp, n, j.fun().out().size());
    return new JitGraph.JvpSplit(new JitGraph(p.known(), j.compiler()), p.unknown(), p.numOuts());
  }

  /** The two halves of a graph's JVP, before the known half gets its {@link JitGraph}. */
  record Split(Graph known, Graph unknown, int numOuts) {}

  /** Splits {@code g} whose first {@code knownIns} parameters are known and whose first {@code numOuts} results are. */
  static Split partial(Graph g, int knownIns, int numOuts) {
    Set<Var> unknown = new HashSet<>(g.in().drop(knownIns).asJava());
    List<Eqn> knownEqns = new ArrayList<>(), unknownEqns = new ArrayList<>();
    for (Eqn e : g.eqns()) {
      boolean u = e.in().exists(a -> a instanceof Var v && unknown.contains(v));
      (u ? unknownEqns : knownEqns).add(e);
      if (u) unknown.addAll(e.out().asJava());
    }
    Set<Var> residuals = new LinkedHashSet<>();
    for (Eqn e : unknownEqns) for (Atom a : e.in()) if (a instanceof Var v && !unknown.contains(v)) residuals.add(v);
    for (Atom a : g.out().drop(numOuts)) if (a instanceof Var v && !unknown.contains(v)) residuals.add(v);
    Vector<Var> res = Vector.ofAll(residuals);
    Graph known = new Graph(g.constVars(), g.consts(), g.in().take(knownIns), Vector.ofAll(knownEqns),
        g.out().take(numOuts).appendAll(res));
    Graph unk = new Graph(Vector.empty(), Vector.<NdArray>empty(), res.appendAll(g.in().drop(knownIns)),
        Vector.ofAll(unknownEqns), g.out().drop(numOuts));
    return new Split(Graphs.check(known), Graphs.check(unk), numOuts);
  }
}
