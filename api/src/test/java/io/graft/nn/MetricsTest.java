package io.graft.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Np;
import org.junit.jupiter.api.Test;

class MetricsTest {
  // rows: argmax 2; argmax 0; a tie between 0 and 1 (argmax 0); argmax 1
  private static final Array LOGITS = Array.of(new float[] {0.1f, 0.2f, 0.7f, 5, 1, 2, 3, 3, 1, 0, 9, 8}, 4, 3);

  @Test void accuracyCountsArgmaxHits() {
    assertEquals(0.75, Metrics.accuracy(LOGITS, Array.of(new int[] {2, 0, 0, 2})).item().doubleValue(), 0);
    assertEquals(0.25, Metrics.accuracy(LOGITS, Array.of(new int[] {2, 1, 1, 0})).item().doubleValue(), 0);
    assertEquals(Np.float32, Metrics.accuracy(LOGITS, Array.of(new int[] {2, 0, 0, 2})).dtype());
  }

  @Test void topKAccuracy() {
    Array labels = Array.of(new int[] {1, 2, 1, 0});
    // ranks: row 0 label 1 -> 1; row 1 label 2 -> 1; row 2 label 1 ties with 0 (lower index first) -> 1; row 3 label 0 -> 2
    assertEquals(0.0, Metrics.topKAccuracy(LOGITS, labels, 1).item().doubleValue(), 0);
    assertEquals(0.75, Metrics.topKAccuracy(LOGITS, labels, 2).item().doubleValue(), 0);
    assertEquals(1.0, Metrics.topKAccuracy(LOGITS, labels, 3).item().doubleValue(), 0);
    Array hits = Array.of(new int[] {2, 0, 0, 1});
    assertEquals(Metrics.accuracy(LOGITS, hits).item().doubleValue(), Metrics.topKAccuracy(LOGITS, hits, 1).item().doubleValue(), 0);
    assertEquals(1.0, Metrics.topKAccuracy(LOGITS, hits, 1).item().doubleValue(), 0);
    assertThrows(IllegalArgumentException.class, () -> Metrics.topKAccuracy(LOGITS, labels, 0));
  }

  @Test void metricsJit() {
    Array labels = Array.of(new int[] {1, 2, 1, 0});
    var f = Graft.jit((Array z) -> Metrics.topKAccuracy(z, labels, 2).add(Metrics.accuracy(z, labels)));
    assertEquals(0.75, f.apply(LOGITS).item().doubleValue(), 0);
  }
}
