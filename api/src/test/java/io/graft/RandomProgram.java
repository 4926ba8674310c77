package io.graft;

import io.graft.numerics.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * A random straight-line array program for jit-versus-eager properties: {@code nodes} in topological order (the
 * first {@code inputCount} are the arguments), of which {@code outputs} are returned. Each node records the dtype
 * and shape it produces, a bound on its magnitude, and whether it is <em>exact</em> (computed without rounding from
 * the inputs, so every correct implementation gives it bit for bit; discontinuous ops only take exact operands).
 * {@link #toString} prints it one node per line, e.g. {@code v3:f32[2,3] = add v0 v2}.
 */
record RandomProgram(List<Node> nodes, int inputCount, List<Integer> outputs) {
  RandomProgram {
    nodes = List.copyOf(nodes);
    outputs = List.copyOf(outputs);
  }

  /** One node: what it computes, its type, magnitude bound and exactness. */
  record Node(Op op, DType dtype, List<Integer> shape, double bound, boolean exact) {
    Node { shape = List.copyOf(shape); }

    int size() { return shape.stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b); }

    int rank() { return shape.size(); }

    int[] dims() { return shape.stream().mapToInt(Integer::intValue).toArray(); }
  }

  /** Smooth unary maps, guarded to their domains. */
  enum UnaryKind {
    NEG, EXP, LOG_ABS_PLUS_1, TANH, SIN, COS, SQRT_ABS, SQRT_ABS_PLUS_1, ABS, LOGISTIC, SQUARE, RECIPROCAL_GUARDED,
    FLOOR;

    Array apply(Array x) {
      return switch (this) {
        case NEG -> x.neg();
        case EXP -> x.exp();
        case LOG_ABS_PLUS_1 -> x.abs().add(1.0).log();
        case TANH -> x.tanh();
        case SIN -> x.sin();
        case COS -> x.cos();
        case SQRT_ABS -> x.abs().sqrt();
        case SQRT_ABS_PLUS_1 -> x.abs().add(1.0).sqrt();
        case ABS -> x.abs();
        case LOGISTIC -> x.logistic();
        case SQUARE -> x.square();
        case RECIPROCAL_GUARDED -> x.abs().add(0.5).reciprocal();
        case FLOOR -> x.floor();
      };
    }
  }

  /** Broadcasting binary maps, guarded to their domains. */
  enum BinaryKind {
    ADD, SUB, MUL, DIV_GUARDED, MAX, MIN, POW_POSITIVE_BASE;

    Array apply(Array x, Array y) {
      return switch (this) {
        case ADD -> x.add(y);
        case SUB -> x.sub(y);
        case MUL -> x.mul(y);
        case DIV_GUARDED -> x.div(y.abs().add(0.5));
        case MAX -> x.maximum(y);
        case MIN -> x.minimum(y);
        case POW_POSITIVE_BASE -> x.abs().add(0.5).pow(y);
      };
    }
  }

  /** Comparisons (bool results). */
  enum CompareKind {
    LT, LE, GT, GE, EQ, NE;

    Array apply(Array x, Array y) {
      return switch (this) {
        case LT -> x.lt(y);
        case LE -> x.le(y);
        case GT -> x.gt(y);
        case GE -> x.ge(y);
        case EQ -> x.eq(y);
        case NE -> x.ne(y);
      };
    }
  }

  /** Reductions ({@code jnp} forms). */
  enum ReduceKind { SUM, MAX, MIN, MEAN }

  /** What a node computes from earlier nodes (operands are node indices). */
  sealed interface Op {
    record Input(int index) implements Op {}
    record Unary(UnaryKind kind, int x) implements Op {}
    record Binary(BinaryKind kind, int x, int y) implements Op {}
    record Compare(CompareKind kind, int x, int y) implements Op {}
    record Select(int cond, int x, int y) implements Op {}
    record Convert(DType to, int x) implements Op {}
    record BroadcastTo(List<Integer> shape, int x) implements Op {}
    record Reshape(List<Integer> shape, int x) implements Op {}
    record Transpose(List<Integer> perm, int x) implements Op {}
    record ExpandDims(int axis, int x) implements Op {}
    record Reduce(ReduceKind kind, List<Integer> axes, boolean keepdims, int x) implements Op {}
    record Matmul(int x, int y) implements Op {}
  }

  /** The value of every node, given the inputs (eagerly, or on tracers under a transform). */
  List<Array> evalAll(List<Array> inputs) {
    List<Array> v = new ArrayList<>(); // local environment, one value per node
    for (Node n : nodes) v.add(eval(n.op(), v, inputs));
    return v;
  }

  /** The program as a function: the output nodes' values. */
  List<Array> run(List<Array> inputs) {
    List<Array> all = evalAll(inputs);
    return outputs.stream().map(all::get).toList();
  }

  private static Array eval(Op op, List<Array> v, List<Array> inputs) {
    return switch (op) {
      case Op.Input(var i) -> inputs.get(i);
      case Op.Unary(var k, var x) -> k.apply(v.get(x));
      case Op.Binary(var k, var x, var y) -> k.apply(v.get(x), v.get(y));
      case Op.Compare(var k, var x, var y) -> k.apply(v.get(x), v.get(y));
      case Op.Select(var c, var x, var y) -> Np.where(v.get(c), v.get(x), v.get(y));
      case Op.Convert(var to, var x) -> v.get(x).astype(to);
      case Op.BroadcastTo(var s, var x) -> v.get(x).broadcastTo(ints(s));
      case Op.Reshape(var s, var x) -> v.get(x).reshape(ints(s));
      case Op.Transpose(var p, var x) -> v.get(x).transpose(ints(p));
      case Op.ExpandDims(var a, var x) -> v.get(x).expandDims(a);
      case Op.Reduce(var k, var axes, var keep, var x) -> reduce(k, v.get(x), ints(axes), keep);
      case Op.Matmul(var x, var y) -> v.get(x).matmul(v.get(y));
    };
  }

  private static Array reduce(ReduceKind k, Array x, int[] axes, boolean keepdims) {
    return switch (k) {
      case SUM -> x.sum(axes, keepdims);
      case MAX -> x.max(axes, keepdims);
      case MIN -> x.min(axes, keepdims);
      case MEAN -> x.mean(axes, keepdims);
    };
  }

  static int[] ints(List<Integer> l) { return l.stream().mapToInt(Integer::intValue).toArray(); }

  @Override public String toString() {
    StringBuilder s = new StringBuilder("program (" + inputCount + " inputs; returns " + outputs.stream().map(i -> "v" + i).toList() + "):\n");
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      s.append("  v").append(i).append(':').append(n.dtype()).append(n.shape())
          .append(n.exact() ? " (exact)" : "").append(" = ").append(describe(n.op())).append('\n');
    }
    return s.toString();
  }

  private static String describe(Op op) {
    return switch (op) {
      case Op.Input(var i) -> "input " + i;
      case Op.Unary(var k, var x) -> k.name().toLowerCase() + " v" + x;
      case Op.Binary(var k, var x, var y) -> k.name().toLowerCase() + " v" + x + " v" + y;
      case Op.Compare(var k, var x, var y) -> k.name().toLowerCase() + " v" + x + " v" + y;
      case Op.Select(var c, var x, var y) -> "where v" + c + " v" + x + " v" + y;
      case Op.Convert(var to, var x) -> "astype[" + to + "] v" + x;
      case Op.BroadcastTo(var sh, var x) -> "broadcast_to" + sh + " v" + x;
      case Op.Reshape(var sh, var x) -> "reshape" + sh + " v" + x;
      case Op.Transpose(var p, var x) -> "transpose" + p + " v" + x;
      case Op.ExpandDims(var a, var x) -> "expand_dims[" + a + "] v" + x;
      case Op.Reduce(var k, var axes, var keep, var x) -> k.name().toLowerCase() + axes + (keep ? "[keepdims]" : "") + " v" + x;
      case Op.Matmul(var x, var y) -> "matmul v" + x + " v" + y;
    };
  }
}
