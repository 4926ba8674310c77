package io.graft.jit;

import io.graft.numerics.NdArray;
import io.graft.jit.cpu.FusedKernels;
import io.graft.jit.kernel.Reduction;
import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Lit;
import io.graft.trace.Var;
import io.graft.trace.Compiler;
import io.graft.trace.Graphs;
import io.graft.trace.prim.ControlFlow;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A graph lowered to {@link Step}s with its buffer plan: one slot per variable, the step after which each slot is
 * dead (its last reader; results live to the end), and for each fused step the operands whose buffers it may
 * overwrite (read contiguously like the result, same dtype and size, dead after the step, produced by an earlier
 * step rather than passed in). Built once per compiled signature; immutable. It owns its compiled kernels (equal
 * loops within one program compile once; nothing is shared between programs), so they die with it.
 *
 * <p>Example: {@code d = tanh a; e = mul d b; f = reduce_sum e} becomes one fused step reading slots {@code a, b};
 * {@code a} and {@code b} are parameters, so neither is freed early nor overwritten.
 */
final class Program {
  final Graph graph;
  final Vector<Step> steps;
  final int slots;
  final int[][] freeAfter;     // per step: slots that die after it
  final int[] resultSlots;     // -1 for a literal result
  final int[] paramSlots;
  final Map<Var, Integer> slotOf;

  private Program(Graph graph, Vector<Step> steps, Map<Var, Integer> slotOf, int[][] freeAfter) {
    this.graph = graph;
    this.steps = steps;
    this.slotOf = slotOf;
    this.slots = slotOf.size();
    this.freeAfter = freeAfter;
    this.resultSlots = graph.out().toJavaStream().mapToInt(a -> a instanceof Var v ? slotOf.get(v) : -1).toArray();
    this.paramSlots = graph.in().toJavaStream().mapToInt(slotOf::get).toArray();
  }

  /** {@code g} lowered; with {@code fuse} false every equation is a {@link Step.Call} (the NaN-checking mode). */
  static Program of(Graph g, boolean fuse) { return of(g, fuse, false); }

  /**
   * {@code g} lowered; with {@code loneLoops} a lone equation that a loop can compute (a fusion group of one) is a
   * {@link Step.Fused} too, rather than a call of its tuned kernel: a device backend has loops, not the CPU kernels.
   */
  static Program of(Graph g, boolean fuse, boolean loneLoops) {
    Map<Var, Integer> slotOf = new HashMap<>();
    Map<Var, Integer> defs = new HashMap<>();
    for (Var v : g.constVars()) slotOf.put(v, slotOf.size());
    for (Var v : g.in()) slotOf.put(v, slotOf.size());
    for (int i = 0; i < g.eqns().size(); i++)
      for (Var v : g.eqns().get(i).out()) { slotOf.put(v, slotOf.size()); defs.put(v, i); }
    Vector<Fusion.Group> all = fuse ? Fusion.partition(g) : Vector.empty();
    // equations of a trivial group run one by one (unless loneLoops), also those recomputed in another loop
    // (Fusion.MAX_RECOMPUTED)
    Set<Integer> called = new HashSet<>();
    if (!loneLoops) for (Fusion.Group grp : all) if (grp.trivial()) called.addAll(grp.members().asJava());
    Map<Integer, KernelBuilder> lowered = lower(g, defs, all.filter(grp -> loneLoops || !grp.trivial()), called);
    int[] rootOf = new int[g.eqns().size()];
    Arrays.fill(rootOf, -1);
    for (KernelBuilder b : lowered.values()) for (int m : b.group.members()) rootOf[m] = b.group.root();
    // so do those of a group too large for one kernel, and of trivial groups: each gets a buffer of its own
    for (Fusion.Group grp : all) if (!lowered.containsKey(grp.root())) for (int m : grp.members()) rootOf[m] = -1;
    List<Step> steps = new ArrayList<>();
    List<KernelBuilder> builders = new ArrayList<>();
    for (int i = 0; i < g.eqns().size(); i++) {
      Eqn e = g.eqns().get(i);
      if (rootOf[i] >= 0 && rootOf[i] != i) continue;
      if (rootOf[i] == i) {
        KernelBuilder b = lowered.get(i);
        builders.add(b);
        steps.add(new Step.Fused(b.group.members(), FusedKernels.compile(b.kernel), slots(b.inputs, slotOf),
            b.literals(), new int[] {slotOf.get(e.out().get(0))}, e.out().get(0).type(), new int[0]));
      } else {
        builders.add(null);
        int[] outSlots = e.out().toJavaStream().mapToInt(slotOf::get).toArray();
        if (e.prim() instanceof ControlFlow c) {
          // each sub-graph optimised and compiled once, here; the control step runs the executables per iteration
          Vector<Compiler.Executable> subs = c.graphs().map(sub -> (Compiler.Executable) new Executor(Program.of(Graphs.check(Passes.optimize(sub)), fuse)));
          steps.add(new Step.Control(i, e, c, subs, slots(e.in(), slotOf), literals(e.in()), outSlots));
        } else {
          steps.add(new Step.Call(i, e, slots(e.in(), slotOf), literals(e.in()), outSlots));
        }
      }
    }
    dropUnread(g, steps, builders, slotOf);
    int[] lastUse = lastUse(g, steps, slotOf);
    int firstStepSlot = g.constVars().size() + g.in().size();
    for (int s = 0; s < steps.size(); s++)
      if (steps.get(s) instanceof Step.Fused f) steps.set(s, withInPlace(f, builders.get(s), s, lastUse, firstStepSlot));
    return new Program(g, Vector.ofAll(steps), slotOf, frees(steps, lastUse, slotOf.size()));
  }

