package io.graft.io;

import static io.graft.io.OnnxImportOps.*;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.graft.Array;
import io.graft.Lax;
import io.graft.Np;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph as a Graft function: each node evaluated with Graft's own operations ({@link Np}, {@link Lax}), so
 * the function traces, jits and differentiates like one written by hand. Initialisers are concrete arrays the
 * function closes over; shape tensors (Shape, Reshape's and Expand's shape inputs, axes) are read as concrete values.
 */
final class OnnxImport {
  /** Every operator this importer evaluates (the ones {@link Onnx#export} writes, and common CNN operators). */
  static final Set<String> SUPPORTED = Set.of("Identity", "Neg", "Sign", "Floor", "Ceil", "Round", "Not", "Or", "And",
      "Xor", "IsNaN", "IsInf", "Exp", "Log", "Tanh", "Sigmoid", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh",
      "Cosh", "Asinh", "Acosh", "Atanh", "Sqrt", "Reciprocal", "Abs", "Erf", "Relu", "BitwiseNot", "BitwiseAnd",
      "BitwiseOr", "BitwiseXor", "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Equal", "Less",
      "LessOrEqual", "Greater", "GreaterOrEqual", "Where", "Cast", "Clip", "Unsqueeze", "Squeeze", "Expand", "Reshape",
      "Shape", "Concat", "Transpose", "Slice", "Pad", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd",
      "ReduceMean", "MaxPool", "AveragePool", "GlobalAveragePool", "MatMul", "Gemm", "Einsum", "Conv", "Gather",
      "Flatten", "Softmax", "BatchNormalization", "If", "Loop", "ArgMax", "ArgMin", "CumSum");

  private final GraphProto graph;
  private final Map<String, Array> initialisers = new HashMap<>();

  OnnxImport(GraphProto graph, String source) {
    this.graph = graph;
    Set<String> unsupported = new LinkedHashSet<>();
    for (NodeProto n : allNodes(graph))
      if (!SUPPORTED.contains(n.getOpType()) || !(n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx")))
        unsupported.add(n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "." + n.getOpType());
    if (!unsupported.isEmpty())
      throw new OnnxImportError("Onnx.load(" + source + "): no Graft mapping for the ONNX operator(s) " + unsupported
          + "; supported: the operators Onnx.export writes and Gemm, Relu, Flatten, Softmax,"
          + " GlobalAveragePool, BatchNormalization, ReduceMean.");
    for (TensorProto t : graph.getInitializerList()) initialisers.put(t.getName(), OnnxTensors.array(t));
  }

  /** The nodes of {@code g} and of every subgraph in their attributes. */
  private static List<NodeProto> allNodes(GraphProto g) {
    List<NodeProto> all = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      all.add(n);
      for (AttributeProto a : n.getAttributeList()) if (a.hasG()) all.addAll(allNodes(a.getG()));
    }
    return all;
  }

  /** The graph's inputs that are not initialisers, in order. */
  List<String> inputs() {
    List<String> names = new ArrayList<>();
    graph.getInputList().forEach(v -> { if (!initialisers.containsKey(v.getName())) names.add(v.getName()); });
    return names;
  }

  /** Evaluates the graph on {@code args} (one per {@link #inputs()}). */
  List<Array> apply(List<Array> args) {
    List<String> in = inputs();
    if (args.size() != in.size())
      throw new IllegalArgumentException("imported ONNX model: " + in.size() + " inputs " + in + ", got " + args.size()
          + " arrays; pass one array per input, in order");
    // the environment of one evaluation: names to values (mutable, confined to this call and its subgraphs)
    Map<String, Array> env = new HashMap<>(initialisers);
    for (int i = 0; i < in.size(); i++) env.put(in.get(i), args.get(i));
    return run(graph, env);
  }

  /** Evaluates {@code g}'s nodes in {@code env} (which holds its inputs and every outer value); its outputs. */
  private List<Array> run(GraphProto g, Map<String, Array> env) {
    if (g != graph) for (TensorProto t : g.getInitializerList()) env.put(t.getName(), OnnxTensors.array(t));
    // Add(base, c) outputs of this graph with a concrete c: name -> (base's name, c); dynamic Slices read them. Local
    // to the call, so one loaded model may run on several threads.
    Map<String, Map.Entry<String, Array>> offsets = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      List<Array> ops = new ArrayList<>();
      for (String name : n.getInputList()) ops.add(name.isEmpty() ? null : env.get(name));
      if (n.getOpType().equals("If") || n.getOpType().equals("Loop")) {
        List<Array> outs = n.getOpType().equals("If") ? ifNode(n, ops, env) : loop(n, ops, env);
        for (int k = 0; k < n.getOutputCount(); k++) env.put(n.getOutput(k), outs.get(k));
      } else {
        if (n.getOpType().equals("Add") && ops.size() == 2 && ops.get(1) != null && ops.get(1).isConcrete())
          offsets.put(n.getOutput(0), Map.entry(n.getInput(0), ops.get(1)));
        env.put(n.getOutput(0), n.getOpType().equals("Slice") && !ops.get(1).isConcrete() ? dynamicSlice(n, ops, offsets) : eval(n, ops, attrs(n)));
      }
    }
    List<Array> out = new ArrayList<>();
    g.getOutputList().forEach(v -> out.add(env.get(v.getName())));
    return out;
  }

