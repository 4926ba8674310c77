package io.graft.numerics.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The f32 window selection of {@code select_and_scatter_add} (the max-pool gradient) over whole vectors of the
 * untouched trailing axes (NHWC channels): for each lane the offset of the window's first maximum, with the scalar
 * loop's rule (a later tap wins when the current best is not {@code >=} it, so NaN wins). Loaded only when
 * {@code Simd.AVAILABLE}.
 */
final class WindowSimdF32 {
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, FS.vectorShape());
  private static final IntVector IOTA = (IntVector) IS.iotaShuffle(0, 1, false).toVector();

  private WindowSimdF32() {}

  /** Lanes per vector. */
  static int width() { return FS.length(); }

  /**
   * Selection for one output position: {@code sel[base + j]} for {@code j} in the whole vectors of {@code [0, inner)},
   * the window's rows starting at {@code ro} and taps {@code taps}; returns how many {@code j} it did (0 when the
   * window has no tap: the caller then marks it empty).
   */
  static int select(float[] s, int[] ro, int[] taps, int inner, int[] sel, int base) {
    if (ro.length == 0 || taps.length == 0) return 0;
    int l = FS.length(), full = FS.loopBound(inner);
    for (int j = 0; j < full; j += l) {
      int b0 = ro[0] + taps[0] + j;             // the first tap starts the choice (no null vectors: they would box)
      FloatVector best = FloatVector.fromArray(FS, s, b0);
      IntVector at = IOTA.add(b0);
      for (int ri = 0; ri < ro.length; ri++) {
        for (int ti = ri == 0 ? 1 : 0; ti < taps.length; ti++) {
          int b = ro[ri] + taps[ti] + j;
          FloatVector v = FloatVector.fromArray(FS, s, b);
          VectorMask<Float> take = best.compare(VectorOperators.GE, v).not();
          best = best.blend(v, take);
          at = at.blend(IOTA.add(b), take.cast(IS));
        }
      }
      at.intoArray(sel, base + j);
    }
    return full;
  }

  /**
   * {@code reduce_window} for one output position over whole vectors of {@code [0, inner)}: {@code d[base + j]} (holding
   * the op's identity) combined with every tap {@code s[r + t + j]}, rows {@code r} of {@code ro} outer and taps
   * {@code t} inner, the order of {@link ReduceLoops#rows}, in registers with one store; returns how many {@code j} it
   * did. Lanewise {@code MAX}/{@code MIN} are {@link Math#max(float, float)}/{@link Math#min(float, float)}, so the
   * results equal the scalar loop's bit for bit.
   */
  static int reduce(Reductions.Op op, float[] s, int[] ro, int[] taps, int inner, float[] d, int base) {
    int l = FS.length(), full = FS.loopBound(inner);
    for (int j = 0; j < full; j += l) {
      FloatVector acc = FloatVector.fromArray(FS, d, base + j);
      for (int r : ro) {
        for (int t : taps) {
          FloatVector v = FloatVector.fromArray(FS, s, r + t + j);
          acc = switch (op) {
            case SUM -> acc.add(v);
            case PROD -> acc.mul(v);
            case MAX -> acc.max(v);
            case MIN -> acc.min(v);
          };
        }
      }
      acc.intoArray(d, base + j);
    }
    return full;
  }
}
