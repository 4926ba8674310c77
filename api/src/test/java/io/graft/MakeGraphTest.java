package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.trace.ConcretizationError;
import io.graft.trace.Graph;
import io.graft.trace.TracerLeakError;
import org.junit.jupiter.api.Test;

class MakeGraphTest {
  @Test void printsLikeMakeJaxpr() {
    Graph g = Graft.makeGraph((Array x) -> x.sin().mul(2.0)).apply(Array.of(new float[] {1, 2, 3}));
    assertEquals("{ lambda ; a:f32[3]. let b:f32[3] = sin a; c:f32[3] = mul b 2.0:f32[] in (c) }", g.toString());
  }

  @Test void closedOverArraysAreConstants() {
    Array w = Array.of(new float[] {1, 2, 3});
    Graph g = Graft.makeGraph((Array x) -> x.add(w)).apply(ShapeDtype.of(Np.float32, 3).array());
    assertEquals("{ lambda a:f32[3] ; b:f32[3]. let c:f32[3] = add b a in (c) }", g.toString());
    Array out = Graft.evalGraph(g, Array.of(new float[] {10, 20, 30})).head();
    assertArrayEquals(new float[] {11, 22, 33}, out.toFloatArray());
  }

  @Test void evaluatingTheGraphMatchesTheFunction() {
    Array x = Array.of(new double[] {0.5, -1, 2});
    java.util.function.Function<Array, Array> f = a -> a.tanh().mul(a).sub(1.0).exp();
    Graph g = Graft.makeGraph(f).apply(x);
    assertArrayEquals(f.apply(x).toDoubleArray(), Graft.evalGraph(g, x).head().toDoubleArray(), 0);
  }

  record Params(Array w, Array b) {}

  @Test void recordsOfAbstractArraysTrace() {
    Params p = new Params(ShapeDtype.of(Np.float32, 3).array(), ShapeDtype.of(Np.float32, 3).array());
    Graph g = Graft.makeGraph((Params q) -> q.w().mul(q.b())).apply(p);
    assertEquals("{ lambda ; a:f32[3] b:f32[3]. let c:f32[3] = mul a b in (c) }", g.toString());
  }

  @Test void itemInsideATraceNamesTheFunction() {
    var e = assertThrows(ConcretizationError.class,
        () -> Graft.makeGraph((Array x) -> { x.item(); return x; }).apply(Array.scalar(1f)));
    assertTrue(e.getMessage().contains("makeGraph(fn @ MakeGraphTest.java:"), e.getMessage());
    assertTrue(e.getMessage().contains("Np.where"), e.getMessage());
  }

  @Test void abstractArraysHaveNoData() {
    Array a = ShapeDtype.of(Np.float32, 2).array();
    assertThrows(ConcretizationError.class, a::toFloatArray);
    assertThrows(ConcretizationError.class, () -> a.sin());
  }

  @Test void leakedTracersAreReported() {
    Array[] leak = new Array[1];
    Graft.makeGraph((Array x) -> { leak[0] = x.sin(); return x; }).apply(Array.scalar(1f));
    var e = assertThrows(TracerLeakError.class, () -> leak[0].cos());
    assertTrue(e.getMessage().contains("makeGraph(fn @ MakeGraphTest.java:"), e.getMessage());
  }

  @Test void weakLiteralsKeepTheArrayDtype() {
    assertEquals(Np.float32, Array.of(new float[] {1}).mul(2.0).dtype());
    assertEquals(Np.int32, Array.of(new int[] {1}).mul(2).dtype());
    assertEquals(Np.float32, Array.of(new int[] {1}).mul(0.5).dtype());
    // Array.scalar(double) is weak as jnp.asarray(0.9): 1 - b1^t must not turn f32 weights into f64
    assertEquals(Np.float32, Array.of(new float[] {1}).add(Array.scalar(1.0)).dtype());
    assertEquals(Np.float32, Array.of(new float[] {1}).mul(Array.scalar(1.0).sub(Array.scalar(0.9).pow(3))).dtype());
    assertEquals(Np.float32, Array.of(new float[] {1}).add(Array.scalar(1)).dtype());
    assertEquals(Np.float64, Array.scalar(1.0).dtype());
    assertEquals(Np.int32, Array.scalar(1).dtype());
    // explicit arrays and astype stay strongly typed
    assertEquals(Np.float64, Array.of(new float[] {1}).add(Array.of(new double[] {1}, new int[0])).dtype());
    assertEquals(Np.float64, Array.of(new float[] {1}).add(Array.scalar(1.0).astype(Np.float64)).dtype());
    assertEquals(Np.float32, Array.of(new float[] {1}).add(Array.scalar(1f)).dtype());
  }
}
