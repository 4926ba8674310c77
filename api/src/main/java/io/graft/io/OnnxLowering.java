package io.graft.io;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import io.graft.numerics.DType;
import io.graft.numerics.Ints;
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
final class OnnxLowering {
  /** The model's graph: it holds every initialiser (subgraphs read them from the outer scope). */
  private final GraphProto.Builder root = GraphProto.newBuilder();
  /** Where nodes go: the root or the subgraph (If branch, Loop body) being lowered. */
  private GraphProto.Builder graph = root;
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
  private int fresh;

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
  private Vector<String> inline(Graph g, Vector<String> args) {
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
    } catch (Unmapped u) {
      unmapped.add(e.prim().name() + " (" + u.getMessage() + ")");
      outs = e.out().map(v -> "unmapped_" + fresh++);
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

  /** Why a primitive, with these parameters, has no ONNX mapping. */
  private static final class Unmapped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unmapped(String why) { super(why, null, false, false); }
  }

  private Vector<String> lowerPrim(Eqn e) {
    Atom relu = e.prim() instanceof SelectN ? reluOperand(e) : null;   // before its operands become initialisers
    if (relu != null) return Vector.of(node("Relu", name(relu)));
    Vector<String> in = e.prim() instanceof Elementwise ? elementwiseOperands(e) : e.in().map(this::name);
    return switch (e.prim()) {
      case Unary u -> Vector.of(unary(u.op(), in.get(0), e.in().get(0).type()));
      case Binary b -> Vector.of(binary(b.op(), in.get(0), in.get(1), e.in().get(0).type()));
      case Compare c -> Vector.of(compare(c.op(), in.get(0), in.get(1)));
      case IntegerPow p -> Vector.of(node("Pow", in.get(0), constant(NdArray.scalar(e.in().get(0).type().dtype(), p.y()))));
      case SelectN s -> {
        if (in.size() != 3 || !e.in().get(0).type().dtype().isBool())
          throw new Unmapped("only a bool selector with two cases maps to Where");
        yield Vector.of(node("Where", in.get(0), in.get(2), in.get(1)));
      }
      case Clamp c -> Vector.of(node("Min", node("Max", in.get(1), in.get(0)), in.get(2)));
      case ConvertElementType c -> Vector.of(node("Cast", List.of(in.get(0)), null, intAttr("to", OnnxTensors.elemType(c.newDtype()))));
      case StopGradient s -> Vector.of(node("Identity", in.get(0)));
      case BitcastConvertType b -> throw new Unmapped("ONNX has no bitcast");
      case DebugPrint d -> throw new Unmapped("a side effect");
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
      case DynamicUpdateSlice d -> throw new Unmapped("not mapped yet");
      case Iota i -> Vector.of(constant(i.impl(Vector.empty()).get(0)));
      case Reduce r -> Vector.of(reduce(r, in.get(0)));
      case ArgMinMax a -> Vector.of(argMinMax(a, in.get(0), e.in().get(0).type()));
      case Cumulative c -> Vector.of(cumulative(c, in.get(0)));
      case ArgSort a -> throw new Unmapped("not mapped yet");
      case ReduceWindow w -> Vector.of(reduceWindow(w, in.get(0), e.in().get(0).type()));
      case SelectAndScatterAdd s -> throw new Unmapped("a gradient of pooling");
      case SelectAndGatherAdd s -> throw new Unmapped("a gradient of pooling");
      case DotGeneral d -> Vector.of(dot(d, in.get(0), in.get(1), e.in().get(0).type(), e.in().get(1).type()));
      case ConvGeneralDilated c -> Vector.of(conv(c, in.get(0), in.get(1), e.in().get(0).type().rank()));
      case Gather g -> Vector.of(gather(g, in.get(0), in.get(1), e.in().get(0).type(), e.in().get(1).type()));
      case ScatterAdd s -> throw new Unmapped("not mapped yet");
      case CustomJvpCall c -> inline(c.fun(), in);
      case CustomVjpCall c -> inline(c.fun(), in);
      case Checkpoint c -> inline(c.fun(), in);
      case LinearCall l -> throw new Unmapped("a linearised call (export the primal function)");
      case JitCall j -> throw new Unmapped("a nested jit that the inline pass kept");
      case Cond c -> cond(c, in.get(0), in.drop(1), 0, e.out().map(Var::type));
      case WhileLoop w -> whileLoop(w, in);
      case Scan s -> scan(s, in, e.out().map(Var::type));
      case Collective c -> throw new Unmapped("a collective over a named axis (" + c.name() + "): export the per-device function");
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

  // ---------------------------------------------------------------- elementwise

  /**
   * {@code log1p} without cancellation (Goldberg's/Kahan's form): with {@code u = 1 + x}, {@code x} where
   * {@code u == 1}, else {@code log(u) · x / (u - 1)}: the rounding of {@code 1 + x} cancels out of the quotient.
   */
  private String log1p(String x, ShapedType t) {
    String one = constant(NdArray.scalar(t.dtype(), 1));
    String u = node("Add", one, x);
    return node("Where", node("Equal", u, one), x, node("Div", node("Mul", node("Log", u), x), node("Sub", u, one)));
  }

  /**
   * {@code expm1} without cancellation (Kahan's form): with {@code u = exp(x)}, {@code x} where {@code u == 1},
   * {@code -1} where {@code u - 1 == -1}, {@code u - 1} where {@code u} is infinite, else {@code (u - 1) · x / log(u)}.
   */
  private String expm1(String x, ShapedType t) {
    String one = constant(NdArray.scalar(t.dtype(), 1));
    String u = node("Exp", x);
    String um1 = node("Sub", u, one);
    String kahan = node("Div", node("Mul", um1, x), node("Log", u));
    String big = node("Where", node("IsInf", u), um1, kahan);
    String low = node("Where", node("Equal", um1, constant(NdArray.scalar(t.dtype(), -1))), um1, big);
    return node("Where", node("Equal", u, one), x, low);
  }

  /**
   * {@code lax.round} (half away from zero) from exact ONNX ops: with {@code a = |x|} and {@code f = floor(a)},
   * {@code sign(x) · (f + [a - f >= 0.5])}; {@code a - f} is exact in floating point, so ties are decided exactly
   * (ONNX's own {@code Round} rounds half to even).
   */
  private String roundHalfAway(String x, ShapedType t) {
    String a = node("Abs", x);
    String f = node("Floor", a);
    String up = node("Cast", List.of(node("GreaterOrEqual", node("Sub", a, f), constant(NdArray.scalar(t.dtype(), 0.5)))),
        null, intAttr("to", OnnxTensors.elemType(t.dtype())));
    return node("Mul", node("Sign", x), node("Add", f, up));
  }

  private String unary(UnaryOp op, String x, ShapedType t) {
    return switch (op) {
      case NEG -> node("Neg", x);
      case SIGN -> node("Sign", x);
      case FLOOR -> node("Floor", x);
      case CEIL -> node("Ceil", x);
      case ROUND_EVEN -> node("Round", x);
      case IS_FINITE -> node("Not", node("Or", node("IsNaN", x), node("IsInf", x)));
      case EXP -> node("Exp", x);
      case EXP2 -> node("Pow", constant(NdArray.scalar(t.dtype(), 2)), x);
      case LOG -> node("Log", x);
      case TANH -> node("Tanh", x);
      case LOGISTIC -> node("Sigmoid", x);
      case SIN -> node("Sin", x);
      case COS -> node("Cos", x);
      case TAN -> node("Tan", x);
      case ASIN -> node("Asin", x);
      case ACOS -> node("Acos", x);
      case ATAN -> node("Atan", x);
      case SINH -> node("Sinh", x);
      case COSH -> node("Cosh", x);
      case ASINH -> node("Asinh", x);
      case ACOSH -> node("Acosh", x);
      case ATANH -> node("Atanh", x);
      case SQRT -> node("Sqrt", x);
      case RSQRT -> node("Reciprocal", node("Sqrt", x));
      case ABS -> node("Abs", x);
      case ERF -> node("Erf", x);
      case NOT -> node(t.dtype().isBool() ? "Not" : "BitwiseNot", x);
      case SQUARE -> node("Mul", x, x);
      case ROUND -> roundHalfAway(x, t);
      case LOG1P -> log1p(x, t);
      case EXPM1 -> expm1(x, t);
      case CBRT, ERF_INV -> throw new Unmapped("no ONNX operator with this accuracy");
    };
  }

  private String binary(BinaryOp op, String x, String y, ShapedType t) {
    boolean bool = t.dtype().isBool();
    return switch (op) {
      case ADD -> node("Add", x, y);
      case SUB -> node("Sub", x, y);
      case MUL -> node("Mul", x, y);
      case DIV -> {
        if (!t.dtype().isFloating()) throw new Unmapped("integer x / 0 is 0 in Graft and undefined in ONNX Div");
        yield node("Div", x, y);
      }
      case REM -> node("Mod", List.of(x, y), null, intAttr("fmod", 1));
      case POW -> node("Pow", x, y);
      case MAX -> node("Max", x, y);
      case MIN -> node("Min", x, y);
      case AND -> node(bool ? "And" : "BitwiseAnd", x, y);
      case OR -> node(bool ? "Or" : "BitwiseOr", x, y);
      case XOR -> node(bool ? "Xor" : "BitwiseXor", x, y);
      case ATAN2, NEXTAFTER -> throw new Unmapped("no ONNX operator");
      case SHIFT_LEFT, SHIFT_RIGHT_LOGICAL, SHIFT_RIGHT_ARITHMETIC ->
          throw new Unmapped("ONNX BitShift is unsigned only, with other out-of-range shifts");
    };
  }

  private String compare(CompareOp op, String x, String y) {
    return switch (op) {
      case EQ -> node("Equal", x, y);
      case NE -> node("Not", node("Equal", x, y));
      case LT -> node("Less", x, y);
      case LE -> node("LessOrEqual", x, y);
      case GT -> node("Greater", x, y);
      case GE -> node("GreaterOrEqual", x, y);
    };
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

  private String transpose(String x, int[] perm) {
    boolean identity = true;
    for (int i = 0; i < perm.length; i++) identity &= perm[i] == i;
    return identity ? x : node("Transpose", List.of(x), null, intsAttr("perm", perm));
  }

  private String rev(String x, Ints dims) {
    if (dims.size() == 0) return node("Identity", x);
    long[] starts = new long[dims.size()], ends = new long[dims.size()], steps = new long[dims.size()];
    java.util.Arrays.fill(starts, -1);
    java.util.Arrays.fill(ends, Long.MIN_VALUE);
    java.util.Arrays.fill(steps, -1);
    return node("Slice", List.of(x, constant(longArray(starts)), constant(longArray(ends)), longs(dims),
        constant(longArray(steps))), null);
  }

  private String pad(PadConfig c, String x, String value) {
    int r = c.lo().size();
    long[] pads = new long[2 * r];
    for (int i = 0; i < r; i++) {
      if (c.interior().get(i) != 0) throw new Unmapped("interior padding");
      if (c.lo().get(i) < 0 || c.hi().get(i) < 0) throw new Unmapped("negative padding");
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

  // ---------------------------------------------------------------- reductions and windows

  /**
   * {@code argmax}/{@code argmin}: ONNX's {@code ArgMax}/{@code ArgMin} (first index of ties), except that Graft, as
   * JAX, answers the first NaN's index where the axis holds one; ONNX leaves NaN unspecified, so a NaN on the axis
   * selects {@code ArgMax(IsNaN(x))} instead. Cast to the index dtype.
   */
  private String argMinMax(ArgMinMax a, String x, ShapedType xt) {
    AttributeProto axis = intAttr("axis", a.axis()), keep = intAttr("keepdims", 0);
    String plain = node(a.op() == ArgOp.MAX ? "ArgMax" : "ArgMin", List.of(x), null, axis, keep);
    String idx = plain;
    if (xt.dtype().isFloating()) {
      String nan = node("IsNaN", x);
      String firstNan = node("ArgMax", List.of(node("Cast", List.of(nan), null, intAttr("to", TensorProto.DataType.INT32_VALUE))),
          null, axis, keep);
      String anyNan = node("ReduceMax", List.of(node("Cast", List.of(nan), null, intAttr("to", TensorProto.DataType.INT32_VALUE)),
          longs(Ints.of(a.axis()))), null, keep);
      idx = node("Where", node("Cast", List.of(anyNan), null, intAttr("to", TensorProto.DataType.BOOL_VALUE)), firstNan, plain);
    }
    return node("Cast", List.of(idx), null, intAttr("to", OnnxTensors.elemType(a.indexDtype())));
  }

  /** {@code cumsum} as ONNX {@code CumSum} (inclusive, {@code reverse} as given); the other running ops have no ONNX operator. */
  private String cumulative(Cumulative c, String x) {
    if (c.op() != CumulativeOp.SUM) throw new Unmapped("ONNX has CumSum only");
    return node("CumSum", List.of(x, constant(NdArray.scalar(DType.I64, c.axis()))), null, intAttr("reverse", c.reverse() ? 1 : 0));
  }

  private String reduce(Reduce r, String x) {
    if (r.axes().size() == 0) return node("Identity", x);
    String op = switch (r.op()) {
      case SUM -> "ReduceSum";
      case MAX -> "ReduceMax";
      case MIN -> "ReduceMin";
      case PROD -> "ReduceProd";
    };
    return node(op, List.of(x, longs(r.axes())), null, intAttr("keepdims", 0));
  }

  /**
   * {@code reduce_window} as a pool: the axes with a trivial window (extent 1, stride 1, no padding) go first as
   * ONNX's (N, C) (one or none padded with unit axes), the windowed axes last; max → MaxPool, sum → AveragePool
   * counting the zero padding, times the window size; min → -MaxPool(-x).
   */
  private String reduceWindow(ReduceWindow w, String x, ShapedType xt) {
    int r = xt.rank();
    for (int i = 0; i < r; i++) if (at(w.baseDilation(), i, 1) != 1) throw new Unmapped("base dilation");
    List<Integer> trivial = new ArrayList<>(), windowed = new ArrayList<>();
    for (int i = 0; i < r; i++) {
      boolean t = w.windowDimensions().get(i) == 1 && at(w.windowStrides(), i, 1) == 1
          && w.padding().lo().get(i) == 0 && w.padding().hi().get(i) == 0;
      (t ? trivial : windowed).add(i);
    }
    if (windowed.isEmpty()) return node("Identity", x);
    if (trivial.size() > 2) throw new Unmapped("more than two unwindowed axes (ONNX pools see N, C, spatial)");
    int[] perm = new int[r];
    for (int i = 0; i < r; i++) perm[i] = i < trivial.size() ? trivial.get(i) : windowed.get(i - trivial.size());
    String y = transpose(x, perm);
    int lead = 2 - trivial.size();
    if (lead > 0) y = node("Unsqueeze", y, constant(longArray(lead == 1 ? new long[] {0} : new long[] {0, 1})));
    int m = windowed.size();
    int[] kernel = new int[m], strides = new int[m], dil = new int[m], pads = new int[2 * m];
    long size = 1;
    boolean dilated = false;
    for (int k = 0; k < m; k++) {
      int i = windowed.get(k);
      kernel[k] = w.windowDimensions().get(i);
      strides[k] = at(w.windowStrides(), i, 1);
      dil[k] = at(w.windowDilation(), i, 1);
      dilated |= dil[k] != 1;
      pads[k] = w.padding().lo().get(i);
      pads[m + k] = w.padding().hi().get(i);
      if (pads[k] < 0 || pads[m + k] < 0) throw new Unmapped("negative padding");
      size *= kernel[k];
    }
    List<AttributeProto> attrs = List.of(intsAttr("kernel_shape", kernel), intsAttr("strides", strides),
        intsAttr("pads", pads));
    String pooled = switch (w.op()) {
      case MAX -> maxPool(y, attrs, dil);
      case MIN -> node("Neg", maxPool(node("Neg", y), attrs, dil));
      case SUM -> {
        if (dilated) throw new Unmapped("a dilated sum window (AveragePool has no dilations in opset 18)");
        List<AttributeProto> avg = new ArrayList<>(attrs);
        avg.add(intAttr("count_include_pad", 1));
        yield node("Mul", node("AveragePool", List.of(y), null, avg.toArray(AttributeProto[]::new)),
            constant(NdArray.scalar(xt.dtype(), size)));
      }
    };
    if (lead > 0) pooled = node("Squeeze", pooled, constant(longArray(lead == 1 ? new long[] {0} : new long[] {0, 1})));
    return transpose(pooled, inverse(perm));
  }

  private String maxPool(String y, List<AttributeProto> attrs, int[] dil) {
    List<AttributeProto> all = new ArrayList<>(attrs);
    all.add(intsAttr("dilations", dil));
    return node("MaxPool", List.of(y), null, all.toArray(AttributeProto[]::new));
  }

  // ---------------------------------------------------------------- linear algebra and indexing

  /** {@code dot_general} as Einsum (plain 2-D matrix products as MatMul), the operands cast to the result dtype. */
  private String dot(DotGeneral d, String x, String y, ShapedType xt, ShapedType yt) {
    DType acc = d.preferredElementType();
    if (xt.dtype() != acc) x = node("Cast", List.of(x), null, intAttr("to", OnnxTensors.elemType(acc)));
    if (yt.dtype() != acc) y = node("Cast", List.of(y), null, intAttr("to", OnnxTensors.elemType(acc)));
    if (xt.rank() == 2 && yt.rank() == 2 && d.lhsBatch().size() == 0 && d.lhsContracting().equals(Ints.of(1))
        && d.rhsContracting().equals(Ints.of(0)))
      return node("MatMul", x, y);
    char[] lx = new char[xt.rank()], ly = new char[yt.rank()];
    char next = 'a';
    for (int i = 0; i < d.lhsBatch().size(); i++) lx[d.lhsBatch().get(i)] = ly[d.rhsBatch().get(i)] = next++;
    for (int i = 0; i < d.lhsContracting().size(); i++)
      lx[d.lhsContracting().get(i)] = ly[d.rhsContracting().get(i)] = next++;
    StringBuilder outSpec = new StringBuilder();
    for (int i = 0; i < d.lhsBatch().size(); i++) outSpec.append(lx[d.lhsBatch().get(i)]);
    for (int i = 0; i < lx.length; i++) if (lx[i] == 0) outSpec.append(lx[i] = next++);
    for (int i = 0; i < ly.length; i++) if (ly[i] == 0) outSpec.append(ly[i] = next++);
    String equation = new String(lx) + "," + new String(ly) + "->" + outSpec;
    return node("Einsum", List.of(x, y), null, stringAttr("equation", equation));
  }

  /** A convolution: operands transposed to ONNX's NCHW / OIHW, Conv, the result transposed to the output layout. */
  private String conv(ConvGeneralDilated c, String x, String w, int rank) {
    int sp = rank - 2;
    if (c.batchGroupCount() != 1) throw new Unmapped("batch_group_count " + c.batchGroupCount());
    for (int i = 0; i < sp; i++) if (at(c.lhsDilation(), i, 1) != 1) throw new Unmapped("lhs (transposed-conv) dilation");
    int[] strides = new int[sp], dil = new int[sp], pads = new int[2 * sp];
    for (int i = 0; i < sp; i++) {
      strides[i] = at(c.windowStrides(), i, 1);
      dil[i] = at(c.rhsDilation(), i, 1);
      pads[i] = c.padding().lo().get(i);
      pads[sp + i] = c.padding().hi().get(i);
      if (pads[i] < 0 || pads[sp + i] < 0) throw new Unmapped("negative padding");
    }
    ConvDims dn = c.dimensionNumbers();
    if (c.windowReversal().size() > 0) w = rev(w, c.reversedKernelAxes());   // ONNX Conv has no window reversal
    String y = node("Conv", List.of(transpose(x, dn.lhsSpec().toArray()), transpose(w, dn.rhsSpec().toArray())), null,
        intsAttr("strides", strides), intsAttr("dilations", dil), intsAttr("pads", pads),
        intAttr("group", c.featureGroupCount()));
    return transpose(y, inverse(dn.outSpec().toArray()));
  }

  /**
   * The embedding-style gather (rows of a table by index: {@code offset_dims} the trailing axes, axis 0 collapsed,
   * whole rows) as ONNX Gather on axis 0; clip mode clamps the indices first (ONNX Gather rejects out-of-range).
   */
  private String gather(Gather g, String table, String idx, ShapedType tt, ShapedType it) {
    GatherDims d = g.dims();
    int r = tt.rank(), batchRank = it.rank() - 1;
    boolean rows = d.collapsedSliceDims().equals(Ints.of(0)) && d.startIndexMap().equals(Ints.of(0))
        && d.operandBatchingDims().size() == 0 && it.rank() >= 1 && it.shape().dim(it.rank() - 1) == 1
        && d.offsetDims().size() == r - 1 && g.mode() != GatherMode.FILL;
    for (int i = 0; rows && i < r - 1; i++) rows = d.offsetDims().get(i) == batchRank + i;
    for (int i = 1; rows && i < r; i++) rows = g.sliceSizes().get(i) == tt.shape().dim(i);
    if (!rows) throw new Unmapped("only whole-row lookups (embedding style, clip mode) map to ONNX Gather");
    String flat = node("Squeeze", idx, constant(longArray(new long[] {it.rank() - 1})));
    String clipped = node("Clip", flat, constant(NdArray.scalarLong(it.dtype(), 0)),
        constant(NdArray.scalarLong(it.dtype(), tt.shape().dim(0) - 1)));
    return node("Gather", List.of(table, clipped), null, intAttr("axis", 0));
  }

  // ---------------------------------------------------------------- control flow

  /**
   * A subgraph (If branch, Loop body): {@code formals} its inputs, {@code body} lowers its nodes (reading outer names
   * freely, as ONNX scoping allows) and returns the names that become its outputs, of types {@code outTypes}.
   */
  private GraphProto subgraph(String name, List<ValueInfoProto> formals, java.util.function.Supplier<Vector<String>> body,
                              Vector<ShapedType> outTypes) {
    GraphProto.Builder outer = graph;
    graph = GraphProto.newBuilder().setName(name + "_" + fresh++).addAllInput(formals);
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

  /**
   * {@code switch(index, branches)} from branch {@code k} on: branch {@code k} when it is the last or
   * {@code index <= k} (the index is clamped), else an If over the rest.
   */
  private Vector<String> cond(Cond c, String index, Vector<String> ops, int k, Vector<ShapedType> outTypes) {
    if (k == c.branches().size() - 1) return inline(c.branches().get(k), ops);
    GraphProto taken = subgraph("branch" + k, List.of(), () -> inline(c.branches().get(k), ops), outTypes);
    GraphProto rest = subgraph("branches_after" + k, List.of(), () -> cond(c, index, ops, k + 1, outTypes), outTypes);
    String pred = node("Greater", index, constant(NdArray.scalar(DType.I32, k)));
    return ifNode(pred, rest, taken, outTypes.size());
  }

  private Vector<String> ifNode(String pred, GraphProto then, GraphProto otherwise, int outs) {
    List<String> outNames = new ArrayList<>();
    for (int i = 0; i < outs; i++) outNames.add("if_" + fresh++);
    graph.addNode(NodeProto.newBuilder().setOpType("If").setName(outNames.get(0)).addInput(pred)
        .addAllOutput(outNames).addAttribute(graphAttr("then_branch", then))
        .addAttribute(graphAttr("else_branch", otherwise)));
    return Vector.ofAll(outNames);
  }

  /** {@code while_loop} as Loop with no trip count: the body computes the new carry and the predicate on it. */
  private Vector<String> whileLoop(WhileLoop w, Vector<String> in) {
    Vector<String> condConsts = in.take(w.condConsts());
    Vector<String> bodyConsts = in.drop(w.condConsts()).take(w.bodyConsts());
    Vector<String> init = in.drop(w.condConsts() + w.bodyConsts());
    Vector<ShapedType> carryTypes = w.body().outTypes();
    String first = inline(w.cond(), condConsts.appendAll(init)).get(0);
    List<ValueInfoProto> formals = new ArrayList<>();
    formals.add(valueInfo("iter_" + fresh++, ShapedType.of(DType.I64), false));
    formals.add(valueInfo("cond_" + fresh++, ShapedType.of(DType.BOOL), false));
    Vector<String> carry = carryTypes.map(t -> "carry_" + fresh++);
    for (int i = 0; i < carry.size(); i++) formals.add(valueInfo(carry.get(i), carryTypes.get(i), false));
    GraphProto body = subgraph("while_body", formals, () -> {
      Vector<String> next = inline(w.body(), bodyConsts.appendAll(carry));
      return inline(w.cond(), condConsts.appendAll(next)).appendAll(next);
    }, Vector.of(ShapedType.of(DType.BOOL)).appendAll(carryTypes));
    return loop("", first, init, body, carryTypes.size());
  }

  /**
   * {@code scan} as Loop with trip count {@code length}: step {@code i} slices each x at {@code i} (at
   * {@code length - 1 - i} in reverse), the ys are Loop's scan outputs (flipped back in reverse).
   */
  private Vector<String> scan(Scan s, Vector<String> in, Vector<ShapedType> outTypes) {
    Vector<String> consts = in.take(s.numConsts()), init = in.drop(s.numConsts()).take(s.numCarry()),
        xs = in.drop(s.numConsts() + s.numCarry());
    Vector<ShapedType> carryTypes = outTypes.take(s.numCarry());
    Vector<ShapedType> yTypes = outTypes.drop(s.numCarry()).map(t -> t.withShape(t.shape().drop(0)));
    String iter = "iter_" + fresh++;
    List<ValueInfoProto> formals = new ArrayList<>();
    formals.add(valueInfo(iter, ShapedType.of(DType.I64), false));
    String condIn = "cond_" + fresh++;
    formals.add(valueInfo(condIn, ShapedType.of(DType.BOOL), false));
    Vector<String> carry = carryTypes.map(t -> "carry_" + fresh++);
    for (int i = 0; i < carry.size(); i++) formals.add(valueInfo(carry.get(i), carryTypes.get(i), false));
    GraphProto body = subgraph("scan_body", formals, () -> {
      String step = s.reverse() ? node("Sub", constant(NdArray.scalarLong(DType.I64, s.length() - 1)), iter) : iter;
      Vector<String> slices = xs.map(x -> node("Gather", List.of(x, step), null, intAttr("axis", 0)));
      Vector<String> results = inline(s.body(), consts.appendAll(carry).appendAll(slices));
      return Vector.of(node("Identity", condIn)).appendAll(results);
    }, Vector.of(ShapedType.of(DType.BOOL)).appendAll(carryTypes).appendAll(yTypes));
    String trips = constant(NdArray.scalarLong(DType.I64, s.length()));
    Vector<String> outs = loop(trips, constant(NdArray.wrap(Shape.scalar(), new boolean[] {true})), init, body,
        outTypes.size());
    if (!s.reverse()) return outs;
    return outs.take(s.numCarry()).appendAll(outs.drop(s.numCarry()).map(y -> rev(y, Ints.of(0))));
  }

  private Vector<String> loop(String trips, String cond, Vector<String> init, GraphProto body, int outs) {
    List<String> outNames = new ArrayList<>();
    for (int i = 0; i < outs; i++) outNames.add("loop_" + fresh++);
    graph.addNode(NodeProto.newBuilder().setOpType("Loop").setName(outNames.get(0)).addInput(trips).addInput(cond)
        .addAllInput(init).addAllOutput(outNames).addAttribute(graphAttr("body", body)));
    return Vector.ofAll(outNames);
  }

  private static AttributeProto graphAttr(String name, GraphProto g) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
  }

  // ---------------------------------------------------------------- helpers

  private static int at(Ints xs, int i, int orElse) { return xs.size() == 0 ? orElse : xs.get(i); }

  private static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
    return inv;
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

  private String node(String op, String... inputs) { return node(op, List.of(inputs), null); }

  /** Adds a node; {@code output} null: a fresh name. Returns the output's name. */
  private String node(String op, List<String> inputs, String output, AttributeProto... attrs) {
    String out = output != null ? output : op.toLowerCase(java.util.Locale.ROOT) + "_" + fresh++;
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addAllInput(inputs).addOutput(out);
    for (AttributeProto a : attrs) n.addAttribute(a);
    graph.addNode(n);
    return out;
  }

  private String longs(Ints xs) {
    long[] l = new long[xs.size()];
    for (int i = 0; i < l.length; i++) l[i] = xs.get(i);
    return constant(longArray(l));
  }

  private static NdArray longArray(long[] xs) { return NdArray.wrap(Shape.of(xs.length), xs); }

  /** An initialiser holding {@code a}; its name. */
  private String constant(NdArray a) {
    String name = "const_" + fresh++;
    root.addInitializer(OnnxTensors.tensor(name, a));
    return name;
  }

  private static ValueInfoProto valueInfo(String name, ShapedType t, boolean dynamicBatch) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (int i = 0; i < t.rank(); i++)
      shape.addDim(i == 0 && dynamicBatch ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(t.shape().dim(i)));
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(OnnxTensors.elemType(t.dtype())).setShape(shape))).build();
  }

  private static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
  }

  private static AttributeProto intsAttr(String name, int[] vs) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (int v : vs) a.addInts(v);
    return a.build();
  }

  private static AttributeProto stringAttr(String name, String v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(v)).build();
  }
}
