package io.graft.numerics.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The f32 {@code where} loop of {@link SelectLoops} over whole vectors: {@code out[i] = w[i] ? t[i] : f[i·sf]} with
 * {@code sf} 0 (a rank-0 false case, relu's gradient) or 1, as a blend under the bool mask: no branch per element,
 * so a random mask costs no mispredictions. Loaded only when {@code Simd.AVAILABLE}.
 */
final class SelectSimdF32 {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  private SelectSimdF32() {}

  /** Elements {@code [lo, end)} for the largest {@code end <= hi} a whole number of vectors past {@code lo}; returns {@code end}. */
  static int where(boolean[] w, float[] t, float[] f, int sf, float[] out, int lo, int hi) {
    int l = S.length(), end = lo + S.loopBound(hi - lo);
    if (sf == 0) {
      FloatVector fv = FloatVector.broadcast(S, f[0]);
      for (int i = lo; i < end; i += l)
        fv.blend(FloatVector.fromArray(S, t, i), VectorMask.fromArray(S, w, i)).intoArray(out, i);
    } else {
      for (int i = lo; i < end; i += l)
        FloatVector.fromArray(S, f, i).blend(FloatVector.fromArray(S, t, i), VectorMask.fromArray(S, w, i)).intoArray(out, i);
    }
    return end;
  }
}
