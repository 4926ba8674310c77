package io.graft.transforms;

import io.graft.trace.Bind;
import io.graft.trace.Graph;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.graft.trace.prim.Cond;
import io.graft.trace.prim.ControlFlow;
import io.graft.trace.prim.Scan;
import io.graft.trace.prim.Tangents;
import io.graft.trace.prim.WhileLoop;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import io.vavr.control.Option;

/**
 * Forward mode of cond, while and scan (JAX's {@code _cond_jvp}, {@code _while_loop_jvp}, {@code _scan_jvp} followed by
 * partial evaluation). For cond and scan the JVP of each sub-graph is split ({@link SubGraphs#jvpSplit}) into a known
 * half, bound as a cond/scan on the primals that also returns the residuals (a scan stacks them per step; a cond
 * returns every branch's residuals, the untaken branches' zero-filled), and a linear half, bound as a cond/scan on
 * (residuals, tangents). Under {@code linearize} only the linear half is recorded, so its transpose
 * ({@link ControlFlowTranspose}) is a cond of transposed branches or a scan running the other way: nothing is unrolled.
 *
 * <p>A while loop carries the tangents through the body's JVP in one joint loop. The primal results come from a plain
 * loop on the primals (so the loop runs twice in forward mode: the joint loop's primal half is discarded); under
 * {@code linearize} the joint loop lands in the linear graph and transposing it is the documented error.
 */
final class ControlFlowJvp {
  private ControlFlowJvp() {}

  /** Primal results and tangents of {@code c} with at least one nonzero tangent. */
  static Tuple2<Vector<Value>, Vector<Option<Value>>> process(ControlFlow c, Vector<Value> primals, Vector<Option<Value>> tangents) {
    return switch (c) {
      case Cond k -> cond(k, primals, tangents);
      case WhileLoop w -> whileLoop(w, primals, tangents);
      case Scan s -> scan(s, primals, tangents);
    };
  }

  private static boolean floating(Value v) { return v.type().dtype().isFloating(); }

  private static Tuple2<Vector<Value>, Vector<Option<Value>>> cond(Cond k, Vector<Value> primals, Vector<Option<Value>> tangents) {
    Vector<Value> ops = primals.tail();
    Vector<Boolean> mask = tangents.tail().zipWith(ops, (t, p) -> t.isDefined() && floating(p));
    Vector<JitJvp.Split> splits = k.branches().map(b -> SubGraphs.jvpSplit(b, mask, k.function()));
    int nOut = k.branches().head().out().size();
    Vector<Vector<ShapedType>> resTypes = splits.map(s -> s.unknown().inTypes().take(s.unknown().in().size() - count(mask)));
    Vector<ShapedType> opTypes = ops.map(v -> v.type().strong());
    Vector<Graph> known = Vector.range(0, splits.size()).map(i -> SubGraphs.trace("jvp", k.function(), opTypes, xs -> {
      Vector<Value> r = splits.get(i).known().eval(xs);
      Vector<Value> out = r.take(nOut);
      for (int j = 0; j < splits.size(); j++)
        out = out.appendAll(j == i ? r.drop(nOut) : resTypes.get(j).map(Tangents::zeros));
      return out;
    }));
    Vector<Value> r = Bind.bind(new Cond(known, k.function()), primals);
    Vector<Value> residuals = r.drop(nOut);
    Vector<ShapedType> allRes = resTypes.flatMap(t -> t);
    Vector<ShapedType> tanTypes = opTypes.zipWith(mask, Tuple2::new).filter(Tuple2::_2).map(Tuple2::_1);
    int[] offset = new int[splits.size() + 1];
    for (int j = 0; j < splits.size(); j++) offset[j + 1] = offset[j] + resTypes.get(j).size();
    Vector<Graph> linear = Vector.range(0, splits.size()).map(i -> SubGraphs.trace("jvp", k.function(), allRes.appendAll(tanTypes),
        xs -> splits.get(i).unknown().eval(xs.slice(offset[i], offset[i + 1]).appendAll(xs.drop(allRes.size())))));
    Vector<Value> nonzero = Vector.range(0, ops.size()).filter(mask::get).map(i -> tangents.get(i + 1).get());
    Vector<Value> touts = Bind.bind(new Cond(linear, k.function()), Vector.of(primals.head()).appendAll(residuals).appendAll(nonzero));
    return new Tuple2<>(r.take(nOut), touts.map(Option::of));
  }

  private static int count(Vector<Boolean> mask) { return mask.count(b -> b); }

