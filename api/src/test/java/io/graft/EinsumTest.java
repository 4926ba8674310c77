package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.ShapeError;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EinsumTest {
  private static final Random RND = new Random(7);

  private static Array rand(int... shape) {
    int n = 1;
    for (int d : shape) n *= d;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = Math.round(RND.nextGaussian() * 8) / 4.0;
    return Array.of(x, shape.length == 0 ? new int[0] : shape).reshape(shape);
  }

  /** Brute force: loop over every assignment of every label (explicit output, no ellipsis). */
  private static double[] reference(String spec, Array... xs) {
    String[] io = spec.split("->", -1);
    String[] ins = io[0].split(",");
    String out = io[1];
    Map<Character, Integer> size = new HashMap<>();
    for (int i = 0; i < ins.length; i++) for (int a = 0; a < ins[i].length(); a++) size.put(ins[i].charAt(a), xs[i].shape()[a]);
    String labels = size.keySet().stream().map(String::valueOf).reduce("", String::concat);
    int outSize = 1;
    for (char c : out.toCharArray()) outSize *= size.get(c);
    double[] res = new double[outSize];
    int[] idx = new int[labels.length()];
    double[][] data = new double[xs.length][];
    for (int i = 0; i < xs.length; i++) data[i] = xs[i].toDoubleArray();
    boolean empty = size.values().stream().anyMatch(e -> e == 0);
    while (!empty) {
      double p = 1;
      for (int i = 0; i < ins.length; i++) p *= data[i][flat(ins[i], labels, idx, size)];
      res[out.isEmpty() ? 0 : flat(out, labels, idx, size)] += p;
      int k = labels.length() - 1;
      while (k >= 0 && ++idx[k] == size.get(labels.charAt(k))) idx[k--] = 0;
      if (k < 0) break;
    }
    return res;
  }

  private static int flat(String sub, String labels, int[] idx, Map<Character, Integer> size) {
    int f = 0;
    for (char c : sub.toCharArray()) f = f * size.get(c) + idx[labels.indexOf(c)];
    return f;
  }

  private static void check(String spec, Array... xs) {
    Array got = Np.einsum(spec, xs);
    assertArrayEquals(reference(spec, xs), got.toDoubleArray(), 1e-9, spec);
  }

  @Test void matchesBruteForce() {
    check("ij,jk->ik", rand(3, 4), rand(4, 5));
    check("bij,bjk->bik", rand(2, 3, 4), rand(2, 4, 5));
    check("ij->ji", rand(3, 4));
    check("ij->", rand(3, 4));
    check("ii->i", rand(4, 4));
    check("ii->", rand(4, 4));
    check("i,j->ij", rand(3), rand(4));
    check("i,ij,j->", rand(3), rand(3, 4), rand(4));
    check("ij,jk,kl->il", rand(2, 3), rand(3, 4), rand(4, 2));
    check("bhqd,bhkd->bhqk", rand(2, 2, 3, 4), rand(2, 2, 5, 4));
    check("ijk,ikj->i", rand(2, 3, 4), rand(2, 4, 3));
    check("iij->j", rand(3, 3, 2));
    check("ab,ab->ab", rand(2, 3), rand(2, 3));
    check("i->i", rand(0));
    check("ij,jk->ik", rand(3, 0), rand(0, 2));
  }

  @Test void implicitOutputAndEllipsis() {
    Array a = rand(3, 4), b = rand(4, 5);
    assertArrayEquals(reference("ij,jk->ik", a, b), Np.einsum("ij,jk", a, b).toDoubleArray(), 1e-9);
    assertArrayEquals(reference("ij->ji", a), Np.einsum("ji", a).toDoubleArray(), 1e-9);
    Array x = rand(2, 3, 4), y = rand(2, 4, 5);
    assertArrayEquals(reference("bij,bjk->bik", x, y), Np.einsum("...ij,...jk->...ik", x, y).toDoubleArray(), 1e-9);
    Array z = rand(4, 5);
    assertArrayEquals(Np.matmul(x, z).toDoubleArray(), Np.einsum("...ij,...jk->...ik", x, z).toDoubleArray(), 1e-9);
  }

  @Test void lowersToDotGeneral() {
    var g = Graft.makeGraph((Array a) -> Np.einsum("ij,kj->ik", a, a)).apply(ShapeDtype.of(Np.float32, 2, 3).array());
    assertEquals("""
        { lambda ; a:f32[2,3]. let
            b:f32[2,2] = dot_general[dimension_numbers=(([1], [1]), ([], [])) preferred_element_type=f32] a a
          in (b) }""", g.toString());
  }

  @Test void errorsNameTheSubscripts() {
    var e = assertThrows(ShapeError.class, () -> Np.einsum("ij,jk->ik", rand(2, 3), rand(4, 5)));
    assertTrue(e.getMessage().startsWith("einsum('ij,jk->ik'): label 'j'"), e.getMessage());
    assertThrows(ShapeError.class, () -> Np.einsum("ij->ik", rand(2, 3)));
    assertThrows(ShapeError.class, () -> Np.einsum("ijk->", rand(2, 3)));
    assertThrows(ShapeError.class, () -> Np.einsum("ij,jk->ik", rand(2, 3)));
    assertEquals("subscripts is null", assertThrows(NullPointerException.class, () -> Np.einsum(null, rand(2))).getMessage());
  }
}
