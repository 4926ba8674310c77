package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.numerics.DType;
import io.graft.numerics.ShapeError;
import io.graft.trace.Value;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Random} against published values: the Random123 known-answer vectors of threefry2x32 (20 rounds) and the
 * outputs JAX documents for its default, partitionable threefry; then jit ≡ eager, vmap over keys ≡ a loop, and
 * distribution sanity.
 */
class RandomTest {
  private static long[] u(Array a) { return a.toLongArray(); }

  private static long[] hash(long k0, long k1, long x0, long x1) {
    Value[] y = Threefry.hash(Threefry.u32(k0), Threefry.u32(k1), Threefry.u32(x0), Threefry.u32(x1));
    return new long[] {new Array(y[0]).toLongArray()[0], new Array(y[1]).toLongArray()[0]};
  }

  /**
   * Known answers of threefry2x32_20. Source: DEShawResearch/random123, {@code tests/kat_vectors} (lines
   * "threefry2x32 20 ctr0 ctr1 key0 key1 out0 out1"), also asserted by jax-ml/jax {@code tests/random_test.py}
   * {@code PrngTest.testThreefry2x32}.
   */
  @Test void threefryMatchesTheRandom123KnownAnswers() {
    assertArrayEquals(new long[] {0x6b200159L, 0x99ba4efeL}, hash(0, 0, 0, 0));
    assertArrayEquals(new long[] {0x1cb996fcL, 0xbb002be7L}, hash(0xffffffffL, 0xffffffffL, 0xffffffffL, 0xffffffffL));
    assertArrayEquals(new long[] {0xc4923a9cL, 0x483df7a0L}, hash(0x13198a2eL, 0x03707344L, 0x243f6a88L, 0x85a308d3L));
  }

  @Test void keysHoldTheSeedWords() {
    // jax-ml/jax docs/jep/9263-typed-keys.md: key_data(random.key(0)) is [0, 0]
    assertArrayEquals(new long[] {0, 0}, u(Random.key(0)));
    assertEquals(DType.U32, Random.key(0).dtype());
    assertArrayEquals(new long[] {0, 42}, u(Random.key(42)));
    assertArrayEquals(new long[] {0, 0xFFFFFFFFL}, u(Random.key(-1)));               // i32 seed: high word 0
    assertArrayEquals(new long[] {1, 2}, u(Random.key((1L << 32) + 2)));             // x64 seed
    assertArrayEquals(new long[] {0, 7}, u(Random.key(Array.scalar(7))));
    assertArrayEquals(new long[] {3, 5}, u(Random.key(Array.scalar((3L << 32) | 5))));
  }

  /**
   * jax-ml/jax {@code jax/random.py} module docstring (updated by commit a60ead6 "enable partitionable threefry by
   * default"): {@code uniform(key(0))} is 0.947667 and, after {@code key, subkey = split(key)}, {@code uniform(subkey)}
   * is 0.00729382; {@code docs/jep/9263-typed-keys.md}: {@code uniform(key(0), (3,))} is
   * {@code [0.947667, 0.9785799, 0.33229148]}.
   */
  @Test void uniformMatchesJaxDocumentedValues() {
    Array key = Random.key(0);
    assertEquals(0.947667f, Random.uniform(key).toFloatArray()[0], 1e-6f);
    assertArrayEquals(new float[] {0.947667f, 0.9785799f, 0.33229148f}, Random.uniform(key, 3).toFloatArray(), 1e-7f);
    Array subkey = Random.split(key).get(1);
    assertEquals(0.00729382f, Random.uniform(subkey).toFloatArray()[0], 1e-8f);
  }

