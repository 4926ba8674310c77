package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.graft.numerics.Simd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Products inside a {@link GemmPrepacked} scope equal the plain ones bit for bit, and only named stores are kept. */
class GemmPrepackedTest {
  private static List<Gemm.Path> packedPaths() {
    List<Gemm.Path> p = new ArrayList<>(List.of(Gemm.Path.PACKED_SCALAR));
    if (Simd.AVAILABLE) p.add(Gemm.Path.PACKED_SIMD);
    return p;
  }

  private static float[] random(Random r, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
    return x;
  }

  @Test void keptBlocksGiveTheSameProductsAsPackingEveryCall() {
    Random r = new Random(7);
    int m = 37, k = 700, n = 530;                         // several kc and nc blocks, ragged edges
    float[] u = random(r, k * n);
    Gemm.Operand plain = Gemm.Operand.rowMajor(u, n);
    Gemm.Operand transposed = plain.transpose();           // the n×k view uᵀ of the same store
    for (Gemm.Path path : packedPaths()) {
      for (Gemm.Operand b : List.of(plain, transposed)) {
        int cols = b == plain ? n : k, depth = b == plain ? k : n;
        List<float[]> as = List.of(random(r, m * depth), random(r, m * depth), random(r, m * depth));
        List<float[]> want = new ArrayList<>();
        for (float[] a : as) {
          float[] c = new float[m * cols];
          Gemm.multiply(path, m, cols, depth, Gemm.Operand.rowMajor(a, depth), b, c, 0, cols);
          want.add(c);
        }
        List<float[]> got = GemmPrepacked.during(Set.of(u), () -> {
          List<float[]> out = new ArrayList<>();
          for (float[] a : as) {                          // the first call packs, the others reuse
            float[] c = new float[m * cols];
            Gemm.multiply(path, m, cols, depth, Gemm.Operand.rowMajor(a, depth), b, c, 0, cols);
            out.add(c);
          }
          return out;
        });
        for (int i = 0; i < as.size(); i++) assertArrayEquals(want.get(i), got.get(i), path + " " + b + " call " + i);
      }
    }
  }

  @Test void onlyTheNamedStoresAreKeptAndOnlyInsideTheScope() {
    float[] u = new float[16], other = new float[16];
    assertNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(u, 4)), "outside any scope");
    GemmPrepacked.during(List.of(u), () -> {
      GemmPrepacked p = GemmPrepacked.forOperand(Gemm.Operand.rowMajor(u, 4));
      assertNotNull(p);
      assertSame(p, GemmPrepacked.forOperand(new Gemm.Operand(u, 0, 1, 4)), "any view of a named store");
      assertNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(other, 4)), "a store the scope does not name");
      return null;
    });
    assertNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(u, 4)), "after the scope");
  }
}
