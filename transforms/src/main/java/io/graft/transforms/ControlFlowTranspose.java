package io.graft.transforms;

import io.graft.trace.Bind;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.graft.trace.TransformError;
import io.graft.trace.Value;
import io.graft.trace.prim.Cond;
import io.graft.trace.prim.ControlFlow;
import io.graft.trace.prim.LinearArg;
import io.graft.trace.prim.Scan;
import io.graft.trace.prim.Tangents;
import io.graft.trace.prim.WhileLoop;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * Transpose rules of the linear cond and scan that {@link ControlFlowJvp} records (JAX's {@code _cond_transpose},
 * {@code _scan_transpose}). Known operands (the index, residuals) pass through; each sub-graph is transposed with
 * respect to its linear parameters ({@link Transpose#backward}) and traced into a new sub-graph. A cond becomes a cond
 * of the transposed branches; a scan becomes a scan running the other way whose carry holds the carry's cotangent and
 * the accumulated cotangents of its linear consts, and whose outputs stack the cotangents of its linear xs. A while
 * loop has no transpose: its trip count is data-dependent.
 */
final class ControlFlowTranspose {
  private ControlFlowTranspose() {}

  /** The operands' cotangents ({@code none} for known operands and zeros) given the results' cotangents. */
  static Vector<Option<Value>> transpose(ControlFlow c, Vector<LinearArg> args, Vector<Option<Value>> outCts) {
    return switch (c) {
      case Cond k -> cond(k, args, outCts);
      case Scan s -> scan(s, args, outCts);
      case WhileLoop w -> throw new TransformError("while(" + w.function() + "): reverse-mode differentiation (grad, vjp, "
          + "linearize's transpose) of Lax.whileLoop is not supported: its trip count depends on the data, so the "
          + "values of every iteration cannot be stored in advance; use Lax.scan, or Lax.foriLoop with static (Java int) "
          + "bounds, which lowers to a scan; forward mode (jvp, jacfwd) of whileLoop works");
    };
  }

  private static Vector<Value> instantiate(Vector<Option<Value>> cts, Vector<ShapedType> types) {
    return cts.zipWith(types, (ct, t) -> Tangents.instantiate(ct, t.strong()));
  }

  private static Vector<Option<Value>> cond(Cond k, Vector<LinearArg> args, Vector<Option<Value>> outCts) {
    Vector<LinearArg> ops = args.tail();
    Vector<Integer> known = SubGraphs.where(ops.size(), i -> !ops.get(i).isLinear());
    Vector<Integer> linear = SubGraphs.where(ops.size(), i -> ops.get(i).isLinear());
    Vector<ShapedType> opTypes = ops.map(a -> a.type().strong());
    Vector<ShapedType> outTypes = k.branches().head().outTypes().map(ShapedType::strong);
    Vector<ShapedType> knownTypes = known.map(opTypes::get);
    Vector<Graph> transposed = k.branches().map(b -> {
      Graph g = SubGraphs.permute(b, known.appendAll(linear));
      return SubGraphs.trace("transpose", k.function(), knownTypes.appendAll(outTypes), xs ->
          instantiate(Transpose.backward(g, xs.take(known.size()), xs.drop(known.size())), linear.map(opTypes::get)));
    });
    Vector<Value> operands = Vector.of(args.head().known("cond")).appendAll(known.map(i -> ops.get(i).known("cond")))
        .appendAll(instantiate(outCts, outTypes));
    Vector<Value> cts = Bind.bind(new Cond(transposed, k.function()), operands);
    Option<Value>[] result = newNone(args.size());
    for (int j = 0; j < linear.size(); j++) result[1 + linear.get(j)] = Option.of(cts.get(j));
    return Vector.of(result);
  }

  @SuppressWarnings("unchecked")
  private static Option<Value>[] newNone(int n) {
    Option<Value>[] a = (Option<Value>[]) new Option<?>[n];
    java.util.Arrays.fill(a, Option.none());
    return a;
  }

  private static Vector<Option<Value>> scan(Scan s, Vector<LinearArg> args, Vector<Option<Value>> outCts) {
    int nc = s.numConsts(), nk = s.numCarry(), nx = s.numXs();
    Vector<Integer> ck = SubGraphs.where(nc, i -> !args.get(i).isLinear());
    Vector<Integer> cl = SubGraphs.where(nc, i -> args.get(i).isLinear());
    Vector<Integer> xk = SubGraphs.where(nx, i -> !args.get(nc + nk + i).isLinear()).map(i -> nc + nk + i);
    Vector<Integer> xl = SubGraphs.where(nx, i -> args.get(nc + nk + i).isLinear()).map(i -> nc + nk + i);
    Vector<Integer> carry = Vector.range(nc, nc + nk);
    Vector<ShapedType> bodyIn = s.body().inTypes().map(ShapedType::strong);
    Vector<ShapedType> bodyOut = s.body().outTypes().map(ShapedType::strong);
    Vector<ShapedType> clTypes = cl.map(bodyIn::get), carryTypes = carry.map(bodyIn::get), xlTypes = xl.map(bodyIn::get);
    Vector<ShapedType> ckTypes = ck.map(bodyIn::get), xkTypes = xk.map(bodyIn::get);
    Vector<ShapedType> yTypes = bodyOut.drop(nk);
    // the body with its known parameters first: (known consts, known xs, linear consts, carry, linear xs)
    Graph g = SubGraphs.permute(s.body(), ck.appendAll(xk).appendAll(cl).appendAll(carry).appendAll(xl));
    int nck = ck.size(), ncl = cl.size(), nxk = xk.size();
    // transposed body: (known consts | const cotangent sums, carry cotangent | known x slices, y cotangents)
    //               -> (const cotangent sums, previous carry cotangent | linear x cotangents)
    Graph t = SubGraphs.trace("transpose", s.function(),
        ckTypes.appendAll(clTypes).appendAll(carryTypes).appendAll(xkTypes).appendAll(yTypes), xs -> {
          Vector<Value> knownVals = xs.take(nck).appendAll(xs.slice(nck + ncl + nk, nck + ncl + nk + nxk));
          Vector<Value> cts = xs.slice(nck + ncl, nck + ncl + nk).appendAll(xs.drop(nck + ncl + nk + nxk));
          Vector<Value> back = instantiate(Transpose.backward(g, knownVals, cts), clTypes.appendAll(carryTypes).appendAll(xlTypes));
          Vector<Value> sums = Vector.range(0, ncl).map(i -> Tangents.add(Option.of(xs.get(nck + i)), Option.of(back.get(i))).get());
          return sums.appendAll(back.drop(ncl));
        });
    Vector<Value> operands = ck.map(i -> args.get(i).known("scan"))
        .appendAll(clTypes.map(Tangents::zeros))
        .appendAll(instantiate(outCts.take(nk), carryTypes))
        .appendAll(xk.map(i -> args.get(i).known("scan")))
        .appendAll(instantiate(outCts.drop(nk), yTypes.map(y -> y.withShape(y.shape().insert(0, s.length())))));
    Vector<Value> r = Bind.bind(new Scan(t, nck, ncl + nk, s.length(), !s.reverse(), s.function()), operands);
    Option<Value>[] result = newNone(args.size());
    for (int j = 0; j < ncl; j++) result[cl.get(j)] = Option.of(r.get(j));
    for (int j = 0; j < nk; j++) if (args.get(nc + j).isLinear()) result[nc + j] = Option.of(r.get(ncl + j));
    for (int j = 0; j < xl.size(); j++) result[xl.get(j)] = Option.of(r.get(ncl + nk + j));
    return Vector.of(result);
  }
}
