package io.graft.jit;

import io.graft.numerics.NdArray;
import io.graft.trace.Atom;
import io.graft.trace.Compiler;
import io.graft.trace.Eqn;
import io.graft.trace.Graph;
import io.graft.trace.Lit;
import io.graft.trace.NanCheck;
import io.graft.trace.Var;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an optimised graph on concrete arrays: each equation calls its primitive's eager implementation (the
 * {@code numerics} kernels), reading and writing a slot per variable. A last-use table, computed once at compile
 * time, says after which step each slot is cleared, so an intermediate buffer becomes garbage as soon as nothing
 * later reads it (peak memory ~ the live set, not the whole graph). Results are never cleared. With the NaN
 * checker on ({@link NanCheck}) each step's results are checked, and an error prints the equation.
 */
final class Interpreter implements Compiler.Executable {
  private final Graph graph;
  private final int slots;
  private final int[][] inSlots;       // per step: operand slots, -1 for a literal
  private final NdArray[][] literals;  // per step: literal operands (null where a slot is read)
  private final int[][] outSlots;      // per step: result slots
  private final int[][] freeAfter;     // per step: slots cleared after it (the extra last row: unread consts/params)
  private final int[] resultSlots;     // -1 for a literal result
  private final int[] paramSlots;

  Interpreter(Graph g) {
    this.graph = g;
    Map<Var, Integer> slot = new HashMap<>(); // compile-local numbering
    for (Var v : g.constVars()) slot.put(v, slot.size());
    for (Var v : g.in()) slot.put(v, slot.size());
    for (Eqn e : g.eqns()) for (Var v : e.out()) slot.put(v, slot.size());
    slots = slot.size();
    int n = g.eqns().size();
    int[] lastUse = new int[slots];              // step of the last read; -1 = never read; n = a result
    java.util.Arrays.fill(lastUse, -1);
    inSlots = new int[n][];
    literals = new NdArray[n][];
    outSlots = new int[n][];
    for (int i = 0; i < n; i++) {
      Eqn e = g.eqns().get(i);
      inSlots[i] = new int[e.in().size()];
      literals[i] = new NdArray[e.in().size()];
      for (int k = 0; k < e.in().size(); k++) {
        Atom a = e.in().get(k);
        if (a instanceof Lit l) { inSlots[i][k] = -1; literals[i][k] = l.value(); }
        else { inSlots[i][k] = slot.get((Var) a); lastUse[inSlots[i][k]] = i; }
      }
      outSlots[i] = e.out().map(slot::get).toJavaStream().mapToInt(Integer::intValue).toArray();
    }
    resultSlots = new int[g.out().size()];
    for (int k = 0; k < resultSlots.length; k++) {
      resultSlots[k] = g.out().get(k) instanceof Var v ? slot.get(v) : -1;
      if (resultSlots[k] >= 0) lastUse[resultSlots[k]] = n;
    }
    paramSlots = g.in().map(slot::get).toJavaStream().mapToInt(Integer::intValue).toArray();
    List<List<Integer>> frees = new ArrayList<>();
    for (int i = 0; i <= n; i++) frees.add(new ArrayList<>());
    for (int s = 0; s < slots; s++) {
      if (lastUse[s] == n) continue;
      int defStep = definingStep(s, g);
      frees.get(lastUse[s] >= 0 ? lastUse[s] : defStep < 0 ? n : defStep).add(s);
    }
    freeAfter = frees.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
  }

  /** The step that defines slot {@code s}, or -1 for consts and parameters. */
  private static int definingStep(int s, Graph g) {
    int first = g.constVars().size() + g.in().size();
    if (s < first) return -1;
    int k = first;
    for (int i = 0; i < g.eqns().size(); i++) {
      k += g.eqns().get(i).out().size();
      if (s < k) return i;
    }
    throw new IllegalStateException("slot " + s + " out of range");
  }

  @Override public Vector<NdArray> run(Vector<NdArray> args) {
    if (args.size() != paramSlots.length)
      throw new IllegalArgumentException("jit: the executable takes " + paramSlots.length + " argument(s) "
          + graph.inTypes().mkString("(", ", ", ")") + ", got " + args.size());
    NdArray[] env = new NdArray[slots]; // run-local buffers; cleared as soon as their last reader has run
    for (int i = 0; i < graph.consts().size(); i++) env[i] = graph.consts().get(i);
    for (int i = 0; i < paramSlots.length; i++) env[paramSlots[i]] = args.get(i);
    for (int i = 0; i < inSlots.length; i++) {
      NdArray[] in = new NdArray[inSlots[i].length];
      for (int k = 0; k < in.length; k++) in[k] = inSlots[i][k] < 0 ? literals[i][k] : env[inSlots[i][k]];
      Vector<NdArray> out = graph.eqns().get(i).prim().impl(Vector.of(in));
      if (NanCheck.enabled()) {
        int step = i;
        NanCheck.check(graph.eqns().get(i).prim(), Vector.of(in), out, () -> "in the jit equation `" + equation(step) + "` of\n" + graph);
      }
      for (int k = 0; k < outSlots[i].length; k++) env[outSlots[i][k]] = out.get(k);
      for (int s : freeAfter[i]) env[s] = null;
    }
    Vector<NdArray> results = Vector.empty();
    for (int k = 0; k < resultSlots.length; k++)
      results = results.append(resultSlots[k] < 0 ? ((Lit) graph.out().get(k)).value() : env[resultSlots[k]]);
    return results;
  }

  /** Step {@code i}'s equation as the graph printer writes it ({@code c:f32[3] = sin b}). */
  private String equation(int i) {
    Map<Var, String> names = Names.of(graph);
    Eqn e = graph.eqns().get(i);
    StringBuilder b = new StringBuilder();
    for (Var v : e.out()) b.append(b.isEmpty() ? "" : " ").append(names.get(v)).append(':').append(v.type());
    b.append(" = ").append(e.prim().name());
    if (!e.prim().params().isEmpty()) b.append('[').append(e.prim().params()).append(']');
    for (Atom a : e.in()) b.append(' ').append(a instanceof Var v ? names.get(v) : a.toString());
    return b.toString();
  }

  /** Slots cleared after step {@code i} (for tests). */
  int[] freedAfter(int i) { return freeAfter[i].clone(); }

  @Override public String describe() {
    Map<Var, String> names = Names.of(graph);
    StringBuilder b = new StringBuilder(graph.toString()).append("\nsteps (interpreter: each runs its primitive's kernel):");
    for (int i = 0; i < inSlots.length; i++) {
      Eqn e = graph.eqns().get(i);
      b.append("\n  ").append(i).append(": ").append(e.out().map(names::get).mkString(" ")).append(" = ")
          .append(e.prim().name()).append(" <- ").append(e.prim().getClass().getSimpleName()).append(".impl");
      List<String> freed = new ArrayList<>();
      for (int s : freeAfter[i]) freed.add(names.get(varOfSlot(s)));
      if (!freed.isEmpty()) b.append("; frees ").append(String.join(" ", freed));
    }
    return b.toString();
  }

  private Var varOfSlot(int s) {
    int k = 0;
    for (Var v : graph.constVars()) if (k++ == s) return v;
    for (Var v : graph.in()) if (k++ == s) return v;
    for (Eqn e : graph.eqns()) for (Var v : e.out()) if (k++ == s) return v;
    throw new IllegalStateException("slot " + s);
  }
}
