package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.Value;
import io.graft.trace.prim.AllSpecs;
import io.graft.trace.prim.Primitive;
import io.graft.trace.prim.Spec;
import io.vavr.Tuple2;
import io.vavr.collection.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The laws every primitive's rules obey, checked on every spec of every family (the same specs the coverage test
 * demands), in f64:
 * <ul>
 *   <li>{@code jvpMatchesFiniteDifferences}: the JVP rule against central differences (against exact zeros for the
 *       primitives whose derivative is zero by definition: {@link #ZERO_BY_DEFINITION});</li>
 *   <li>{@code transposeIsAdjoint}: {@code <ct, J·v> == <Jᵀ·ct, v>} through linearize and the transpose rules;</li>
 *   <li>{@code vmapEqualsLoop}: the batching rule against stacking per-example results, with the batch axis at
 *       the front, at the back, and with unmapped operands;</li>
 *   <li>{@code secondOrderMatchesFiniteDifferences}: {@code jvp(grad)} against central differences of {@code grad}.</li>
 * </ul>
 * Float operands are perturbed slightly (fixed seed) so that ties and kinks in the samples do not decide the result;
 * samples whose outputs are not finite are skipped, and in the second-order check those whose gradient jumps within
 * the finite-difference step (two step sizes disagree).
 */
class RuleProperties {
  private static final double EPS = 1e-6;

  /** Primitives defined to have a zero derivative although their values vary ({@code stop_gradient}, {@code nextafter}, as in JAX). */
  private static final java.util.Set<String> ZERO_BY_DEFINITION = java.util.Set.of("stop_gradient", "nextafter");

  /** Primitives without forward mode by definition (as in JAX): their JVP must refuse, and reverse mode is checked against finite differences. */
  private static final java.util.Set<String> REVERSE_ONLY = java.util.Set.of("custom_vjp_call");

  /** Primitives without reverse mode by definition: a while loop's trip count depends on the data (as in JAX). */
  private static final java.util.Set<String> FORWARD_ONLY = java.util.Set.of("while");

  private static Array finiteDifference(Case c, Vector<Array> x, Vector<Array> v) {
    Array plus = fn(c).apply(x.zipWith(v, (a, b) -> a.add(b.mul(EPS))));
    Array minus = fn(c).apply(x.zipWith(v, (a, b) -> a.sub(b.mul(EPS))));
    return plus.sub(minus).div(2 * EPS);
  }

  /** A spec as a function of its floating operands (the others held fixed). */
  private record Case(String name, Primitive prim, List<NdArray> args, int[] floatArgs) {
    Value apply(Vector<Value> floats) {
      Vector<Value> all = Vector.empty();
      for (int i = 0, f = 0; i < args.size(); i++)
        all = all.append(f < floatArgs.length && floatArgs[f] == i ? floats.get(f++) : Const.of(args.get(i)));
      return Bind.bind(prim, all).head();
    }

    Vector<Array> floats() {
      Vector<Array> out = Vector.empty();
      for (int i : floatArgs) out = out.append(new Array(Const.of(args.get(i))));
      return out;
    }
  }

  private static List<Case> cases() {
    Random rnd = new Random(42);
    List<Case> cases = new ArrayList<>();
    int repeats = Integer.getInteger("graft.ruleRepeats", 1);   // the long-properties profile checks more points
    String only = System.getProperty("graft.rules.only", "");   // e.g. -Dgraft.rules.only=reduce_,argmax while developing
    for (int rep = 0; rep < repeats; rep++) for (Spec s : AllSpecs.all()) {
      if (s.prim() instanceof io.graft.trace.prim.Collective) continue;   // meaningful only under a named vmap: CollectivesTest
      if (!only.isEmpty() && java.util.Arrays.stream(only.split(",")).noneMatch(p -> s.prim().name().startsWith(p))) continue;
      List<NdArray> args = new ArrayList<>();
      List<Integer> floats = new ArrayList<>();
      for (int i = 0; i < s.args().size(); i++) {
        NdArray a = s.args().get(i);
        if (a.dtype().isFloating()) { floats.add(i); a = perturb(a.astype(DType.F64), rnd); }
        args.add(a);
      }
      if (floats.isEmpty()) continue;
      cases.add(new Case(s.prim().name() + "[" + s.prim().params() + "] #" + cases.size(), s.prim(), args,
          floats.stream().mapToInt(Integer::intValue).toArray()));
    }
    return cases;
  }

  private static NdArray perturb(NdArray a, Random rnd) {
    double[] d = a.f64().clone();
    for (int i = 0; i < d.length; i++) d[i] += (rnd.nextDouble() - 0.5) * 0.02 * Math.max(1, Math.abs(d[i]));
    return NdArray.wrap(a.shape(), d);
  }

  private static Array random(int[] shape, Random rnd) {
    int n = Shape.of(shape).size();
    double[] d = new double[n];
    for (int i = 0; i < n; i++) d[i] = rnd.nextGaussian();
    return Array.of(d, shape.length == 0 ? new int[0] : shape).reshape(shape);
  }

  private static boolean finite(Array a) {
    if (!a.dtype().isFloating()) return false;
    for (double v : a.toDoubleArray()) if (!Double.isFinite(v)) return false;
    return true;
  }

  private static double dot(Array a, Array b) {
    double[] x = a.toDoubleArray(), y = b.toDoubleArray();
    double s = 0;
    for (int i = 0; i < x.length; i++) s += x[i] * y[i];
    return s;
  }

  private static double dot(Vector<Array> a, Vector<Array> b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) s += dot(a.get(i), b.get(i));
    return s;
  }

  /**
   * {@code (grad(x + h·v) - grad(x - h·v)) / 2h} per operand. Where two step sizes disagree the gradient jumps within
   * the step (a kink of {@code min}, {@code max}, {@code abs} that the perturbed sample came near): the second-order
   * check skips that sample, as the others skip non-finite ones.
   */
  private static Vector<double[]> centralDifferences(Function<Vector<Array>, Vector<Array>> grad, Vector<Array> x,
                                                     Vector<Array> v, double h) {
    Vector<Array> plus = grad.apply(x.zipWith(v, (a, b) -> a.add(b.mul(h))));
    Vector<Array> minus = grad.apply(x.zipWith(v, (a, b) -> a.sub(b.mul(h))));
    return plus.zipWith(minus, (p, m) -> p.sub(m).div(2 * h).toDoubleArray());
  }

  private static void close(double expected, double actual, double tol, String what) {
    if (Math.abs(expected - actual) > tol * (1 + Math.abs(expected)))
      fail(what + ": expected " + expected + " but got " + actual);
  }

  private static Function<Vector<Array>, Array> fn(Case c) {
    return xs -> new Array(c.apply(xs.map(Array::value)));
  }

  /** A dynamic test whose debug_print specs print nowhere (the green run stays quiet). */
  private static DynamicTest quietTest(String name, org.junit.jupiter.api.function.Executable body) {
    return DynamicTest.dynamicTest(name, () -> ScopedValue.where(io.graft.trace.prim.DebugPrint.SINK, line -> {})
        .call(() -> { body.execute(); return null; }));
  }

  @TestFactory Stream<DynamicTest> jvpMatchesFiniteDifferences() {
    Random rnd = new Random(1);
    return cases().stream().map(c -> quietTest(c.name(), () -> {
      Vector<Array> x = c.floats();
      Array y = fn(c).apply(x);
      if (!finite(y)) return;
      Vector<Array> v = x.map(a -> random(a.shape(), rnd));
      if (REVERSE_ONLY.contains(c.prim().name())) {
        org.junit.jupiter.api.Assertions.assertThrows(io.graft.trace.TransformError.class, () -> Graft.jvp(fn(c), x, v));
        return;
      }
      Array t = Graft.jvp(fn(c), x, v)._2;
      double[] fd = finiteDifference(c, x, v).toDoubleArray(), got = t.toDoubleArray();
      if (ZERO_BY_DEFINITION.contains(c.prim().name())) java.util.Arrays.fill(fd, 0);
      assertEquals(fd.length, got.length);
      for (int i = 0; i < fd.length; i++) close(fd[i], got[i], 1e-4, c.name() + " tangent[" + i + "]");
    }));
  }

  @TestFactory Stream<DynamicTest> transposeIsAdjoint() {
    Random rnd = new Random(2);
    return cases().stream().map(c -> quietTest(c.name(), () -> {
      Vector<Array> x = c.floats();
      if (!finite(fn(c).apply(x))) return;
      if (FORWARD_ONLY.contains(c.prim().name())) {
        org.junit.jupiter.api.Assertions.assertThrows(io.graft.trace.TransformError.class, () -> Graft.vjp(fn(c), x)._2.apply(fn(c).apply(x)));
        return;
      }
      Tuple2<Array, Function<Array, Vector<Array>>> vjp = Graft.vjp(fn(c), x);
      Vector<Array> v = x.map(a -> random(a.shape(), rnd));
      Array ct = random(vjp._1.shape(), rnd);
      if (REVERSE_ONLY.contains(c.prim().name())) {
        close(dot(ct, finiteDifference(c, x, v)), dot(vjp._2.apply(ct), v), 1e-6, c.name() + " <ct, FD v> vs <J^T ct, v>");
        return;
      }
      Tuple2<Array, Function<Vector<Array>, Array>> lin = Graft.linearize(fn(c), x);
      close(dot(ct, lin._2.apply(v)), dot(vjp._2.apply(ct), v), 1e-9, c.name() + " <ct, J v> vs <J^T ct, v>");
    }));
  }

  @TestFactory Stream<DynamicTest> vmapEqualsLoop() {
    Random rnd = new Random(3);
    return cases().stream().flatMap(c -> Stream.of(0, -1).map(axis -> quietTest(c.name() + " axis " + axis, () -> {
      int b = 3;
      Vector<Vector<Array>> examples = Vector.range(0, b).map(i -> c.floats().map(a -> a.add(random(a.shape(), rnd).mul(0.01))));
      // the first float operand is mapped along `axis`; the others along 0, and the last one unmapped when there are several
      int n = c.floatArgs().length;
      Vector<Array> stacked = Vector.range(0, n).map(k -> {
        if (n > 1 && k == n - 1) return examples.get(0).get(k);
        int ax = k == 0 && axis == -1 ? examples.get(0).get(k).ndim() : 0;
        return Np.stack(ax, examples.map(e -> e.get(k)).toJavaArray(Array[]::new));
      });
      Vector<Integer> axes = Vector.range(0, n).map(k -> n > 1 && k == n - 1 ? null : (k == 0 ? axis : 0));
      Function<Vector<Array>, Array> f = fn(c);
      Array batched = Graft.vmap(f, AxisSpec.tree(axes), AxisSpec.of(0)).apply(stacked);
      for (int i = 0; i < b; i++) {
        int ex = i;
        Vector<Array> args = Vector.range(0, n).map(k -> n > 1 && k == n - 1 ? examples.get(0).get(k) : examples.get(ex).get(k));
        Array expected = f.apply(args);
        Array got = batched.get(i);
        double[] e = expected.toDoubleArray(), g = got.toDoubleArray();
        assertEquals(expected.dtype(), got.dtype(), c.name());
        for (int j = 0; j < e.length; j++)
          if (Double.isFinite(e[j]) || Double.isFinite(g[j])) close(e[j], g[j], 1e-12, c.name() + " example " + i + "[" + j + "]");
      }
    })));
  }

  @TestFactory Stream<DynamicTest> secondOrderMatchesFiniteDifferences() {
    Random rnd = new Random(4);
    return cases().stream().map(c -> quietTest(c.name(), () -> {
      Vector<Array> x = c.floats();
      Array y0 = fn(c).apply(x);
      if (!finite(y0) || FORWARD_ONLY.contains(c.prim().name())) return;   // reverse mode refuses (checked above)
      Array w = random(y0.shape(), rnd);
      TreeFn<Vector<Array>> g = xs -> fn(c).apply(xs).mul(w).sum();
      Function<Vector<Array>, Vector<Array>> grad = Graft.grad(g);
      Vector<Array> v = x.map(a -> random(a.shape(), rnd));
      Vector<Array> hv = Graft.jvp(grad, x, v)._2;
      Vector<double[]> fd = centralDifferences(grad, x, v, 1e-5), finer = centralDifferences(grad, x, v, 1e-6);
      for (int k = 0; k < x.size(); k++)
        for (int i = 0; i < fd.get(k).length; i++)
          if (Math.abs(fd.get(k)[i] - finer.get(k)[i]) > 1e-2 * (1 + Math.abs(fd.get(k)[i]))) return;   // a kink within the step
      for (int k = 0; k < x.size(); k++) {
        double[] got = hv.get(k).toDoubleArray();
        for (int i = 0; i < got.length; i++) close(fd.get(k)[i], got[i], 1e-3, c.name() + " H v [" + k + "][" + i + "]");
      }
    }));
  }
}
