package io.graft;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.ShapeError;
import io.graft.trace.Bind;
import io.graft.trace.GraphBuilder;
import io.graft.trace.ShapedType;
import io.graft.trace.TransformError;
import io.graft.trace.Value;
import io.graft.trace.prim.Checkpoint;
import io.graft.trace.prim.CustomJvpCall;
import io.graft.trace.prim.CustomVjpCall;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
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
    GraphBuilder.Traced g = GraphBuilder.trace("customJvp", site, in.values().map(v -> v.type()), Flat.fn("customJvp", site, f, in.def(), outDef));
    CustomJvpCall.Rule flatRule = (p, t) -> {
      Tuple2<R, R> r = rule.apply((P) Flat.arrays(in.def(), p), (P) Flat.arrays(in.def(), t));
      if (r == null) throw new TransformError("customJvp(" + site + "): the rule returned null; return Tuple.of(primalOut, tangentOut)");
      return new Tuple2<>(flatOut("customJvp", site, "the rule", "the rule's primal result", r._1, outDef[0]),
          flatOut("customJvp", site, "the rule", "the rule's tangent result", r._2, outDef[0]));
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
    GraphBuilder.Traced g = GraphBuilder.trace("customVjp", site, in.values().map(v -> v.type()), Flat.fn("customVjp", site, f, in.def(), outDef));
    CustomVjpCall.Fwd flatFwd = p -> {
      Tuple2<R, S> r = fwd.apply((P) Flat.arrays(in.def(), p));
      if (r == null) throw new TransformError("customVjp(" + site + "): fwd returned null; return Tuple.of(result, residuals)");
      Flat.Tree res = Flat.of(r._2);
      resDef[0] = res.def();
      return new Tuple2<>(flatOut("customVjp", site, "fwd", "fwd's result", r._1, outDef[0]), res.values());
    };
    Vector<ShapedType> argTypes = in.values().map(v -> v.type().strong());
    Vector<String> paths = Trees.paths(x);
    CustomVjpCall.Bwd flatBwd = (res, cts) -> {
      P g2 = bwd.apply((S) Flat.arrays(resDef[0], res), (R) Flat.arrays(outDef[0], cts));
      Vector<Value> out = flatOut("customVjp", site, "bwd", "bwd's result", g2, in.def());
      for (int i = 0; i < out.size(); i++) checkCotangent(site, paths.get(i), i, out.get(i).type(), argTypes.get(i));
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
    GraphBuilder.Traced g = GraphBuilder.trace("checkpoint", site, in.values().map(v -> v.type()), Flat.fn("checkpoint", site, f, in.def(), outDef));
    Vector<Value> outs = Bind.bind(new Checkpoint(g.graph(), site), g.outerArgs().appendAll(in.values()));
    return (R) Flat.arrays(outDef[0], outs);
  }

  /**
   * A cotangent from {@code bwd} must have its argument's shape and, for a floating argument, its dtype (JAX checks
   * cotangent types the same way); a different dtype would silently change the gradient's type, e.g. f64 for an f32
   * parameter. NB: JAX gives integer arguments float0 cotangents; Graft checks only their shape.
   */
  private static void checkCotangent(String site, String path, int leaf, ShapedType got, ShapedType arg) {
    String what = "customVjp(" + site + "): bwd's cotangent for argument" + path + " (leaf " + leaf + ") is " + got
        + ", but the argument is " + arg + "; ";
    if (!got.shape().equals(arg.shape()))
      throw new ShapeError(what + "a cotangent must have its argument's shape; sum over broadcast axes or reshape it");
    if (arg.dtype().isFloating() && got.dtype() != arg.dtype())
      throw new DTypeError(what + "a cotangent must have its argument's dtype; cast it with astype(" + npName(arg.dtype()) + ")");
  }

  private static String npName(DType d) {
    return switch (d) {
      case F32 -> "Np.float32";
      case F64 -> "Np.float64";
      case I32 -> "Np.int32";
      case I64 -> "Np.int64";
      case U32 -> "Np.uint32";
      case BOOL -> "Np.bool";
      case BF16 -> "Np.bfloat16";
      case F16 -> "Np.float16";
      case I8 -> "Np.int8";
      case U8 -> "Np.uint8";
    };
  }

  private static Vector<Value> flatOut(String transform, String site, String who, String what, Object tree, TreeDef want) {
    Flat.requireNoNull(transform, site, who, tree);
    Flat.Tree t = Flat.of(tree);
    if (!t.def().equals(want))
      throw new ShapeError(transform + "(" + site + "): " + what + " has structure " + t.def() + " but the function returns " + want);
    return t.values();
  }
}