  /**
   * Docstrings of jnp.trunc/fix/floor/ceil in jax-ml/jax ({@code jax/_src/numpy/lax_numpy.py}, {@code ufuncs.py}, as
   * updated by commit a60ead6): {@code uniform(key(k), (3, 3), minval, maxval)} printed to two decimals.
   */
  @Test void uniformWithBoundsMatchesJaxDocstrings() {
    assertRounded(new double[] {-0.23, 3.6, 2.33, 1.22, -0.99, 1.72, -8.5, 5.5, 3.98}, Random.uniform(Random.key(42), new int[] {3, 3}, DType.F32, -10, 10));
    assertRounded(new double[] {-0.11, 1.8, 1.16, 0.61, -0.49, 0.86, -4.25, 2.75, 1.99}, Random.uniform(Random.key(42), new int[] {3, 3}, DType.F32, -5, 5));
    assertRounded(new double[] {-0.61, 0.34, -0.54, -0.62, 3.97, 0.59, 4.84, 3.42, -1.14}, Random.uniform(Random.key(1), new int[] {3, 3}, DType.F32, -5, 5));
    assertRounded(new double[] {4.48, 4.79, -1.68, -0.31, 0.7, -3.34, -1.9, 1.89, 2.47}, Random.uniform(Random.key(0), new int[] {3, 3}, DType.F32, -5, 5));
  }

  private static void assertRounded(double[] want, Array got) {
    float[] g = got.toFloatArray();
    for (int i = 0; i < want.length; i++) assertEquals(want[i], g[i], 0.005 + 1e-6, "element " + i + " of " + Arrays.toString(g));
  }

  /**
   * jax-ml/jax {@code jax/_src/numpy/lax_numpy.py}, docstrings of {@code jnp.cov} and {@code jnp.corrcoef}:
   * {@code x = normal(key(0), (3, 100))} has sample covariance {@code [[0.9, 0.03, 0.1], [0.03, 1, 0.01], [0.1, 0.01,
   * 0.85]]} to two decimals.
   */
  @Test void normalMatchesJaxCovarianceDocstring() {
    float[] x = Random.normal(Random.key(0), 3, 100).toFloatArray();
    double[][] want = {{0.9, 0.03, 0.1}, {0.03, 1, 0.01}, {0.1, 0.01, 0.85}};
    double[] mean = new double[3];
    for (int r = 0; r < 3; r++) for (int c = 0; c < 100; c++) mean[r] += x[r * 100 + c] / 100.0;
    for (int a = 0; a < 3; a++)
      for (int b = 0; b < 3; b++) {
        double s = 0;
        for (int c = 0; c < 100; c++) s += (x[a * 100 + c] - mean[a]) * (x[b * 100 + c] - mean[b]);
        assertEquals(want[a][b], s / 99, 0.005 + 1e-6, "cov[" + a + "][" + b + "]");
      }
  }

  /**
   * jax-ml/jax {@code jax/_src/numpy/einsum.py}, docstring of {@code einsum_path}: with
   * {@code key1, key2, key3 = split(key(0), 3)} and {@code randint(key_i, shape_i, -5, 5)} of shapes (2, 3), (3, 100),
   * (100, 5), the product {@code x @ y @ z} is {@code [[-754, 324, -142, 82, 50], [408, -50, 87, -29, 7]]}.
   */
  @Test void randintMatchesJaxEinsumDocstring() {
    Array keys = Random.split(Random.key(0), 3);
    int[] x = Random.randint(keys.get(0), new int[] {2, 3}, -5, 5).toIntArray();
    int[] y = Random.randint(keys.get(1), new int[] {3, 100}, -5, 5).toIntArray();
    int[] z = Random.randint(keys.get(2), new int[] {100, 5}, -5, 5).toIntArray();
    long[] got = new long[10];
    for (int i = 0; i < 2; i++)
      for (int l = 0; l < 5; l++)
        for (int k = 0; k < 100; k++) {
          long xy = 0;
          for (int j = 0; j < 3; j++) xy += (long) x[i * 3 + j] * y[j * 100 + k];
          got[i * 5 + l] += xy * z[k * 5 + l];
        }
    assertArrayEquals(new long[] {-754, 324, -142, 82, 50, 408, -50, 87, -29, 7}, got);
    for (int v : y) assertTrue(v >= -5 && v < 5, "randint out of [-5, 5): " + v);
  }