  /** The loop of every non-trivial fusion group that fits one kernel, by root equation. */
  private static Map<Integer, KernelBuilder> lower(Graph g, Map<Var, Integer> defs, Vector<Fusion.Group> groups,
                                                   Set<Integer> called) {
    Set<Integer> inner = new HashSet<>();   // equations computed inside a loop only: no buffer of their own
    for (Fusion.Group grp : groups) for (int m : grp.members()) if (m != grp.root() && !called.contains(m)) inner.add(m);
    Predicate<Atom> materialized = a -> !(a instanceof Var v && defs.containsKey(v) && inner.contains(defs.get(v)));
    Map<Integer, KernelBuilder> lowered = new HashMap<>();
    for (Fusion.Group grp : groups) {
      KernelBuilder b = new KernelBuilder(g, defs, grp, materialized);
      if (b.kernel != null) lowered.put(grp.root(), b);   // null: too many operands; its equations run one by one
    }
    return lowered;
  }

  /** Removes effect-free calls whose results no step reads and no result is (e.g. a broadcast every loop reads through). */
  private static void dropUnread(Graph g, List<Step> steps, List<KernelBuilder> builders, Map<Var, Integer> slotOf) {
    for (boolean changed = true; changed; ) {
      changed = false;
      int[] last = lastUse(g, steps, slotOf);
      for (int s = steps.size() - 1; s >= 0; s--) {
        if (!(steps.get(s) instanceof Step.Call c) || c.eqn().prim().hasEffect()) continue;
        boolean unread = true;
        for (int o : c.outSlots()) unread &= last[o] < 0;
        if (unread) { steps.remove(s); builders.remove(s); changed = true; }
      }
    }
  }

  private static int[] slots(Iterable<Atom> atoms, Map<Var, Integer> slotOf) {
    List<Integer> s = new ArrayList<>();
    for (Atom a : atoms) s.add(a instanceof Var v ? slotOf.get(v) : -1);
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  private static NdArray[] literals(Vector<Atom> atoms) {
    return atoms.map(a -> a instanceof Lit l ? l.value() : null).toJavaArray(NdArray[]::new);
  }

  /** Per slot: the last step reading it, {@code steps.size()} for results, -1 if never read. */
  private static int[] lastUse(Graph g, List<Step> steps, Map<Var, Integer> slotOf) {
    int[] last = new int[slotOf.size()];
    Arrays.fill(last, -1);
    for (int i = 0; i < steps.size(); i++) for (int s : steps.get(i).inSlots()) if (s >= 0) last[s] = i;
    for (Atom a : g.out()) if (a instanceof Var v) last[slotOf.get(v)] = steps.size();
    return last;
  }

  private static Step.Fused withInPlace(Step.Fused f, KernelBuilder b, int step, int[] lastUse, int firstStepSlot) {
    if (b.kernel.reduction() != Reduction.NONE) return f;
    List<Integer> ok = new ArrayList<>();
    for (int k = 0; k < f.inSlots().length; k++) {
      int s = f.inSlots()[k];
      int uses = 0;
      for (int t : f.inSlots()) if (t == s) uses++;
      if (s >= firstStepSlot && uses == 1 && lastUse[s] == step && b.readsLikeOutput(k, b.kernel.outDType())) ok.add(k);
    }
    return new Step.Fused(f.members(), f.kernel(), f.inSlots(), f.literals(), f.outSlots(), f.out(),
        ok.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Per step: the slots dead after it (after their last reader; a never-read step result right after its step). */
  private static int[][] frees(List<Step> steps, int[] lastUse, int slots) {
    List<List<Integer>> frees = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) frees.add(new ArrayList<>());
    for (int i = 0; i < steps.size(); i++) for (int s : steps.get(i).outSlots()) if (lastUse[s] < 0) frees.get(i).add(s);
    for (int s = 0; s < slots; s++) if (lastUse[s] >= 0 && lastUse[s] < steps.size()) frees.get(lastUse[s]).add(s);
    return frees.stream().map(l -> l.stream().distinct().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
  }
}
