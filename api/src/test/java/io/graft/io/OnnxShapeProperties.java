package io.graft.io;

import io.graft.Array;
import io.graft.Np;
import io.graft.Random;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Exported models over random shapes, run in ONNX Runtime against Graft (f32, {@code 1e-5} relative plus absolute;
 * {@code 1e-4} for contractions): broadcasting elementwise ops, reductions over random axis sets, transposes by random
 * permutations, batched matmuls.
 */
class OnnxShapeProperties {
  @Provide Arbitrary<int[]> shapes() {
    return Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(1).ofMaxSize(4);
  }

  private static void check(Function<List<Array>, Array> f, List<Array> args, double tol) throws Exception {
    Path dir = Files.createTempDirectory("onnx-prop");
    try {
      Path model = Onnx.export(f, args, dir.resolve("p.onnx"));
      OnnxExportTest.assertClose("property", f.apply(args), OnnxExportTest.run(model, args).get(0), tol);
    } finally {
      try (var files = Files.list(dir)) { for (Path p : files.toList()) Files.delete(p); }
      Files.delete(dir);
    }
  }

  @Property(tries = 25)
  void broadcastingElementwise(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = 0, max = 15) int mask,
                               @ForAll long seed) throws Exception {
    int[] other = shape.clone();
    for (int i = 0; i < other.length; i++) if ((mask >> i & 1) == 1) other[i] = 1;   // numpy broadcasting of unit axes
    Array x = Random.normal(Random.key(seed), shape), y = Random.normal(Random.key(seed + 1), other);
    check(a -> Np.tanh(Np.add(Np.multiply(a.get(0), a.get(1)), Np.maximum(a.get(1), Array.scalar(0f)))), List.of(x, y), 1e-5);
  }

  @Property(tries = 25)
  void reductionsOverAxisSets(@ForAll("shapes") int[] shape, @ForAll @IntRange(min = 1, max = 15) int mask,
                              @ForAll long seed) throws Exception {
    int[] axes = java.util.stream.IntStream.range(0, shape.length).filter(i -> (mask >> i & 1) == 1).toArray();
    Array x = Random.normal(Random.key(seed), shape);
    check(a -> Np.add(Np.sum(a.get(0), axes), Np.max(a.get(0), axes)), List.of(x), 1e-5);
  }

  @Property(tries = 25)
  void transposesByPermutations(@ForAll("shapes") int[] shape, @ForAll long seed) throws Exception {
    List<Integer> perm = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, shape.length).boxed().toList());
    java.util.Collections.shuffle(perm, new java.util.Random(seed));
    int[] p = perm.stream().mapToInt(Integer::intValue).toArray();
    Array x = Random.normal(Random.key(seed), shape);
    check(a -> Np.transpose(a.get(0), p), List.of(x), 1e-5);
  }

  @Property(tries = 25)
  void batchedMatmuls(@ForAll @IntRange(min = 1, max = 3) int b, @ForAll @IntRange(min = 1, max = 5) int m,
                      @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 5) int n,
                      @ForAll long seed) throws Exception {
    Array x = Random.normal(Random.key(seed), b, m, k), y = Random.normal(Random.key(seed + 1), b, k, n);
    check(a -> Np.matmul(a.get(0), a.get(1)), List.of(x, y), 1e-4);
  }
}
