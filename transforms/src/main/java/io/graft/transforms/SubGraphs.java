package io.graft.transforms;

import io.graft.trace.Graph;
import io.graft.trace.GraphBuilder;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.Var;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/** Graph surgery shared by the control-flow rules: JVP-and-split of a sub-graph, parameter reordering, tracing. */
final class SubGraphs {
  private SubGraphs() {}

  /**
   * The JVP of {@code g} for tangent pattern {@code mask} split into a known graph (primals -> primal results,
   * residuals) and an unknown, linear graph (residuals, nonzero tangents -> every result's tangent).
   */
  static JitJvp.Split jvpSplit(Graph g, Vector<Boolean> mask, String function) {
    Vector<ShapedType> in = g.inTypes().map(ShapedType::strong);
    Vector<ShapedType> tangentTypes = in.zipWith(mask, Tuple2::new).filter(Tuple2::_2).map(t -> Jvp.tangentType(t._1));
    int n = in.size();
    Graph jvp = trace("jvp", function, in.appendAll(tangentTypes), xs -> {
      java.util.Iterator<Value> ts = xs.drop(n).iterator();
      Vector<Option<Value>> tangents = mask.map(m -> m ? Option.of(ts.next()) : Option.<Value>none());
      Tuple2<Vector<Value>, Vector<Value>> r = Jvp.jvp("jvp", function, f -> g.eval(f), xs.take(n), tangents);
      return r._1.appendAll(r._2);
    });
    return JitJvp.partial(jvp, n, g.out().size());
  }

  /** Traces {@code f} on parameters of {@code types}; the graph must close over nothing of an enclosing trace. */
  static Graph trace(String transform, String function, Vector<ShapedType> types, Function<Vector<Value>, Vector<? extends Value>> f) {
    GraphBuilder.Traced t = GraphBuilder.trace(transform, function, types, f);
    if (!t.outerArgs().isEmpty())
      throw new IllegalStateException(transform + "(" + function + "): a derived sub-graph closed over " + t.outerArgs().size()
          + " value(s) of an enclosing trace");
    return t.graph();
  }

  /** {@code g} with its parameters in the order {@code order} (indices into its parameters; a permutation). */
  static Graph permute(Graph g, Vector<Integer> order) {
    return new Graph(g.constVars(), g.consts(), order.map(g.in()::get), g.eqns(), g.out());
  }

  /** {@code g} with fresh, unused parameters of {@code before} in front and of {@code after} behind its own. */
  static Graph pad(Graph g, Vector<ShapedType> before, Vector<ShapedType> after) {
    return new Graph(g.constVars(), g.consts(), before.map(Var::fresh).appendAll(g.in()).appendAll(after.map(Var::fresh)),
        g.eqns(), g.out());
  }

  /** {@code g} returning only the results whose {@code keep} flag is set. */
  static Graph keepOuts(Graph g, Vector<Boolean> keep) {
    return new Graph(g.constVars(), g.consts(), g.in(), g.eqns(), g.out().zipWith(keep, Tuple2::new).filter(Tuple2::_2).map(Tuple2::_1));
  }

  /** Indices {@code i} in {@code [0, n)} where {@code p} holds. */
  static Vector<Integer> where(int n, java.util.function.IntPredicate p) { return Vector.range(0, n).filter(p::test); }
}
