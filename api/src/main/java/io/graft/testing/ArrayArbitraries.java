package io.graft.testing;

import io.graft.Array;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Const;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * jqwik generators of {@link Array}s. Shapes include zero and one extents and shrink toward small ranks and
 * sizes; values shrink toward zero (toward {@code min} when zero is outside the range).
 *
 * <p>jqwik is an optional dependency of {@code io.graft.api} ({@code requires static}, not transitive, so modules that
 * never use these generators need no jqwik): a module that uses them requires {@code net.jqwik.api} itself.
 */
@SuppressWarnings("exports")   // jqwik's Arbitrary in the signatures: see above
public final class ArrayArbitraries {
  private ArrayArbitraries() {}

  /** Shapes of rank 0..{@code maxRank} with extents 0..{@code maxDim}. */
  public static Arbitrary<int[]> shapes(int maxRank, int maxDim) {
    if (maxRank < 0 || maxDim < 0) throw new IllegalArgumentException("shapes: maxRank and maxDim must be >= 0, got " + maxRank + ", " + maxDim);
    return Arbitraries.integers().between(0, maxDim).list().ofMinSize(0).ofMaxSize(maxRank)
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Shapes of rank 0..{@code maxRank} with extents 1..{@code maxDim} (no empty arrays). */
  public static Arbitrary<int[]> nonEmptyShapes(int maxRank, int maxDim) {
    if (maxRank < 0 || maxDim < 1) throw new IllegalArgumentException("nonEmptyShapes: need maxRank >= 0 and maxDim >= 1, got " + maxRank + ", " + maxDim);
    return Arbitraries.integers().between(1, maxDim).list().ofMinSize(0).ofMaxSize(maxRank)
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Arrays of {@code dtype} and a shape from {@code shapes} with values in {@code [min, max]} (integers rounded; bools random). */
  public static Arbitrary<Array> arrays(DType dtype, Arbitrary<int[]> shapes, double min, double max) {
    Objects.requireNonNull(dtype, "dtype is null");
    Objects.requireNonNull(shapes, "shapes is null");
    if (!(min <= max)) throw new IllegalArgumentException("arrays: min " + min + " must be <= max " + max);
    return shapes.flatMap(shape -> {
      int n = Shape.of(shape).size();
      return Arbitraries.doubles().between(min, max).shrinkTowards(min <= 0 && max >= 0 ? 0 : min)
          .list().ofSize(n).map(values -> build(dtype, shape, values, (min + max) / 2));
    });
  }

  /** f32 arrays of rank ≤ 3, extents ≤ 4, values in [-1, 1]. */
  public static Arbitrary<Array> floats() { return arrays(DType.F32, shapes(3, 4), -1, 1); }

  /** Arrays of exactly {@code shape}. */
  public static Arbitrary<Array> arrays(DType dtype, int[] shape, double min, double max) {
    return arrays(dtype, Arbitraries.just(Objects.requireNonNull(shape, "shape is null").clone()), min, max);
  }

  private static Array build(DType dtype, int[] shape, List<Double> values, double mid) {
    double[] d = new double[values.size()];
    for (int i = 0; i < d.length; i++) d[i] = values.get(i);
    if (dtype.isInteger()) for (int i = 0; i < d.length; i++) d[i] = Math.rint(d[i]);
    if (dtype.isBool()) for (int i = 0; i < d.length; i++) d[i] = d[i] > mid ? 1 : 0;
    return Array.wrap(Const.of(NdArray.wrap(Shape.of(shape), d).astype(dtype)));
  }
}
