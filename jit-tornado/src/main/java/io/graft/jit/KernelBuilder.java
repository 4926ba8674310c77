package io.graft.jit;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Lit;
import io.graft.trace.Var;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a {@link Fusion.Group} into a {@link Kernel}: the body is the root's {@link Lowering#expr} with every member
 * operand expanded in place, every other operand an input read through its index map (as strides over the space),
 * rank-0 literals constants. Equal (operand, index map) pairs share one input. A broadcast or transpose computed
 * outside the group (it has other uses) is read through: the loop reads its operand with the composed index map,
 * so the materialised copy is not needed here (and disappears when no step reads it).
 *
 * <p>Example: {@code c = broadcast_in_dim[shape=(4,3) broadcast_dimensions=(1,)] b; d = add a c} over {@code a:f32[4,3]}
 * gives {@code in0 = a} with strides {@code (3,1)}, {@code in1 = b} with strides {@code (0,1)}, body {@code add(in0, in1)}.
 */
final class KernelBuilder {
  private final Graph graph;
  private final Map<Var, Integer> defs;
  final Fusion.Group group;
  private final Set<Integer> members;
  private final Predicate<Atom> materialized;
  final List<Atom> inputs = new ArrayList<>();
  private final List<int[]> inputMaps = new ArrayList<>();
  final List<Access> accesses = new ArrayList<>();
  /** The lowered loop nest; null when the group reads more than {@link Kernel#MAX_INPUTS} distinct operands. */
  final Kernel kernel;

  /**
   * Lowers {@code group}; {@code defs} gives each variable's defining equation, {@code materialized} whether an
   * operand has a buffer at run time (a value computed inside another loop has none, so it cannot be read through).
   */
  KernelBuilder(Graph graph, Map<Var, Integer> defs, Fusion.Group group, Predicate<Atom> materialized) {
    this.graph = graph;
    this.materialized = materialized;
    this.defs = defs;
    this.group = group;
    this.members = new HashSet<>(group.members().asJava());
    this.kernel = lower();
  }

  private Kernel lower() {
    Eqn root = graph.eqns().get(group.root());
    Var y = root.out().get(0);
    int[] identity = new int[y.type().rank()];
    Arrays.setAll(identity, i -> i);
    Expr body = eqnExpr(root, identity);
    if (accesses.size() > Kernel.MAX_INPUTS) return null;   // the caller runs the group's equations one by one
    return switch (Lowering.lower(root)) {
      case Lowered.Fold(var op, var axes) -> new Kernel(group.dtype(), group.space(), accesses, body, op, axes, y.type().dtype());
      case Lowered.Elementwise _, Lowered.Broadcast _, Lowered.Permute _ ->
          new Kernel(group.dtype(), group.space(), accesses, body, Reduction.NONE, Ints.of(), y.type().dtype());
      case Lowered.OwnKernel _ -> throw new IllegalStateException(
          "jit: " + root.prim().name() + " runs its own kernel; it cannot root a fused loop");
    };
  }

  private Expr eqnExpr(Eqn e, int[] map) {
    Vector<int[]> maps = Fusion.operandMaps(e, map);
    Vector<Expr> operands = Vector.empty();
    for (int k = 0; k < e.in().size(); k++) operands = operands.append(atomExpr(e.in().get(k), maps.get(k)));
    return Lowering.expr(e, operands);
  }

  private Expr atomExpr(Atom a, int[] map) {
    if (a instanceof Lit l && l.type().rank() == 0) return new Expr.Constant(l.value().getDouble(0));
    if (a instanceof Var v && defs.containsKey(v)) {
      Eqn def = graph.eqns().get(defs.get(v));
      if (members.contains(defs.get(v))) return eqnExpr(def, map);
      if (Lowering.lower(def).movesData() && materialized.test(def.in().get(0)))
        return atomExpr(def.in().get(0), Fusion.operandMaps(def, map).get(0));   // read through: no copy
    }
    for (int k = 0; k < inputs.size(); k++)
      if (Objects.equals(inputs.get(k), a) && Arrays.equals(inputMaps.get(k), map)) return new Expr.Input(k);
    inputs.add(a);
    inputMaps.add(map);
    accesses.add(new Access(a.type().dtype(), strides(a.type().shape(), map, group.space())));
    return new Expr.Input(inputs.size() - 1);
  }

  /** Strides over the space of an operand of {@code shape} whose dimension {@code j} follows space axis {@code map[j]}. */
  static Ints strides(Shape shape, int[] map, Shape space) {
    int[] own = shape.strides();
    int[] s = new int[space.rank()];
    for (int j = 0; j < map.length; j++) if (map[j] >= 0 && shape.dim(j) != 1) s[map[j]] += own[j];
    return Ints.of(s);
  }

  /** True when input {@code k} is read contiguously over the whole space, as the result of a NONE loop is written. */
  boolean readsLikeOutput(int k, DType outDType) {
    Atom a = inputs.get(k);
    if (!(a instanceof Var) || a.type().dtype() != outDType || a.type().shape().size() != group.space().size()) return false;
    Shape space = group.space();
    int[] contiguous = space.strides();
    for (int ax = 0; ax < space.rank(); ax++)
      if (space.dim(ax) > 1 && accesses.get(k).strides().get(ax) != contiguous[ax]) return false;
    return true;
  }

  /** Literal operand arrays (null for variables). */
  NdArray[] literals() {
    NdArray[] l = new NdArray[inputs.size()];
    for (int k = 0; k < l.length; k++) if (inputs.get(k) instanceof Lit lit) l[k] = lit.value();
    return l;
  }
}