  private static Tuple2<Vector<Value>, Vector<Option<Value>>> scan(Scan s, Vector<Value> primals, Vector<Option<Value>> tangents) {
    int nc = s.numConsts(), nk = s.numCarry(), nx = s.numXs();
    Vector<Boolean> mask = Vector.range(0, primals.size()).map(i -> floating(primals.get(i))
        && (i >= nc && i < nc + nk || tangents.get(i).isDefined()));   // every float carry gets a tangent
    JitJvp.Split split = SubGraphs.jvpSplit(s.body(), mask, s.function());
    int nOut = s.body().out().size(), nRes = split.unknown().in().size() - count(mask);
    // residuals that are the body's const parameters stay consts of the linear scan; the others are per step
    Vector<io.graft.trace.Var> knownConsts = split.known().in().take(nc);
    Vector<Integer> constRes = SubGraphs.where(nRes, r -> knownConsts.contains(resVar(split, r)));
    Vector<Integer> stepRes = SubGraphs.where(nRes, r -> !constRes.contains(r));
    // a step residual that is an x slice is read from the xs themselves: only computed residuals are stacked anew
    Vector<io.graft.trace.Var> knownXs = split.known().in().drop(nc + nk);
    Vector<Integer> computed = stepRes.filter(r -> !knownXs.contains(resVar(split, r)));
    Graph kb = split.known();
    Graph knownBody = new Graph(kb.constVars(), kb.consts(), kb.in(), kb.eqns(),
        kb.out().take(nOut).appendAll(computed.map(r -> kb.out().get(nOut + r))));
    Vector<Value> r = Bind.bind(new Scan(knownBody, nc, nk, s.length(), s.reverse(), s.function()), primals);
    Vector<Value> stacked = stepRes.map(res -> computed.contains(res) ? r.get(nOut + computed.indexOf(res))
        : primals.get(nc + nk + knownXs.indexOf(resVar(split, res))));
    Vector<Value> constVals = constRes.map(i -> primals.get(knownConsts.indexOf(resVar(split, i))));
    // linear body: parameters (const residuals, const tangents, carry tangents, step residuals, x tangents)
    int ntc = count(mask.take(nc)), ntk = count(mask.slice(nc, nc + nk));
    Vector<Integer> order = constRes.appendAll(Vector.range(nRes, nRes + ntc + ntk)).appendAll(stepRes)
        .appendAll(Vector.range(nRes + ntc + ntk, split.unknown().in().size()));
    Vector<Boolean> keep = Vector.range(0, nOut).map(i -> i >= nk || mask.get(nc + i));
    Graph linearBody = SubGraphs.keepOuts(SubGraphs.permute(split.unknown(), order), keep);
    Vector<Value> nz = Vector.range(0, primals.size()).filter(mask::get)
        .map(i -> Tangents.instantiate(tangents.get(i), primals.get(i).type().strong()));
    Vector<Value> operands = constVals.appendAll(nz.take(ntc + ntk)).appendAll(stacked).appendAll(nz.drop(ntc + ntk));
    Vector<Value> touts = Bind.bind(new Scan(linearBody, constRes.size() + ntc, ntk, s.length(), s.reverse(), s.function()), operands);
    java.util.Iterator<Value> carryT = touts.take(ntk).iterator();
    Vector<Option<Value>> tangentsOut = Vector.range(0, nk).map(i -> mask.get(nc + i) ? Option.of(carryT.next()) : Option.<Value>none())
        .appendAll(touts.drop(ntk).map(Option::of));
    return new Tuple2<>(r.take(nOut), tangentsOut);
  }

  private static io.graft.trace.Var resVar(JitJvp.Split split, int r) { return split.unknown().in().get(r); }

  private static Tuple2<Vector<Value>, Vector<Option<Value>>> whileLoop(WhileLoop w, Vector<Value> primals, Vector<Option<Value>> tangents) {
    int cc = w.condConsts(), bc = w.bodyConsts();
    Vector<Value> bodyPrimals = primals.drop(cc);
    Vector<Option<Value>> bodyTangents = tangents.drop(cc);
    int nk = bodyPrimals.size() - bc;
    Vector<Boolean> mask = Vector.range(0, bodyPrimals.size()).map(i -> floating(bodyPrimals.get(i))
        && (i >= bc || bodyTangents.get(i).isDefined()));
    Vector<Value> outs = Bind.bind(w, primals);
    if (!mask.contains(true)) return new Tuple2<>(outs, Vector.fill(outs.size(), Option.none()));
    Vector<ShapedType> types = bodyPrimals.map(v -> v.type().strong());
    Vector<ShapedType> tanTypes = types.zipWith(mask, Tuple2::new).filter(Tuple2::_2).map(Tuple2::_1);
    int ntb = count(mask.take(bc)), ntk = count(mask.drop(bc));
    // joint body: (body consts, their tangents, carry, carry tangents) -> (carry, carry tangents)
    Graph joint = SubGraphs.trace("jvp", w.function(), types.take(bc).appendAll(tanTypes.take(ntb)).appendAll(types.drop(bc)).appendAll(tanTypes.drop(ntb)), xs -> {
      Vector<Value> p = xs.take(bc).appendAll(xs.slice(bc + ntb, bc + ntb + nk));
      java.util.Iterator<Value> ts = xs.take(bc + ntb).drop(bc).appendAll(xs.drop(bc + ntb + nk)).iterator();
      Vector<Option<Value>> t = mask.map(m -> m ? Option.of(ts.next()) : Option.<Value>none());
      Tuple2<Vector<Value>, Vector<Value>> r = Jvp.jvp("jvp", w.function(), f -> w.body().eval(f), p, t);
      return r._1.appendAll(Vector.range(0, nk).filter(i -> mask.get(bc + i)).map(r._2::get));
    });
    Graph cond = SubGraphs.pad(w.cond(), Vector.empty(), tanTypes.drop(ntb));
    Vector<Value> nz = Vector.range(0, bodyPrimals.size()).filter(mask::get)
        .map(i -> Tangents.instantiate(bodyTangents.get(i), types.get(i)));
    Vector<Value> operands = primals.take(cc).appendAll(bodyPrimals.take(bc)).appendAll(nz.take(ntb))
        .appendAll(bodyPrimals.drop(bc)).appendAll(nz.drop(ntb));
    Vector<Value> r = Bind.bind(new WhileLoop(cond, joint, cc, bc + ntb, w.function()), operands);
    java.util.Iterator<Value> carryT = r.drop(nk).iterator();
    return new Tuple2<>(outs, Vector.range(0, nk).map(i -> mask.get(bc + i) ? Option.of(carryT.next()) : Option.<Value>none()));
  }
}