  private static GraphProto graphAttr(NodeProto n, String name) {
    for (AttributeProto a : n.getAttributeList()) if (a.getName().equals(name)) return a.getG();
    throw new IllegalArgumentException("imported ONNX " + n.getOpType() + " " + n.getName() + ": no " + name + " graph");
  }

  /** If as {@code Lax.cond}: each branch evaluated in a copy of the enclosing scope. */
  private List<Array> ifNode(NodeProto n, List<Array> x, Map<String, Array> env) {
    GraphProto then = graphAttr(n, "then_branch"), otherwise = graphAttr(n, "else_branch");
    return Lax.cond(Np.reshape(x.get(0)), (List<Array> unused) -> run(then, new HashMap<>(env)),
        (List<Array> unused) -> run(otherwise, new HashMap<>(env)), List.<Array>of());
  }

  /**
   * Loop: with a trip count, {@code Lax.scan} over the carries (the body's predicate must pass its input through: no
   * early exit), its scan outputs stacked; without one, {@code Lax.whileLoop} on the predicate (no scan outputs).
   */
  private List<Array> loop(NodeProto n, List<Array> x, Map<String, Array> env) {
    GraphProto body = graphAttr(n, "body");
    int carries = x.size() - 2, scans = body.getOutputCount() - 1 - carries;
    String iterName = body.getInput(0).getName(), condName = body.getInput(1).getName();
    java.util.function.BiFunction<Array, List<Array>, List<Array>> step = (iter, carry) -> {
      Map<String, Array> scope = new HashMap<>(env);
      scope.put(iterName, iter);
      scope.put(condName, carry.get(0));
      for (int k = 0; k < carries; k++) scope.put(body.getInput(2 + k).getName(), carry.get(1 + k));
      return run(body, scope);
    };
    List<Array> init = new ArrayList<>();
    init.add(x.get(1) == null ? Array.scalar(true) : Np.reshape(x.get(1)));
    init.addAll(x.subList(2, x.size()));
    if (x.get(0) != null) {
      if (!passesConditionThrough(body))
        throw new IllegalArgumentException("imported ONNX Loop " + n.getName() + ": a trip count with a predicate that"
            + " can stop early is not supported (the body's condition output must be its condition input)");
      int trips = (int) x.get(0).toLongArray()[0];
      List<Array> start = new ArrayList<>(init);
      start.add(Array.of(new long[] {0}).reshape());
      var r = Lax.scan((List<Array> c) -> {
        Array iter = c.get(c.size() - 1);
        List<Array> outs = step.apply(iter, c.subList(0, c.size() - 1));
        List<Array> next = new ArrayList<>(outs.subList(0, 1 + carries));
        next.add(Np.add(iter, Array.scalar(1L)));
        return io.vavr.Tuple.of(next, outs.subList(1 + carries, outs.size()));
      }, start, trips);
      List<Array> out = new ArrayList<>(r._1.subList(1, 1 + carries));
      out.addAll(r._2);
      return out;
    }
    if (scans > 0)
      throw new IllegalArgumentException("imported ONNX Loop " + n.getName() + ": scan outputs need a trip count");
    List<Array> start = new ArrayList<>(init);
    start.add(Array.of(new long[] {0}).reshape());
    List<Array> end = Lax.whileLoop((List<Array> c) -> c.get(0), (List<Array> c) -> {
      Array iter = c.get(c.size() - 1);
      List<Array> next = new ArrayList<>(step.apply(iter, c.subList(0, c.size() - 1)));
      next.add(Np.add(iter, Array.scalar(1L)));
      return next;
    }, start);
    return end.subList(1, 1 + carries);
  }

