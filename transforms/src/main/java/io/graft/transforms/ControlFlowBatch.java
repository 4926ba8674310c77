package io.graft.transforms;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.trace.Bind;
import io.graft.trace.Graph;
import io.graft.trace.MainTrace;
import io.graft.trace.ShapedType;
import io.graft.trace.TraceContext;
import io.graft.trace.Value;
import io.graft.trace.prim.Batched;
import io.graft.trace.prim.Batching;
import io.graft.trace.prim.Cond;
import io.graft.trace.prim.ControlFlow;
import io.graft.trace.prim.LaxOps;
import io.graft.trace.prim.Scan;
import io.graft.trace.prim.SelectN;
import io.graft.trace.prim.WhileLoop;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.function.Function;

/**
 * Batching of cond, while and scan (JAX's {@code _cond_batching_rule}, {@code _while_loop_batching_rule},
 * {@code _scan_batching_rule}). Sub-graphs are re-traced under {@code vmap} with the batch axis in front; which
 * carries are batched is found by iterating to a fixed point (a carry whose body result is batched is batched).
 * <ul>
 *   <li>scan: the body is mapped; batched xs and ys carry the batch axis at 1 (axis 0 is the scan's).
 *   <li>cond with an unbatched index: a cond of the mapped branches. With a batched index every branch runs on the
 *       whole batch and {@code select_n} picks per lane: the cost is the sum of all branches, not one of them (as in
 *       JAX, where a batched predicate turns cond into select).
 *   <li>while with an unbatched predicate: a while of the mapped body. With a batched predicate the loop runs while
 *       any lane's predicate holds, and each step keeps the old carry in lanes whose predicate is false (a select),
 *       so finished lanes stay frozen: the cost is the slowest lane's trip count times the batch.
 * </ul>
 */
final class ControlFlowBatch {
  private ControlFlowBatch() {}

  /** The batched results with their batch axes. */
  static Vector<Batched> process(ControlFlow c, Vector<Value> vals, int[] dims, int size, Option<String> axisName) {
    Vector<Boolean> mapped = Vector.range(0, vals.size()).map(i -> dims[i] != Batched.NOT_MAPPED);
    Vector<Value> front = Vector.range(0, vals.size()).map(i -> mapped.get(i) ? Batching.moveTo(new Batched(vals.get(i), dims[i]), 0, size) : vals.get(i));
    return switch (c) {
      case Cond k -> cond(k, front, mapped, size, axisName);
      case WhileLoop w -> whileLoop(w, front, mapped, size, axisName);
      case Scan s -> scan(s, front, mapped, size, axisName);
    };
  }

  /** A sub-graph mapped over axis 0 of its batched parameters, and which of its results are batched (at axis 0). */
  record Mapped(Graph graph, Vector<Boolean> outMapped) {}

  /** {@code g} mapped: parameters batched where {@code in}; a result is batched when it varies or {@code force} says so. */
  static Mapped map(String name, Graph g, Vector<Boolean> in, Vector<Boolean> force, int size, Option<String> axisName) {
    Vector<ShapedType> types = g.inTypes().zipWith(in, (t, m) -> m ? t.strong().withShape(t.shape().insert(0, size)) : t.strong());
    boolean[] out = new boolean[g.out().size()];
    Graph graph = SubGraphs.trace("vmap", name, types, xs -> {
      Vector<Batched> r = vmapDims(name, g::eval, xs, in, size, axisName);
      for (int i = 0; i < out.length; i++) out[i] = r.get(i).mapped() || force.get(i);
      return Vector.range(0, out.length).map(i -> out[i] ? Batching.moveTo(r.get(i), 0, size) : r.get(i).value());
    });
    return new Mapped(graph, Vector.range(0, out.length).map(i -> out[i]));
  }

  /** {@code f} applied per lane to {@code xs} (batched at axis 0 where {@code in}), results with their batch axes. */
  static Vector<Batched> vmapDims(String name, Function<Vector<Value>, Vector<Value>> f, Vector<Value> xs, Vector<Boolean> in, int size, Option<String> axisName) {
    MainTrace main = MainTrace.open("vmap", name, m -> new BatchTrace(m, size, axisName));
    BatchTrace trace = (BatchTrace) main.trace();
    try {
      Vector<Value> args = Vector.range(0, xs.size()).map(i -> (Value) trace.tracer(xs.get(i), in.get(i) ? 0 : Batched.NOT_MAPPED));
      Vector<Value> outs = TraceContext.within(main, () -> f.apply(args));
      return outs.map(o -> {
        BatchTrace.BatchTracer t = (BatchTrace.BatchTracer) trace.raise(o);
        return new Batched(t.value, t.dim);
      });
    } finally {
      main.close();
    }
  }

  private static Vector<Boolean> falses(int n) { return Vector.fill(n, false); }

  /** Carries batched at the fixed point: batched initially, or made batched by the body given the others. */
  private static Vector<Boolean> carryFixpoint(String name, Graph body, Vector<Boolean> lead, Vector<Boolean> carry,
                                               Vector<Boolean> tail, int size, Option<String> axisName) {
    Vector<Boolean> k = carry;
    for (int round = 0; round <= carry.size(); round++) {
      Mapped m = map(name, body, lead.appendAll(k).appendAll(tail), falses(body.out().size()), size, axisName);
      Vector<Boolean> next = k.zipWith(m.outMapped().take(k.size()), (a, b) -> a || b);
      if (next.equals(k)) return k;
      k = next;
    }
    return k;
  }

