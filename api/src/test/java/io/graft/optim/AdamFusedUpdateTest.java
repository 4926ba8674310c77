package io.graft.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graft.Array;
import io.graft.Graft;
import io.graft.Jitted3;
import io.graft.Tree;
import io.graft.numerics.DType;
import io.vavr.Tuple;
import io.vavr.Tuple3;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Adam's update under jit is one multi-output pass per leaf: {@code m_t = (1-β₁) g + β₁ m}, {@code v_t = (1-β₂) g² + β₂ v}
 * and {@code p - lr m̂_t / (√v̂_t + ε)} (which recomputes {@code m_t}, {@code v_t} instead of reading them back) in one
 * step writing three arrays, with eager's bits for every leaf and step, f32 and f64, at sizes below and above the
 * parallel grain and the shared pass's pieces.
 */
class AdamFusedUpdateTest {
  record Params(Array w, Array b) {}

  private static Array random(DType d, long seed, int... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    int n = 1;
    for (int e : shape) n *= e;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = r.nextDouble(-2, 2);
    return Array.of(v).reshape(shape).astype(d);
  }

  private static Tuple3<Params, OptState.Chain, Params> step(GradientTransformation<OptState.Chain> adam, Params p,
                                                             OptState.Chain s, Params g) {
    Update<Params, OptState.Chain> u = adam.update(g, s, p);
    return Tuple.of(Optim.applyUpdates(p, u.updates()), u.state(), g);
  }

  @Test void eachLeafIsOneThreeOutputStepWithEagersBits() {
    var adam = Optim.adam(3e-3);
    for (DType d : List.of(DType.F32, DType.F64)) {
      for (int[] w : new int[][] {{3, 5}, {33, 31}, {300, 257}}) {
        Params p = new Params(random(d, 1, w), random(d, 2, w[1]));
        OptState.Chain s = adam.init(p);
        Jitted3<Params, OptState.Chain, Params, Tuple3<Params, OptState.Chain, Params>> jitted =
            Graft.jit((Params a, OptState.Chain b, Params c) -> step(adam, a, b, c));
        String lowered = jitted.lower(p, s, p);
        Matcher m = Pattern.compile("(?m)^\\s+\\d+: \\S+ \\S+ \\S+ = fused ").matcher(lowered.substring(lowered.indexOf("steps:")));
        int threeOutputSteps = 0;
        while (m.find()) threeOutputSteps++;
        assertEquals(2, threeOutputSteps, "one step writing m, v and the parameter per leaf:\n" + lowered);
        Params pe = p, pj = p;
        OptState.Chain se = s, sj = s;
        for (int t = 0; t < 4; t++) {
          Params g = new Params(random(d, 10 + t, w), random(d, 20 + t, w[1]));
          var e = step(adam, pe, se, g);
          var j = jitted.apply(pj, sj, g);
          io.vavr.collection.Vector<Array> le = Tree.leaves(e._1).appendAll(Tree.leaves(e._2));
          io.vavr.collection.Vector<Array> lj = Tree.leaves(j._1).appendAll(Tree.leaves(j._2));
          assertEquals(le.size(), lj.size());
          for (int i = 0; i < le.size(); i++) {
            double[] a = le.get(i).toDoubleArray(), b = lj.get(i).toDoubleArray();
            for (int k = 0; k < a.length; k++)
              if (Double.doubleToLongBits(a[k]) != Double.doubleToLongBits(b[k]))
                throw new AssertionError(d + " " + java.util.Arrays.toString(w) + " step " + t + " leaf " + i + " element " + k
                    + ": jit " + b[k] + ", eager " + a[k]);
          }
          pe = e._1; se = e._2; pj = j._1; sj = j._2;
        }
      }
    }
  }

  /**
   * With the parameters and the state donated (as a training step does), each leaf's step writes m, v and the
   * parameter over the donated buffers it reads, and the results keep eager's bits.
   */
  @Test void donatedLeavesAreUpdatedInPlaceWithEagersBits() {
    var adam = Optim.adam(3e-3);
    int[] w = {300, 257};
    Params p = new Params(random(DType.F32, 1, w), random(DType.F32, 2, w[1]));
    OptState.Chain s = adam.init(p);
    Jitted3<Params, OptState.Chain, Params, Tuple3<Params, OptState.Chain, Params>> jitted =
        Graft.jit((Params a, OptState.Chain b, Params c) -> step(adam, a, b, c)).donatingArgs(0, 1);
    String lowered = jitted.lower(p, s, p);
    assertEquals(2, Pattern.compile("(?m)^\\s+\\d+: \\S+ \\S+ \\S+ = fused .*; may overwrite \\S+ \\S+ \\S+")
        .matcher(lowered.substring(lowered.indexOf("steps:"))).results().count(), "m, v and the parameter in place:\n" + lowered);
    Params pe = p, pj = new Params(p.w().add(0f), p.b().add(0f));
    OptState.Chain se = s, sj = adam.init(pj);
    for (int t = 0; t < 4; t++) {       // the jitted results are not read in between: reading one gives its donation up
      Params g = new Params(random(DType.F32, 10 + t, w), random(DType.F32, 20 + t, w[1]));
      var e = step(adam, pe, se, g);
      var j = jitted.apply(pj, sj, g);
      pe = e._1; se = e._2; pj = j._1; sj = j._2;
    }
    io.vavr.collection.Vector<Array> le = Tree.leaves(pe).appendAll(Tree.leaves(se));
    io.vavr.collection.Vector<Array> lj = Tree.leaves(pj).appendAll(Tree.leaves(sj));
    for (int i = 0; i < le.size(); i++) {
      float[] a = le.get(i).toFloatArray(), b = lj.get(i).toFloatArray();
      for (int k = 0; k < a.length; k++)
        if (Float.floatToIntBits(a[k]) != Float.floatToIntBits(b[k]))
          throw new AssertionError("after 4 steps, leaf " + i + " element " + k + ": jit " + b[k] + ", eager " + a[k]);
    }
  }

  record Twins(Array a, Array b) {}

  /**
   * Two leaves of one shape: each leaf's m, v and parameter updates form one step reading its own gradient; the
   * parameter updates, which share only the bias-correction scalars, are not merged with each other instead.
   */
  @Test void leavesOfOneShapeKeepTheirOwnThreeOutputSteps() {
    var adam = Optim.adam(1e-3);
    Twins p = new Twins(random(DType.F32, 1, 40, 30), random(DType.F32, 2, 40, 30));
    OptState.Chain s = adam.init(p);
    var jitted = Graft.jit((Twins a, OptState.Chain b, Twins g) -> {
      Update<Twins, OptState.Chain> u = adam.update(g, b, a);
      return Tuple.of(Optim.applyUpdates(a, u.updates()), u.state());
    });
    String steps = jitted.lower(p, s, p);
    steps = steps.substring(steps.indexOf("steps:"));
    Matcher m = Pattern.compile("(?m)^\\s+\\d+: ([^=]+) = fused \\(mul mul add").matcher(steps);
    List<Integer> outputs = new java.util.ArrayList<>();
    while (m.find()) outputs.add(m.group(1).trim().split(" ").length);
    assertEquals(List.of(3, 3), outputs, steps);
  }
}