  /** Whether the body's condition output is its condition input (through Identity nodes). */
  private static boolean passesConditionThrough(GraphProto body) {
    String name = body.getOutput(0).getName(), cond = body.getInput(1).getName();
    while (!name.equals(cond)) {
      String current = name;
      NodeProto producer = body.getNodeList().stream().filter(nd -> nd.getOutputList().contains(current)).findFirst()
          .orElse(null);
      if (producer == null || !producer.getOpType().equals("Identity")) return false;
      name = producer.getInput(0);
    }
    return true;
  }

  private Array eval(NodeProto n, List<Array> x, Map<String, AttributeProto> a) {
    Array x0 = x.isEmpty() ? null : x.get(0);
    return switch (n.getOpType()) {
      case "Identity" -> x0;
      case "Neg" -> Np.negative(x0);
      case "Sign" -> Np.sign(x0);
      case "Floor" -> Np.floor(x0);
      case "Ceil" -> Np.ceil(x0);
      case "Round" -> Np.round(x0);
      case "Not" -> Np.logicalNot(x0);
      case "Or" -> Np.logicalOr(x0, x.get(1));
      case "And" -> Np.logicalAnd(x0, x.get(1));
      case "Xor" -> Np.logicalXor(x0, x.get(1));
      case "IsNaN" -> Np.isNan(x0);
      case "IsInf" -> Np.logicalAnd(Np.logicalNot(Np.isFinite(x0)), Np.logicalNot(Np.isNan(x0)));
      case "Exp" -> Np.exp(x0);
      case "Log" -> Np.log(x0);
      case "Tanh" -> Np.tanh(x0);
      case "Sigmoid" -> Np.sigmoid(x0);
      case "Sin" -> Np.sin(x0);
      case "Cos" -> Np.cos(x0);
      case "Tan" -> Np.tan(x0);
      case "Asin" -> Np.arcsin(x0);
      case "Acos" -> Np.arccos(x0);
      case "Atan" -> Np.arctan(x0);
      case "Sinh" -> Np.sinh(x0);
      case "Cosh" -> Np.cosh(x0);
      case "Asinh" -> Np.arcsinh(x0);
      case "Acosh" -> Np.arccosh(x0);
      case "Atanh" -> Np.arctanh(x0);
      case "Sqrt" -> Np.sqrt(x0);
      case "Reciprocal" -> Np.reciprocal(x0);
      case "Abs" -> Np.abs(x0);
      case "Erf" -> Np.erf(x0);
      case "Relu" -> Np.relu(x0);
      case "BitwiseNot" -> Np.bitwiseNot(x0);
      case "BitwiseAnd" -> Np.bitwiseAnd(x0, x.get(1));
      case "BitwiseOr" -> Np.bitwiseOr(x0, x.get(1));
      case "BitwiseXor" -> Np.bitwiseXor(x0, x.get(1));
      case "Add" -> Np.add(x0, x.get(1));
      case "Sub" -> Np.subtract(x0, x.get(1));
      case "Mul" -> Np.multiply(x0, x.get(1));
      case "Div" -> Np.divide(x0, x.get(1));
      case "Pow" -> Np.power(x0, x.get(1));
      case "Mod" -> i(a, "fmod", 0) == 1 ? Np.fmod(x0, x.get(1)) : Np.remainder(x0, x.get(1));
      case "Max" -> fold(Np::maximum, x);
      case "Min" -> fold(Np::minimum, x);
      case "Equal" -> Np.equal(x0, x.get(1));
      case "Less" -> Np.less(x0, x.get(1));
      case "LessOrEqual" -> Np.lessEqual(x0, x.get(1));
      case "Greater" -> Np.greater(x0, x.get(1));
      case "GreaterOrEqual" -> Np.greaterEqual(x0, x.get(1));
      case "Where" -> Np.where(x0, x.get(1), x.get(2));
      case "Cast" -> Lax.convertElementType(x0, OnnxTensors.dtype((int) i(a, "to", 1)));
      case "Clip" -> {
        Array r = x0;
        if (x.size() > 1 && x.get(1) != null) r = Np.maximum(r, x.get(1));
        if (x.size() > 2 && x.get(2) != null) r = Np.minimum(r, x.get(2));
        yield r;
      }
      case "Unsqueeze" -> Np.expandDims(x0, axes(concrete(x.get(1)), x0.shape().length + x.get(1).shape()[0]));
      case "Squeeze" -> x.size() > 1 && x.get(1) != null ? Np.squeeze(x0, axes(concrete(x.get(1)), x0.shape().length))
          : Np.squeeze(x0, unitAxes(x0.shape()));
      case "Expand" -> Np.broadcastTo(x0, broadcastShape(x0.shape(), concrete(x.get(1))));
      case "Reshape" -> Np.reshape(x0, reshapeTarget(x0.shape(), concrete(x.get(1))));
      case "Shape" -> shape(x0, a);
      case "Concat" -> Np.concatenate(axes(new int[] {(int) i(a, "axis", 0)}, x0.shape().length)[0], x.toArray(Array[]::new));
      case "Transpose" -> Np.transpose(x0, a.containsKey("perm") ? ints(a, "perm", 0, 0) : reversed(x0.shape().length));
      case "Slice" -> slice(x0, x);
      case "Pad" -> pad(x0, x, a);
      case "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceMean" -> reduce(n.getOpType(), x0, x, a);
      case "MaxPool", "AveragePool" -> pool(n.getOpType(), x0, a);
      case "GlobalAveragePool" -> Np.mean(x0, range(2, x0.shape().length), true);
      case "MatMul" -> Np.matmul(x0, x.get(1));
      case "Gemm" -> gemm(x, a);
      case "Einsum" -> Np.einsum(a.get("equation").getS().toStringUtf8(), x.toArray(Array[]::new));
      case "Conv" -> conv(x, a);
      case "Gather" -> Np.take(x0, x.get(1), axes(new int[] {(int) i(a, "axis", 0)}, x0.shape().length)[0]);
      case "Flatten" -> flatten(x0, (int) i(a, "axis", 1));
      case "Softmax" -> Np.softmax(x0, (int) i(a, "axis", -1));
      case "BatchNormalization" -> batchNorm(x, f(a, "epsilon", 1e-5f));
      case "ArgMax", "ArgMin" -> argMinMax(n.getOpType().equals("ArgMax"), x0, a);
      case "CumSum" -> cumsum(x0, concrete(x.get(1))[0], i(a, "exclusive", 0) == 1, i(a, "reverse", 0) == 1);
      default -> throw new IllegalStateException("checked in the constructor: " + n.getOpType());
    };
  }

}
