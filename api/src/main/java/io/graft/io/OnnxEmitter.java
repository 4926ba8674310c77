package io.graft.io;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.*;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an ONNX lowering writes: the model's root graph (which holds every initialiser: subgraphs read them from the
 * outer scope), the graph nodes go to now (the root, or the If branch or Loop body being lowered), fresh names, and
 * the node, initialiser and attribute builders every lowering step shares. {@link OnnxLowering} lowers a graph's
 * equations through it; {@link OnnxMath}, {@link OnnxWindows}, {@link OnnxLinalg} and {@link OnnxControlFlow} lower
 * families of primitives.
 * <pre>{@code
 * String y = emitter.node("Relu", emitter.node("Add", x, emitter.constant(bias)));
 * }</pre>
 *
 * <p>Not thread-safe and single use, like the lowering that extends it.
 */
class OnnxEmitter {
  /** The model's graph: it holds every initialiser (subgraphs read them from the outer scope). */
  final GraphProto.Builder root = GraphProto.newBuilder();
  /** Where nodes go: the root or the subgraph (If branch, Loop body) being lowered. */
  private GraphProto.Builder graph = root;
  private int fresh;

  /** A number no other name of this model has used. */
  int nextId() { return fresh++; }

  /** {@code x} with its axes permuted ({@code Transpose}; {@code x} itself for the identity). */
  String transpose(String x, int[] perm) {
    boolean identity = true;
    for (int i = 0; i < perm.length; i++) identity &= perm[i] == i;
    return identity ? x : node("Transpose", List.of(x), null, intsAttr("perm", perm));
  }

  /** {@code x} reversed along {@code dims} (a {@code Slice} with step -1 on each). */
  String rev(String x, Ints dims) {
    if (dims.size() == 0) return node("Identity", x);
    long[] starts = new long[dims.size()], ends = new long[dims.size()], steps = new long[dims.size()];
    java.util.Arrays.fill(starts, -1);
    java.util.Arrays.fill(ends, Long.MIN_VALUE);
    java.util.Arrays.fill(steps, -1);
    return node("Slice", List.of(x, constant(longArray(starts)), constant(longArray(ends)), longs(dims),
        constant(longArray(steps))), null);
  }

  /**
   * A subgraph (If branch, Loop body): {@code formals} its inputs, {@code body} lowers its nodes (reading outer names
   * freely, as ONNX scoping allows) and returns the names that become its outputs, of types {@code outTypes}.
   */
  GraphProto subgraph(String name, List<ValueInfoProto> formals, java.util.function.Supplier<Vector<String>> body,
                      Vector<ShapedType> outTypes) {
    GraphProto.Builder outer = graph;
    graph = GraphProto.newBuilder().setName(name + "_" + nextId()).addAllInput(formals);
    try {
      Vector<String> results = body.get();
      for (int i = 0; i < results.size(); i++) {
        String out = node("Identity", results.get(i));
        graph.addOutput(valueInfo(out, outTypes.get(i), false));
      }
      return graph.build();
    } finally {
      graph = outer;
    }
  }

  Vector<String> ifNode(String pred, GraphProto then, GraphProto otherwise, int outs) {
    List<String> outNames = new ArrayList<>();
    for (int i = 0; i < outs; i++) outNames.add("if_" + nextId());
    graph.addNode(NodeProto.newBuilder().setOpType("If").setName(outNames.get(0)).addInput(pred)
        .addAllOutput(outNames).addAttribute(graphAttr("then_branch", then))
        .addAttribute(graphAttr("else_branch", otherwise)));
    return Vector.ofAll(outNames);
  }

  Vector<String> loop(String trips, String cond, Vector<String> init, GraphProto body, int outs) {
    List<String> outNames = new ArrayList<>();
    for (int i = 0; i < outs; i++) outNames.add("loop_" + nextId());
    graph.addNode(NodeProto.newBuilder().setOpType("Loop").setName(outNames.get(0)).addInput(trips).addInput(cond)
        .addAllInput(init).addAllOutput(outNames).addAttribute(graphAttr("body", body)));
    return Vector.ofAll(outNames);
  }

  static AttributeProto graphAttr(String name, GraphProto g) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
  }

  static int at(Ints xs, int i, int orElse) { return xs.size() == 0 ? orElse : xs.get(i); }

  static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
    return inv;
  }

  String node(String op, String... inputs) { return node(op, List.of(inputs), null); }

  /** Adds a node; {@code output} null: a fresh name. Returns the output's name. */
  String node(String op, List<String> inputs, String output, AttributeProto... attrs) {
    String out = output != null ? output : op.toLowerCase(java.util.Locale.ROOT) + "_" + nextId();
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
    for (AttributeProto a : attrs) n.addAttribute(a);
    graph.addNode(n);
    return out;
  }

  String longs(Ints xs) {
    long[] l = new long[xs.size()];
    for (int i = 0; i < l.length; i++) l[i] = xs.get(i);
    return constant(longArray(l));
  }

  static NdArray longArray(long[] xs) { return NdArray.wrap(Shape.of(xs.length), xs); }

  /** An initialiser holding {@code a}; its name. */
  String constant(NdArray a) {
    String name = "const_" + nextId();
    root.addInitializer(OnnxTensors.tensor(name, a));
    return name;
  }

  static ValueInfoProto valueInfo(String name, ShapedType t, boolean dynamicBatch) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (int i = 0; i < t.rank(); i++)
      shape.addDim(i == 0 && dynamicBatch ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(t.shape().dim(i)));
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(OnnxTensors.elemType(t.dtype())).setShape(shape))).build();
  }

  static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
  }

  static AttributeProto intsAttr(String name, int[] vs) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (int v : vs) a.addInts(v);
    return a.build();
  }

  static AttributeProto stringAttr(String name, String v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(v)).build();
  }
}
