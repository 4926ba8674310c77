package io.graft.io;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.graft.Array;
import io.graft.Lax;
import io.graft.Np;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.trace.prim.ConvDims;
import io.graft.trace.prim.WindowOp;
import java.util.ArrayList;
import java.util.Arrays;
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

  private static Map<String, AttributeProto> attrs(NodeProto n) {
    Map<String, AttributeProto> m = new HashMap<>();
    for (AttributeProto a : n.getAttributeList()) m.put(a.getName(), a);
    return m;
  }

  private static long i(Map<String, AttributeProto> a, String name, long orElse) {
    return a.containsKey(name) ? a.get(name).getI() : orElse;
  }

  private static float f(Map<String, AttributeProto> a, String name, float orElse) {
    return a.containsKey(name) ? a.get(name).getF() : orElse;
  }

  private static int[] ints(Map<String, AttributeProto> a, String name, int n, int orElse) {
    if (a.containsKey(name)) return a.get(name).getIntsList().stream().mapToInt(Long::intValue).toArray();
    int[] xs = new int[n];
    Arrays.fill(xs, orElse);
    return xs;
  }

  /** A concrete integer tensor (shape, axes, pads) as ints. */
  private static int[] concrete(Array a) { return Arrays.stream(a.toLongArray()).mapToInt(l -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l))).toArray(); }

  private static int[] axes(int[] axes, int rank) { return Arrays.stream(axes).map(x -> x < 0 ? x + rank : x).toArray(); }

  private static Array fold(java.util.function.BinaryOperator<Array> op, List<Array> xs) {
    Array r = xs.get(0);
    for (int k = 1; k < xs.size(); k++) r = op.apply(r, xs.get(k));
    return r;
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

  private static int[] range(int from, int to) {
    int[] r = new int[Math.max(0, to - from)];
    for (int k = 0; k < r.length; k++) r[k] = from + k;
    return r;
  }

  private static int[] reversed(int rank) {
    int[] r = new int[rank];
    for (int k = 0; k < rank; k++) r[k] = rank - 1 - k;
    return r;
  }

  private static int[] unitAxes(int[] shape) {
    return Arrays.stream(range(0, shape.length)).filter(k -> shape[k] == 1).toArray();
  }

  private static int[] broadcastShape(int[] have, int[] want) {
    int r = Math.max(have.length, want.length);
    int[] out = new int[r];
    for (int k = 0; k < r; k++) {
      int h = k - (r - have.length) >= 0 ? have[k - (r - have.length)] : 1;
      int w = k - (r - want.length) >= 0 ? want[k - (r - want.length)] : 1;
      out[k] = h == 1 ? w : h;
    }
    return out;
  }

  private static int[] reshapeTarget(int[] have, int[] want) {
    int[] out = want.clone();
    long known = 1, total = 1;
    int infer = -1;
    for (int d : have) total *= d;
    for (int k = 0; k < out.length; k++) {
      if (out[k] == 0) out[k] = have[k];
      if (out[k] == -1) infer = k; else known *= out[k];
    }
    if (infer >= 0) out[infer] = (int) (total / known);
    return out;
  }

  private static Array shape(Array x, Map<String, AttributeProto> a) {
    int r = x.shape().length;
    int start = (int) i(a, "start", 0), end = (int) i(a, "end", r);
    start = Math.clamp(start < 0 ? start + r : start, 0, r);
    end = Math.clamp(end < 0 ? end + r : end, 0, r);
    return Array.of(Arrays.stream(x.shape()).asLongStream().skip(start).limit(Math.max(0, end - start)).toArray());
  }

  /**
   * A Slice at run-time starts (a traced value under jit) whose ends are {@code Add(starts, sizes)} with concrete
   * sizes and unit steps, as Graft exports {@code dynamic_slice}: {@code Lax.dynamicSlice} at those starts. The starts
   * must already lie in {@code [0, dim - size]} (so ONNX's and XLA's clamping agree); other run-time slices are a
   * clear error.
   */
  private static Array dynamicSlice(NodeProto n, List<Array> in, Map<String, Map.Entry<String, Array>> offsets) {
    Array x = in.get(0);
    int r = x.shape().length;
    Map.Entry<String, Array> off = offsets.get(n.getInput(2));
    boolean unitSteps = in.size() <= 4 || in.get(4) == null || (in.get(4).isConcrete()
        && Arrays.stream(in.get(4).toLongArray()).allMatch(v -> v == 1));
    if (off == null || !off.getKey().equals(n.getInput(1)) || !unitSteps || (in.size() > 3 && in.get(3) != null && !in.get(3).isConcrete()))
      throw new IllegalArgumentException("imported ONNX Slice " + n.getName() + ": run-time starts are supported only with ends = "
          + "starts + constant sizes and unit steps (a dynamic_slice); export the model with constant slice bounds");
    int[] sizes = concrete(off.getValue());
    int[] ax = in.size() > 3 && in.get(3) != null ? axes(concrete(in.get(3)), r) : range(0, sizes.length);
    int[] full = x.shape().clone();
    Array[] starts = new Array[r];
    for (int k = 0; k < r; k++) starts[k] = Array.scalar(0L);
    for (int k = 0; k < ax.length; k++) {
      full[ax[k]] = sizes[k];
      starts[ax[k]] = Np.reshape(Lax.slice(in.get(1), new int[] {k}, new int[] {k + 1}, new int[] {1}));
    }
    return Lax.dynamicSlice(x, starts, full);
  }

  /** ONNX Slice: per axis, negative indices from the end, clamped; a negative step reverses the axis first. */
  private static Array slice(Array x, List<Array> in) {
    int r = x.shape().length;
    long[] starts = in.get(1).toLongArray(), ends = in.get(2).toLongArray();
    int[] ax = in.size() > 3 && in.get(3) != null ? axes(concrete(in.get(3)), r) : range(0, starts.length);
    long[] steps = in.size() > 4 && in.get(4) != null ? in.get(4).toLongArray() : filled(starts.length, 1);
    int[] lo = new int[r], hi = x.shape().clone(), st = filled32(r);
    for (int k = 0; k < ax.length; k++) {
      int axis = ax[k];
      long d = x.shape()[axis], s = starts[k], e = ends[k], step = steps[k];
      if (s < 0) s += d;
      if (e < 0) e += d;
      if (step > 0) {
        lo[axis] = (int) Math.clamp(s, 0, d);
        hi[axis] = (int) Math.clamp(e, 0, d);
        st[axis] = (int) step;
      } else {
        s = Math.clamp(s, 0, d - 1);
        e = Math.clamp(e, -1, d - 1);
        x = Lax.rev(x, axis);
        lo[axis] = (int) (d - 1 - s);
        hi[axis] = (int) (d - 1 - e);
        st[axis] = (int) -step;
      }
      hi[axis] = Math.max(hi[axis], lo[axis]);
    }
    return Lax.slice(x, lo, hi, st);
  }

  /**
   * ONNX ArgMax/ArgMin (int64 indices; {@code select_last_index} by reversing the axis). A NaN on the axis gives the
   * first NaN's index (Graft's rule; ONNX leaves it unspecified).
   */
  private static Array argMinMax(boolean max, Array x, Map<String, AttributeProto> a) {
    int axis = axes(new int[] {(int) i(a, "axis", 0)}, x.shape().length)[0];
    boolean last = i(a, "select_last_index", 0) == 1;
    Array in = last ? Lax.rev(x, axis) : x;
    Array idx = max ? Lax.argmax(in, axis, DType.I64) : Lax.argmin(in, axis, DType.I64);
    if (last) idx = Np.subtract(Array.scalar((long) x.shape()[axis] - 1), idx);
    return i(a, "keepdims", 1) == 1 ? Np.expandDims(idx, axis) : idx;
  }

  /** ONNX CumSum: inclusive or exclusive (the running sum shifted by one, a zero first), forward or reversed. */
  private static Array cumsum(Array x, int axis, boolean exclusive, boolean reverse) {
    int r = x.shape().length;
    axis = axes(new int[] {axis}, r)[0];
    if (exclusive) {
      int[][] cfg = new int[r][3];
      if (reverse) cfg[axis][1] = 1; else cfg[axis][0] = 1;
      int[] lo = new int[r], hi = x.shape().clone();
      if (reverse) lo[axis] = 1; else hi[axis] -= 1;
      x = Lax.pad(Lax.slice(x, lo, hi, filled32(r)), Lax.convertElementType(Array.scalar(0), x.dtype()), cfg);
    }
    return Lax.cumsum(x, axis, reverse);
  }

  private static long[] filled(int n, long v) { long[] r = new long[n]; Arrays.fill(r, v); return r; }

  private static int[] filled32(int n) { int[] r = new int[n]; Arrays.fill(r, 1); return r; }

  private static Array pad(Array x, List<Array> in, Map<String, AttributeProto> a) {
    String mode = a.containsKey("mode") ? a.get("mode").getS().toStringUtf8() : "constant";
    if (!mode.equals("constant"))
      throw new IllegalArgumentException("imported ONNX Pad: mode " + mode + " is not supported; only constant");
    int r = x.shape().length;
    int[] pads = concrete(in.get(1));
    int[] ax = in.size() > 3 && in.get(3) != null ? axes(concrete(in.get(3)), r) : range(0, r);
    int[][] cfg = new int[r][3];
    for (int k = 0; k < ax.length; k++) {
      cfg[ax[k]][0] = pads[k];
      cfg[ax[k]][1] = pads[ax.length + k];
    }
    Array value = in.size() > 2 && in.get(2) != null ? in.get(2) : Lax.convertElementType(Array.scalar(0f), x.dtype());
    return Lax.pad(x, Np.reshape(value), cfg);
  }

  private static Array reduce(String op, Array x, List<Array> in, Map<String, AttributeProto> a) {
    int r = x.shape().length;
    boolean keep = i(a, "keepdims", 1) == 1;
    int[] ax = in.size() > 1 && in.get(1) != null ? axes(concrete(in.get(1)), r)
        : a.containsKey("axes") ? axes(ints(a, "axes", 0, 0), r) : new int[0];
    if (ax.length == 0) {
      if (i(a, "noop_with_empty_axes", 0) == 1) return x;
      ax = range(0, r);
    }
    return switch (op) {
      case "ReduceSum" -> Np.sum(x, ax, keep);
      case "ReduceMax" -> Np.max(x, ax, keep);
      case "ReduceMin" -> Np.min(x, ax, keep);
      case "ReduceProd" -> Np.prod(x, ax, keep);
      default -> Np.mean(x, ax, keep);
    };
  }

  /** MaxPool / AveragePool over NC-spatial input, as {@code reduce_window} with unit windows on N and C. */
  private static Array pool(String op, Array x, Map<String, AttributeProto> a) {
    if (a.containsKey("auto_pad") && !a.get("auto_pad").getS().toStringUtf8().equals("NOTSET"))
      throw new IllegalArgumentException("imported ONNX " + op + ": auto_pad is not supported; give explicit pads");
    int r = x.shape().length, sp = r - 2;
    int[] k = ints(a, "kernel_shape", sp, 1), s = ints(a, "strides", sp, 1), d = ints(a, "dilations", sp, 1),
        p = ints(a, "pads", 2 * sp, 0);
    int[] window = new int[r], strides = new int[r], dil = new int[r], base = new int[r];
    int[][] padding = new int[r][2];
    Arrays.fill(window, 1);
    Arrays.fill(strides, 1);
    Arrays.fill(dil, 1);
    Arrays.fill(base, 1);
    long size = 1;
    for (int j = 0; j < sp; j++) {
      window[2 + j] = k[j];
      strides[2 + j] = s[j];
      dil[2 + j] = d[j];
      padding[2 + j] = new int[] {p[j], p[sp + j]};
      size *= k[j];
    }
    if (op.equals("MaxPool")) return Lax.reduceWindow(x, WindowOp.MAX, window, strides, padding, base, dil);
    Array sum = Lax.reduceWindow(x, WindowOp.SUM, window, strides, padding, base, dil);
    if (i(a, "count_include_pad", 0) == 1 || Arrays.stream(p).allMatch(v -> v == 0))
      return Np.divide(sum, Lax.convertElementType(Array.scalar((float) size), x.dtype()));
    Array count = Lax.reduceWindow(Np.onesLike(x), WindowOp.SUM, window, strides, padding, base, dil);
    return Np.divide(sum, count);
  }

  private static Array gemm(List<Array> x, Map<String, AttributeProto> a) {
    Array A = i(a, "transA", 0) == 1 ? Np.transpose(x.get(0), 1, 0) : x.get(0);
    Array B = i(a, "transB", 0) == 1 ? Np.transpose(x.get(1), 1, 0) : x.get(1);
    Array y = Np.matmul(A, B);
    float alpha = f(a, "alpha", 1), beta = f(a, "beta", 1);
    if (alpha != 1) y = Np.multiply(y, Lax.convertElementType(Array.scalar(alpha), y.dtype()));
    if (x.size() > 2 && x.get(2) != null)
      y = Np.add(y, beta == 1 ? x.get(2) : Np.multiply(x.get(2), Lax.convertElementType(Array.scalar(beta), y.dtype())));
    return y;
  }

  private static Array conv(List<Array> x, Map<String, AttributeProto> a) {
    if (a.containsKey("auto_pad") && !a.get("auto_pad").getS().toStringUtf8().equals("NOTSET"))
      throw new IllegalArgumentException("imported ONNX Conv: auto_pad is not supported; give explicit pads");
    Array in = x.get(0), w = x.get(1);
    int r = in.shape().length, sp = r - 2;
    int[] s = ints(a, "strides", sp, 1), d = ints(a, "dilations", sp, 1), p = ints(a, "pads", 2 * sp, 0);
    int[][] padding = new int[sp][];
    for (int j = 0; j < sp; j++) padding[j] = new int[] {p[j], p[sp + j]};
    int[] ones = new int[sp];
    Arrays.fill(ones, 1);
    Ints spec = Ints.range(r);
    Array y = Lax.convGeneralDilated(in, w, s, padding, ones, d, new ConvDims(spec, spec, spec), (int) i(a, "group", 1), 1);
    if (x.size() > 2 && x.get(2) != null) {
      int[] bshape = new int[r];
      Arrays.fill(bshape, 1);
      bshape[1] = x.get(2).shape()[0];
      y = Np.add(y, Np.reshape(x.get(2), bshape));
    }
    return y;
  }

  private static Array flatten(Array x, int axis) {
    int[] s = x.shape();
    if (axis < 0) axis += s.length;
    int outer = 1, inner = 1;
    for (int k = 0; k < s.length; k++) if (k < axis) outer *= s[k]; else inner *= s[k];
    return Np.reshape(x, outer, inner);
  }

  private static Array batchNorm(List<Array> x, float eps) {
    Array in = x.get(0);
    int[] shape = new int[in.shape().length];
    Arrays.fill(shape, 1);
    shape[1] = in.shape()[1];
    Array scale = Np.reshape(x.get(1), shape), bias = Np.reshape(x.get(2), shape), mean = Np.reshape(x.get(3), shape),
        var = Np.reshape(x.get(4), shape);
    Array inv = Np.divide(scale, Np.sqrt(Np.add(var, Lax.convertElementType(Array.scalar(eps), in.dtype()))));
    return Np.add(Np.multiply(Np.subtract(in, mean), inv), bias);
  }
}