  /** jax-ml/jax {@code tests/random_test.py} {@code test_threefry_split_fold_in_symmetry}: split(k, 3)[i] == fold_in(k, i). */
  @Test void splitEqualsFoldInOfTheIndex() {
    Array key = Random.key(72), s = Random.split(key, 3);
    for (int i = 0; i < 3; i++) assertArrayEquals(u(s.get(i)), u(Random.foldIn(key, i)), "key " + i);
    assertArrayEquals(u(Random.foldIn(key, 2)), u(Random.foldIn(key, Array.scalar(2))));
    assertArrayEquals(new int[] {3, 2}, s.shape());
  }

  @Test void bitsAreTheXorOfTheTwoHashedWords() {
    Array key = Random.key(5);
    long[] b = u(Random.bits(key, 2, 2));
    long[] k = u(key);
    for (int i = 0; i < 4; i++) {
      long[] y = hash(k[0], k[1], 0, i);
      assertEquals(y[0] ^ y[1], b[i], "bits at linear index " + i);
    }
  }

  @Test void uniformF64UsesSixtyFourBits() {
    Array key = Random.key(11);
    double[] d = Random.uniform(key, new int[] {3}, DType.F64, 0, 1).toDoubleArray();
    long[] k = u(key);
    for (int i = 0; i < 3; i++) {
      long[] y = hash(k[0], k[1], 0, i);
      long bits = (y[0] << 32) | y[1];
      assertEquals(Double.longBitsToDouble((bits >>> 12) | 0x3FF0_0000_0000_0000L) - 1, d[i], "element " + i);
    }
  }

