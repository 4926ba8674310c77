package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.Tuple2;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The loop that reads a product's result may run as the product's epilogue (the jit's executor binds it, the product
 * runs it over each block of rows as they finish): the results keep the bits of the same program run pass by pass
 * ({@code -Dgraft.epilogues=false}, read when a program is built), whether the loop overwrites the product's buffer,
 * writes its own (the product is read again, or is a result), or the product cannot take it (OpenBLAS, split columns).
 */
class JitEpilogueTest {
  /** {@code body} compiled and run once with epilogues and once without; both results' bits, in that order. */
  private static <T> List<T> bothWays(Supplier<T> body) {
    String before = System.getProperty("graft.epilogues");
    try {
      System.setProperty("graft.epilogues", "true");
      T with = body.get();
      System.setProperty("graft.epilogues", "false");
      T without = body.get();
      return List.of(with, without);
    } finally {
      if (before == null) System.clearProperty("graft.epilogues");
      else System.setProperty("graft.epilogues", before);
    }
  }

  private static void assertSameBits(Array a, Array b, String what) {
    assertArrayEquals(a.shape(), b.shape(), what);
    float[] x = a.toFloatArray(), y = b.toFloatArray();
    for (int i = 0; i < x.length; i++)
      assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), what + ": element " + i);
  }

  /** A dense layer {@code relu(x·w + b)} at any batch, depth and width has the same bits with and without epilogues. */
  @Property(tries = 40)
  void denseLayers(@ForAll @IntRange(min = 1, max = 300) int batch, @ForAll @IntRange(min = 1, max = 300) int in,
                   @ForAll @IntRange(min = 1, max = 300) int out) {
    Array x = Random.normal(Random.key(batch), batch, in), w = Random.normal(Random.key(in), in, out);
    Array b = Random.normal(Random.key(out), out);
    List<Array> r = bothWays(() -> Graft.jit((Array v) -> v.matmul(w).add(b).maximum(0.0)).apply(x));
    assertSameBits(r.get(0), r.get(1), "relu(x·w + b) " + batch + "x" + in + "x" + out);
  }

  /**
   * Convolutions followed by a batch norm's scale and shift, a ReLU and a residual add (the ResNet block's shape), at
   * batch 1 and 3.
   */
  @Test void convolutionBlocks() {
    for (int batch : new int[] {1, 3})
      for (int[] l : new int[][] {{8, 64}, {4, 128}, {16, 3}}) {
        int hw = l[0], c = l[1];
        Array x = Random.normal(Random.key(1), batch, hw, hw, c), w = Random.normal(Random.key(2), 3, 3, c, c);
        Array scale = Random.uniform(Random.key(3), c), shift = Random.normal(Random.key(4), c);
        String[] dims = {"NHWC", "HWIO", "NHWC"};
        ArrayFn block = v -> {
          Array y = Lax.convGeneralDilated(v, w, new int[] {1, 1}, "SAME", new int[] {1, 1}, new int[] {1, 1}, dims, 1, 1);
          Array h = y.mul(scale).add(shift).maximum(0.0);
          Array z = Lax.convGeneralDilated(h, w, new int[] {1, 1}, "SAME", new int[] {1, 1}, new int[] {1, 1}, dims, 1, 1);
          return z.mul(scale).add(shift).add(v).maximum(0.0);
        };
        List<Array> r = bothWays(() -> Graft.jit(block).apply(x));
        assertSameBits(r.get(0), r.get(1), "conv block b" + batch + " " + hw + "x" + hw + "x" + c);
      }
  }

  /**
   * The product read again after its epilogue, or returned: the epilogue writes a buffer of its own and the product's
   * values stay as they were.
   */
  @Test void aProductReadAgainKeepsItsValues() {
    Array x = Random.normal(Random.key(5), 96, 80), w = Random.normal(Random.key(6), 80, 70), b = Random.normal(Random.key(7), 70);
    List<Tuple2<Array, Array>> r = bothWays(() -> Graft.jit((Array v) -> {
      Array y = v.matmul(w);
      Array h = y.add(b).maximum(0.0);
      return new Tuple2<>(h, y.mul(2.0).sum(0));
    }).apply(x));
    assertSameBits(r.get(0)._1, r.get(1)._1, "relu(y + b)");
    assertSameBits(r.get(0)._2, r.get(1)._2, "sum(2y)");
    List<Tuple2<Array, Array>> ret = bothWays(() -> Graft.jit((Array v) -> {
      Array y = v.matmul(w);
      return new Tuple2<>(y.add(b).maximum(0.0), y);
    }).apply(x));
    assertSameBits(ret.get(0)._1, ret.get(1)._1, "relu(y + b) beside y");
    assertSameBits(ret.get(0)._2, ret.get(1)._2, "y returned");
    assertSameBits(ret.get(0)._2, Graft.jit((Array v) -> v.matmul(w)).apply(x), "y returned against the product alone");
  }

  /** A jitted training step (the forward's pre-activations are read again by the backward pass) keeps its bits. */
  @Test void gradientsOfADenseLayer() {
    Array x = Random.normal(Random.key(8), 128, 100), w = Random.normal(Random.key(9), 100, 64), b = Random.normal(Random.key(10), 64);
    List<Array> r = bothWays(() -> Graft.jit((Array wv) -> Graft.grad((Array u) -> x.matmul(u).add(b).maximum(0.0).square().sum()).apply(wv)).apply(w));
    assertSameBits(r.get(0), r.get(1), "grad");
  }

  /**
   * With epilogues the bias and ReLU run inside the product: the profile times them with it, under the label
   * {@code dot_general + fused(...)}, and has no step of their own.
   */
  @Test void theLoopRunsInsideTheProduct() {
    Array x = Random.normal(Random.key(14), 256, 128), w = Random.normal(Random.key(15), 128, 96), b = Random.normal(Random.key(16), 96);
    List<String> r = bothWays(() -> Graft.jit((Array v) -> v.matmul(w).add(b).maximum(0.0)).profile(x, 3).toString());
    assertTrue(r.get(0).contains("dot_general + fused("), r.get(0));
    assertFalse(r.get(0).lines().anyMatch(l -> l.trim().startsWith("fused(")), r.get(0));
    assertTrue(r.get(1).lines().anyMatch(l -> l.trim().startsWith("fused(")), r.get(1));
    assertFalse(r.get(1).contains("dot_general + fused("), r.get(1));
  }

  /** The lowered program still names the fused step; the option only changes how the executor runs it. */
  @Test void programTextIsUnchanged() {
    Array x = Random.normal(Random.key(11), 64, 32), w = Random.normal(Random.key(12), 32, 48), b = Random.normal(Random.key(13), 48);
    List<String> r = bothWays(() -> Graft.jit((Array v) -> v.matmul(w).add(b).maximum(0.0)).lower(x));
    assertEquals(r.get(0), r.get(1));
    assertTrue(r.get(0).contains("fused"), r.get(0));
    assertFalse(r.get(0).isEmpty());
  }
}
