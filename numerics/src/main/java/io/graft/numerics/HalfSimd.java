package io.graft.numerics;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The bf16 conversion loops of {@link Half} on integer lanes (JDK 25 has no 16-bit float lanes): widening is
 * {@code short -> int} lanes shifted left by 16 and reinterpreted as floats; narrowing adds {@code 0x7fff + lsb} to
 * the float bits, shifts right by 16 and packs to shorts, with NaNs blended to their quiet form. The same bits as the
 * scalar {@link Half#toBf16}. (f16 needs none: C2 vectorises the {@link Float#float16ToFloat} loops itself.) Loaded
 * only when {@link Simd#AVAILABLE}.
 */
final class HalfSimd {
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(I.vectorBitSize() / 2));

  private HalfSimd() {}

  /** {@code out[i] = fromBf16(h[i])} over whole vectors from 0; returns where the scalar tail starts. */
  static int widenBf16(short[] h, float[] out) {
    int l = I.length(), end = I.loopBound(h.length);
    for (int i = 0; i < end; i += l)
      ((IntVector) ShortVector.fromArray(S, h, i).convertShape(VectorOperators.S2I, I, 0))
          .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, i);
    return end;
  }

  /** {@code out[i] = toBf16(a[i])} over whole vectors from 0; returns where the scalar tail starts. */
  static int narrowBf16(float[] a, short[] out) {
    int l = I.length(), end = I.loopBound(a.length);
    for (int i = 0; i < end; i += l) {
      IntVector b = FloatVector.fromArray(F, a, i).reinterpretAsInts();
      VectorMask<Integer> nan = b.and(0x7fffffff).compare(VectorOperators.GT, 0x7f800000);
      IntVector lsb = b.lanewise(VectorOperators.LSHR, 16).and(1);
      IntVector rounded = b.add(lsb).add(0x7fff).lanewise(VectorOperators.LSHR, 16);
      IntVector quiet = b.lanewise(VectorOperators.LSHR, 16).or(0x40);
      ((ShortVector) rounded.blend(quiet, nan).convertShape(VectorOperators.I2S, S, 0)).intoArray(out, i);
    }
    return end;
  }
}
