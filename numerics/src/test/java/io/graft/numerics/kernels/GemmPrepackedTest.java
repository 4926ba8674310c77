package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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

  /** Where oneDNN runs the f32 products, a kept B does not send a product to the own kernel. */
  @Test void keptProductsFollowTheShapeRuleOnOneDnn() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Blas.F32_LIBRARY.equals("oneDNN"), "f32 products on " + Blas.F32_LIBRARY);
    float[] w = random(new Random(3), 300 * 96);
    Gemm.Operand b = Gemm.Operand.rowMajor(w, 96);
    GemmPrepacked.during(List.of(w), () -> {
      assertEquals(false, Gemm.keptForOwn(64, 96, b));
      return null;
    });
  }

  /**
   * Under the default rule a product whose B is kept runs on the own packed kernel (one fork over its row blocks):
   * its bits are the plain packed kernel's, whatever OpenBLAS would give; a narrow or short product keeps the rule by
   * shape.
   */
  @Test void theDefaultRuleSendsKeptProductsToTheOwnKernel() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Simd.AVAILABLE, "needs the Vector API");
    org.junit.jupiter.api.Assumptions.assumeFalse(Blas.F32_LIBRARY.equals("oneDNN"),
        "f32 products run on oneDNN here, which kept products use too (keptProductsFollowTheShapeRuleOnOneDnn)");
    Random r = new Random(11);
    int m = 64, k = 300, n = 96;
    float[] w = random(r, k * n), a = random(r, m * k);
    float[] own = new float[m * n], auto = new float[m * n];
    Gemm.multiply(Gemm.Path.PACKED_SIMD, m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(w, n), own, 0, n);
    for (int call = 0; call < 2; call++) {
      GemmPrepacked.during(List.of(w), () -> {
        Gemm.multiply(m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(w, n), auto, 0, n);
        return null;
      });
      assertArrayEquals(own, auto, "call " + call);
    }
    Gemm.Operand b = Gemm.Operand.rowMajor(w, n);
    assertEquals(false, Gemm.keptForOwn(m, n, b), "outside the scope");
    GemmPrepacked.during(List.of(w), () -> {
      assertEquals(true, Gemm.keptForOwn(m, n, b), "kept, 64 rows, 96 columns");
      assertEquals(false, Gemm.keptForOwn(32, n, b), "fewer rows than the rule sends (W9's 32-row steps)");
      assertEquals(false, Gemm.keptForOwn(m, 10, b), "one vector of columns (the narrow kernel)");
      return null;
    });
    double[] wd = new double[k * n];
    Gemm.Operand bd = Gemm.Operand.rowMajor(wd, n);
    GemmPrepacked.during(List.of(wd), () -> {
      assertEquals(false, Gemm.keptForOwn(m, n, bd), "f64 keeps the rule by shape");
      return null;
    });
  }

  @Test void onlyTheNamedStoresAreKeptAndOnlyInsideTheScope() {
    float[] u = new float[16], other = new float[16];
    assertNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(u, 4)), "outside any scope");
    GemmPrepacked.during(List.of(u), () -> {
      assertNotNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(u, 4)));
      assertNotNull(GemmPrepacked.forOperand(new Gemm.Operand(u, 0, 1, 4)), "any view of a named store");
      assertNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(other, 4)), "a store the scope does not name");
      return null;
    });
    assertNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(u, 4)), "after the scope");
  }

  @Test void scopesNestAndAKeptCacheOutlivesEachEntry() {
    float[] u = new float[16], v = new float[16];
    GemmPrepacked weights = GemmPrepacked.keeping(List.of(u));
    assertNotNull(weights);
    weights.around(() -> GemmPrepacked.during(List.of(v), () -> {
      assertNotNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(u, 4)), "the outer cache, from inside a loop's scope");
      assertNotNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(v, 4)), "the loop's own");
      return null;
    }));
    assertNull(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(u, 4)), "outside every entry");

    // the blocks stay packed between entries: writing the store afterwards (which owners never do) is not seen
    Random r = new Random(3);
    int m = 5, k = 40, n = 24;
    float[] w = random(r, k * n), a = random(r, m * k);
    GemmPrepacked kept = GemmPrepacked.keeping(List.of(w));
    float[] first = new float[m * n], second = new float[m * n];
    kept.around(() -> { Gemm.multiply(Gemm.Path.PACKED_SCALAR, m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(w, n), first, 0, n); return null; });
    java.util.Arrays.fill(w, 0f);
    kept.around(() -> { Gemm.multiply(Gemm.Path.PACKED_SCALAR, m, n, k, Gemm.Operand.rowMajor(a, k), Gemm.Operand.rowMajor(w, n), second, 0, n); return null; });
    assertArrayEquals(first, second);
  }

  /** A gathered B (a convolution's kernel through its offset tables) is kept by its store and tables' contents. */
  @Test void gatheredOperandsAreKeptByTheirOffsetTables() {
    Random r = new Random(5);
    int m = 9, k = 300, n = 70;
    float[] w = random(r, 2 * k * n), a = random(r, m * k);
    int[] rows = new int[k], cols = new int[n], shifted = new int[k];
    for (int i = 0; i < k; i++) { rows[i] = i * n; shifted[i] = (i + k) * n; }
    for (int j = 0; j < n; j++) cols[j] = j;
    float[] want0 = product(a, w, rows, cols, m, n, k), want1 = product(a, w, shifted, cols, m, n, k);
    GemmPrepacked kept = GemmPrepacked.keeping(List.of(w));
    for (int call = 0; call < 2; call++) {
      float[] got0 = kept.around(() -> product(a, w, rows.clone(), cols.clone(), m, n, k));
      float[] got1 = kept.around(() -> product(a, w, shifted, cols, m, n, k));
      assertArrayEquals(want0, got0, "call " + call);
      assertArrayEquals(want1, got1, "call " + call + ", other rows of the same store");
    }
  }

  private static float[] product(float[] a, float[] w, int[] rows, int[] cols, int m, int n, int k) {
    float[] c = new float[m * n];
    int[] aRows = new int[m], aCols = new int[k];
    for (int i = 0; i < m; i++) aRows[i] = i * k;
    for (int p = 0; p < k; p++) aCols[p] = p;
    Gemm.multiplyPacked(m, n, k, new GemmGathered(a, aRows, aCols), new GemmGathered(w, rows, cols), c, 0, n, true);
    return c;
  }

  /** The chunks of a parallel kernel run on the kernel threads, which must see the caller's caches too. */
  @Test void kernelThreadsSeeTheCallersCaches() throws InterruptedException {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.graft.numerics.Parallel.threads() >= 2, "needs two kernel threads");
    long quiet = System.nanoTime() + 20_000_000_000L;   // while the JIT compiles, the caller runs every chunk (CompilerLoad)
    io.graft.numerics.CompilerLoad.cores();             // loads its bean; the first reading comes a window later
    do Thread.sleep(250); while (io.graft.numerics.CompilerLoad.cores() > 0 && System.nanoTime() < quiet);
    float[] u = new float[16];
    GemmPrepacked kept = GemmPrepacked.keeping(List.of(u));
    Thread caller = Thread.currentThread();
    java.util.Queue<Boolean> found = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicBoolean onWorker = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CountDownLatch other = new java.util.concurrent.CountDownLatch(1);
    kept.around(() -> {
      io.graft.numerics.Parallel.range(2, 1, (lo, hi) -> {
        found.add(GemmPrepacked.forOperand(Gemm.Operand.rowMajor(u, 4)) != null);
        if (Thread.currentThread() != caller) { onWorker.set(true); other.countDown(); }
        else try { other.await(2, java.util.concurrent.TimeUnit.SECONDS); } catch (InterruptedException e) { throw new RuntimeException(e); }
      });
      return null;
    });
    org.junit.jupiter.api.Assumptions.assumeTrue(onWorker.get(), "a kernel thread took a chunk");
    assertEquals(List.of(true, true), List.copyOf(found));
  }
}
