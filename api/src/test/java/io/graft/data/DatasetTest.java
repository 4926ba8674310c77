package io.graft.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.Array;
import io.graft.numerics.ShapeError;
import io.vavr.collection.Vector;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {
  record Row(Array x, Array y, Array w) {}

  /** 10 examples: x[i] = [i, i + 0.5] (f32), y[i] = 100 + i (i32), w[i] = i (f64). */
  static Dataset<Row> ten() {
    float[] x = new float[20];
    int[] y = new int[10];
    double[] w = new double[10];
    for (int i = 0; i < 10; i++) { x[2 * i] = i; x[2 * i + 1] = i + 0.5f; y[i] = 100 + i; w[i] = i; }
    return Dataset.of(new Row(Array.of(x, 10, 2), Array.of(y), Array.of(w)));
  }

  /** The example ids (y - 100) of a batch, after checking its leaves agree row by row. */
  static int[] ids(Batch<Row> b) {
    int[] y = b.data().y().toIntArray();
    float[] x = b.data().x().toFloatArray();
    double[] w = b.data().w().toDoubleArray();
    int[] ids = new int[b.size()];
    for (int r = 0; r < b.size(); r++) {
      ids[r] = y[r] - 100;
      assertEquals(ids[r], x[2 * r]);
      assertEquals(ids[r] + 0.5f, x[2 * r + 1]);
      assertEquals(ids[r], w[r]);
    }
    return ids;
  }

  @Test void batchesInOrderWithEachRemainderPolicy() {
    Dataset<Row> d = ten();
    Vector<Batch<Row>> drop = d.batches(4, Dataset.Remainder.DROP).toVector();
    assertEquals(2, drop.size());
    assertArrayEquals(new int[] {4, 5, 6, 7}, ids(drop.get(1)));
    assertArrayEquals(new int[] {4, 2}, drop.get(1).data().x().shape());

    Vector<Batch<Row>> pad = d.batches(4, Dataset.Remainder.PAD).toVector();
    assertEquals(3, pad.size());
    Batch<Row> last = pad.get(2);
    assertEquals(2, last.size());
    assertEquals(4, last.rows());
    assertEquals(2, last.index());
    assertArrayEquals(new int[] {8, 9}, ids(last));
    assertArrayEquals(new int[] {108, 109, 0, 0}, last.data().y().toIntArray());
    assertArrayEquals(new boolean[] {true, true, false, false}, last.mask().toBooleanArray());

    Vector<Batch<Row>> partial = d.batches(4, Dataset.Remainder.PARTIAL).toVector();
    assertArrayEquals(new int[] {2, 2}, partial.get(2).data().x().shape());
    assertEquals(3, d.batchCount(4, Dataset.Remainder.PARTIAL));
    assertEquals(2, d.batchCount(4, Dataset.Remainder.DROP));
  }

  @Test void shufflingIsDeterministicAndCoversEveryExampleOnce() {
    Dataset<Row> d = ten();
    int[] a = d.batches(3, 7, Dataset.Remainder.PAD).flatMap(b -> Vector.ofAll(ids(b))).toJavaStream().mapToInt(i -> i).toArray();
    int[] again = d.batches(3, 7, Dataset.Remainder.PAD).flatMap(b -> Vector.ofAll(ids(b))).toJavaStream().mapToInt(i -> i).toArray();
    int[] other = d.batches(3, 8, Dataset.Remainder.PAD).flatMap(b -> Vector.ofAll(ids(b))).toJavaStream().mapToInt(i -> i).toArray();
    assertArrayEquals(a, again);
    assertNotEquals(Arrays.toString(a), Arrays.toString(other));
    assertArrayEquals(Shuffle.permutation(10, 7), a);
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
  }

  @Test void thePermutationIsTheDocumentedAlgorithm() {
    // reference values from an independent Python implementation of the algorithm in Shuffle's Javadoc
    assertArrayEquals(new int[] {2, 3, 6, 4, 7, 9, 0, 8, 1, 5}, Shuffle.permutation(10, 42));
    assertArrayEquals(new int[] {5, 3, 7, 1, 8, 4, 0, 2, 9, 6}, Shuffle.permutation(10, -1));
    assertArrayEquals(new int[] {2, 3, 0, 1, 4}, Shuffle.permutation(5, 0));
    assertArrayEquals(new int[0], Shuffle.permutation(0, 1));
  }

  @Test void permutationsAreUniform() {
    int n = 4, trials = 24000;
    int[][] counts = new int[n][n]; // counts[value][position]
    for (int s = 0; s < trials; s++) {
      int[] p = Shuffle.permutation(n, Shuffle.seed(99, s));
      for (int i = 0; i < n; i++) counts[p[i]][i]++;
    }
    for (int[] row : counts) for (int c : row) assertEquals(trials / n, c, 5 * Math.sqrt(trials / n), Arrays.deepToString(counts));
  }

  @Test void takeGathersRows() {
    Row r = ten().take(9, 0, 9);
    assertArrayEquals(new int[] {109, 100, 109}, r.y().toIntArray());
    assertThrows(IndexOutOfBoundsException.class, () -> ten().take(10));
  }

  @Test void leavesMustShareTheLeadingDimension() {
    ShapeError e = assertThrows(ShapeError.class,
        () -> Dataset.of(new Row(Array.of(new float[6], 3, 2), Array.of(new int[2]), Array.of(new double[3]))));
    assertTrue(e.getMessage().contains(".x f32[3, 2]") && e.getMessage().contains(".y i32[2]"), e.getMessage());
    assertThrows(ShapeError.class, () -> Dataset.of(Array.scalar(1f)));
    assertThrows(IllegalArgumentException.class, () -> ten().batches(0, Dataset.Remainder.DROP));
  }
}
