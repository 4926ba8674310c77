package io.graft.transforms;

import io.graft.numerics.ShapeError;
import io.graft.trace.MainTrace;
import io.graft.trace.ShapedType;
import io.graft.trace.TraceContext;
import io.graft.trace.Value;
import io.graft.trace.prim.Batching;
import io.graft.trace.prim.Batched;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/** {@code jax.vmap} on flat values: maps {@code f} over axis {@code inDims[i]} of each argument at once. */
public final class Vmap {
  private Vmap() {}

  /**
   * Applies {@code f} to every slice along the mapped axes and stacks the results along {@code outDims}.
   *
   * @param names    each argument's name for errors (e.g. {@code args[0].w})
   * @param inDims   the mapped axis of each argument (non-negative), or {@link Batched#NOT_MAPPED}
   * @param outDims  given the results' per-example types, where each result's batch axis goes (non-negative), or
   *                 {@link Batched#NOT_MAPPED} for a result that must not vary along the batch
   */
  public static Vector<Value> vmap(String transform, String function, Function<Vector<Value>, Vector<? extends Value>> f,
                                   Vector<Value> args, Vector<String> names, int[] inDims,
                                   Function<Vector<ShapedType>, int[]> outDims) {
    return vmap(transform, function, f, args, names, inDims, outDims, Option.none());
  }

  /**
   * {@link #vmap} binding {@code axisName}: inside {@code f}, collectives over that name ({@code psum},
   * {@code allGather}, {@code axisIndex}, ...) act across the mapped axis, the examples being the group's members
   * (JAX's {@code vmap(..., axis_name=...)}). A nested map may bind another name, or shadow this one.
   */
  public static Vector<Value> vmap(String transform, String function, Function<Vector<Value>, Vector<? extends Value>> f,
                                   Vector<Value> args, Vector<String> names, int[] inDims,
                                   Function<Vector<ShapedType>, int[]> outDims, Option<String> axisName) {
    int size = axisSize(transform, function, args, names, inDims);
    MainTrace main = MainTrace.open(transform, function, m -> new BatchTrace(m, size, axisName));
    BatchTrace trace = (BatchTrace) main.trace();
    try {
      Vector<Value> in = Vector.range(0, args.size()).map(i -> (Value) trace.tracer(args.get(i), inDims[i]));
      Vector<? extends Value> outs = trace.within(() -> f.apply(in));
      Vector<BatchTrace.BatchTracer> res = outs.map(o -> (BatchTrace.BatchTracer) trace.raise(o));
      int[] wanted = outDims.apply(res.map(BatchTrace.BatchTracer::type));
      return Vector.range(0, res.size()).map(i -> {
        BatchTrace.BatchTracer t = res.get(i);
        int want = wanted[i];
        if (want == Batched.NOT_MAPPED) {
          if (t.dim != Batched.NOT_MAPPED)
            throw new ShapeError(transform + "(" + function + "): output " + i + " varies along the mapped axis, but its out axis is null (unmapped); give it an out axis");
          return t.value;
        }
        return Batching.moveTo(new Batched(t.value, t.dim), want, size);
      });
    } finally {
      main.close();
    }
  }

  private static int axisSize(String transform, String function, Vector<Value> args, Vector<String> names, int[] inDims) {
    int size = -1;
    boolean agree = true;
    for (int i = 0; i < args.size(); i++) {
      if (inDims[i] == Batched.NOT_MAPPED) continue;
      int s = args.get(i).type().shape().dim(inDims[i]);
      if (size >= 0 && s != size) agree = false;
      if (size < 0) size = s;
    }
    if (!agree) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < args.size(); i++) {
        if (inDims[i] == Batched.NOT_MAPPED) continue;
        b.append("\n  ").append(names.get(i)).append(": ").append(args.get(i).type()).append(" axis ").append(inDims[i])
            .append(" has size ").append(args.get(i).type().shape().dim(inDims[i]));
      }
      throw new ShapeError(transform + "(" + function + "): mapped axes have inconsistent sizes:" + b
          + "\nmap every argument over an axis of the same size, or mark arguments that should not be mapped with a null axis");
    }
    if (size < 0)
      throw new ShapeError(transform + "(" + function + "): no argument is mapped (every in axis is null); map at least one argument");
    return size;
  }
}
