package io.graft;

import io.graft.numerics.DType;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * The arguments of a {@link RandomProgram}: their shapes (mutually broadcastable variants of one base shape, with
 * occasional zero extents and some shapes past the parallel grain of ~32K elements), dtypes (mostly f32), and the
 * seed of their values: standard normal samples clamped to {@code [-4, 4]}, with about one NaN in 32 if
 * {@code nans}. Example: {@code inputs f32[3,4], f64[4] (seed 7)}.
 */
record ProgramInputs(List<List<Integer>> shapes, List<DType> dtypes, long seed, boolean nans) {
  /** The largest magnitude of an input value. */
  static final double MAX_ABS = 4;

  ProgramInputs {
    shapes = shapes.stream().map(List::copyOf).toList();
    dtypes = List.copyOf(dtypes);
  }

  /** Arrays of these shapes and dtypes with values from {@code valueSeed}. */
  List<Array> arrays(long valueSeed) {
    java.util.Random rnd = new java.util.Random(valueSeed);
    List<Array> out = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      int[] shape = RandomProgram.ints(shapes.get(i));
      int n = shapes.get(i).stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
      double[] v = new double[n];
      for (int j = 0; j < n; j++) {
        v[j] = nans && rnd.nextInt(32) == 0 ? Double.NaN : Math.clamp(rnd.nextGaussian(), -MAX_ABS, MAX_ABS);
      }
      Array a = dtypes.get(i) == DType.F64 ? Array.of(v, shape) : Array.of(toFloats(v), shape);
      out.add(shape.length == 0 ? a.reshape() : a);                // Array.of without a shape is 1-D
    }
    return out;
  }

  private static float[] toFloats(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
    return f;
  }

  /** 1..3 inputs: the base shape, then variants that drop leading axes or set extents to 1. */
  static Arbitrary<ProgramInputs> arbitrary() {
    Arbitrary<List<Integer>> small = Arbitraries.integers().between(1, 6).list().ofMaxSize(3);
    Arbitrary<List<Integer>> withZero = Combinators.combine(Arbitraries.integers().between(1, 6).list().ofMinSize(1).ofMaxSize(3),
        Arbitraries.integers().between(0, 2)).as((l, i) -> {
          List<Integer> s = new ArrayList<>(l);
          s.set(i % s.size(), 0);
          return s;
        });
    Arbitrary<List<Integer>> large = Arbitraries.of(List.of(128, 300), List.of(3, 64, 200), List.of(300, 128));
    Arbitrary<List<Integer>> base = Arbitraries.frequencyOf(Tuple.of(16, small), Tuple.of(2, withZero), Tuple.of(2, large));
    Arbitrary<DType> dtype = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(DType.F32)), Tuple.of(1, Arbitraries.just(DType.F64)));
    Arbitrary<List<Integer>> masks = Arbitraries.integers().between(0, 255).list().ofMinSize(0).ofMaxSize(2);
    return Combinators.combine(base, masks, dtype.list().ofSize(3), Arbitraries.longs(), Arbitraries.integers().between(0, 9))
        .as((b, m, d, seed, nanDie) -> {
          List<List<Integer>> shapes = new ArrayList<>(List.of(b));
          for (int mask : m) shapes.add(variant(b, mask));
          return new ProgramInputs(shapes, d.subList(0, shapes.size()), seed, nanDie == 0);
        });
  }

  /** {@code base} without its first {@code (mask & 3) mod (rank+1)} axes, and extent 1 where bit {@code 2+j} is set. */
  private static List<Integer> variant(List<Integer> base, int mask) {
    int drop = (mask & 3) % (base.size() + 1);
    List<Integer> s = new ArrayList<>();
    for (int j = drop; j < base.size(); j++) s.add((mask & (4 << j)) != 0 ? 1 : base.get(j));
    return s;
  }

  @Override public String toString() {
    StringBuilder s = new StringBuilder("inputs ");
    for (int i = 0; i < shapes.size(); i++) s.append(i == 0 ? "" : ", ").append(dtypes.get(i)).append(shapes.get(i));
    return s.append(" (seed ").append(seed).append(nans ? ", with NaNs)" : ")").toString();
  }
}
