package io.graft.jit;

import io.graft.numerics.DType;
import io.graft.numerics.Shape;
import io.graft.jit.kernel.Kernel;
import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Var;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Partitions a graph's equations into fusion groups: each group is one loop nest over its root's iteration space
 * (the root's shape, or a reduction root's operand shape), holding the root and every producer that can be computed
 * inside the same loop.
 *
 * <p>The rule (greedy, from the last equation back): an equation joins the group of its consumer when
 * <ul>
 *   <li>its result has exactly one use, by an equation of that group (values used twice are materialised once
 *       rather than recomputed);</li>
 *   <li>it is elementwise or data movement ({@link Lowering#inLoop}, {@link Lowered#anywhere}) in the group's
 *       compute dtype (bf16/f16 equations only in a group of their own 16-bit dtype: {@link Lowering#halfFusible});</li>
 *   <li>its result has as many elements as the loop's space (never recomputed across a broadcast).</li>
 * </ul>
 * Otherwise it roots a new group if it can ({@link Lowering#computeDType}), or stays a step of its own. Reductions
 * only root groups. Every value a group reads from outside becomes an input with an index map: for each of its
 * dimensions, the space axis it follows ({@code -1}: a broadcast size-1 dimension).
 *
 * <p>Example: {@code sum(tanh(x) * y + exp(-x * x))} is one group of six equations with inputs {@code x, y}.
 */
final class Fusion {
  private Fusion() {}

  /**
   * Most equations in one group: bounds the generated method (one bytecode expression per element, well under the
   * JVM's 64 KiB per method) and the SIMD evaluator's scratch (three blocks per tree level).
   */
  static final int MAX_MEMBERS = 128;

  /** One loop nest: {@code members} (ascending equation indices, the root last) and their index maps. */
  record Group(int root, DType dtype, Shape space, Vector<Integer> members, Map<Var, int[]> maps) {
    /** True when fusing buys nothing: a lone equation runs its own tuned kernel. */
    boolean trivial() { return members.size() == 1; }
  }

  /** The groups of {@code g} in root order; equations in no group are not listed. */
  static Vector<Group> partition(Graph g) {
    Vector<Eqn> eqns = g.eqns();
    Map<Var, List<Integer>> uses = uses(g);
    Set<Var> results = new HashSet<>();
    for (Atom a : g.out()) if (a instanceof Var v) results.add(v);
    int[] groupOf = new int[eqns.size()];
    java.util.Arrays.fill(groupOf, -1);
    Map<Integer, Builder> groups = new HashMap<>();
    for (int i = eqns.size() - 1; i >= 0; i--) {
      Eqn e = eqns.get(i);
      if (e.out().size() != 1 || e.prim().hasEffect()) continue;
      Var y = e.out().get(0);
      List<Integer> users = uses.getOrDefault(y, List.of());
      if (!results.contains(y) && users.size() == 1 && groupOf[users.get(0)] >= 0
          && groups.get(groupOf[users.get(0)]).members.size() < MAX_MEMBERS) {
        Builder b = groups.get(groupOf[users.get(0)]);
        if (b.accepts(e, y)) {
          b.add(i, e, b.maps.get(y));
          groupOf[i] = b.root;
          continue;
        }
      }
      Option<DType> d = Lowering.computeDType(e);
      Lowered l = d.isDefined() ? Lowering.inLoop(e, d.get()) : Lowered.OWN_KERNEL;
      Option<Shape> space = rootSpace(e, l);
      if (space.isDefined() && space.get().rank() <= Kernel.MAX_RANK) {
        Builder b = new Builder(i, d.get(), space.get());
        b.add(i, e, identity(y.type().shape().rank()));
        groups.put(i, b);
        groupOf[i] = i;
      }
    }
    return Vector.ofAll(groups.values()).sortBy(b -> b.root).map(Builder::build);
  }

  /** Consumers of each variable (an equation reading a variable twice is listed twice). */
  private static Map<Var, List<Integer>> uses(Graph g) {
    Map<Var, List<Integer>> uses = new HashMap<>();
    for (int i = 0; i < g.eqns().size(); i++)
      for (Atom a : g.eqns().get(i).in()) if (a instanceof Var v) uses.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
    return uses;
  }

  private static int[] identity(int rank) {
    int[] m = new int[rank];
    for (int i = 0; i < rank; i++) m[i] = i;
    return m;
  }

  /** The iteration space of a loop rooted at {@code e} lowered to {@code l}: a fold's operand shape, else the result's. */
  private static Option<Shape> rootSpace(Eqn e, Lowered l) {
    return switch (l) {
      case Lowered.Fold _ -> Option.of(e.in().get(0).type().shape());
      case Lowered.Elementwise _, Lowered.Broadcast _, Lowered.Permute _ -> Option.of(e.out().get(0).type().shape());
      case Lowered.OwnKernel _ -> Option.none();
    };
  }

  /** The index maps of {@code e}'s operands, given the map {@code m} of its result ({@code e} is in a loop). */
  static Vector<int[]> operandMaps(Eqn e, int[] m) {
    return switch (Lowering.lower(e)) {
      case Lowered.Fold _ -> Vector.of(identity(e.in().get(0).type().rank()));
      case Lowered.Broadcast(var shape, var dims) -> {
        Shape x = e.in().get(0).type().shape();
        int[] mx = new int[x.rank()];
        for (int j = 0; j < mx.length; j++) mx[j] = x.dim(j) == 1 && shape.dim(dims.get(j)) != 1 ? -1 : m[dims.get(j)];
        yield Vector.of(mx);
      }
      case Lowered.Permute(var permutation) -> {
        int[] mx = new int[m.length];
        for (int i = 0; i < m.length; i++) mx[permutation.get(i)] = m[i];
        yield Vector.of(mx);
      }
      case Lowered.Elementwise _ -> e.in().map(a -> a.type().rank() == m.length ? m : new int[0]);   // same shape or rank 0
      case Lowered.OwnKernel _ -> throw new IllegalStateException(
          "jit: " + e.prim().name() + " runs its own kernel; it has no index maps in a fused loop");
    };
  }

  /** A group being grown. */
  private static final class Builder {
    final int root;
    final DType dtype;
    final Shape space;
    final List<Integer> members = new ArrayList<>();
    final Map<Var, int[]> maps = new HashMap<>();

    Builder(int root, DType dtype, Shape space) {
      this.root = root;
      this.dtype = dtype;
      this.space = space;
    }

    boolean accepts(Eqn e, Var y) {
      boolean half = Lowering.touchesHalf(e) || dtype.isHalf();      // 16-bit values fuse only among themselves
      return (!half || Lowering.halfFusible(e, dtype)) && Lowering.inLoop(e, dtype).anywhere() && y.type().shape().size() == space.size() && maps.containsKey(y);
    }

    void add(int i, Eqn e, int[] resultMap) {
      members.add(0, i);
      maps.put(e.out().get(0), resultMap);
      Vector<int[]> ms = operandMaps(e, resultMap);
      for (int k = 0; k < e.in().size(); k++)
        if (e.in().get(k) instanceof Var v) maps.putIfAbsent(v, ms.get(k));
    }

    Group build() { return new Group(root, dtype, space, Vector.ofAll(members), Map.copyOf(maps)); }
  }
}
