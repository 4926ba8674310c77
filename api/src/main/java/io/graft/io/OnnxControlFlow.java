package io.graft.io;

import static io.graft.io.OnnxEmitter.*;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.*;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cond}, {@code while_loop} and {@code scan} as ONNX {@code If} and {@code Loop} nodes whose subgraphs the
 * lowering fills ({@link OnnxLowering#inline}): a two-branch {@code cond} is one {@code If}, more branches nest; a
 * {@code scan} over {@code length} steps is a {@code Loop} with that trip count whose body gathers step {@code i} of each
 * scanned input.
 */
final class OnnxControlFlow {
  private final OnnxLowering e;

  OnnxControlFlow(OnnxLowering e) { this.e = e; }

  /**
   * {@code switch(index, branches)} from branch {@code k} on: branch {@code k} when it is the last or
   * {@code index <= k} (the index is clamped), else an If over the rest.
   */
  Vector<String> cond(Cond c, String index, Vector<String> ops, int k, Vector<ShapedType> outTypes) {
    if (k == c.branches().size() - 1) return e.inline(c.branches().get(k), ops);
    GraphProto taken = e.subgraph("branch" + k, List.of(), () -> e.inline(c.branches().get(k), ops), outTypes);
    GraphProto rest = e.subgraph("branches_after" + k, List.of(), () -> cond(c, index, ops, k + 1, outTypes), outTypes);
    String pred = e.node("Greater", index, e.constant(NdArray.scalar(DType.I32, k)));
    return e.ifNode(pred, rest, taken, outTypes.size());
  }

  /** {@code while_loop} as Loop with no trip count: the body computes the new carry and the predicate on it. */
  Vector<String> whileLoop(WhileLoop w, Vector<String> in) {
    Vector<String> condConsts = in.take(w.condConsts());
    Vector<String> bodyConsts = in.drop(w.condConsts()).take(w.bodyConsts());
    Vector<String> init = in.drop(w.condConsts() + w.bodyConsts());
    Vector<ShapedType> carryTypes = w.body().outTypes();
    String first = e.inline(w.cond(), condConsts.appendAll(init)).get(0);
    List<ValueInfoProto> formals = new ArrayList<>();
    formals.add(valueInfo("iter_" + e.nextId(), ShapedType.of(DType.I64), false));
    formals.add(valueInfo("cond_" + e.nextId(), ShapedType.of(DType.BOOL), false));
    Vector<String> carry = carryTypes.map(t -> "carry_" + e.nextId());
    for (int i = 0; i < carry.size(); i++) formals.add(valueInfo(carry.get(i), carryTypes.get(i), false));
    GraphProto body = e.subgraph("while_body", formals, () -> {
      Vector<String> next = e.inline(w.body(), bodyConsts.appendAll(carry));
      return e.inline(w.cond(), condConsts.appendAll(next)).appendAll(next);
    }, Vector.of(ShapedType.of(DType.BOOL)).appendAll(carryTypes));
    return e.loop("", first, init, body, carryTypes.size());
  }

  /**
   * {@code scan} as Loop with trip count {@code length}: step {@code i} slices each x at {@code i} (at
   * {@code length - 1 - i} in reverse), the ys are Loop's scan outputs (flipped back in reverse).
   */
  Vector<String> scan(Scan s, Vector<String> in, Vector<ShapedType> outTypes) {
    Vector<String> consts = in.take(s.numConsts()), init = in.drop(s.numConsts()).take(s.numCarry()),
        xs = in.drop(s.numConsts() + s.numCarry());
    Vector<ShapedType> carryTypes = outTypes.take(s.numCarry());
    Vector<ShapedType> yTypes = outTypes.drop(s.numCarry()).map(t -> t.withShape(t.shape().drop(0)));
    String iter = "iter_" + e.nextId();
    List<ValueInfoProto> formals = new ArrayList<>();
    formals.add(valueInfo(iter, ShapedType.of(DType.I64), false));
    String condIn = "cond_" + e.nextId();
    formals.add(valueInfo(condIn, ShapedType.of(DType.BOOL), false));
    Vector<String> carry = carryTypes.map(t -> "carry_" + e.nextId());
    for (int i = 0; i < carry.size(); i++) formals.add(valueInfo(carry.get(i), carryTypes.get(i), false));
    GraphProto body = e.subgraph("scan_body", formals, () -> {
      String step = s.reverse() ? e.node("Sub", e.constant(NdArray.scalarLong(DType.I64, s.length() - 1)), iter) : iter;
      Vector<String> slices = xs.map(x -> e.node("Gather", List.of(x, step), null, intAttr("axis", 0)));
      Vector<String> results = e.inline(s.body(), consts.appendAll(carry).appendAll(slices));
      return Vector.of(e.node("Identity", condIn)).appendAll(results);
    }, Vector.of(ShapedType.of(DType.BOOL)).appendAll(carryTypes).appendAll(yTypes));
    String trips = e.constant(NdArray.scalarLong(DType.I64, s.length()));
    Vector<String> outs = e.loop(trips, e.constant(NdArray.wrap(Shape.scalar(), new boolean[] {true})), init, body,
        outTypes.size());
    if (!s.reverse()) return outs;
    return outs.take(s.numCarry()).appendAll(outs.drop(s.numCarry()).map(y -> e.rev(y, Ints.of(0))));
  }
}
