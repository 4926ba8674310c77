package io.graft.jit;

import io.graft.jit.kernel.Kernel;
import io.graft.jit.kernel.Reduction;
import io.graft.numerics.DType;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.Linalg;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fused loops run as their product's epilogue: the loop that reads a product's result next, elementwise and in
 * the result's order, run over each block of rows as the product finishes them ({@code GemmEpilogue}), or, for
 * {@code x ± s·p}, by the product adding itself to {@code x} ({@link Accumulate}). For {@code relu(x·w + b)} the
 * program's step list {@code [dot_general, fused(add max)]} gets {@code epilogue = [1, -1]}.
 */
final class Epilogues {
  private Epilogues() {}

  /**
   * {@code -Dgraft.epilogues=false} runs every product's elementwise consumer as a pass of its own (for comparisons;
   * read when a program is built, so one JVM can hold both kinds).
   */
  static boolean enabled() { return !"false".equals(System.getProperty("graft.epilogues")); }

  /**
   * Per step, the fused step that may run as its product's epilogue ({@link io.graft.numerics.kernels.GemmEpilogue}),
   * else -1. For a {@code dot_general} or convolution step with one f32/f64 result: the first step after it that
   * reads the result, when that is one elementwise loop over the result's positions that reads it once, in the
   * result's order, and whose other operands are all computed before the product (a bias, a batch norm's scale and
   * shift, a residual). Run as the product's rows finish, the loop sees exactly the values it would read afterwards,
   * so its bits do not change. Null when no step has one.
   */
  static int[] find(List<Step> steps, int[] lastUse) {
    if (!enabled()) return null;
    Map<Integer, Integer> writer = new HashMap<>();    // slot -> the step writing it
    for (int i = 0; i < steps.size(); i++) for (int s : steps.get(i).outSlots()) writer.put(s, i);
    int[] epi = new int[steps.size()];
    Arrays.fill(epi, -1);
    boolean any = false;
    for (int i = 0; i < steps.size(); i++) {
      if (!(steps.get(i) instanceof Step.Call c) || !(c.eqn().prim() instanceof Linalg) || c.outSlots().length != 1) continue;
      ShapedType t = c.eqn().out().get(0).type();
      int cs = c.outSlots()[0];
      if (t.dtype() != DType.F32 && t.dtype() != DType.F64 || lastUse[cs] < 0) continue;
      int e = i + 1;
      while (e < steps.size() && !reads(steps.get(e), cs)) e++;
      if (e == steps.size() || !(steps.get(e) instanceof Step.Fused f)) continue;
      Kernel k = f.kernel().kernel();
      if (k.reduction() != Reduction.NONE || k.space().size() != t.shape().size()) continue;
      int uses = 0, at = -1;
      boolean ready = true;
      for (int q = 0; q < f.inSlots().length; q++) {
        int s = f.inSlots()[q];
        if (s == cs) { uses++; at = q; }
        else if (s >= 0 && writer.getOrDefault(s, -1) >= i) ready = false;
      }
      if (uses != 1 || !ready || k.inputs().get(at).dtype() != t.dtype() || !Program.readsLikeOutput(k.inputs().get(at), k)) continue;
      epi[i] = e;
      any = true;
    }
    return any ? epi : null;
  }

  /** Whether {@code st} reads slot {@code slot}. */
  static boolean reads(Step st, int slot) {
    for (int s : st.inSlots()) if (s == slot) return true;
    return false;
  }
}
