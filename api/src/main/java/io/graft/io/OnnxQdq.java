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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The QDQ rewrite of an exported f32 model ({@link Onnx#exportQdq}): the {@code k}-th MatMul (in graph order) whose
 * right operand is an initialiser {@code W} becomes
 * {@code MatMul(DequantizeLinear(QuantizeLinear(x, s_x, z_x)), DequantizeLinear(W_q, s_W, 0, axis = 1))}, ONNX's
 * quantize-dequantize form that runtimes fuse into integer kernels: the f32 initialiser is replaced by the i8
 * weights, their per-column scales and zero points, and the activation is quantized to u8 per tensor.
 */
final class OnnxQdq {
  private OnnxQdq() {}

  static ModelProto rewrite(ModelProto model, List<Onnx.QdqMatMul> matmuls, String function) {
    GraphProto g = model.getGraph();
    Set<String> inits = new HashSet<>();
    for (TensorProto t : g.getInitializerList()) inits.add(t.getName());
    List<NodeProto> nodes = new ArrayList<>();
    List<TensorProto> added = new ArrayList<>();
    Set<String> replaced = new HashSet<>();
    int k = 0;
    for (NodeProto n : g.getNodeList()) {
      if (!n.getOpType().equals("MatMul") || !inits.contains(n.getInput(1))) { nodes.add(n); continue; }
      if (k >= matmuls.size())
        throw new OnnxExportError("exportQdq(" + function + "): the model has more weight MatMuls than the " + matmuls.size()
            + " quantized layers given; pass one QdqMatMul per Dense layer, in order");
      Onnx.QdqMatMul q = matmuls.get(k);
      String p = "qdq" + k + "_";
      NdArray w = store(q.weights());                      // i8 [out, in]
      int out = w.shape().dim(0), in = w.shape().dim(1);
      byte[] rows = w.bytes(), cols = new byte[in * out];  // ONNX MatMul's B is [in, out]: the transpose
      for (int j = 0; j < out; j++) for (int i = 0; i < in; i++) cols[i * out + j] = rows[j * in + i];
      added.add(OnnxLowering.tensor(p + "w", NdArray.wrapBytes(DType.I8, Shape.of(in, out), cols)));
      added.add(OnnxLowering.tensor(p + "w_scale", store(q.weightScales())));
      added.add(OnnxLowering.tensor(p + "w_zero", NdArray.zeros(DType.I8, Shape.of(out))));
      added.add(OnnxLowering.tensor(p + "x_scale", NdArray.wrap(Shape.scalar(), new float[] {q.inputScale()})));
      added.add(OnnxLowering.tensor(p + "x_zero", NdArray.wrapBytes(DType.U8, Shape.scalar(), new byte[] {(byte) q.inputZeroPoint()})));
      replaced.add(n.getInput(1));
      nodes.add(node("DequantizeLinear", List.of(p + "w", p + "w_scale", p + "w_zero"), n.getInput(1), 1));
      nodes.add(node("QuantizeLinear", List.of(n.getInput(0), p + "x_scale", p + "x_zero"), p + "x_q", -1));
      nodes.add(node("DequantizeLinear", List.of(p + "x_q", p + "x_scale", p + "x_zero"), p + "x_dq", -1));
      nodes.add(n.toBuilder().setInput(0, p + "x_dq").build());
      k++;
    }
    if (k != matmuls.size())
      throw new OnnxExportError("exportQdq(" + function + "): the model has " + k + " MatMul(s) with an initialiser weight, but "
          + matmuls.size() + " quantized layers were given; the f32 function must apply each layer's dequantized kernel as x.matmul(kernel)");
    GraphProto.Builder b = g.toBuilder().clearNode().addAllNode(nodes).clearInitializer();
    for (TensorProto t : g.getInitializerList()) if (!replaced.contains(t.getName())) b.addInitializer(t);
    b.addAllInitializer(added);
    return model.toBuilder().setGraph(b).build();
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
