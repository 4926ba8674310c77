package io.graft.jit;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.jit.cpu.FusedKernels;
import io.graft.jit.kernel.Access;
import io.graft.jit.kernel.Expr;
import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.MultiKernel;
import io.graft.jit.kernel.Reduction;
import io.graft.trace.ShapedType;
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
 * overwrite (read contiguously like the result, same dtype and size, dead after the step, not a constant; a parameter
 * only when the run owns its buffer, i.e. it was donated). Built once per compiled signature; immutable. It owns its compiled kernels (equal
 * loops within one program compile once; nothing is shared between programs), so they die with it.
 *
 * <p>Example: {@code d = tanh a; e = mul d b; f = reduce_sum e} becomes one fused step reading slots {@code a, b};
 * {@code a} and {@code b} are parameters: they are overwritten only in a run they were donated to.
 */
final class Program {
  final Graph graph;
  final Vector<Step> steps;
  final int slots;
  final int[][] freeAfter;     // per step: slots that die after it
  final int[] resultSlots;     // -1 for a literal result
  final int[] paramSlots;
  final Map<Var, Integer> slotOf;
  /** Per step, the results ({@code graph.out()} positions) it computes; see {@link #resultsAtStart}. */
  final int[][] resultsAfter;
  /** The results no step computes: literals, parameters and constants, final before the first step. */
  final int[] resultsAtStart;
  /**
   * Per equation, the plan its step keeps across runs ({@code WritesInto.plan}: a convolution's offset tables), null
   * until the first run. Written without a lock: plans are immutable, and a run that misses another's makes its own.
   */
  final Object[] plans;
  /**
   * Per step, the later fused step that runs as its product's epilogue when the product can take one (see
   * {@link Epilogues#find}), else -1; null when no step has one.
   */
  final int[] epilogue;
  /** Per step, the accumulation its product runs instead of its epilogue when it can ({@link Accumulate}); null when none. */
  final Accumulate[] accumulate;

