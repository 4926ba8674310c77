package io.graft.numerics.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class GatherScatterTest {
  private static final DType[] NUMERIC = {DType.F32, DType.F64, DType.I32, DType.I64};

  private static GatherScatter.Dims dims(int[] window, int[] dropped, int[] starts, int[] opBatch, int[] idxBatch) {
    return new GatherScatter.Dims(Ints.of(window), Ints.of(dropped), Ints.of(starts), Ints.of(opBatch), Ints.of(idxBatch));
  }

  private static GatherScatter.Dims rows() { return dims(new int[] {1}, new int[] {0}, new int[] {0}, new int[0], new int[0]); }

  @Property(tries = 50)
  void gatherMatchesTheXlaSpec(@ForAll long seed) {
    Random r = new Random(seed);
    IndexConfig c = IndexConfig.random(r);
    DType dt = DType.values()[r.nextInt(DType.values().length)];
    boolean fill = r.nextBoolean();
    NdArray x = IndexConfig.randomArray(r, dt, c.operand()), idx = c.randomIndices(r, r.nextBoolean(), false);
    NdArray got = GatherScatter.gather(x, idx, c.dims(), c.slice(), fill);
    NdArray want = GatherScatterReference.gather(x, idx, c.dims(), c.slice(), fill);
    assertTrue(want.contentEquals(got), c + " fill=" + fill + " " + dt + "\nwant " + want + "\ngot  " + got);
  }

  @Property(tries = 50)
  void scatterAddMatchesTheXlaSpec(@ForAll long seed) {
    Random r = new Random(seed);
    IndexConfig c = IndexConfig.random(r);
    DType dt = NUMERIC[r.nextInt(NUMERIC.length)];
    boolean clip = r.nextBoolean();
    NdArray x = IndexConfig.randomArray(r, dt, c.operand()), idx = c.randomIndices(r, r.nextBoolean(), false);
    NdArray upd = IndexConfig.randomArray(r, dt, c.out());
    NdArray got = GatherScatter.scatterAdd(x, idx, upd, c.dims(), clip);
    NdArray want = GatherScatterReference.scatterAdd(x, idx, upd, c.dims(), clip);
    assertTrue(want.contentEquals(got), c + " clip=" + clip + " " + dt + "\nwant " + want + "\ngot  " + got);
  }

  /** {@code <gather(x), u> == <x, scatter_add(0, u)>}: clip on both sides, or fill/drop with in-range starts. */
  @Property(tries = 50)
  void scatterAddIsTheAdjointOfGather(@ForAll long seed) {
    Random r = new Random(seed);
    IndexConfig c = IndexConfig.random(r);
    boolean clip = r.nextBoolean();
    NdArray x = IndexConfig.randomArray(r, DType.F64, c.operand()), u = IndexConfig.randomArray(r, DType.F64, c.out());
    NdArray idx = c.randomIndices(r, r.nextBoolean(), !clip);
    NdArray gx = GatherScatter.gather(x, idx, c.dims(), c.slice(), !clip);
    NdArray su = GatherScatter.scatterAdd(NdArray.zeros(DType.F64, c.operand()), idx, u, c.dims(), clip);
    assertEquals(dot(gx, u), dot(x, su), 0, c.toString());
  }

  private static double dot(NdArray a, NdArray b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) s += a.getDouble(i) * b.getDouble(i);
    return s;
  }

  @Test void embeddingLookupCopiesWholeRowsInParallel() {
    int vocab = 1000, width = 64, n = 3000;
    float[] table = new float[vocab * width];
    for (int i = 0; i < table.length; i++) table[i] = i * 0.5f;
    int[] ids = new int[n];
    Random r = new Random(1);
    for (int i = 0; i < n; i++) ids[i] = r.nextInt(vocab);
    NdArray out = GatherScatter.gather(NdArray.wrap(Shape.of(vocab, width), table), NdArray.wrap(Shape.of(n, 1), ids),
        rows(), new int[] {1, width}, false);
    assertEquals(Shape.of(n, width), out.shape());
    for (int i = 0; i < n; i++)
      for (int j = 0; j < width; j++) assertEquals(table[ids[i] * width + j], out.f32()[i * width + j]);
  }

  @Test void largeElementwiseGatherMatchesTheReference() {
    Random r = new Random(2);
    Shape xs = Shape.of(40, 300);
    NdArray x = IndexConfig.randomArray(r, DType.F64, xs);
    long[] idx = new long[40 * 1000];          // 40000 batch positions: above two grains, so it runs in parallel
    for (int i = 0; i < idx.length; i++) idx[i] = r.nextInt(304) - 2;
    NdArray ix = NdArray.wrap(Shape.of(40, 1000, 1), idx);
    GatherScatter.Dims d = dims(new int[0], new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0});
    for (boolean fill : new boolean[] {false, true}) {
      NdArray got = GatherScatter.gather(x, ix, d, new int[] {1, 1}, fill);
      assertTrue(GatherScatterReference.gather(x, ix, d, new int[] {1, 1}, fill).contentEquals(got));
    }
  }

  @Test void takeAlongAxisUsesBatchingDims() {
    NdArray x = NdArray.wrap(Shape.of(2, 3), new int[] {10, 11, 12, 20, 21, 22});
    NdArray idx = NdArray.wrap(Shape.of(2, 2, 1), new int[] {2, 0, 1, 1});
    NdArray out = GatherScatter.gather(x, idx, dims(new int[0], new int[] {1}, new int[] {1}, new int[] {0}, new int[] {0}),
        new int[] {1, 1}, false);
    assertArrayEquals(new int[] {12, 10, 21, 21}, out.i32());
  }

  @Test void fillModeUsesJaxDefaults() {
    NdArray idx = NdArray.wrap(Shape.of(2, 1), new int[] {5, -1});
    for (DType dt : DType.values()) {
      NdArray x = NdArray.full(dt, Shape.of(3, 2), 0);
      NdArray out = GatherScatter.gather(x, idx, rows(), new int[] {1, 2}, true);
      NdArray want = NdArray.full(dt, Shape.of(2, 2), GatherScatter.fillValue(dt));
      assertTrue(want.contentEquals(out), dt + ": " + out);
    }
    assertEquals(Long.MIN_VALUE, GatherScatter.gather(NdArray.zeros(DType.I64, Shape.of(3, 2)), idx, rows(), new int[] {1, 2}, true).i64()[0]);
  }

  @Test void clipClampsTheWholeWindowIntoRange() {
    NdArray x = NdArray.wrap(Shape.of(5), new double[] {0, 1, 2, 3, 4});
    NdArray idx = NdArray.wrap(Shape.of(3, 1), new long[] {-7, 4, 1});
    NdArray out = GatherScatter.gather(x, idx, dims(new int[] {1}, new int[0], new int[] {0}, new int[0], new int[0]), new int[] {2}, false);
    assertArrayEquals(new double[] {0, 1, 3, 4, 1, 2}, out.f64());
  }

  @Test void zeroSizeOperandsAndIndices() {
    NdArray x = NdArray.zeros(DType.F32, Shape.of(3, 2));
    NdArray none = NdArray.wrap(Shape.of(0, 1), new int[0]);
    assertEquals(Shape.of(0, 2), GatherScatter.gather(x, none, rows(), new int[] {1, 2}, false).shape());
    assertEquals(Shape.of(4, 0), GatherScatter.gather(x, NdArray.wrap(Shape.of(4, 1), new int[4]), rows(), new int[] {1, 0}, true).shape());
    NdArray empty = NdArray.zeros(DType.F32, Shape.of(0, 2));
    NdArray noStarts = NdArray.wrap(Shape.of(3, 0), new int[0]);
    GatherScatter.Dims whole = dims(new int[] {1, 2}, new int[0], new int[0], new int[0], new int[0]);
    assertEquals(Shape.of(3, 0, 2), GatherScatter.gather(empty, noStarts, whole, new int[] {0, 2}, false).shape());
    NdArray s = GatherScatter.scatterAdd(x, none, NdArray.zeros(DType.F32, Shape.of(0, 2)), rows(), true);
    assertTrue(x.contentEquals(s));
    NdArray dropped = GatherScatter.scatterAdd(NdArray.zeros(DType.F32, Shape.of(0, 2)), NdArray.wrap(Shape.of(2, 1), new int[2]),
        NdArray.zeros(DType.F32, Shape.of(2, 2)), rows(), true);
    assertEquals(Shape.of(0, 2), dropped.shape());
  }

  @Test void aBatchingAxisOfSliceSizeZeroSelectsNothing() {
    NdArray x = NdArray.wrap(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6});
    NdArray idx = NdArray.wrap(Shape.of(2, 0), new int[0]);
    GatherScatter.Dims d = dims(new int[] {1}, new int[0], new int[0], new int[] {0}, new int[] {0});
    assertArrayEquals(new float[6], GatherScatter.gather(x, idx, d, new int[] {0, 3}, false).f32());
    NdArray filled = GatherScatter.gather(x, idx, d, new int[] {0, 3}, true);
    for (float v : filled.f32()) assertTrue(Float.isNaN(v));
    assertTrue(GatherScatterReference.gather(x, idx, d, new int[] {0, 3}, true).contentEquals(filled));
  }

  @Test void scatterAddAccumulatesDuplicatesAndDropsOutOfRange() {
    for (DType dt : NUMERIC) {
      NdArray x = NdArray.full(dt, Shape.of(3), 1);
      NdArray idx = NdArray.wrap(Shape.of(5, 1), new int[] {0, 2, 0, 3, -1});
      NdArray upd = NdArray.wrap(Shape.of(5), new double[] {1, 2, 3, 4, 5}).astype(dt);
      GatherScatter.Dims d = dims(new int[0], new int[] {0}, new int[] {0}, new int[0], new int[0]);
      assertTrue(NdArray.wrap(Shape.of(3), new double[] {5, 1, 3}).astype(dt).contentEquals(GatherScatter.scatterAdd(x, idx, upd, d, false)));
      assertTrue(NdArray.wrap(Shape.of(3), new double[] {10, 1, 7}).astype(dt).contentEquals(GatherScatter.scatterAdd(x, idx, upd, d, true)));
      assertTrue(NdArray.full(dt, Shape.of(3), 1).contentEquals(x), "operand unchanged");
    }
  }

  @Test void scatterAddRejectsBoolAndMixedDtypes() {
    NdArray idx = NdArray.wrap(Shape.of(1, 1), new int[] {0});
    GatherScatter.Dims d = dims(new int[0], new int[] {0}, new int[] {0}, new int[0], new int[0]);
    var e = assertThrows(DTypeError.class, () -> GatherScatter.scatterAdd(NdArray.zeros(DType.BOOL, Shape.of(2)), idx,
        NdArray.zeros(DType.BOOL, Shape.of(1)), d, true));
    assertTrue(e.getMessage().contains("scatter_add") && e.getMessage().contains("bool[2]"), e.getMessage());
    assertThrows(DTypeError.class, () -> GatherScatter.scatterAdd(NdArray.zeros(DType.F32, Shape.of(2)), idx,
        NdArray.zeros(DType.F64, Shape.of(1)), d, true));
  }

  @Test void gatherRejectsFloatIndices() {
    assertThrows(DTypeError.class, () -> GatherScatter.gather(NdArray.zeros(DType.F32, Shape.of(3, 2)),
        NdArray.zeros(DType.F32, Shape.of(1, 1)), rows(), new int[] {1, 2}, false));
  }

  @Test void gatherLeavesItsInputsUnchanged() {
    float[] data = {1, 2, 3, 4, 5, 6};
    int[] ids = {2, 0};
    NdArray out = GatherScatter.gather(NdArray.wrap(Shape.of(3, 2), data), NdArray.wrap(Shape.of(2, 1), ids), rows(), new int[] {1, 2}, false);
    assertArrayEquals(new float[] {5, 6, 1, 2}, out.f32());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, data);
    assertArrayEquals(new int[] {2, 0}, ids);
  }
}
