package io.graft.numerics.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Output positions of a convolution that share one tap signature, for {@link ConvImplicit}'s grouped implicit GEMM:
 * {@code taps} the valid window taps, {@code delta[t]} the offset of tap {@code taps[t]} from the first valid tap,
 * and per position its first valid tap's input offset ({@code anchor}). Positions at a border see fewer valid taps
 * than those inside; each group is one product over the taps its positions all have.
 * <pre>{@code
 * List<ConvTapGroup> groups = ConvTapGroup.of(plan, Conv.taps(plan));   // interior positions form one group
 * }</pre>
 */
final class ConvTapGroup {
  final int[] taps, delta, positions, anchor;

  ConvTapGroup(int[] taps, int[] delta, int[] positions, int[] anchor) {
    this.taps = taps;
    this.delta = delta;
    this.positions = positions;
    this.anchor = anchor;
  }

  /**
   * The positions of {@code p} grouped by tap signature ({@code taps[q][kk]}: the input offset of tap {@code kk} at
   * position {@code q}, negative where it falls outside), in order of first appearance; positions with no valid tap
   * are left out.
   */
  static List<ConvTapGroup> of(ConvPlan p, int[][] taps) {
    Map<List<Integer>, List<Integer>> bySignature = new LinkedHashMap<>();   // local, never escapes
    for (int q = 0; q < p.positions; q++) {
      int first = -1;
      Integer[] key = new Integer[p.window];
      for (int kk = 0; kk < p.window; kk++) {
        int off = taps[q][kk];
        if (off >= 0 && first < 0) first = kk;
        key[kk] = off < 0 ? Integer.MIN_VALUE : off - taps[q][first];
      }
      if (first >= 0) bySignature.computeIfAbsent(Arrays.asList(key), x -> new ArrayList<>()).add(q);
    }
    List<ConvTapGroup> groups = new ArrayList<>();
    for (var e : bySignature.entrySet()) {
      List<Integer> key = e.getKey();
      int[] valid = new int[p.window], delta = new int[p.window];
      int v = 0;
      for (int kk = 0; kk < p.window; kk++) if (key.get(kk) != Integer.MIN_VALUE) { valid[v] = kk; delta[v++] = key.get(kk); }
      int[] positions = e.getValue().stream().mapToInt(Integer::intValue).toArray(), anchor = new int[positions.length];
      for (int i = 0; i < positions.length; i++) anchor[i] = taps[positions[i]][valid[0]];
      groups.add(new ConvTapGroup(Arrays.copyOf(valid, v), Arrays.copyOf(delta, v), positions, anchor));
    }
    return groups;
  }
}
