package io.graft.transforms;

import io.graft.trace.Bind;
import io.graft.trace.GraphBuilder;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.Batching;
import io.graft.trace.prim.Batched;
import io.graft.trace.prim.Checkpoint;
import io.graft.trace.prim.CustomJvpCall;
import io.graft.trace.prim.CustomVjpCall;
import io.graft.trace.prim.HigherOrder;
import io.graft.trace.prim.JitCall;
import io.graft.trace.prim.JitGraph;
import io.graft.trace.prim.LinearCall;
import io.graft.trace.prim.Tangents;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/**
 * Batching for the higher-order primitives: every operand's batch axis goes to the front, the sub-graph is
 * re-traced under {@code vmap}, and the user's rules are wrapped in {@code vmap} too, so the batched call keeps
 * its custom derivative (JAX batches {@code custom_jvp}/{@code custom_vjp} the same way); a jit call becomes a jit
 * call of the batched graph, cached on the call's {@link JitGraph} per operand types (so {@code vmap(jit(f))} traces
 * and compiles once per signature; under a map that binds an axis name, whose collectives the batched graph reduces
 * away, the call is re-traced instead). A linear call is
 * applied inline to the batch tracers.
 */
final class HigherOrderBatch {
  private HigherOrderBatch() {}

  /** The batched results, all with the batch axis at 0. */
  static Vector<Value> process(HigherOrder h, Vector<Value> vals, int[] dims, int size, Option<String> axisName) {
    Vector<Value> front = Vector.range(0, vals.size()).map(i -> Batching.moveTo(new Batched(vals.get(i), dims[i]), 0, size));
    Vector<ShapedType> types = front.map(v -> v.type().strong());
    return switch (h) {
      case CustomJvpCall c -> {
        GraphBuilder.Traced g = batchedGraph(axisName, c.function(), types, xs -> c.fun().eval(xs));
        int np = vals.size() - c.numConsts();
        CustomJvpCall.Rule rule = (p, t) -> {
          Vector<Value> outs = vmapAll(axisName, c.function(), xs -> {
            var r = c.rule().apply(xs.take(np), xs.drop(np));
            return r._1.appendAll(r._2);
          }, p.appendAll(t));
          return new Tuple2<>(outs.take(outs.size() / 2), outs.drop(outs.size() / 2));
        };
        yield Bind.bind(new CustomJvpCall(g.graph(), rule, g.outerArgs().size() + c.numConsts(), c.function()),
            g.outerArgs().appendAll(front));
      }
      case CustomVjpCall c -> {
        GraphBuilder.Traced g = batchedGraph(axisName, c.function(), types, xs -> c.fun().eval(xs));
        int nOut = c.fun().out().size();
        int[] nRes = {-1};
        CustomVjpCall.Fwd fwd = p -> {
          Vector<Value> outs = vmapAll(axisName, c.function(), xs -> {
            var r = c.fwd().apply(xs);
            nRes[0] = r._2.size();
            return r._1.appendAll(r._2);
          }, p);
          return new Tuple2<>(outs.take(nOut), outs.drop(nOut));
        };
        Vector<ShapedType> argTypes = c.fun().inTypes().drop(c.numConsts());
        CustomVjpCall.Bwd bwd = (res, cts) -> vmapAll(axisName, c.function(), xs -> c.bwd().apply(xs.take(res.size()), xs.drop(res.size()))
            .zipWith(argTypes, (ct, t) -> Tangents.instantiate(ct, t.strong())), res.appendAll(cts)).map(Option::of);
        yield Bind.bind(new CustomVjpCall(g.graph(), fwd, bwd, g.outerArgs().size() + c.numConsts(), c.function()),
            g.outerArgs().appendAll(front));
      }
      case Checkpoint c -> {
        GraphBuilder.Traced g = batchedGraph(axisName, c.function(), types, xs -> c.fun().eval(xs));
        yield Bind.bind(new Checkpoint(g.graph(), c.function()), g.outerArgs().appendAll(front));
      }
      case JitCall c -> {
        GraphBuilder.Traced[] open = new GraphBuilder.Traced[1];   // a batched graph that closed over outer values
        if (axisName.isDefined()) {   // a named map batches the callee's collectives its own way: not the cache's graph
          GraphBuilder.Traced g = batchedGraph(axisName, c.function(), types, xs -> c.fun().eval(xs));
          yield Bind.bind(new JitCall(g.graph(), c.function(), c.compiler()), g.outerArgs().appendAll(front));
        }
        Option<JitGraph> cached = c.callee().batched(types, t -> {
          GraphBuilder.Traced g = batchedGraph(axisName, c.function(), t, xs -> c.fun().eval(xs));
          if (g.outerArgs().isEmpty()) return Option.of(new JitGraph(g.graph(), c.compiler()));
          open[0] = g;
          return Option.none();
        });
        yield cached.isDefined() ? Bind.bind(new JitCall(cached.get(), c.function()), front)
            : Bind.bind(new JitCall(open[0].graph(), c.function(), c.compiler()), open[0].outerArgs().appendAll(front));
      }
      case LinearCall l -> throw new IllegalStateException("linear_call is applied inline by the batch trace");
      case io.graft.trace.prim.ControlFlow c -> throw new IllegalStateException("control flow has its own rules (ControlFlowBatch)");
    };
  }

  /** The graph of {@code f} mapped over axis 0 of every argument (batched types given). */
  private static GraphBuilder.Traced batchedGraph(Option<String> axisName, String name, Vector<ShapedType> types,
                                                  Function<Vector<Value>, Vector<Value>> f) {
    return GraphBuilder.trace("vmap", name, types, xs -> vmapAll(axisName, name, f, xs));
  }

  /** {@code f} mapped over axis 0 of every argument, results stacked along axis 0. */
  private static Vector<Value> vmapAll(Option<String> axisName, String name, Function<Vector<Value>, Vector<Value>> f, Vector<Value> xs) {
    int[] in = new int[xs.size()];
    return Vmap.vmap("vmap", name, f::apply, xs, Vector.range(0, xs.size()).map(i -> "argument " + i), in,
        outTypes -> new int[outTypes.size()], axisName);
  }
}
