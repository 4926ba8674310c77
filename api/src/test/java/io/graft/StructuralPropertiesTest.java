package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.numerics.DType;
import io.vavr.collection.Vector;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of the structural operations over random shapes (including zero and one extents), dtypes and parameters. */
class StructuralPropertiesTest {
  @Provide Arbitrary<int[]> shapes() { return Arbitraries.integers().between(0, 4).array(int[].class).ofMaxSize(4); }

  @Provide Arbitrary<int[]> nonScalarShapes() { return Arbitraries.integers().between(0, 4).array(int[].class).ofMinSize(1).ofMaxSize(4); }

  /** Distinct values of {@code dtype} over {@code shape}. */
  static Array data(int[] shape, DType dtype, long seed) {
    int n = 1;
    for (int d : shape) n *= d;
    Random rnd = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = i * 3 + rnd.nextInt(3) - 7;
    return (shape.length == 0 ? Array.scalar(v[0]) : Array.of(v, shape)).astype(dtype);   // Array.of with no shape is 1-D
  }

  static void assertSameArray(Array expected, Array actual) {
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    assertEquals(expected.dtype(), actual.dtype(), "dtype");
    assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 0, "elements");
  }

  static int[] permutation(int n, Random rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) { int j = rnd.nextInt(i + 1), t = p[i]; p[i] = p[j]; p[j] = t; }
    return p;
  }

  @Property(tries = 50) void reshapeRoundTrip(@ForAll("shapes") int[] shape, @ForAll DType dtype, @ForAll long seed) {
    Array x = data(shape, dtype, seed);
    assertSameArray(x, x.reshape(-1).reshape(shape));
    if (shape.length > 0 && x.size() > 0) {
      int[] withHole = shape.clone();
      withHole[new Random(seed).nextInt(shape.length)] = -1;
      assertSameArray(x, x.ravel().reshape(withHole));
    }
  }

  @Property(tries = 50) void transposeThenInversePermutationIsIdentity(@ForAll("shapes") int[] shape, @ForAll DType dtype, @ForAll long seed) {
    Array x = data(shape, dtype, seed);
    int[] p = permutation(shape.length, new Random(seed)), inv = new int[p.length];
    for (int k = 0; k < p.length; k++) inv[p[k]] = k;
    Array t = x.transpose(p);
    for (int k = 0; k < p.length; k++) assertEquals(shape[p[k]], t.shape()[k]);
    assertSameArray(x, t.transpose(inv));
  }

  @Property(tries = 50) void concatenateThenSplitIsIdentity(@ForAll("nonScalarShapes") int[] shape, @ForAll DType dtype, @ForAll long seed) {
    Random rnd = new Random(seed);
    int axis = rnd.nextInt(shape.length), n = 1 + rnd.nextInt(3);
    Array[] parts = new Array[n];
    int[] cuts = new int[n - 1];
    for (int i = 0, at = 0; i < n; i++) {
      int[] s = shape.clone();
      s[axis] = rnd.nextInt(4);
      parts[i] = data(s, dtype, seed + i);
      at += s[axis];
      if (i < n - 1) cuts[i] = at;
    }
    Vector<Array> back = Np.split(Np.concatenate(axis - shape.length * rnd.nextInt(2), parts), cuts, axis);
    assertEquals(n, back.size());
    for (int i = 0; i < n; i++) assertSameArray(parts[i], back.get(i));
  }

  @Property(tries = 50) void revTwiceIsIdentity(@ForAll("shapes") int[] shape, @ForAll DType dtype, @ForAll long seed) {
    Array x = data(shape, dtype, seed);
    Random rnd = new Random(seed);
    int[] axes = java.util.stream.IntStream.range(0, shape.length).filter(k -> rnd.nextBoolean()).toArray();
    assertSameArray(x, Lax.rev(Lax.rev(x, axes), axes));
    assertSameArray(x, x.flip().flip());
  }

  @Property(tries = 50) void padWithNegativeLoHiEqualsSlice(@ForAll("shapes") int[] shape, @ForAll DType dtype, @ForAll long seed) {
    Array x = data(shape, dtype, seed);
    Random rnd = new Random(seed);
    int r = shape.length;
    int[][] config = new int[r][];
    int[] starts = new int[r], limits = new int[r];
    for (int k = 0; k < r; k++) {
      int lo = rnd.nextInt(shape[k] + 1), hi = rnd.nextInt(shape[k] - lo + 1);
      config[k] = new int[] {-lo, -hi, 0};
      starts[k] = lo;
      limits[k] = shape[k] - hi;
    }
    Array zero = Array.scalar(0f).astype(dtype);
    assertSameArray(Lax.slice(x, starts, limits), Lax.pad(x, zero, config));
  }

  @Property(tries = 50) void dynamicSliceAtClampedStartsEqualsSlice(@ForAll("shapes") int[] shape, @ForAll DType dtype, @ForAll long seed) {
    Array x = data(shape, dtype, seed);
    Random rnd = new Random(seed);
    int r = shape.length;
    Array[] idx = new Array[r];
    int[] sizes = new int[r], starts = new int[r], limits = new int[r];
    for (int k = 0; k < r; k++) {
      sizes[k] = rnd.nextInt(shape[k] + 1);
      int i = rnd.nextInt(2 * shape[k] + 5) - shape[k] - 2;      // often out of range on either side
      idx[k] = rnd.nextBoolean() ? Array.scalar(i) : Array.scalar((long) i);
      starts[k] = Math.max(0, Math.min(i, shape[k] - sizes[k]));
      limits[k] = starts[k] + sizes[k];
    }
    assertSameArray(Lax.slice(x, starts, limits), Lax.dynamicSlice(x, idx, sizes));
  }

  @Property(tries = 50) void atSetThenGetReturnsTheValue(@ForAll("nonScalarShapes") int[] shape, @ForAll long seed) {
    if (shape[0] == 0) return;
    Array x = data(shape, DType.F32, seed);
    int i = new Random(seed).nextInt(2 * shape[0]) - shape[0];
    Array y = x.at(i).set(-1.0);
    assertSameArray(Np.full(x.get(i).shape(), -1.0), y.get(i));
    assertEquals(x.toDoubleArray().length, y.toDoubleArray().length);
  }
}
