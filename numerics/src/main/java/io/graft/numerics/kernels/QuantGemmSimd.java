package io.graft.numerics.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API rows of {@link QuantGemm} (loaded only when {@code io.graft.numerics.Simd#AVAILABLE}): int lanes of the
 * preferred width, weights loaded as a quarter-width byte vector and sign-extended ({@code B2I}), four output channels
 * per pass.
 */
final class QuantGemmSimd {
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, I.vectorBitSize() / 4)));
  private static final int L = Math.min(I.length(), B.length());

  private QuantGemmSimd() {}

  private static IntVector widen(byte[] w, int at) {
    return (IntVector) ByteVector.fromArray(B, w, at).convertShape(VectorOperators.B2I, I, 0);
  }

  /** {@code c[off + j] = Σ_p row[p] · w[j·k + p]} for {@code j < n}. */
  static void row(int[] row, byte[] w, int k, int n, int[] c, int off) {
    int bound = k - Math.max(L, B.length()) + 1;   // a byte load reads B.length() bytes; only L of them are used
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      int b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      IntVector s0 = IntVector.zero(I), s1 = s0, s2 = s0, s3 = s0;
      int p = 0;
      for (; p < bound; p += L) {
        IntVector x = IntVector.fromArray(I, row, p);
        s0 = x.mul(widen(w, b0 + p)).add(s0);
        s1 = x.mul(widen(w, b1 + p)).add(s1);
        s2 = x.mul(widen(w, b2 + p)).add(s2);
        s3 = x.mul(widen(w, b3 + p)).add(s3);
      }
      int a0 = s0.reduceLanes(VectorOperators.ADD), a1 = s1.reduceLanes(VectorOperators.ADD);
      int a2 = s2.reduceLanes(VectorOperators.ADD), a3 = s3.reduceLanes(VectorOperators.ADD);
      for (; p < k; p++) {
        int x = row[p];
        a0 += x * w[b0 + p]; a1 += x * w[b1 + p]; a2 += x * w[b2 + p]; a3 += x * w[b3 + p];
      }
      c[off + j] = a0; c[off + j + 1] = a1; c[off + j + 2] = a2; c[off + j + 3] = a3;
    }
    for (; j < n; j++) {
      int base = j * k, p = 0;
      IntVector s = IntVector.zero(I);
      for (; p < bound; p += L) s = IntVector.fromArray(I, row, p).mul(widen(w, base + p)).add(s);
      int acc = s.reduceLanes(VectorOperators.ADD);
      for (; p < k; p++) acc += row[p] * w[base + p];
      c[off + j] = acc;
    }
  }
}
