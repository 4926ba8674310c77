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
 *   <li>its result has exactly one use, by an equation of that group, computed once per element there; or its uses
 *       all sit inside groups (at most {@value #MAX_RECOMPUTED}, each computing it at most {@value #MAX_COPIES} times
 *       per element), and it is {@link Lowering#cheap} (exact arithmetic, comparisons, selects, data movement): then
 *       it joins every one of those groups and is recomputed in each, bit for bit the
 *       same value, instead of being stored and read back (so relu's {@code x > 0} mask is computed inside the
 *       forward select's loop and again inside the backward one, never stored). Other values used twice are
 *       materialised once rather than recomputed. A cheap value that is also a result of the graph is both: recomputed
 *       in its readers' loops and stored by a loop of its own, a sibling of theirs that Program merges with them into
 *       one multi-output step where they share operands;</li>
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

  /** Most loops a {@link Lowering#cheap} value is recomputed in rather than stored. */
  static final int MAX_RECOMPUTED = 4;

  /**
   * Most times a {@link Lowering#cheap} value is computed per element of one loop (its loop body is a tree: a value
   * read twice is expanded twice); bounds the body's growth, which would otherwise double with each level of a
   * chain such as {@code x1 = x0 * x0; x2 = x1 * x1; ...}. Other values are computed exactly once.
   */
  static final int MAX_COPIES = 4;

  /**
   * One loop nest: {@code members} (ascending equation indices, the root last) and their index maps;
   * {@code movesOnly} when every member only moves data (broadcast, transpose, unit reshape).
   */
  record Group(int root, DType dtype, Shape space, Vector<Integer> members, Map<Var, int[]> maps, boolean movesOnly) {
    /**
     * True when fusing buys nothing: a lone equation runs its own tuned kernel, and a chain of data movement runs
     * its eager kernels, which loops reading it read through (and which then disappear).
     */
    boolean trivial() { return members.size() == 1 || movesOnly; }
  }

  /** The groups of {@code g} in root order; equations in no group are not listed. */
  static Vector<Group> partition(Graph g) {
    Vector<Eqn> eqns = g.eqns();
    Map<Var, List<Integer>> uses = uses(g);
    Set<Var> results = new HashSet<>();
    for (Atom a : g.out()) if (a instanceof Var v) results.add(v);
    List<List<Builder>> groupsOf = new ArrayList<>();   // per equation, the groups computing it (local to this call)
    for (int i = 0; i < eqns.size(); i++) groupsOf.add(new ArrayList<>());
    Map<Integer, Builder> groups = new HashMap<>();
    for (int i = eqns.size() - 1; i >= 0; i--) {
      Eqn e = eqns.get(i);
      if (e.out().size() != 1 || e.prim().hasEffect()) continue;
      Var y = e.out().get(0);
      List<Integer> users = uses.getOrDefault(y, List.of());
      Set<Builder> consumers = consumers(users, groupsOf);
      boolean single = users.size() == 1 && consumers.size() == 1 && consumers.iterator().next().copies(users) == 1;
      boolean recompute = !consumers.isEmpty() && consumers.size() <= MAX_RECOMPUTED
          && Lowering.cheap(Lowering.lower(e)) && consumers.stream().allMatch(b -> b.copies(users) <= MAX_COPIES);
      boolean result = results.contains(y);
      Option<DType> d = Lowering.computeDType(e);
      Lowered l = d.isDefined() ? Lowering.inLoop(e, d.get()) : Lowered.OWN_KERNEL;
      Option<Shape> space = rootSpace(e, l);
      boolean roots = space.isDefined() && space.get().rank() <= Kernel.MAX_RANK;
      // a result is recomputed in its readers' loops only when a loop of its own stores it: a result computed by its
      // own kernel needs its operands stored, so they must not vanish into those loops
      if ((result ? recompute && roots : single || recompute)
          && consumers.stream().allMatch(b -> b.members.size() < MAX_MEMBERS && b.accepts(e, y))) {
        for (Builder b : consumers) {
          b.copies.put(i, b.copies(users));
          b.add(i, e, b.maps.get(y));
          groupsOf.get(i).add(b);
        }
        if (!result) continue;
        // a cheap result is recomputed by its readers' loops and still stored by a loop of its own, which then shares
        // its operands with them: Program merges such siblings into one multi-output pass (Adam's m, v and update)
      }
      if (roots) {
        Builder b = new Builder(i, d.get(), space.get());
        b.copies.put(i, 1);
        b.add(i, e, identity(y.type().shape().rank()));
        groups.put(i, b);
        groupsOf.get(i).add(b);
      }
    }
    return Vector.ofAll(groups.values()).sortBy(b -> b.root).map(Builder::build);
  }

  /**
   * The groups computing the users of a value, or the empty set when some user is in no group (then the value is
   * stored for it anyway) or there are no users.
   */
  private static Set<Builder> consumers(List<Integer> users, List<List<Builder>> groupsOf) {
    Set<Builder> c = new java.util.LinkedHashSet<>();
    for (int u : users) {
      if (groupsOf.get(u).isEmpty()) return Set.of();
      c.addAll(groupsOf.get(u));
    }
    return c;
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
        for (int j = 0; j < mx.length; j++)
          mx[j] = dims.get(j) < 0 || x.dim(j) == 1 && shape.dim(dims.get(j)) != 1 ? -1 : m[dims.get(j)];
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
    boolean movesOnly = true;
    /** Per member, how many times the body computes it per element (the sum over its readers' reads). */
    final Map<Integer, Integer> copies = new HashMap<>();

    Builder(int root, DType dtype, Shape space) {
      this.root = root;
      this.dtype = dtype;
      this.space = space;
    }

    /** How many times a value read by {@code users} (one entry per read) is computed per element of this loop. */
    int copies(List<Integer> users) {
      int n = 0;
      for (int u : users) n += copies.getOrDefault(u, 0);
      return n;
    }

    boolean accepts(Eqn e, Var y) {
      boolean half = Lowering.touchesHalf(e) || dtype.isHalf();      // 16-bit values fuse only among themselves
      return !Lowering.touchesByte(e) && (!half || Lowering.halfFusible(e, dtype)) && Lowering.inLoop(e, dtype).anywhere() && y.type().shape().size() == space.size() && maps.containsKey(y);
    }

    void add(int i, Eqn e, int[] resultMap) {
      members.add(0, i);
      movesOnly &= Lowering.lower(e).movesData();
      maps.put(e.out().get(0), resultMap);
      Vector<int[]> ms = operandMaps(e, resultMap);
      for (int k = 0; k < e.in().size(); k++)
        if (e.in().get(k) instanceof Var v) maps.putIfAbsent(v, ms.get(k));
    }

    Group build() { return new Group(root, dtype, space, Vector.ofAll(members), Map.copyOf(maps), movesOnly); }
  }
}
