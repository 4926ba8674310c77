package io.graft.jit;

import io.graft.trace.Atom;
import io.graft.trace.Eqn;
import io.graft.trace.Var;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled {@link Program} as text: the step list {@code lower(args)} prints under the optimised graph, each step's
 * label in a profile, and one equation as the graph printer writes it (for error messages).
 * <pre>{@code
 *   0: f = dot_general <- DotGeneral.impl; frees a e
 *   1: j = fused (broadcast_in_dim add gt select_n) reading f b; may overwrite f
 *      kernel f32[256,256] = loop i0 < 256, i1 < 256 { ... }; frees b f
 * }</pre>
 */
final class ProgramText {
  private ProgramText() {}

  /**
   * What a profile calls step {@code i} of {@code p}: the primitive's name for a call or control-flow step
   * ({@code conv_general_dilated}, {@code scan}), {@code fused(...)} with the members' names in order for a fused loop.
   */
  static String label(Program p, int i) {
    return switch (p.steps.get(i)) {
      case Step.Call c -> c.eqn().prim().name();
      case Step.Control c -> c.eqn().prim().name();
      case Step.Fused f -> "fused" + f.members().map(m -> p.graph.eqns().get(m).prim().name()).mkString("(", " ", ")");
      case Step.MultiFused f -> "fused" + f.members().map(ms -> ms.map(m -> p.graph.eqns().get(m).prim().name()).mkString(" "))
          .mkString("(", " | ", ")");
    };
  }

  /** Equation {@code i} as the graph printer writes it ({@code c:f32[3] = sin b}). */
  static String equation(Program p, int i) {
    Map<Var, String> names = Names.of(p.graph);
    Eqn e = p.graph.eqns().get(i);
    StringBuilder b = new StringBuilder();
    for (Var v : e.out()) b.append(b.isEmpty() ? "" : " ").append(names.get(v)).append(':').append(v.type());
    b.append(" = ").append(e.prim().name());
    if (!e.prim().params().isEmpty()) b.append('[').append(e.prim().params()).append(']');
    for (Atom a : e.in()) b.append(' ').append(a instanceof Var v ? names.get(v) : a.toString());
    return b.toString();
  }

  /** {@code p}'s steps, one per line: what each computes, what it reads and may overwrite, the slots it frees. */
  static String steps(Program p) {
    Map<Var, String> names = Names.of(p.graph);
    Map<Integer, Var> varOfSlot = new HashMap<>();
    p.slotOf.forEach((v, s) -> varOfSlot.put(s, v));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < p.steps.size(); i++) {
      Step step = p.steps.get(i);
      String outs = String.join(" ", slotNames(step.outSlots(), varOfSlot, names));
      b.append("\n  ").append(i).append(": ").append(outs).append(" = ");
      switch (step) {
        case Step.Call c -> {
          b.append(c.eqn().prim().name()).append(" <- ").append(c.eqn().prim().getClass().getSimpleName()).append(".impl");
          if (p.accumulate != null && p.accumulate[i] instanceof Accumulate a) {
            Step.Fused f = (Step.Fused) p.steps.get(p.epilogue[i]);
            b.append("; adds itself to ").append(slotNames(new int[] {f.inSlots()[a.operand()]}, varOfSlot, names).getFirst())
                .append(" (").append(a.minus() ? "-" : "+").append(a.scale()).append("·product) for step ").append(p.epilogue[i])
                .append(" when that buffer is the run's");
          }
        }
        case Step.Control c -> b.append(c.eqn().prim().name()).append(" <- ").append(c.subs().size()).append(" compiled sub-program(s)");
        case Step.Fused f -> {
          b.append("fused ").append(f.members().map(m -> p.graph.eqns().get(m).prim().name()).mkString("(", " ", ")"));
          b.append(" reading ").append(String.join(" ", slotNames(f.inSlots(), varOfSlot, names)));
          if (f.inPlace().length > 0) {
            int[] s = new int[f.inPlace().length];
            for (int k = 0; k < s.length; k++) s[k] = f.inSlots()[f.inPlace()[k]];
            b.append("; may overwrite ").append(String.join(" ", slotNames(s, varOfSlot, names)));
          }
          b.append("\n     ").append(f.kernel().text().replace("\n", "\n     "));
        }
        case Step.MultiFused f -> {
          b.append("fused ").append(f.members().map(ms -> ms.map(m -> p.graph.eqns().get(m).prim().name()).mkString(" "))
              .mkString("(", " | ", ")"));
          b.append(" reading ").append(String.join(" ", slotNames(f.inSlots(), varOfSlot, names)));
          java.util.Set<Integer> over = new java.util.TreeSet<>();
          for (int[] ks : f.inPlace()) for (int k : ks) over.add(f.inSlots()[k]);
          if (!over.isEmpty())
            b.append("; may overwrite ").append(String.join(" ", slotNames(over.stream().mapToInt(Integer::intValue).toArray(), varOfSlot, names)));
          b.append("\n     ").append(f.kernel().text().replace("\n", "\n     "));
        }
      }
      List<String> freed = slotNames(p.freeAfter[i], varOfSlot, names);
      if (!freed.isEmpty()) b.append("; frees ").append(String.join(" ", freed));
    }
    return b.toString();
  }

  private static List<String> slotNames(int[] slots, Map<Integer, Var> varOfSlot, Map<Var, String> names) {
    List<String> out = new ArrayList<>();
    for (int s : slots) out.add(s < 0 ? "<literal>" : names.get(varOfSlot.get(s)));
    return out;
  }
}
