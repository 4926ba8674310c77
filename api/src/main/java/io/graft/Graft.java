package io.graft;

import io.graft.trace.GraphBuilder;
import io.graft.trace.Graph;
import io.graft.trace.Graphs;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.tree.Leaf;
import io.graft.trace.tree.Trees;
import io.vavr.collection.Vector;
import java.util.Objects;
import java.util.function.Function;

/**
 * The transformations: Graft's entry point.
 *
 * <pre>{@code
 * Graph g = Graft.makeGraph((Array x) -> x.sin().sum()).apply(Array.of(new float[] {1, 2, 3}));
 * // { lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[] = reduce_sum[axes=(0,)] b in (c) }
 * }</pre>
 */
public final class Graft {
  private Graft() {}

  /**
   * {@code jax.make_jaxpr}: a function that traces {@code f} on an argument (any pytree of arrays, concrete or
   * abstract {@link ShapeDtype} arrays) and returns the graph. Arrays that {@code f} closes over appear as
   * constants before the {@code ;}. Evaluating the graph ({@link Graph#eval}) gives what {@code f} returns.
   *
   * @param f   the function to trace; it returns a pytree of arrays
   * @param <P> the argument type
   */
  public static <P> Function<P, Graph> makeGraph(Function<P, ?> f) {
    Objects.requireNonNull(f, "f is null");
    String site = CallSite.describe();
    return arg -> {
      Objects.requireNonNull(arg, "arg is null");
      return traceToGraph("makeGraph", site, f, arg).graph();
    };
  }

  /** Traces {@code f} at {@code arg}'s types (leaves become parameters in flattening order). */
  @SuppressWarnings("unchecked")
  static <P> GraphBuilder.Traced traceToGraph(String transform, String site, Function<P, ?> f, P arg) {
    Trees.Flat flat = Trees.flatten(arg);
    Vector<ShapedType> types = flat.leaves().map(l -> l.value().type());
    GraphBuilder.Traced traced = GraphBuilder.trace(transform, site, types, vals -> {
      Object rebuilt = Trees.unflatten(flat.def(), vals.map(Array::new));
      Object out = f.apply((P) rebuilt);
      return Trees.flatten(out).leaves().map(Leaf::value);
    });
    Graphs.check(traced.graph());
    return traced;
  }

  /** Evaluates {@code graph} on arrays (the graph's parameters in order); results in order. */
  public static Vector<Array> evalGraph(Graph graph, Array... args) {
    Objects.requireNonNull(graph, "graph is null");
    Objects.requireNonNull(args, "args is null");
    Vector<Value> vals = Vector.of(args).map(a -> Objects.requireNonNull(a, "args[i] is null").value());
    return graph.eval(vals).map(Array::new);
  }
}