  private Program(Graph graph, Vector<Step> steps, Map<Var, Integer> slotOf, int[][] freeAfter, int[] epilogue,
                  int[] lastUse) {
    this.graph = graph;
    this.epilogue = epilogue;
    this.accumulate = lastUse == null ? null : Accumulate.find(steps.asJava(), epilogue, lastUse);
    this.steps = steps;
    this.slotOf = slotOf;
    this.slots = slotOf.size();
    this.plans = new Object[graph.eqns().size()];
    this.freeAfter = freeAfter;
    this.resultSlots = graph.out().toJavaStream().mapToInt(a -> a instanceof Var v ? slotOf.get(v) : -1).toArray();
    this.paramSlots = graph.in().toJavaStream().mapToInt(slotOf::get).toArray();
    Map<Integer, Integer> writer = new HashMap<>();   // slot -> the step writing it
    for (int i = 0; i < steps.size(); i++) for (int s : steps.get(i).outSlots()) writer.put(s, i);
    List<List<Integer>> after = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) after.add(new ArrayList<>());
    List<Integer> atStart = new ArrayList<>();
    for (int k = 0; k < resultSlots.length; k++) {
      Integer step = resultSlots[k] < 0 ? null : writer.get(resultSlots[k]);
      (step == null ? atStart : after.get(step)).add(k);
    }
    this.resultsAfter = after.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    this.resultsAtStart = atStart.stream().mapToInt(Integer::intValue).toArray();
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
    // a result is stored by a step of its own (its loop's root, else its kernel), also when other loops recompute it
    for (Atom a : g.out())
      if (a instanceof Var v && defs.containsKey(v)) rootOf[defs.get(v)] = lowered.containsKey(defs.get(v)) ? defs.get(v) : -1;
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
    if (fuse && !loneLoops) mergeSiblings(steps, builders);
    if (fuse && !loneLoops && Epilogues.enabled()) Accumulate.sinkProducts(steps, builders);
    checkOrder(g, steps);
    int[] lastUse = lastUse(g, steps, slotOf);
    // constants never; parameters too, for the executor writes over a buffer only when its run owns it alone, which a
    // parameter's is only when donated (a recycled argument, a loop's previous carry)
    int firstWritable = g.constVars().size();
    for (int s = 0; s < steps.size(); s++)
      switch (steps.get(s)) {
        case Step.Fused f -> steps.set(s, withInPlace(f, builders.get(s), s, lastUse, firstWritable));
        case Step.MultiFused f -> steps.set(s, withInPlace(f, s, lastUse, firstWritable));
        case Step.Call c -> { }
        case Step.Control c -> { }
      }
    return new Program(g, Vector.ofAll(steps), slotOf, frees(steps, lastUse, slotOf.size()),
        fuse && !loneLoops ? Epilogues.find(steps, lastUse) : null, lastUse);
  }

  /**
   * Fails when a step reads a slot no constant, parameter or earlier step holds: {@link #mergeSiblings} and {@link
   * Accumulate#sinkProducts} move steps, and a broken order would otherwise be a null operand in the middle of a run.
   */
  private static void checkOrder(Graph g, List<Step> steps) {
    int ready = g.constVars().size() + g.in().size();   // the first slots: constants, then parameters
    Set<Integer> written = new HashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      for (int s : steps.get(i).inSlots()) {
        if (s >= ready && !written.contains(s)) {
          throw new IllegalStateException("jit: internal error: step " + i + " of the program reads a value that no"
              + " earlier step computes (slot " + s + "); please report it with this graph:\n" + g);
        }
      }
      for (int s : steps.get(i).outSlots()) written.add(s);
    }
  }

  /** The loop of every non-trivial fusion group that fits one kernel, by root equation. */
  private static Map<Integer, KernelBuilder> lower(Graph g, Map<Var, Integer> defs, Vector<Fusion.Group> groups,
                                                   Set<Integer> called) {
    Set<Integer> inner = new HashSet<>();   // equations computed inside a loop only: no buffer of their own
    for (Fusion.Group grp : groups) for (int m : grp.members()) if (m != grp.root() && !called.contains(m)) inner.add(m);
    for (Fusion.Group grp : groups) inner.remove(grp.root());   // a root recomputed in other loops is stored too
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

  /**
   * Multi-output fusion: merges fused steps over one iteration space and compute dtype that read a common operand
   * slot into one {@link Step.MultiFused} (folding parts only with equal reduced axes), placed where the last of them
   * stood. Greedy, from each fused step forward: a later fused step joins while no step from the first member up to
   * it reads a result of the members (each member then still runs after its operands and before its readers), at most
   * {@link MultiKernel#MAX_PARTS} parts and {@link Kernel#MAX_INPUTS} distinct (operand, access) inputs in all. Each
   * part keeps its single-output body, renumbered over the union of the inputs.
   */
  private static void mergeSiblings(List<Step> steps, List<KernelBuilder> builders) {
    for (int s = 0; s < steps.size(); s++) {
      if (!(steps.get(s) instanceof Step.Fused seed)) continue;
      List<Integer> chosen = new ArrayList<>(List.of(s));
      Set<Integer> made = new HashSet<>(), read = new HashSet<>();
      for (int o : seed.outSlots()) made.add(o);
      for (int i : seed.inSlots()) if (i >= 0) read.add(i);
      Inputs union = new Inputs();
      union.add(seed);
      Kernel folding = seed.kernel().kernel().reduction() == Reduction.NONE ? null : seed.kernel().kernel();
      for (int t = s + 1; t < steps.size() && chosen.size() < MultiKernel.MAX_PARTS; t++) {
        Step st = steps.get(t);
        boolean readsMade = false;
        for (int i : st.inSlots()) readsMade |= made.contains(i);
        if (readsMade) break;                              // the members cannot move past a reader of their results
        if (!(st instanceof Step.Fused f) || !sibling(seed.kernel().kernel(), f.kernel().kernel())
            || folding != null && !sibling(folding, f.kernel().kernel())) continue;
        boolean shares = false;                            // an operand read element by element, not a broadcast scalar
        for (int k = 0; k < f.inSlots().length; k++) shares |= f.inSlots()[k] >= 0 && read.contains(f.inSlots()[k]) && !scalar(f, k);
        if (!shares || union.with(f) > Kernel.MAX_INPUTS) continue;
        chosen.add(t);
        union.add(f);
        if (folding == null && f.kernel().kernel().reduction() != Reduction.NONE) folding = f.kernel().kernel();
        for (int o : f.outSlots()) made.add(o);
        for (int i : f.inSlots()) if (i >= 0) read.add(i);
      }
      if (chosen.size() < 2) continue;
      List<Kernel> parts = new ArrayList<>();
      Vector<Vector<Integer>> members = Vector.empty();
      Vector<ShapedType> outs = Vector.empty();
      int[] outSlots = new int[chosen.size()];
      for (int c = 0; c < chosen.size(); c++) {
        Step.Fused f = (Step.Fused) steps.get(chosen.get(c));
        parts.add(union.part(f));
        members = members.append(f.members());
        outs = outs.append(f.out());
        outSlots[c] = f.outSlots()[0];
      }
      int last = chosen.getLast();
      steps.set(last, new Step.MultiFused(members, FusedKernels.compile(new MultiKernel(parts)), union.slots(),
          union.literals(), outSlots, outs, new int[outSlots.length][]));
      builders.set(last, null);
      for (int c = chosen.size() - 2; c >= 0; c--) {
        steps.remove((int) chosen.get(c));
        builders.remove((int) chosen.get(c));
      }
      s--;                                                 // the step now at s is another one: try it as a seed
    }
  }

  /**
   * Whether loop {@code f} reads operand {@code k} as one broadcast value (every stride 0): sharing such an operand (a
   * step count, Adam's bias corrections) saves no pass over memory, so it does not make two loops siblings; left to it,
   * the greedy merge took every parameter update of one shape into the first leaf's step, away from the moment and
   * variance updates that read the same gradient.
   */
  private static boolean scalar(Step.Fused f, int k) {
    if (f.kernel().kernel().space().size() <= 1) return false;    // a loop over one element reads everything so
    Ints strides = f.kernel().kernel().inputs().get(k).strides();
    for (int a = 0; a < strides.size(); a++) if (strides.get(a) != 0) return false;
    return true;
  }

  /** Whether two loops can be parts of one multi-output kernel: one space and compute dtype, one set of reduced axes. */
  private static boolean sibling(Kernel a, Kernel b) {
    return a.dtype() == b.dtype() && a.space().equals(b.space())
        && (a.reduction() == Reduction.NONE || b.reduction() == Reduction.NONE || a.reducedAxes().equals(b.reducedAxes()));
  }

  /** The union of the merged steps' inputs: one entry per distinct (slot or literal, access). Local to one merge. */
  private static final class Inputs {
    final List<Integer> slots = new ArrayList<>();
    final List<NdArray> literals = new ArrayList<>();
    final List<Access> accesses = new ArrayList<>();

    private int find(int slot, NdArray literal, Access a) {
      for (int k = 0; k < slots.size(); k++)
        if (slots.get(k) == slot && literals.get(k) == literal && accesses.get(k).equals(a)) return k;
      return -1;
    }

    /** The union's size with {@code f}'s inputs added. */
    int with(Step.Fused f) {
      int n = slots.size();
      List<Access> in = f.kernel().kernel().inputs();
      for (int k = 0; k < in.size(); k++) if (find(f.inSlots()[k], f.literals()[k], in.get(k)) < 0) n++;
      return n;
    }

    void add(Step.Fused f) {
      List<Access> in = f.kernel().kernel().inputs();
      for (int k = 0; k < in.size(); k++) {
        if (find(f.inSlots()[k], f.literals()[k], in.get(k)) >= 0) continue;
        slots.add(f.inSlots()[k]);
        literals.add(f.literals()[k]);
        accesses.add(in.get(k));
      }
    }

    /** {@code f}'s kernel reading the whole union (every input of {@code f} was added). */
    Kernel part(Step.Fused f) {
      Kernel k = f.kernel().kernel();
      int[] index = new int[k.inputs().size()];
      for (int i = 0; i < index.length; i++) index[i] = find(f.inSlots()[i], f.literals()[i], k.inputs().get(i));
      return new Kernel(k.dtype(), k.space(), accesses, Expr.renumber(k.body(), index), k.reduction(), k.reducedAxes(),
          k.outDType());
    }

    int[] slots() { return slots.stream().mapToInt(Integer::intValue).toArray(); }

    NdArray[] literals() { return literals.toArray(NdArray[]::new); }
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

  private static Step.Fused withInPlace(Step.Fused f, KernelBuilder b, int step, int[] lastUse, int firstWritable) {
    if (b.kernel.reduction() != Reduction.NONE) return f;
    List<Integer> ok = new ArrayList<>();
    for (int k = 0; k < f.inSlots().length; k++) {
      int s = f.inSlots()[k];
      int uses = 0;
      for (int t : f.inSlots()) if (t == s) uses++;
      if (s >= firstWritable && uses == 1 && lastUse[s] == step && b.readsLikeOutput(k, b.kernel.outDType())) ok.add(k);
    }
    return new Step.Fused(f.members(), f.kernel(), f.inSlots(), f.literals(), f.outSlots(), f.out(),
        ok.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The multi-output step with, per output, the operands it may overwrite: as for one loop ({@link #withInPlace(Step.Fused,
   * KernelBuilder, int, int[], int)}), and only when every part is elementwise, because the parts' shared pass computes a
   * piece of every output before it writes any ({@code CompiledMultiKernel#applyInto}) but a fold would read the operand
   * again afterwards.
   */
  private static Step.MultiFused withInPlace(Step.MultiFused f, int step, int[] lastUse, int firstWritable) {
    List<Kernel> parts = f.kernel().kernel().parts();
    int[][] ok = new int[parts.size()][];
    boolean elementwise = parts.stream().allMatch(k -> k.reduction() == Reduction.NONE);
    for (int o = 0; o < ok.length; o++) {
      Kernel part = parts.get(o);
      List<Integer> c = new ArrayList<>();
      for (int k = 0; elementwise && k < f.inSlots().length; k++) {
        int s = f.inSlots()[k], uses = 0;
        for (int t : f.inSlots()) if (t == s) uses++;
        Access a = part.inputs().get(k);
        if (s >= firstWritable && uses == 1 && lastUse[s] == step && a.dtype() == part.outDType() && readsLikeOutput(a, part))
          c.add(k);
      }
      ok[o] = c.stream().mapToInt(Integer::intValue).toArray();
    }
    return new Step.MultiFused(f.members(), f.kernel(), f.inSlots(), f.literals(), f.outSlots(), f.outs(), ok);
  }

  /** Whether {@code a} reads its operand in {@code k}'s iteration order, as an elementwise kernel writes its result. */
  static boolean readsLikeOutput(Access a, Kernel k) {
    int[] contiguous = k.space().strides();
    for (int ax = 0; ax < k.space().rank(); ax++)
      if (k.space().dim(ax) > 1 && a.strides().get(ax) != contiguous[ax]) return false;
    return true;
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