  private static Vector<Batched> scan(Scan s, Vector<Value> vals, Vector<Boolean> mapped, int size, Option<String> axisName) {
    int nc = s.numConsts(), nk = s.numCarry();
    Vector<Boolean> cm = mapped.take(nc), xm = mapped.drop(nc + nk);
    Vector<Boolean> km = carryFixpoint(s.function(), s.body(), cm, mapped.slice(nc, nc + nk), xm, size, axisName);
    int ny = s.body().out().size() - nk;
    Mapped m = map(s.function(), s.body(), cm.appendAll(km).appendAll(xm), km.appendAll(Vector.fill(ny, true)), size, axisName);
    Vector<Value> operands = vals.take(nc)
        .appendAll(Vector.range(0, nk).map(i -> km.get(i) ? Batching.moveTo(new Batched(vals.get(nc + i), mapped.get(nc + i) ? 0 : Batched.NOT_MAPPED), 0, size) : vals.get(nc + i)))
        .appendAll(Vector.range(nc + nk, vals.size()).map(i -> mapped.get(i) ? Batching.moveAxis(vals.get(i), 0, 1) : vals.get(i)));
    Vector<Value> r = Bind.bind(new Scan(m.graph(), nc, nk, s.length(), s.reverse(), s.function()), operands);
    return Vector.range(0, r.size()).map(i -> new Batched(r.get(i), i < nk ? (km.get(i) ? 0 : Batched.NOT_MAPPED) : 1));
  }

  private static Vector<Batched> cond(Cond k, Vector<Value> vals, Vector<Boolean> mapped, int size, Option<String> axisName) {
    Vector<Value> ops = vals.tail();
    Vector<Boolean> om = mapped.tail();
    int nOut = k.branches().head().out().size();
    if (!mapped.head()) {
      Vector<Boolean> union = falses(nOut);
      for (Graph b : k.branches()) union = union.zipWith(map(k.function(), b, om, falses(nOut), size, axisName).outMapped(), (a, c) -> a || c);
      Vector<Boolean> force = union;
      Vector<Graph> branches = k.branches().map(b -> map(k.function(), b, om, force, size, axisName).graph());
      Vector<Value> r = Bind.bind(new Cond(branches, k.function()), vals);
      return Vector.range(0, nOut).map(i -> new Batched(r.get(i), force.get(i) ? 0 : Batched.NOT_MAPPED));
    }
    // a batched index: every branch on the whole batch, then a per-lane select
    Vector<Vector<Value>> outs = k.branches().map(b -> vmapDims(k.function(), b::eval, ops, om, size, axisName)
        .map(x -> Batching.moveTo(x, 0, size)));
    Value index = vals.head();
    return Vector.range(0, nOut).map(i -> {
      ShapedType t = outs.head().get(i).type();
      Value which = LaxOps.broadcastInDim(index, t.shape(), Ints.of(0));
      return new Batched(Bind.bind1(new SelectN(), Vector.of(which).appendAll(outs.map(o -> o.get(i)))), 0);
    });
  }

  private static Vector<Batched> whileLoop(WhileLoop w, Vector<Value> vals, Vector<Boolean> mapped, int size, Option<String> axisName) {
    int cc = w.condConsts(), bc = w.bodyConsts();
    int nk = vals.size() - cc - bc;
    Vector<Boolean> ccm = mapped.take(cc), bcm = mapped.slice(cc, cc + bc);
    Vector<Boolean> km = carryFixpoint(w.function(), w.body(), bcm, mapped.drop(cc + bc), Vector.empty(), size, axisName);
    Mapped pred = map(w.function(), w.cond(), ccm.appendAll(km), falses(1), size, axisName);
    if (pred.outMapped().head()) km = Vector.fill(nk, true);   // lanes finish at different steps: every carry varies
    Vector<Boolean> carryMapped = km;
    Vector<Value> carry = Vector.range(0, nk).map(i -> carryMapped.get(i)
        ? Batching.moveTo(new Batched(vals.get(cc + bc + i), mapped.get(cc + bc + i) ? 0 : Batched.NOT_MAPPED), 0, size)
        : vals.get(cc + bc + i));
    Mapped body = map(w.function(), w.body(), bcm.appendAll(km), km, size, axisName);
    Mapped cond = map(w.function(), w.cond(), ccm.appendAll(km), falses(1), size, axisName);
    Vector<Value> r;
    if (!cond.outMapped().head()) {
      r = Bind.bind(new WhileLoop(cond.graph(), body.graph(), cc, bc, w.function()), vals.take(cc + bc).appendAll(carry));
    } else {
      Vector<ShapedType> condIn = cond.graph().inTypes(), bodyIn = body.graph().inTypes();
      Graph any = SubGraphs.trace("vmap", w.function(), condIn, xs -> {
        Value p = cond.graph().eval(xs).head();
        Value n = LaxOps.reduceSum(LaxOps.convert(p, DType.I32), Ints.of(0));
        return Vector.of(LaxOps.gt(n, LaxOps.scalar(DType.I32, 0)));
      });
      Graph step = SubGraphs.trace("vmap", w.function(), condIn.take(cc).appendAll(bodyIn), xs -> {
        Vector<Value> k = xs.drop(cc + bc);
        Value p = cond.graph().eval(xs.take(cc).appendAll(k)).head();
        Vector<Value> next = body.graph().eval(xs.drop(cc));
        return Vector.range(0, nk).map(i -> LaxOps.select(LaxOps.broadcastInDim(p, next.get(i).type().shape(), Ints.of(0)), next.get(i), k.get(i)));
      });
      r = Bind.bind(new WhileLoop(any, step, cc, cc + bc, w.function()), vals.take(cc).appendAll(vals.take(cc + bc)).appendAll(carry));
    }
    return Vector.range(0, nk).map(i -> new Batched(r.get(i), carryMapped.get(i) ? 0 : Batched.NOT_MAPPED));
  }
}
