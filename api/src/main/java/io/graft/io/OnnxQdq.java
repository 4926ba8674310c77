package io.graft.io;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Const;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The QDQ rewrite of an exported f32 model ({@link Onnx#exportQdq}). A <em>weight node</em> is a MatMul whose right
 * operand is an f32 initialiser {@code [in, out]}, or a Conv whose kernel is an f32 initialiser in OIHW or the layout
 * Transpose of one in HWIO (how {@link OnnxLowering} writes channels-last convolutions). Each weight node is matched
 * to the layer whose dequantized weights ({@code W_q[o, ...] · s_o}) equal the initialiser bit for bit, and
 * <ul>
 *   <li>its weight becomes {@code DequantizeLinear(W_q, s_W, 0)} per output channel: {@code axis = 1} of the MatMul's
 *   {@code [in, out]} i8 tensor, {@code axis = 0} of the Conv's OIHW one (the layout Transpose is dropped);</li>
 *   <li>the tensor it reads, taken before a layout Transpose, becomes {@code DequantizeLinear(QuantizeLinear(t, s_x,
 *   z_x))} for <em>every</em> reader, right after the node that makes it: the readers see what the integer model
 *   sees (a residual shortcut included).</li>
 * </ul>
 */
final class OnnxQdq {
  private OnnxQdq() {}

  /** The weight of a weight node: the initialiser, and the Transpose node between it and a Conv, or -1. */
  private record Weight(TensorProto init, int transpose, boolean conv) {}

  static ModelProto rewrite(ModelProto model, List<Onnx.QdqLayer> layers, String function) {
    GraphProto g = model.getGraph();
    Map<String, TensorProto> inits = new HashMap<>();
    for (TensorProto t : g.getInitializerList()) inits.put(t.getName(), t);
    List<NodeProto> nodes = g.getNodeList();
    Map<String, Integer> producer = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) for (String o : nodes.get(i).getOutputList()) producer.put(o, i);

    boolean[] used = new boolean[layers.size()];
    Set<Integer> dropped = new HashSet<>();
    Set<String> removedInits = new HashSet<>();
    Map<Integer, List<NodeProto>> weightNodes = new HashMap<>();        // node index -> its weight's DequantizeLinear
    List<TensorProto> added = new ArrayList<>();
    Map<String, Onnx.QdqLayer> quantized = new LinkedHashMap<>();      // activation tensor -> its layer's u8 parameters
    int k = 0;
    for (int i = 0; i < nodes.size(); i++) {
      NodeProto n = nodes.get(i);
      Weight w = weight(n, inits, producer, nodes);
      if (w == null) continue;
      int[] dims = dims(w.init);
      int li = match(layers, used, w, dims);
      if (li < 0)
        throw new OnnxExportError("exportQdq(" + function + "): node " + n.getName() + " (" + n.getOpType() + ") has an f32 "
            + "weight " + java.util.Arrays.toString(dims) + " that matches none of the " + layers.size() + " quantized layers"
            + " given; the f32 function must apply each layer's dequantized weights (QuantizedDense/QuantizedConv.dequantized())");
      used[li] = true;
      Onnx.QdqLayer q = layers.get(li);
      String p = "qdq" + k++ + "_";
      NdArray wq = store(q.weights());
      String dq;                                                       // the name the dequantized weight takes
      if (w.transpose >= 0) {
        dq = nodes.get(w.transpose).getOutput(0);
        dropped.add(w.transpose);
        if (uses(nodes, w.init.getName()) == 1) removedInits.add(w.init.getName());
      } else {
        dq = n.getInput(1);
        removedInits.add(dq);
      }
      NdArray i8 = w.conv ? oihw(wq) : transposed(wq);
      added.add(OnnxTensors.tensor(p + "w", i8));
      added.add(OnnxTensors.tensor(p + "w_scale", store(q.weightScales())));
      added.add(OnnxTensors.tensor(p + "w_zero", NdArray.zeros(DType.I8, Shape.of(wq.shape().dim(0)))));
      weightNodes.put(i, List.of(node("DequantizeLinear", List.of(p + "w", p + "w_scale", p + "w_zero"), dq, w.conv ? 0 : 1)));

      String x = n.getInput(0);
      Integer tp = producer.get(x);
      if (tp != null && nodes.get(tp).getOpType().equals("Transpose")) x = nodes.get(tp).getInput(0);
      Onnx.QdqLayer prev = quantized.putIfAbsent(x, q);
      if (prev != null && (prev.inputScale() != q.inputScale() || prev.inputZeroPoint() != q.inputZeroPoint()))
        throw new OnnxExportError("exportQdq(" + function + "): tensor " + x + " feeds two quantized layers with different "
            + "input parameters (" + prev.inputScale() + ", " + prev.inputZeroPoint() + ") and (" + q.inputScale() + ", "
            + q.inputZeroPoint() + "); give layers that read one tensor the same QParams");
    }
    for (int i = 0; i < used.length; i++)
      if (!used[i])
        throw new OnnxExportError("exportQdq(" + function + "): quantized layer " + i + " (weights i8"
            + java.util.Arrays.toString(layers.get(i).weights().shape()) + ") matches no MatMul or Conv of the graph; the f32"
            + " function must apply its dequantized weights");

    Map<String, String> renamed = new HashMap<>();
    Map<String, List<NodeProto>> after = new HashMap<>();              // producer output -> its Q/DQ pair
    List<NodeProto> out = new ArrayList<>();
    int j = 0;
    for (Map.Entry<String, Onnx.QdqLayer> e : quantized.entrySet()) {
      String t = e.getKey(), p = "qdq_x" + j++ + "_";
      Onnx.QdqLayer q = e.getValue();
      added.add(OnnxTensors.tensor(p + "scale", NdArray.wrap(Shape.scalar(), new float[] {q.inputScale()})));
      added.add(OnnxTensors.tensor(p + "zero", NdArray.wrapBytes(DType.U8, Shape.scalar(), new byte[] {(byte) q.inputZeroPoint()})));
      List<NodeProto> pair = List.of(node("QuantizeLinear", List.of(t, p + "scale", p + "zero"), p + "q", -1),
          node("DequantizeLinear", List.of(p + "q", p + "scale", p + "zero"), p + "dq", -1));
      renamed.put(t, p + "dq");
      if (producer.containsKey(t)) after.put(t, pair);
      else out.addAll(pair);                                          // a graph input
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (weightNodes.containsKey(i)) out.addAll(weightNodes.get(i));
      if (dropped.contains(i)) continue;
      NodeProto n = nodes.get(i);
      NodeProto.Builder b = n.toBuilder();
      for (int a = 0; a < n.getInputCount(); a++) {
        String r = renamed.get(n.getInput(a));
        if (r != null) b.setInput(a, r);
      }
      out.add(b.build());
      for (String o : n.getOutputList()) if (after.containsKey(o)) out.addAll(after.get(o));
    }
    GraphProto.Builder b = g.toBuilder().clearNode().addAllNode(out).clearInitializer();
    for (TensorProto t : g.getInitializerList()) if (!removedInits.contains(t.getName())) b.addInitializer(t);
    b.addAllInitializer(added);
    return model.toBuilder().setGraph(b).build();
  }

  /** The f32 initialiser weight of a MatMul or Conv node (through a layout Transpose for a Conv), or null. */
  private static Weight weight(NodeProto n, Map<String, TensorProto> inits, Map<String, Integer> producer, List<NodeProto> nodes) {
    boolean conv = n.getOpType().equals("Conv");
    if (!conv && !n.getOpType().equals("MatMul") || n.getInputCount() < 2) return null;
    String w = n.getInput(1);
    TensorProto t = inits.get(w);
    int transpose = -1;
    if (t == null && conv) {
      Integer p = producer.get(w);
      if (p == null || !nodes.get(p).getOpType().equals("Transpose") || !perm(nodes.get(p)).equals(List.of(3L, 2L, 0L, 1L)))
        return null;
      t = inits.get(nodes.get(p).getInput(0));
      transpose = p;
    }
    if (t == null || t.getDataType() != TensorProto.DataType.FLOAT_VALUE || t.getDimsCount() != (conv ? 4 : 2)) return null;
    return new Weight(t, transpose, conv);
  }

  private static List<Long> perm(NodeProto n) {
    for (AttributeProto a : n.getAttributeList()) if (a.getName().equals("perm")) return a.getIntsList();
    return List.of();
  }

  /**
   * The first unused layer whose dequantized weights equal the initialiser's values: a MatMul's {@code [in, out]}
   * holds {@code W_q[o, i] · s_o} at {@code [i, o]}; a Conv's HWIO (through the Transpose) {@code W_q[o, y, x, c] · s_o}
   * at {@code [y, x, c, o]}, its OIHW at {@code [o, c, y, x]}.
   */
  private static int match(List<Onnx.QdqLayer> layers, boolean[] used, Weight w, int[] dims) {
    float[] v = floats(w.init);
    for (int li = 0; li < layers.size(); li++) {
      if (used[li]) continue;
      NdArray q = store(layers.get(li).weights());
      float[] s = store(layers.get(li).weightScales()).f32();
      int[] qd = q.shape().dims();
      if (qd.length != dims.length) continue;
      byte[] b = q.bytes();
      int o = qd[0], inner = b.length / o;
      boolean ok;
      if (!w.conv) ok = dims[0] == qd[1] && dims[1] == o;
      else if (w.transpose >= 0) ok = dims[0] == qd[1] && dims[1] == qd[2] && dims[2] == qd[3] && dims[3] == o;
      else ok = dims[0] == o && dims[1] == qd[3] && dims[2] == qd[1] && dims[3] == qd[2];
      for (int r = 0; ok && r < o; r++)
        for (int e = 0; ok && e < inner; e++) {
          int at;
          if (!w.conv || w.transpose >= 0) at = e * o + r;                         // [in, out] or [y, x, c, out]
          else { int c = e % qd[3], yx = e / qd[3]; at = (r * qd[3] + c) * (qd[1] * qd[2]) + yx; }   // [o, c, y, x]
          ok = Float.floatToRawIntBits(v[at]) == Float.floatToRawIntBits(b[r * inner + e] * s[r]);
        }
      if (ok) return li;
    }
    return -1;
  }

  /** i8 {@code [out, in]} as ONNX MatMul's {@code [in, out]}. */
  private static NdArray transposed(NdArray w) {
    int out = w.shape().dim(0), in = w.shape().dim(1);
    byte[] rows = w.bytes(), cols = new byte[in * out];
    for (int j = 0; j < out; j++) for (int i = 0; i < in; i++) cols[i * out + j] = rows[j * in + i];
    return NdArray.wrapBytes(DType.I8, Shape.of(in, out), cols);
  }

  /** i8 OHWI as ONNX Conv's OIHW. */
  private static NdArray oihw(NdArray w) {
    int o = w.shape().dim(0), h = w.shape().dim(1), x = w.shape().dim(2), c = w.shape().dim(3);
    byte[] src = w.bytes(), dst = new byte[src.length];
    for (int a = 0; a < o; a++)
      for (int y = 0; y < h; y++)
        for (int z = 0; z < x; z++)
          for (int d = 0; d < c; d++) dst[((a * c + d) * h + y) * x + z] = src[((a * h + y) * x + z) * c + d];
    return NdArray.wrapBytes(DType.I8, Shape.of(o, c, h, x), dst);
  }

  private static int uses(List<NodeProto> nodes, String name) {
    int n = 0;
    for (NodeProto node : nodes) for (String in : node.getInputList()) if (in.equals(name)) n++;
    return n;
  }

  private static int[] dims(TensorProto t) {
    int[] d = new int[t.getDimsCount()];
    for (int i = 0; i < d.length; i++) d[i] = (int) t.getDims(i);
    return d;
  }

  /** The values of an f32 initialiser (raw little-endian data, as {@link OnnxTensors#tensor} writes, or float_data). */
  private static float[] floats(TensorProto t) {
    if (!t.hasRawData()) {
      float[] v = new float[t.getFloatDataCount()];
      for (int i = 0; i < v.length; i++) v[i] = t.getFloatData(i);
      return v;
    }
    FloatBuffer fb = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] v = new float[fb.remaining()];
    fb.get(v);
    return v;
  }

  private static NodeProto node(String op, List<String> in, String out, int axis) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out + "_" + op).addAllInput(in).addOutput(out);
    if (axis >= 0) n.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(axis));
    return n.build();
  }

  private static NdArray store(io.graft.Array a) {
    if (!(a.value() instanceof Const c)) throw new IllegalArgumentException("exportQdq: quantized weights must be concrete arrays");
    return c.array();
  }
}
