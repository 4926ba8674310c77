package io.graft;

import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.GraphBuilder;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.Checkpoint;
import io.graft.trace.prim.CustomJvpCall;
import io.graft.trace.prim.CustomVjpCall;
import io.graft.trace.tree.TreeDef;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Pytree-level custom derivatives and checkpointing behind {@link Graft#customJvp}, {@link Graft#customVjp} and
 * {@link Graft#checkpoint}: each call traces the function to a graph and binds a higher-order primitive that the
 * transforms treat specially.
 */
final class Custom {
  private Custom() {}

  @SuppressWarnings("unchecked")
  static <P, R> R customJvp(String site, Function<P, R> f, CustomJvpRule<P, R> rule, P x) {
    Flat.Tree in = Flat.of(x);
    TreeDef[] outDef = new TreeDef[1];
    GraphBuilder.Traced g = GraphBuilder.trace("customJvp", site, in.values().map(v -> v.type()), Flat.fn(f, in.def(), outDef));
    CustomJvpCall.Rule flatRule = (p, t) -> {
      Tuple2<R, R> r = rule.apply((P) Flat.arrays(in.def(), p), (P) Flat.arrays(in.def(), t));
      return new Tuple2<>(flatOut("customJvp", site, "the rule's primal result", r._1, outDef[0]),
          flatOut("customJvp", site, "the rule's tangent result", r._2, outDef[0]));
    };
    Vector<Value> outs = Bind.bind(new CustomJvpCall(g.graph(), flatRule, g.outerArgs().size(), site),
        g.outerArgs().appendAll(in.values()));
    return (R) Flat.arrays(outDef[0], outs);
  }

  @SuppressWarnings("unchecked")
  static <P, R, S> R customVjp(String site, Function<P, R> f, Function<P, Tuple2<R, S>> fwd, BiFunction<S, R, P> bwd, P x) {
    Flat.Tree in = Flat.of(x);
    TreeDef[] outDef = new TreeDef[1];
    TreeDef[] resDef = new TreeDef[1];
    GraphBuilder.Traced g = GraphBuilder.trace("customVjp", site, in.values().map(v -> v.type()), Flat.fn(f, in.def(), outDef));
    CustomVjpCall.Fwd flatFwd = p -> {
      Tuple2<R, S> r = fwd.apply((P) Flat.arrays(in.def(), p));
      Flat.Tree res = Flat.of(r._2);
      resDef[0] = res.def();
      return new Tuple2<>(flatOut("customVjp", site, "fwd's result", r._1, outDef[0]), res.values());
    };
    Vector<ShapedType> argTypes = in.values().map(v -> v.type().strong());
    CustomVjpCall.Bwd flatBwd = (res, cts) -> {
      P g2 = bwd.apply((S) Flat.arrays(resDef[0], res), (R) Flat.arrays(outDef[0], cts));
      Vector<Value> out = flatOut("customVjp", site, "bwd's result", g2, in.def());
      for (int i = 0; i < out.size(); i++) {
        ShapedType t = out.get(i).type();
        if (!t.shape().equals(argTypes.get(i).shape()))
          throw new ShapeError("customVjp(" + site + "): bwd's cotangent " + i + " is " + t + " but the argument is " + argTypes.get(i));
      }
      return out.map(Option::of);
    };
    Vector<Value> outs = Bind.bind(new CustomVjpCall(g.graph(), flatFwd, flatBwd, g.outerArgs().size(), site),
        g.outerArgs().appendAll(in.values()));
    return (R) Flat.arrays(outDef[0], outs);
  }

  @SuppressWarnings("unchecked")
  static <P, R> R checkpoint(String site, Function<P, R> f, P x) {
    Flat.Tree in = Flat.of(x);
    TreeDef[] outDef = new TreeDef[1];
    GraphBuilder.Traced g = GraphBuilder.trace("checkpoint", site, in.values().map(v -> v.type()), Flat.fn(f, in.def(), outDef));
    Vector<Value> outs = Bind.bind(new Checkpoint(g.graph(), site), g.outerArgs().appendAll(in.values()));
    return (R) Flat.arrays(outDef[0], outs);
  }

  private static Vector<Value> flatOut(String transform, String site, String what, Object tree, TreeDef want) {
    Flat.Tree t = Flat.of(tree);
    if (!t.def().equals(want))
      throw new ShapeError(transform + "(" + site + "): " + what + " has structure " + t.def() + " but the function returns " + want);
    return t.values();
  }
}