  /** Every sampler, jitted, gives exactly the eager result; under vmap over keys, exactly the per-key results. */
  @Test void everySamplerJitsAndVmaps() {
    Array p = Array.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f});
    Array logits = Array.of(new float[] {0.5f, -1f, 2f, 0f, 1f, 1f}, 2, 3);
    List<ArrayFn> samplers = List.of(
        k -> Random.bits(k, 4),
        k -> Random.split(k, 3),
        k -> Random.foldIn(k, 9),
        k -> Random.uniform(k, new int[] {5}, DType.F32, -2, 3),
        k -> Random.uniform(k, new int[] {2}, DType.F64, 0, 1),
        k -> Random.normal(k, 6),
        k -> Random.truncatedNormal(k, -1, 0.5, 6),
        k -> Random.bernoulli(k, 0.3, 8),
        k -> Random.categorical(k, logits, 1),
        k -> Random.randint(k, new int[] {7}, -3, 11),
        k -> Random.permutation(k, 9),
        k -> Random.choice(k, 10, new int[] {4}, false),
        k -> Random.choice(k, 4, new int[] {5}, true, p),
        k -> Random.choice(k, 4, new int[] {3}, false, p));
    Array keys = Random.split(Random.key(3), 4);
    for (int s = 0; s < samplers.size(); s++) {
      ArrayFn f = samplers.get(s);
      Array eager = f.apply(keys.get(0));
      assertArrayEquals(eager.toDoubleArray(), Graft.jit(f).apply(keys.get(0)).toDoubleArray(), "jit of sampler " + s);
      assertEquals(eager.dtype(), Graft.jit(f).apply(keys.get(0)).dtype(), "jit dtype of sampler " + s);
      Array batched = Graft.vmap(f).apply(keys);
      for (int i = 0; i < 4; i++)
        assertArrayEquals(f.apply(keys.get(i)).toDoubleArray(), batched.get(i).toDoubleArray(), "vmap of sampler " + s + ", key " + i);
    }
  }

  @Test void tracedSeedsJitToTheSameKeys() {
    ArrayFn f = s -> Random.uniform(Random.key(s), 3);
    assertArrayEquals(f.apply(Array.scalar(17)).toFloatArray(), Graft.jit(f).apply(Array.scalar(17)).toFloatArray());
    assertArrayEquals(Random.uniform(Random.key(17), 3).toFloatArray(), Graft.jit(f).apply(Array.scalar(17)).toFloatArray());
  }

  @Test void normalsHaveUnitMomentsAndUniformsFillTheInterval() {
    float[] z = Random.normal(Random.key(2024), 100_000).toFloatArray();
    double m = 0, v = 0;
    for (float x : z) m += x;
    m /= z.length;
    for (float x : z) v += (x - m) * (x - m);
    v /= z.length - 1;
    assertEquals(0, m, 0.015, "mean of 1e5 normals");                 // 4.7 standard errors
    assertEquals(1, v, 0.02, "variance of 1e5 normals");              // 4.5 standard errors
    float[] t = Random.truncatedNormal(Random.key(9), -0.3, 0.3, 10_000).toFloatArray();
    for (float x : t) assertTrue(x > -0.3f && x < 0.3f, "truncated normal outside (-0.3, 0.3): " + x);
    float[] uu = Random.uniform(Random.key(1), 50_000).toFloatArray();
    double um = 0, lo = 1, hi = 0;
    for (float x : uu) { um += x; lo = Math.min(lo, x); hi = Math.max(hi, x); }
    assertEquals(0.5, um / uu.length, 0.005);
    assertTrue(lo >= 0 && lo < 1e-3 && hi < 1 && hi > 1 - 1e-3, "uniform range [" + lo + ", " + hi + "]");
    boolean[] b = Random.bernoulli(Random.key(4), 0.25, 40_000).toBooleanArray();
    int ones = 0;
    for (boolean x : b) if (x) ones++;
    assertEquals(0.25, ones / 40_000.0, 0.01);
  }

  @Test void discreteSamplersStayInTheirSupport() {
    int[] perm = Random.permutation(Random.key(8), 50).toIntArray();
    int[] sorted = perm.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
    assertTrue(Arrays.mismatch(perm, sorted) >= 0, "a permutation of 50 left in order");
    Array rows = Array.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2);
    float[] shuffled = Random.permutation(Random.key(1), rows).toFloatArray();
    for (int r = 0; r < 3; r++) assertEquals(shuffled[2 * r] + 1, shuffled[2 * r + 1], "rows stay whole");
    int[] distinct = Random.choice(Random.key(2), 20, new int[] {20}, false).toIntArray();
    assertEquals(20, Arrays.stream(distinct).distinct().count());
    int[] weighted = Random.choice(Random.key(2), 3, new int[] {3000}, true, Array.of(new float[] {0, 1, 3})).toIntArray();
    long twos = Arrays.stream(weighted).filter(x -> x == 2).count();
    assertTrue(Arrays.stream(weighted).noneMatch(x -> x == 0), "a zero-probability choice was drawn");
    assertEquals(0.75, twos / 3000.0, 0.03);
    int[] cats = Random.categorical(Random.key(6), Array.of(new float[] {0, (float) Math.log(3)}), -1, new int[] {4000}).toIntArray();
    assertEquals(0.75, Arrays.stream(cats).filter(x -> x == 1).count() / 4000.0, 0.03);
    int[] draws = Random.randint(Random.key(3), new int[] {1000}, 5, 10).toIntArray();
    assertTrue(Arrays.stream(draws).allMatch(x -> x >= 5 && x < 10));
    assertTrue(Arrays.stream(Random.randint(Random.key(3), new int[] {10}, 4, 4).toIntArray()).allMatch(x -> x == 4));
  }

  @Test void misuseIsATypedErrorThatNamesTheFix() {
    Array keys = Random.split(Random.key(0), 2);
    ShapeError e = assertThrows(ShapeError.class, () -> Random.normal(keys, 3));
    assertTrue(e.getMessage().contains("u32[2,2]") && e.getMessage().contains("vmap"), e.getMessage());
    assertThrows(io.graft.numerics.DTypeError.class, () -> Random.uniform(Array.of(new float[] {0, 0}), 2));
    assertThrows(ShapeError.class, () -> Random.choice(Random.key(0), 3, new int[] {4}, false));
    assertThrows(io.graft.numerics.DTypeError.class, () -> Random.normal(Random.key(0), new int[] {2}, DType.I32));
  }
}
