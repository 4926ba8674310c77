package io.graft;

import io.graft.RandomProgram.BinaryKind;
import io.graft.RandomProgram.CompareKind;
import io.graft.RandomProgram.Node;
import io.graft.RandomProgram.Op;
import io.graft.RandomProgram.ReduceKind;
import io.graft.RandomProgram.UnaryKind;
import io.graft.numerics.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns a genome (a list of {@link Gene}s of small random integers, which jqwik shrinks toward fewer and smaller
 * genes) into a well-typed {@link RandomProgram}: every gene becomes one operation whose operands are picked among
 * the nodes that fit it (broadcast-compatible, exact where the op is discontinuous), so every genome is a valid
 * program. Magnitudes stay below {@link #LIMIT} (operands that could overflow are squashed with {@code tanh} first),
 * so programs never make infinities; NaNs come only from NaN inputs. In {@code smooth} mode only differentiable ops
 * are used (for the gradient properties).
 */
final class RandomProgramBuilder {
  /** One operation's choices: the op family and three selectors (operands, kind, parameters). */
  record Gene(int op, int a, int b, int c) {}

  static final double LIMIT = 1e6;
  /** The most elements a node may have (broadcasts and matmuls that would make more pick other operands). */
  static final int MAX_ELEMENTS = 100_000;
  private static final int FAMILIES = 16;
  private static final List<UnaryKind> SMOOTH_UNARY = List.of(UnaryKind.NEG, UnaryKind.EXP, UnaryKind.TANH, UnaryKind.SIN,
      UnaryKind.COS, UnaryKind.LOGISTIC, UnaryKind.SQUARE);
  private static final List<BinaryKind> SMOOTH_BINARY = List.of(BinaryKind.ADD, BinaryKind.SUB, BinaryKind.MUL);

  private final List<Node> nodes = new ArrayList<>();
  private final boolean smooth;

  private RandomProgramBuilder(boolean smooth) { this.smooth = smooth; }

  /** The program for {@code genome} over inputs of these shapes and dtypes (inputs have magnitude at most 4). */
  static RandomProgram build(List<List<Integer>> shapes, List<DType> dtypes, List<Gene> genome, List<Integer> extraOutputs,
                             boolean smooth) {
    RandomProgramBuilder b = new RandomProgramBuilder(smooth);
    for (int i = 0; i < shapes.size(); i++) b.add(new Op.Input(i), dtypes.get(i), shapes.get(i), ProgramInputs.MAX_ABS, true);
    for (Gene g : genome) b.apply(g);
    int last = b.nodes.size() - 1;
    List<Integer> outs = new ArrayList<>(List.of(last));
    if (!smooth) for (int e : extraOutputs) outs.add(Math.floorMod(e, b.nodes.size()));
    return new RandomProgram(b.nodes, shapes.size(), outs);
  }

  private int add(Op op, DType dtype, List<Integer> shape, double bound, boolean exact) {
    nodes.add(new Node(op, dtype, shape, bound, exact));
    return nodes.size() - 1;
  }

  private Node node(int i) { return nodes.get(i); }

  private void apply(Gene g) {
    switch (Math.floorMod(g.op(), FAMILIES)) {
      case 0, 1, 2, 3 -> unary(g);
      case 4, 5, 6 -> binary(g);
      case 7 -> compareOrSelect(g);
      case 8 -> convert(g);
      case 9 -> broadcastTo(g);
      case 10 -> reshape(g);
      case 11 -> transpose(g);
      case 12 -> expandDims(g);
      case 13, 14 -> reduce(g);
      default -> matmul(g);
    }
  }

  /** The {@code choice}-th node (cyclically) satisfying {@code p}, or -1. */
  private int pick(int choice, Predicate<Node> p) {
    List<Integer> fit = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) if (p.test(nodes.get(i))) fit.add(i);
    return fit.isEmpty() ? -1 : fit.get(Math.floorMod(choice, fit.size()));
  }

  /** {@code i} itself if floating, else converted to f32. */
  private int asFloat(int i) {
    Node n = node(i);
    return n.dtype().isFloating() ? i : add(new Op.Convert(DType.F32, i), DType.F32, n.shape(), n.bound(), n.exact());
  }

  /** {@code i} as a float whose magnitude is at most {@code limit}, squashing it with tanh if it might be larger. */
  private int bounded(int i, double limit) {
    int f = asFloat(i);
    Node n = node(f);
    return n.bound() <= limit ? f : add(new Op.Unary(UnaryKind.TANH, f), n.dtype(), n.shape(), 1, false);
  }

  private void unary(Gene g) {
    int x = asFloat(pick(g.a(), n -> true));
    List<UnaryKind> kinds = smooth ? SMOOTH_UNARY : List.of(UnaryKind.values());
    UnaryKind k = kinds.get(Math.floorMod(g.b(), kinds.size()));
    if (!node(x).exact() && k == UnaryKind.FLOOR) k = UnaryKind.NEG;
    if (!node(x).exact() && k == UnaryKind.SQRT_ABS) k = UnaryKind.SQRT_ABS_PLUS_1;
    if (k == UnaryKind.EXP) x = bounded(x, 10);
    if (k == UnaryKind.SQUARE) x = bounded(x, 1e3);
    Node n = node(x);
    double b = n.bound();
    double bound = switch (k) {
      case NEG, ABS -> b;
      case EXP -> Math.exp(b);
      case LOG_ABS_PLUS_1 -> Math.log1p(b);
      case TANH, SIN, COS, LOGISTIC -> 1;
      case SQRT_ABS -> Math.sqrt(b);
      case SQRT_ABS_PLUS_1 -> Math.sqrt(b + 1);
      case SQUARE -> b * b;
      case RECIPROCAL_GUARDED -> 2;
      case FLOOR -> b + 1;
    };
    boolean exact = n.exact() && (k == UnaryKind.NEG || k == UnaryKind.ABS || k == UnaryKind.FLOOR);
    add(new Op.Unary(k, x), n.dtype(), n.shape(), bound, exact);
  }

  private void binary(Gene g) {
    List<BinaryKind> kinds = smooth ? SMOOTH_BINARY : List.of(BinaryKind.values());
    BinaryKind k = kinds.get(Math.floorMod(g.c(), kinds.size()));
    int x0 = pick(g.a(), n -> true);
    int y0 = pick(g.b(), n -> fits(n.shape(), node(x0).shape()));
    double lx = k == BinaryKind.POW_POSITIVE_BASE ? 100 : k == BinaryKind.MUL ? 1e3 : LIMIT / 2;
    double ly = k == BinaryKind.POW_POSITIVE_BASE ? 3 : k == BinaryKind.MUL ? 1e3 : LIMIT / 2;
    int x = bounded(x0, lx), y = bounded(y0, ly);
    Node nx = node(x), ny = node(y);
    double bx = nx.bound(), by = ny.bound();
    double bound = switch (k) {
      case ADD, SUB -> bx + by;
      case MUL -> bx * by;
      case DIV_GUARDED -> 2 * bx;
      case MAX, MIN -> Math.max(bx, by);
      case POW_POSITIVE_BASE -> Math.max(Math.pow(bx + 0.5, by), Math.pow(2, by));
    };
    boolean exact = nx.exact() && ny.exact() && (k == BinaryKind.MAX || k == BinaryKind.MIN);
    add(new Op.Binary(k, x, y), promote(nx.dtype(), ny.dtype()), ProgramShapes.broadcast(nx.shape(), ny.shape()), bound, exact);
  }

  private void compareOrSelect(Gene g) {
    int x = pick(g.a(), n -> n.exact() && !n.dtype().isBool());
    int y = pick(g.b(), n -> n.exact() && !n.dtype().isBool() && fits(n.shape(), node(x).shape()));
    CompareKind k = CompareKind.values()[Math.floorMod(g.c(), CompareKind.values().length)];
    int cond = add(new Op.Compare(k, x, y), DType.BOOL, ProgramShapes.broadcast(node(x).shape(), node(y).shape()), 1, true);
    if (!smooth && Math.floorMod(g.c() / 7, 3) == 0) return;   // keep the bool itself
    List<Integer> cs = node(cond).shape();
    int a = asFloat(pick(g.a() / 3, n -> fits(n.shape(), cs)));
    List<Integer> ca = ProgramShapes.broadcast(cs, node(a).shape());
    int b = asFloat(pick(g.b() / 3, n -> fits(n.shape(), ca)));
    Node na = node(a), nb = node(b);
    add(new Op.Select(cond, a, b), promote(na.dtype(), nb.dtype()), ProgramShapes.broadcast(ca, nb.shape()),
        Math.max(na.bound(), nb.bound()), na.exact() && nb.exact());
  }

  private void convert(Gene g) {
    int x = pick(g.a(), n -> true);
    Node n = node(x);
    List<DType> targets = smooth || !n.exact() ? List.of(DType.F32, DType.F64) : List.of(DType.F32, DType.F64, DType.I32, DType.BOOL);
    DType to = targets.get(Math.floorMod(g.b(), targets.size()));
    if (smooth && !n.dtype().isFloating()) to = DType.F32;
    add(new Op.Convert(to, x), to, n.shape(), to.isBool() ? 1 : n.bound(), n.exact());
  }

  private void broadcastTo(Gene g) {
    int x = pick(g.a(), n -> n.size() <= 4096);
    if (x < 0) { reshape(g); return; }
    Node n = node(x);
    List<Integer> target = new ArrayList<>();
    if (n.rank() < 4 && Math.floorMod(g.b(), 2) == 0) target.add(1 + Math.floorMod(g.c(), 3));
    for (int d : n.shape()) target.add(d == 1 ? 1 + Math.floorMod(g.c() / 3 + target.size(), 4) : d);
    if (size(target) > MAX_ELEMENTS) { reshape(g); return; }
    add(new Op.BroadcastTo(target, x), n.dtype(), target, n.bound(), n.exact());
  }

  private void reshape(Gene g) {
    int x = pick(g.a(), n -> true);
    Node n = node(x);
    add(new Op.Reshape(ProgramShapes.refactor(n.size(), g.b()), x), n.dtype(), ProgramShapes.refactor(n.size(), g.b()), n.bound(), n.exact());
  }

  private void transpose(Gene g) {
    int x = pick(g.a(), n -> n.rank() >= 2);
    if (x < 0) { reshape(g); return; }
    Node n = node(x);
    List<Integer> perm = ProgramShapes.permutation(n.rank(), g.b());
    add(new Op.Transpose(perm, x), n.dtype(), perm.stream().map(n.shape()::get).toList(), n.bound(), n.exact());
  }

  private void expandDims(Gene g) {
    int x = pick(g.a(), n -> n.rank() < 4);
    Node n = node(x);
    int axis = Math.floorMod(g.b(), n.rank() + 1);
    List<Integer> shape = new ArrayList<>(n.shape());
    shape.add(axis, 1);
    add(new Op.ExpandDims(axis, x), n.dtype(), shape, n.bound(), n.exact());
  }

  private void reduce(Gene g) {
    int x0 = pick(g.a(), n -> true);
    List<Integer> axes = ProgramShapes.axes(node(x0).rank(), g.b(), Math.floorMod(g.c() / 8, 2) == 0);
    int n = ProgramShapes.reducedSize(node(x0).shape(), axes);
    List<ReduceKind> kinds = smooth ? List.of(ReduceKind.SUM, ReduceKind.MEAN) : List.of(ReduceKind.values());
    ReduceKind k = kinds.get(Math.floorMod(g.c(), kinds.size()));
    if (n == 0 && (k == ReduceKind.MAX || k == ReduceKind.MIN)) k = ReduceKind.SUM;
    int x = k == ReduceKind.SUM ? bounded(x0, LIMIT / Math.max(1, n)) : asFloat(x0);
    Node nx = node(x);
    boolean keep = Math.floorMod(g.c() / 4, 2) == 0;
    double bound = k == ReduceKind.SUM ? nx.bound() * Math.max(1, n) : nx.bound();
    boolean exact = nx.exact() && (k == ReduceKind.MAX || k == ReduceKind.MIN);
    add(new Op.Reduce(k, axes, keep, x), nx.dtype(), ProgramShapes.reduced(nx.shape(), axes, keep), bound, exact);
  }

  private void matmul(Gene g) {
    int x0 = pick(g.a(), n -> n.rank() >= 1);
    if (x0 < 0) { unary(g); return; }
    int k = node(x0).shape().getLast();
    int y0 = pick(g.b(), n -> (n.rank() == 1 || n.rank() == 2) && n.shape().getFirst() == k && n != node(x0));
    if (y0 < 0 || Math.floorMod(g.c(), 3) == 0) y0 = selfPartner(x0);
    if (size(ProgramShapes.matmul(node(x0).shape(), node(y0).shape())) > MAX_ELEMENTS) { unary(g); return; }
    double limit = Math.sqrt(LIMIT / Math.max(1, k));
    int x = bounded(x0, limit), y = bounded(y0, limit);
    Node nx = node(x), ny = node(y);
    add(new Op.Matmul(x, y), promote(nx.dtype(), ny.dtype()), ProgramShapes.matmul(nx.shape(), ny.shape()),
        nx.bound() * ny.bound() * Math.max(1, k), false);
  }

  /** A partner for {@code x @ ·}: {@code x} itself for a vector, else {@code x} with its last two axes swapped. */
  private int selfPartner(int x) {
    Node n = node(x);
    if (n.rank() == 1) return x;
    List<Integer> perm = new ArrayList<>();
    for (int i = 0; i < n.rank(); i++) perm.add(i);
    perm.set(n.rank() - 1, n.rank() - 2);
    perm.set(n.rank() - 2, n.rank() - 1);
    return add(new Op.Transpose(perm, x), n.dtype(), perm.stream().map(n.shape()::get).toList(), n.bound(), n.exact());
  }

  /** Whether {@code a} and {@code b} broadcast together to at most {@link #MAX_ELEMENTS} elements. */
  private static boolean fits(List<Integer> a, List<Integer> b) {
    return ProgramShapes.broadcastable(a, b) && size(ProgramShapes.broadcast(a, b)) <= MAX_ELEMENTS;
  }

  private static long size(List<Integer> shape) { return shape.stream().mapToLong(Integer::longValue).reduce(1, (p, q) -> p * q); }

  private static DType promote(DType a, DType b) {
    return a == DType.F64 || b == DType.F64 ? DType.F64 : DType.F32;
  }
}
