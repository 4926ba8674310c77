package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.ShapeError;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * NumPy broadcasting and JAX type promotion at the user level: {@code x.add(y)} (and {@code Np.where}) equal an
 * explicit broadcast-then-apply loop and have the NumPy broadcast shape; shapes that do not broadcast are a
 * {@link ShapeError} naming both; the promotion table over bool, i32, i64, f32, f64 and weak Java literals.
 */
class ElementwiseProperties {
  /** Two operand shapes that broadcast: each a suffix of {@code out} with some extents replaced by 1. */
  record Pair(int[] x, int[] y) {}

  @Provide Arbitrary<Pair> broadcastable() {
    Arbitrary<List<Integer>> out = Arbitraries.integers().between(0, 3).list().ofMaxSize(4);
    Arbitrary<List<Boolean>> ones = Arbitraries.of(true, false).list().ofSize(4);
    Arbitrary<Integer> drop = Arbitraries.integers().between(0, 4);
    return Combinators.combine(out, ones, ones, drop, drop).as((o, xo, yo, xd, yd) ->
        new Pair(operand(o, xo, xd), operand(o, yo, yd)));
  }

  private static int[] operand(List<Integer> out, List<Boolean> ones, int drop) {
    int rank = Math.max(0, out.size() - drop);
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      int o = out.size() - rank + i;
      s[i] = ones.get(o) ? 1 : out.get(o);
    }
    return s;
  }

  /** The NumPy broadcast of two shapes, written out independently of Graft. */
  private static int[] broadcast(int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int ea = i < r - a.length ? 1 : a[i - (r - a.length)], eb = i < r - b.length ? 1 : b[i - (r - b.length)];
      out[i] = ea == 1 ? eb : ea;
    }
    return out;
  }

  /** Flat index into an operand of shape {@code s} for output multi-index {@code idx} (size-1 axes repeat). */
  private static int source(int[] idx, int[] s) {
    int flat = 0;
    for (int i = 0; i < s.length; i++) flat = flat * s[i] + (s[i] == 1 ? 0 : idx[idx.length - s.length + i]);
    return flat;
  }

  private static int size(int[] s) { return Arrays.stream(s).reduce(1, (p, q) -> p * q); }

  private static double[] iota(int[] s, double scale) {
    double[] v = new double[size(s)];
    for (int i = 0; i < v.length; i++) v[i] = scale * (i + 1);
    return v;
  }

  /** Calls {@code body(flatOut, idx)} for every output index in row-major order. */
  private static void forEachIndex(int[] shape, java.util.function.ObjIntConsumer<int[]> body) {
    int n = size(shape);
    int[] idx = new int[shape.length];
    for (int k = 0; k < n; k++) {
      body.accept(idx, k);
      for (int a = shape.length - 1; a >= 0; a--) { if (++idx[a] < shape[a]) break; idx[a] = 0; }
    }
  }

  @Property(tries = 50)
  void addBroadcastsLikeAnExplicitLoop(@ForAll("broadcastable") Pair p, @ForAll("numeric") DType dtype) {
    double[] xv = iota(p.x(), 1), yv = iota(p.y(), 100);
    Array x = array(xv, p.x()).astype(dtype), y = array(yv, p.y()).astype(dtype);
    Array z = x.add(y);
    int[] out = broadcast(p.x(), p.y());
    assertArrayEquals(out, z.shape(), "shape of " + Arrays.toString(p.x()) + " + " + Arrays.toString(p.y()));
    assertEquals(dtype, z.dtype());
    double[] got = z.toDoubleArray(), want = new double[size(out)];
    forEachIndex(out, (idx, k) -> want[k] = xv[source(idx, p.x())] + yv[source(idx, p.y())]);
    assertArrayEquals(want, got);
  }

  /** Three shapes that broadcast together (condition, x, y). */
  record Triple(int[] c, int[] x, int[] y) {}

  @Provide Arbitrary<Triple> broadcastableTriple() {
    Arbitrary<List<Integer>> out = Arbitraries.integers().between(0, 3).list().ofMaxSize(3);
    Arbitrary<List<Boolean>> ones = Arbitraries.of(true, false).list().ofSize(3);
    Arbitrary<Integer> drop = Arbitraries.integers().between(0, 3);
    return Combinators.combine(out, ones, ones, ones, drop, drop, drop).as((o, co, xo, yo, cd, xd, yd) ->
        new Triple(operand(o, co, cd), operand(o, xo, xd), operand(o, yo, yd)));
  }

  @Property(tries = 50)
  void whereBroadcastsAllThreeOperands(@ForAll("broadcastableTriple") Triple t) {
    double[] cv = iota(t.c(), 1), xv = iota(t.x(), 1), yv = iota(t.y(), -1);
    Array c = array(cv, t.c()).rem(2.0), x = array(xv, t.x()), y = array(yv, t.y()).astype(DType.F32);
    Array z = Np.where(c, x, y);
    int[] out = broadcast(broadcast(t.c(), t.x()), t.y());
    assertArrayEquals(out, z.shape());
    assertEquals(DType.F64, z.dtype());
    double[] want = new double[size(out)];
    forEachIndex(out, (idx, k) -> want[k] = cv[source(idx, t.c())] % 2 != 0 ? xv[source(idx, t.x())] : yv[source(idx, t.y())]);
    assertArrayEquals(want, z.toDoubleArray());
  }

  /** An f64 array of shape {@code s} (rank-0 included). */
  private static Array array(double[] v, int[] s) { return Array.of(v, s); }   // strongly f64 at every rank

  @Provide Arbitrary<DType> numeric() { return Arbitraries.of(DType.F32, DType.F64, DType.I32, DType.I64); }

  /** Two shapes that do not broadcast: equal ranks except that one aligned axis has extents e and e+1 (e >= 2). */
  record Clash(int[] x, int[] y) {}

  @Provide Arbitrary<Clash> clashing() {
    Arbitrary<List<Integer>> dims = Arbitraries.integers().between(1, 3).list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Integer> axis = Arbitraries.integers().between(0, 2), extent = Arbitraries.integers().between(2, 4);
    Arbitrary<Integer> extraRank = Arbitraries.integers().between(0, 1);
    return Combinators.combine(dims, axis, extent, extraRank).as((d, a, e, extra) -> {
      int[] x = d.stream().mapToInt(Integer::intValue).toArray();
      int ax = a % x.length;
      x[ax] = e;
      int[] y = x.clone();
      y[ax] = e + 1;
      if (extra == 1) {
        int[] longer = new int[y.length + 1];
        longer[0] = 2;
        System.arraycopy(y, 0, longer, 1, y.length);
        y = longer;
      }
      return new Clash(x, y);
    });
  }

  @Property(tries = 50)
  void incompatibleShapesNameBothShapes(@ForAll("clashing") Clash c) {
    Array x = Array.of(new float[size(c.x())], c.x()), y = Array.of(new float[size(c.y())], c.y());
    String m = assertThrows(ShapeError.class, () -> x.add(y)).getMessage();
    assertTrue(m.contains(shape(c.x())) && m.contains(shape(c.y())), m);
    assertTrue(m.startsWith("add:"), m);
    String w = assertThrows(ShapeError.class, () -> Np.where(x.gt(0.0), x, y)).getMessage();
    assertTrue(w.contains(shape(c.x())) && w.contains(shape(c.y())), w);
  }

  private static String shape(int[] s) { return Arrays.toString(s).replace(" ", ""); }

  private static final DType[] TYPES = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};

  /** JAX's promotion lattice restricted to these dtypes (rows and columns in {@link #TYPES} order). */
  private static final DType[][] TABLE = {
      {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64},
      {DType.I32, DType.I32, DType.I64, DType.F32, DType.F64},
      {DType.I64, DType.I64, DType.I64, DType.F32, DType.F64},
      {DType.F32, DType.F32, DType.F32, DType.F32, DType.F64},
      {DType.F64, DType.F64, DType.F64, DType.F64, DType.F64}};

  @Example
  void promotionTableOfStrongDtypes() {
    for (int i = 0; i < TYPES.length; i++)
      for (int j = 0; j < TYPES.length; j++) {
        Array a = Np.zeros(TYPES[i], 2), b = Np.zeros(TYPES[j], 2);
        assertEquals(TABLE[i][j], Np.maximum(a, b).dtype(), TYPES[i] + " with " + TYPES[j]);
        assertEquals(TABLE[i][j], Np.where(Np.zeros(DType.BOOL, 2), a, b).dtype(), "where " + TYPES[i] + ", " + TYPES[j]);
        assertEquals(DType.BOOL, a.lt(b).dtype());
      }
  }

  @Example
  void weakLiteralsTakeTheArrayDtypeUnlessTheirKindIsHigher() {
    DType[] withDouble = {DType.F32, DType.F32, DType.F32, DType.F32, DType.F64};
    DType[] withLong = {DType.I32, DType.I32, DType.I64, DType.F32, DType.F64};
    for (int i = 0; i < TYPES.length; i++) {
      Array a = Np.zeros(TYPES[i], 2);
      assertEquals(withDouble[i], a.maximum(2.0).dtype(), TYPES[i] + " with 2.0");
      assertEquals(withLong[i], a.maximum(2L).dtype(), TYPES[i] + " with 2");
    }
    assertEquals(DType.F32, Np.zeros(DType.I32, 2).add(2.0).dtype());
    assertEquals(DType.F64, Np.zeros(DType.F32, 2).add(Np.zeros(DType.F64, 2)).dtype());
    assertEquals(DType.F32, Np.zeros(DType.I64, 2).add(Np.zeros(DType.F32, 2)).dtype());
    assertEquals(DType.I32, Np.zeros(DType.BOOL, 2).add(1L).dtype());
  }
}
