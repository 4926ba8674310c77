package io.graft;

import io.graft.numerics.ShapeError;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.Batched;
import io.graft.trace.tree.TreeDef;
import io.graft.trace.tree.Trees;
import io.graft.transforms.Vmap;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/** Pytree-level {@code vmap} behind {@link Graft#vmap} (and the Jacobians, which name themselves as {@code transform}). */
final class Vectorize {
  private Vectorize() {}

  @SuppressWarnings("unchecked")
  static <P, R> R vmap(String transform, String site, Function<P, R> f, AxisSpec inAxes, AxisSpec outAxes, P x) {
    return vmap(transform, site, f, inAxes, outAxes, Option.none(), x);
  }

  /** {@link #vmap} binding {@code axisName} for the collectives inside {@code f} (when defined). */
  @SuppressWarnings("unchecked")
  static <P, R> R vmap(String transform, String site, Function<P, R> f, AxisSpec inAxes, AxisSpec outAxes,
                       Option<String> axisName, P x) {
    Flat.Tree in = Flat.of(x);
    Vector<String> names = Trees.paths(x).map(p -> "argument" + p);
    Vector<Integer> axes = inAxes.resolve(in.def(), "in_axes");
    int[] dims = new int[axes.size()];
    for (int i = 0; i < dims.length; i++) {
      ShapedType t = in.values().get(i).type();
      dims[i] = axes.get(i) == null ? Batched.NOT_MAPPED : normalise(axes.get(i), t.rank(), transform, site, names.get(i) + " " + t);
    }
    TreeDef[] outDef = new TreeDef[1];
    var outs = Vmap.vmap(transform, site, Flat.fn(transform, site, f, in.def(), outDef), in.values(), names, dims, types -> {
      Vector<Integer> oa = outAxes.resolve(outDef[0], "out_axes");
      int[] od = new int[types.size()];
      for (int i = 0; i < od.length; i++)
        od[i] = oa.get(i) == null ? Batched.NOT_MAPPED : normalise(oa.get(i), types.get(i).rank() + 1, transform, site, "output " + i + " " + types.get(i));
      return od;
    }, axisName);
    return (R) Flat.arrays(outDef[0], outs);
  }

  private static int normalise(int axis, int rank, String transform, String site, String what) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank)
      throw new ShapeError(transform + "(" + site + "): axis " + axis + " is out of range for " + what + " (rank " + rank
          + "); use an axis in [" + (-rank) + ", " + rank + ")");
    return a;
  }
}
