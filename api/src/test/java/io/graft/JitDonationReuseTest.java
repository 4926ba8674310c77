package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.graft.optim.GradientTransformation;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code jit(f).donating(...)} recycles a donated argument's buffer when the handle was its only holder (a jitted
 * call's result not read since): the buffer goes to the function's pool once read, and the next call's results take
 * it instead of fresh memory. Results stay bitwise what they are without donation, and an array that shares a donated
 * buffer (a view, a copy of the handle's value, a result passed through) never sees it change.
 */
class JitDonationReuseTest {
  private static final int N = 1 << 16;

  record State(Array p, OptState.Chain opt) {}

  private static Array ramp(float scale) {
    float[] v = new float[N];
    for (int i = 0; i < N; i++) v[i] = scale * (float) Math.sin(i * 0.01);
    return Array.of(v);
  }

  private static Jitted2<State, Array, State> adamStep(GradientTransformation<OptState.Chain> adam) {
    return Graft.jit((State s, Array g) -> {
      Update<Array, OptState.Chain> u = adam.update(g, s.opt(), s.p());
      return new State(Optim.applyUpdates(s.p(), u.updates()), u.state());
    });
  }

  private static int[] allLeaves(Object tree) {
    int n = Tree.leaves(tree).size();
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    return idx;
  }

  @Test void donatingAnOptimiserStateGivesTheSameBitsAsNotDonating() {
    GradientTransformation<OptState.Chain> adam = Optim.adam(1e-2);
    Array p = ramp(1);
    State a = new State(p, adam.init(p)), b = a;
    Jitted2<State, Array, State> plain = adamStep(adam), donating = adamStep(adam).donating(allLeaves(a));
    for (int k = 0; k < 12; k++) {
      Array g = ramp(0.1f * (k + 1));
      a = plain.apply(a, g);
      b = donating.apply(b, g);
    }
    io.vavr.collection.Vector<Array> la = Tree.leaves(a), lb = Tree.leaves(b);
    for (int i = 0; i < la.size(); i++) assertArrayEquals(la.get(i).toDoubleArray(), lb.get(i).toDoubleArray(), 0.0, "leaf " + i);
  }

  @Test void aSteadyDonatingCallAllocatesNoStateSizedArrays() {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "no per-thread allocation counter");
    GradientTransformation<OptState.Chain> adam = Optim.adam(1e-3);
    Array p = ramp(1), g = ramp(0.01f);
    State s = new State(p, adam.init(p));
    Jitted2<State, Array, State> step = adamStep(adam).donating(allLeaves(s));
    long least = Long.MAX_VALUE, array = 4L * N;
    for (int i = 0; i < 3000 && least >= array; i++) {   // until the kernels are compiled
      long before = allocated(mx);
      s = step.apply(s, g);
      least = Math.min(least, allocated(mx) - before);
    }
    assertTrue(least < array, "a steady donating call allocated " + least + " bytes; the three state arrays ("
        + 3 * array + " bytes) should come from the donated buffers");
  }

  @Test void aViewOfADonatedResultNeverChanges() {
    // both results fused loops, whose buffers come from the pool: a recycled buffer is taken by the very next call
    Jitted<List<Array>, List<Array>> f = Graft.jit((List<Array> t) -> List.of(t.get(0).mul(2).add(1), t.get(1).mul(0.5).sub(0.25)));
    Jitted<List<Array>, List<Array>> donating = f.donating(0, 1);
    List<Array> s = donating.apply(List.of(ramp(1), ramp(2)));
    Array view = s.get(0).reshape(256, 256);   // eager reshape shares the buffer
    float[] want = view.toFloatArray();
    for (int k = 0; k < 6; k++) s = donating.apply(s);   // later calls recycle every buffer they may
    assertArrayEquals(want, view.toFloatArray());
  }

  @Test void aResultReadByAnotherFunctionOrPassedThroughKeepsItsValues() {
    Jitted<List<Array>, List<Array>> through = Graft.jit((List<Array> t) -> List.of(t.get(0), t.get(0).mul(3)));
    Jitted<List<Array>, List<Array>> step = Graft.jit((List<Array> t) -> List.of(t.get(0).add(1).mul(0.5), t.get(1).mul(0.5).add(2))).donating(0, 1);
    List<Array> s = step.apply(List.of(ramp(1), ramp(3)));
    List<Array> kept = through.apply(List.of(s.get(0)));   // kept.get(0) holds s.get(0)'s buffer
    float[] want = kept.get(0).toFloatArray();
    for (int k = 0; k < 6; k++) s = step.apply(s);
    assertArrayEquals(want, kept.get(0).toFloatArray());
  }

  @Test void resultsThatShareABufferAreNotRecycled() {
    Jitted<List<Array>, List<Array>> f = Graft.jit((List<Array> t) -> {
      Array y = t.get(0).mul(2).add(1);   // a fused loop: its buffer comes from the pool
      return List.of(y, y.reshape(256, 256).reshape(N), t.get(1).mul(3).add(1));   // results 0 and 1: one buffer
    }).donating(0, 1);
    List<Array> s = f.apply(List.of(ramp(1), ramp(2)));
    float[] want = s.get(1).toFloatArray();
    List<Array> t = s;
    for (int k = 0; k < 6; k++) t = f.apply(List.of(t.get(0), t.get(2)));   // donates result 0, whose buffer result 1 holds
    assertArrayEquals(want, s.get(1).toFloatArray());
    assertThrows(DonatedArrayError.class, () -> s.get(0).toFloatArray());
  }

  @Test void donatingArgsDonatesEveryLeafOfThoseArguments() {
    GradientTransformation<OptState.Chain> adam = Optim.adam(1e-2);
    Array p = ramp(1), g = ramp(0.1f);
    State s0 = new State(p, adam.init(p)), ref = adamStep(adam).apply(s0, g);
    Jitted2<State, Array, State> step = adamStep(adam).donatingArgs(0);
    State s1 = step.apply(s0, g);
    for (Array leaf : Tree.leaves(s0)) assertTrue(leaf.isDonated(), "every leaf of argument 0 is donated");
    assertTrue(!g.isDonated(), "argument 1 is not");
    for (int i = 0; i < Tree.leaves(ref).size(); i++)
      assertArrayEquals(Tree.leaves(ref).get(i).toDoubleArray(), Tree.leaves(s1).get(i).toDoubleArray(), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adamStep(adam).donatingArgs(2));
    assertTrue(e.getMessage().contains("argument 2 does not exist"), e.getMessage());
  }

  @Test void aParameterIsOverwrittenInPlaceOnlyWhenDonated() {
    Jitted2<Array, Array, Array> sgd = Graft.jit((Array p, Array g) -> p.sub(g.mul(0.5f)));
    Array p = ramp(1), g = ramp(2);
    assertTrue(sgd.lower(p, g).contains("may overwrite a"), sgd.lower(p, g));   // planned; done only when owned
    float[] before = p.toFloatArray();
    Array plain = sgd.apply(p, g);
    assertArrayEquals(before, p.toFloatArray(), "an argument that was not donated is never written");
    Jitted2<Array, Array, Array> donating = sgd.donatingArgs(0);
    Array a = sgd.apply(ramp(1), g), b = donating.apply(ramp(1), g);
    for (int k = 0; k < 5; k++) {
      a = sgd.apply(a, g);
      b = donating.apply(b, g);   // from the second call on, b is sole: the loop writes over it
    }
    assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    assertArrayEquals(plain.toFloatArray(), sgd.apply(ramp(1), g).toFloatArray());
  }

  /** Bytes allocated so far by every live thread. */
  private static long allocated(com.sun.management.ThreadMXBean mx) {
    long sum = 0;
    for (long b : mx.getThreadAllocatedBytes(mx.getAllThreadIds())) if (b > 0) sum += b;
    return sum;
  }
}
