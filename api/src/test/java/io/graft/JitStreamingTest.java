package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.nn.Activation;
import io.graft.nn.Losses;
import io.graft.nn.Mlp;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Jitted#applyStreaming}: every result leaf reported exactly once, after {@code begin} gave all their types,
 * with the bits the call returns; on the CPU jit as soon as computed, so a backward pass reports the output layer's
 * gradients before the first layer's (what lets a data-parallel all-reduce overlap the rest of the pass).
 */
class JitStreamingTest {
  /** What a sink saw, in order. */
  static final class Recorder implements LeafSink {
    List<ShapeDtype> types;
    final List<Integer> order = new ArrayList<>();
    final List<Array> values = new ArrayList<>();
    int begins;

    @Override public void begin(List<ShapeDtype> leaves) {
      begins++;
      assertTrue(order.isEmpty(), "begin comes before every leaf");
      types = leaves;
    }

    @Override public void ready(int leaf, Array value) {
      assertTrue(!order.contains(leaf), "leaf " + leaf + " reported twice: " + order);
      order.add(leaf);
      values.add(value);
    }

    /** Checks the sink saw each leaf of {@code result} once, with its type and bits. */
    void matches(Object result) {
      Vector<Array> leaves = Tree.flatten(result)._1;
      assertEquals(1, begins);
      assertEquals(leaves.map(ShapeDtype::of).asJava(), types);
      assertEquals(leaves.size(), order.size(), "every leaf once: " + order);
      for (int k = 0; k < order.size(); k++) {
        Array want = leaves.get(order.get(k)), got = values.get(k);
        assertEquals(want.dtype(), got.dtype());
        assertArrayEquals(want.shape(), got.shape());
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0.0, "leaf " + order.get(k));
      }
    }
  }

  private static Array loss(Mlp m, Array x, Array labels) {
    return Losses.softmaxCrossEntropyWithIntegerLabels(m.apply(x), labels).mean();
  }

  @Test void aBackwardPassReportsTheOutputLayerBeforeTheFirst() {
    Mlp mlp = Mlp.init(Random.key(0), Activation.RELU, 16, 32, 32, 4);
    Array x = Random.normal(Random.key(1), 8, 16), labels = Array.of(new int[] {0, 1, 2, 3, 3, 2, 1, 0});
    Jitted2<Mlp, Array, Mlp> grad = Graft.jit((Mlp m, Array xs) -> Graft.grad((Mlp p) -> loss(p, xs, labels)).apply(m));
    Recorder r = new Recorder();
    Mlp g = grad.applyStreaming(mlp, x, r);
    r.matches(g);
    // leaves: layer 0 kernel, bias, layer 1 kernel, bias, layer 2 kernel, bias
    assertTrue(r.order.indexOf(4) < r.order.indexOf(0) && r.order.indexOf(5) < r.order.indexOf(0),
        "the output layer's gradients are computed first and reported first: " + r.order);
    assertTrue(r.order.indexOf(2) < r.order.indexOf(0), "layer 1 before layer 0: " + r.order);
    Mlp again = grad.apply(mlp, x);
    for (int k = 0; k < 6; k++)
      assertArrayEquals(Tree.flatten(again)._1.get(k).toFloatArray(), Tree.flatten(g)._1.get(k).toFloatArray(), 0f);
  }

  @Test void argumentsAndLiteralsAmongTheResultsAreReportedToo() {
    Jitted<List<Array>, List<Array>> f = Graft.jit((List<Array> t) -> List.of(t.get(1), t.get(0).exp(), Array.scalar(2f), t.get(0).mul(3)));
    Recorder r = new Recorder();
    List<Array> out = f.applyStreaming(List.of(Array.of(new float[] {1, 2}), Array.of(new float[] {5})), r);
    r.matches(out);
  }

  @Test void insideATransformEveryLeafIsReportedAfterTheCall() {
    Jitted<Array, List<Array>> f = Graft.jit((Array v) -> List.of(v.sin(), v.cos().sum()));
    Recorder r = new Recorder();
    Array y = Graft.vmap((Array v) -> {
      List<Array> out = f.applyStreaming(v, r);
      return out.get(0).add(out.get(1));
    }).apply(Array.of(new float[] {1, 2, 3, 4, 5, 6}).reshape(3, 2));
    assertEquals(List.of(0, 1), r.order);
    assertEquals(List.of(ShapeDtype.of(Np.float32, 2), ShapeDtype.of(Np.float32)), r.types);
    assertArrayEquals(new int[] {3, 2}, y.shape());
  }

  @Test void aSinkThatThrowsStopsTheCall() {
    Jitted<Array, List<Array>> f = Graft.jit((Array v) -> List.of(v.sin(), v.cos()));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> f.applyStreaming(Array.of(new float[] {1}), (leaf, value) -> { throw new IllegalStateException("stop at " + leaf); }));
    assertTrue(e.getMessage().startsWith("stop at "), e.getMessage());
  }

  @Test void aNullSinkFailsAtTheBoundary() {
    Jitted<Array, List<Array>> f = Graft.jit((Array v) -> List.of(v.sin()));
    NullPointerException e = assertThrows(NullPointerException.class, () -> f.applyStreaming(Array.of(new float[] {1}), null));
    assertEquals("sink is null", e.getMessage());
    Jitted2<Array, Array, Array> g = Graft.jit((Array a, Array b) -> a.add(b));
    assertEquals("sink is null", assertThrows(NullPointerException.class, () -> g.applyStreaming(Array.scalar(1f), Array.scalar(1f), null)).getMessage());
  }
}
