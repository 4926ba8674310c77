package io.graft.io;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Lit;
import io.graft.trace.ShapedType;
import io.graft.trace.Var;
import io.graft.trace.prim.*;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One graph to one ONNX {@code GraphProto} (opset {@link Onnx#OPSET}): one exhaustive switch over the primitives, each
 * case a node or a few. Closed-over arrays and literals become initialisers (all in the root graph: If branches and Loop bodies read them, and every other outer value, from the
 * enclosing scope); {@code custom_jvp_call},
 * {@code custom_vjp_call} and {@code checkpoint} are inlined (their primal graph). A primitive with no mapping is
 * recorded and lowering goes on, so that {@link Onnx} can throw one {@link OnnxExportError} naming them all
 * ({@link #unmapped}).
 *
 * <p>Dynamic batch: the parameters' axis 0 is the symbolic {@code batch}. A value "carries the batch" when an operand
 * does and its axis 0 has the example's batch size; shapes written into the model (Reshape, Expand) take such an
 * axis from the first parameter at run time ({@code Shape} node) instead of the example's size.
 *
 * <p>Not thread-safe and single use: the name maps below are this lowering's private mutable state.
 */
final class OnnxLowering extends OnnxEmitter {
  // mutable lowering state, confined to this object (one export)
  private final Map<Var, String> names = new HashMap<>();
  private final Set<Var> batched = new java.util.HashSet<>();
  private final Map<Var, NdArray> constValues = new HashMap<>();
  /** The equation that makes each value (for patterns across equations: ReLU). */
  private final Map<Var, Eqn> defs = new HashMap<>();
  /** Comparisons {@code x > 0} that only ReLUs read: not lowered, as the Relu nodes need no Greater. */
  private final Set<Var> reluPredicates = new java.util.HashSet<>();
  private final Set<String> unmapped = new LinkedHashSet<>();
  private final boolean dynamicBatch;
  private int batchSize = -1;
  private String firstInput;
  private String batchDim;

  private final OnnxMath math = new OnnxMath(this);
  private final OnnxWindows windows = new OnnxWindows(this);
  private final OnnxLinalg linalg = new OnnxLinalg(this);
  private final OnnxControlFlow control = new OnnxControlFlow(this);

  OnnxLowering(boolean dynamicBatch) { this.dynamicBatch = dynamicBatch; }

  /** Lowers {@code g}: parameters {@code input_i}, results {@code output_i}; then check {@link #unmapped}. */
  GraphProto.Builder lower(Graph g, String graphName) {
    root.setName(graphName);
    for (int i = 0; i < g.in().size(); i++) {
      Var v = g.in().get(i);
      String name = "input_" + i;
      names.put(v, name);
      boolean dyn = dynamicBatch && v.type().rank() > 0;
      if (dyn) {
        batched.add(v);
        if (batchSize < 0) { batchSize = v.type().shape().dim(0); firstInput = name; }
      }
      root.addInput(valueInfo(name, v.type(), dyn));
    }
    Vector<String> outs = inline(g, g.in().map(names::get));
    for (int i = 0; i < outs.size(); i++) {
      Atom a = g.out().get(i);
      String name = "output_" + i;
      node("Identity", List.of(outs.get(i)), name);
      root.addOutput(valueInfo(name, a.type(), a instanceof Var v && batched.contains(v)));
    }
    return root;
  }

  /** The primitives with no mapping, in order of first appearance (empty: the model is complete). */
  Set<String> unmapped() { return unmapped; }

  // ---------------------------------------------------------------- graphs and equations

  /** Lowers {@code g}'s equations with its parameters bound to {@code args}; the names of its results. */
  Vector<String> inline(Graph g, Vector<String> args) {
    // closed-over arrays become initialisers when first read (name(Atom)): an elementwise op that keeps only one slice
    // of a constant (elementwiseOperands) must not leave the whole one behind, unused
    for (int i = 0; i < g.constVars().size(); i++) constValues.put(g.constVars().get(i), g.consts().get(i));
    for (int i = 0; i < g.in().size(); i++) names.put(g.in().get(i), args.get(i));
    skipReluPredicates(g);
    for (Eqn e : g.eqns()) if (!e.out().exists(reluPredicates::contains)) lower(e);
    return g.out().map(this::name);
  }

  private void lower(Eqn e) {
    boolean anyBatched = e.in().exists(a -> a instanceof Var v && batched.contains(v));
    Vector<String> outs;
    try {
      outs = lowerPrim(e);
    } catch (OnnxUnmapped u) {
      unmapped.add(e.prim().name() + " (" + u.getMessage() + ")");
      outs = e.out().map(v -> "unmapped_" + nextId());
    }
    for (int i = 0; i < e.out().size(); i++) {
      Var v = e.out().get(i);
      names.put(v, outs.get(i));
      if (anyBatched && v.type().rank() > 0 && v.type().shape().dim(0) == batchSize) batched.add(v);
    }
  }

  /** Records {@code g}'s equations in {@link #defs} and the comparisons only ReLU selects read in {@link #reluPredicates}. */
  private void skipReluPredicates(Graph g) {
    Map<Var, Integer> uses = new HashMap<>(), reluUses = new HashMap<>();
    for (Eqn e : g.eqns()) {
      for (Var v : e.out()) defs.put(v, e);
      for (Atom a : e.in()) if (a instanceof Var v) uses.merge(v, 1, Integer::sum);
    }
    for (Atom a : g.out()) if (a instanceof Var v) uses.merge(v, 1, Integer::sum);
    for (Eqn e : g.eqns())
      if (e.prim() instanceof SelectN && reluOperand(e) != null) reluUses.merge((Var) e.in().get(0), 1, Integer::sum);
    reluUses.forEach((p, n) -> { if (n.equals(uses.get(p))) reluPredicates.add(p); });
  }

  /**
   * {@code x} when {@code e} is {@code Np.relu(x)}, {@code select_n(x > 0, 0, x)} with {@code x} of the result's shape
   * and dtype: ONNX Relu, which runtimes fuse into a preceding convolution or product (and, in a QDQ model, into the
   * integer kernel); else null. Equal to the Where form except for a NaN {@code x} (Relu keeps NaN, Where gives 0).
   */
  private Atom reluOperand(Eqn e) {
    Atom x = e.in().get(2);
    if (!(e.in().get(0) instanceof Var p) || !(defs.get(p) instanceof Eqn gt) || !(gt.prim() instanceof Compare c)
        || c.op() != CompareOp.GT || !gt.in().get(0).equals(x) || !zero(gt.in().get(1)) || !zero(e.in().get(1))
        || !x.type().shape().equals(e.out().head().type().shape()) || x.type().dtype() != e.out().head().type().dtype()
        || !x.type().dtype().isFloating())
      return null;
    return x;
  }

  /** Whether {@code a} is a literal or constant whose every element is zero. */
  private boolean zero(Atom a) {
    NdArray v = a instanceof Lit l ? l.value() : a instanceof Var w ? constValues.get(w) : null;
    if (v == null) return false;
    for (int i = 0; i < v.size(); i++) if (v.getDouble(i) != 0) return false;
    return true;
  }

  private Vector<String> lowerPrim(Eqn e) {
    Atom relu = e.prim() instanceof SelectN ? reluOperand(e) : null;   // before its operands become initialisers
    if (relu != null) return Vector.of(node("Relu", name(relu)));
    Vector<String> in = e.prim() instanceof Elementwise ? elementwiseOperands(e) : e.in().map(this::name);
    return switch (e.prim()) {
      case Unary u -> Vector.of(math.unary(u.op(), in.get(0), e.in().get(0).type()));
      case Binary b -> Vector.of(math.binary(b.op(), in.get(0), in.get(1), e.in().get(0).type()));
      case Compare c -> Vector.of(math.compare(c.op(), in.get(0), in.get(1)));
      case IntegerPow p -> Vector.of(node("Pow", in.get(0), constant(NdArray.scalar(e.in().get(0).type().dtype(), p.y()))));
      case SelectN s -> {
        if (in.size() != 3 || !e.in().get(0).type().dtype().isBool())
          throw new OnnxUnmapped("only a bool selector with two cases maps to Where");
        yield Vector.of(node("Where", in.get(0), in.get(2), in.get(1)));
      }
      case Clamp c -> Vector.of(node("Min", node("Max", in.get(1), in.get(0)), in.get(2)));
      case ConvertElementType c -> Vector.of(node("Cast", List.of(in.get(0)), null, intAttr("to", OnnxTensors.elemType(c.newDtype()))));
      case StopGradient s -> Vector.of(node("Identity", in.get(0)));
      case BitcastConvertType b -> throw new OnnxUnmapped("ONNX has no bitcast");
      case DebugPrint d -> throw new OnnxUnmapped("a side effect");
      case BroadcastInDim b -> Vector.of(broadcast(b, in.get(0), e.in().get(0).type(), isBatchedOut(e) || batchBroadcast(b, e)));
      case Reshape r -> Vector.of(reshape(in.get(0), e.in().get(0), r.newSizes(), isBatchedOut(e)));
      case Squeeze s -> Vector.of(s.dimensions().size() == 0 ? node("Identity", in.get(0))
          : node("Squeeze", in.get(0), longs(s.dimensions())));
      case Transpose t -> Vector.of(transpose(in.get(0), t.permutation().toArray()));
      case Rev r -> Vector.of(rev(in.get(0), r.dimensions()));
      case Pad p -> Vector.of(pad(p.paddingConfig(), in.get(0), in.get(1)));
      case Concatenate c -> Vector.of(node("Concat", in.asJava(), null, intAttr("axis", c.dimension())));
      case Slice s -> Vector.of(slice(s, in.get(0), e.in().get(0).type()));
      case DynamicSlice d -> Vector.of(dynamicSlice(d, in.get(0), in.drop(1)));
      case DynamicUpdateSlice d -> throw new OnnxUnmapped("not mapped yet");
      case Iota i -> Vector.of(constant(i.impl(Vector.empty()).get(0)));
      case Reduce r -> Vector.of(windows.reduce(r, in.get(0)));
      case ArgMinMax a -> Vector.of(windows.argMinMax(a, in.get(0), e.in().get(0).type()));
      case Cumulative c -> Vector.of(windows.cumulative(c, in.get(0)));
      case ArgSort a -> throw new OnnxUnmapped("not mapped yet");
      case ReduceWindow w -> Vector.of(windows.reduceWindow(w, in.get(0), e.in().get(0).type()));
      case SelectAndScatterAdd s -> throw new OnnxUnmapped("a gradient of pooling");
      case SelectAndGatherAdd s -> throw new OnnxUnmapped("a gradient of pooling");
      case DotGeneral d -> Vector.of(linalg.dot(d, in.get(0), in.get(1), e.in().get(0).type(), e.in().get(1).type()));
      case ConvGeneralDilated c -> Vector.of(linalg.conv(c, in.get(0), in.get(1), e.in().get(0).type().rank()));
      case Gather g -> Vector.of(linalg.gather(g, in.get(0), in.get(1), e.in().get(0).type(), e.in().get(1).type()));
      case ScatterAdd s -> throw new OnnxUnmapped("not mapped yet");
      case CustomJvpCall c -> inline(c.fun(), in);
      case CustomVjpCall c -> inline(c.fun(), in);
      case Checkpoint c -> inline(c.fun(), in);
      case LinearCall l -> throw new OnnxUnmapped("a linearised call (export the primal function)");
      case JitCall j -> throw new OnnxUnmapped("a nested jit that the inline pass kept");
      case Cond c -> control.cond(c, in.get(0), in.drop(1), 0, e.out().map(Var::type));
      case WhileLoop w -> control.whileLoop(w, in);
      case Scan s -> control.scan(s, in, e.out().map(Var::type));
      case Collective c -> throw new OnnxUnmapped("a collective over a named axis (" + c.name() + "): export the per-device function");
    };
  }

  /**
   * A broadcast that creates axis 0 at the batch size ({@code broadcast_to(bias, x.shape)}) makes a batched value even
   * from a constant: under a dynamic batch its extent is the run's batch size.
   */
  private boolean batchBroadcast(BroadcastInDim b, Eqn e) {
    if (batchSize < 0 || b.shape().rank() == 0 || b.shape().dim(0) != batchSize) return false;
    int k = b.dims().indexOf(0);
    boolean batchOut = k < 0 || e.in().get(0).type().shape().dim(k) == 1;
    if (batchOut) batched.add(e.out().get(0));
    return batchOut;
  }

  /**
   * The operands of an elementwise equation. A constant that repeats along an axis on which a traced operand has the
   * full extent keeps one slice there, since ONNX broadcasting restores it: jit's constant folding turns
   * {@code bias + x} into a constant of {@code x}'s whole shape, which would otherwise grow the model with the batch
   * and pin a dynamic batch axis to the example's size.
   */
  private Vector<String> elementwiseOperands(Eqn e) {
    Vector<String> names = Vector.empty();
    for (Atom a : e.in()) {
      NdArray value = a instanceof Lit l ? l.value() : a instanceof Var v ? constValues.get(v) : null;
      if (value == null || value.rank() == 0 || value.rank() != e.out().get(0).type().rank()) { names = names.append(name(a)); continue; }
      int[] dims = value.shape().dims();
      for (int axis = 0; axis < dims.length; axis++) {
        int ax = axis, extent = dims[axis];
        boolean covered = e.in().exists(o -> o instanceof Var v && !constValues.containsKey(v)
            && v.type().rank() == e.out().get(0).type().rank() && v.type().shape().dim(ax) == extent);
        if (dims[axis] > 1 && covered && uniformAlong(value, axis)) {
          value = firstSlice(value, axis);
          dims = value.shape().dims();
        }
      }
      names = names.append(value == (a instanceof Lit l ? l.value() : constValues.get((Var) a)) ? name(a) : constant(value));
    }
    return names;
  }

  /** Whether every slice of {@code a} along {@code axis} equals the first. */
  private static boolean uniformAlong(NdArray a, int axis) {
    int[] dims = a.shape().dims();
    int inner = 1;
    for (int k = axis + 1; k < dims.length; k++) inner *= dims[k];
    int n = dims[axis], outer = a.size() / (n * inner);
    Object store = a.store();
    for (int o = 0; o < outer; o++)
      for (int j = 1; j < n; j++)
        for (int i = 0; i < inner; i++)
          if (!java.lang.reflect.Array.get(store, (o * n + j) * inner + i)
              .equals(java.lang.reflect.Array.get(store, o * n * inner + i))) return false;
    return true;
  }

  /** The slice of {@code a} at index 0 of {@code axis}, keeping the axis with extent 1. */
  private static NdArray firstSlice(NdArray a, int axis) {
    int[] dims = a.shape().dims();
    int inner = 1;
    for (int k = axis + 1; k < dims.length; k++) inner *= dims[k];
    int n = dims[axis], outer = a.size() / (n * inner);
    dims[axis] = 1;
    Object store = NdArray.newStore(a.dtype(), outer * inner);
    for (int o = 0; o < outer; o++) System.arraycopy(a.store(), o * n * inner, store, o * inner, inner);
    return NdArray.wrapStore(a.dtype(), Shape.of(dims), store);
  }

  private boolean isBatchedOut(Eqn e) {
    ShapedType t = e.out().get(0).type();
    return batchSize >= 0 && t.rank() > 0 && t.shape().dim(0) == batchSize
        && e.in().exists(a -> a instanceof Var v && batched.contains(v));
  }

  // ---------------------------------------------------------------- structural

  private String broadcast(BroadcastInDim b, String x, ShapedType xt, boolean outBatched) {
    int[] dims = b.dims().toArray();
    int n = b.shape().rank();
    // operand axes in the order of their target axes (broadcast_in_dim allows any order)
    Integer[] order = new Integer[dims.length];
    for (int i = 0; i < dims.length; i++) order[i] = i;
    java.util.Arrays.sort(order, (i, j) -> Integer.compare(dims[i], dims[j]));
    int[] perm = new int[dims.length];
    for (int i = 0; i < perm.length; i++) perm[i] = order[i];
    String y = transpose(x, perm);
    List<Long> newAxes = new ArrayList<>();
    for (int i = 0; i < n; i++) if (!b.dims().contains(i)) newAxes.add((long) i);
    if (!newAxes.isEmpty()) y = node("Unsqueeze", y, constant(longArray(newAxes.stream().mapToLong(l -> l).toArray())));
    long[] target = new long[n];
    boolean expand = false;
    for (int i = 0; i < n; i++) {
      int k = b.dims().indexOf(i);
      int have = k < 0 ? 1 : xt.shape().dim(k);
      target[i] = have == b.shape().dim(i) ? 1 : b.shape().dim(i);
      expand |= target[i] != 1;
    }
    if (!expand) return y;
    boolean fromInput = outBatched && target[0] != 1;
    return node("Expand", y, shapeTensor(target, fromInput));
  }

  private String reshape(String x, Atom operand, Shape newSizes, boolean outBatched) {
    long[] dims = new long[newSizes.rank()];
    for (int i = 0; i < dims.length; i++) dims[i] = newSizes.dim(i);
    boolean inBatched = operand instanceof Var v && batched.contains(v);
    if (outBatched && inBatched) {
      dims[0] = 0;    // ONNX Reshape: 0 copies the input's extent (allowzero = 0)
      return node("Reshape", x, constant(longArray(dims)));
    }
    return node("Reshape", x, shapeTensor(dims, outBatched));
  }

  /** A shape as an i64 tensor; with {@code batchFromInput}, axis 0 is the first parameter's axis 0 at run time. */
  private String shapeTensor(long[] dims, boolean batchFromInput) {
    if (!batchFromInput) return constant(longArray(dims));
    if (batchDim == null)
      batchDim = node("Shape", List.of(firstInput), null, intAttr("start", 0), intAttr("end", 1));
    return node("Concat", List.of(batchDim, constant(longArray(java.util.Arrays.copyOfRange(dims, 1, dims.length)))),
        null, intAttr("axis", 0));
  }

  private String pad(PadConfig c, String x, String value) {
    int r = c.lo().size();
    long[] pads = new long[2 * r];
    for (int i = 0; i < r; i++) {
      if (c.interior().get(i) != 0) throw new OnnxUnmapped("interior padding");
      if (c.lo().get(i) < 0 || c.hi().get(i) < 0) throw new OnnxUnmapped("negative padding");
      pads[i] = c.lo().get(i);
      pads[r + i] = c.hi().get(i);
    }
    return node("Pad", List.of(x, constant(longArray(pads)), value), null, stringAttr("mode", "constant"));
  }

  private String slice(Slice s, String x, ShapedType xt) {
    int r = xt.rank();
    long[] starts = new long[r], ends = new long[r], axes = new long[r], steps = new long[r];
    for (int i = 0; i < r; i++) {
      starts[i] = s.startIndices().get(i);
      int limit = s.limitIndices().get(i);
      ends[i] = limit == xt.shape().dim(i) ? Long.MAX_VALUE : limit;    // to the end: any batch size
      axes[i] = i;
      steps[i] = s.strides().size() == 0 ? 1 : s.strides().get(i);
    }
    return node("Slice", List.of(x, constant(longArray(starts)), constant(longArray(ends)), constant(longArray(axes)),
        constant(longArray(steps))), null);
  }

  /**
   * {@code dynamic_slice}: ONNX {@code Slice} at run-time starts, each clamped to {@code [0, dim - size]} as XLA
   * does; the bound comes from {@code Shape(x)}, so a dynamic batch axis clamps too.
   */
  private String dynamicSlice(DynamicSlice d, String x, Vector<String> indices) {
    int r = d.sliceSizes().size();
    List<String> starts = new ArrayList<>();
    for (String i : indices)
      starts.add(node("Unsqueeze", node("Cast", List.of(i), null, intAttr("to", TensorProto.DataType.INT64_VALUE)),
          constant(longArray(new long[] {0}))));
    String start = r == 1 ? starts.get(0) : node("Concat", starts, null, intAttr("axis", 0));
    String sizes = longs(d.sliceSizes());
    String bound = node("Sub", node("Shape", x), sizes);
    String clamped = node("Max", node("Min", start, bound), constant(longArray(new long[r])));
    long[] axes = new long[r];
    for (int k = 0; k < r; k++) axes[k] = k;
    return node("Slice", List.of(x, clamped, node("Add", clamped, sizes), constant(longArray(axes))), null);
  }

  private String name(Atom a) {
    return switch (a) {
      case Var v -> {
        String n = names.get(v);
        if (n == null && constValues.containsKey(v)) names.put(v, n = constant(constValues.get(v)));
        if (n == null) throw new IllegalStateException("exportOnnx: " + v + " is used before it is defined");
        yield n;
      }
      case Lit l -> constant(l.value());
    };
  }

}
