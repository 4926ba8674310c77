package io.graft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.jit.Passes;
import io.graft.trace.prim.JitGraph;
import io.vavr.collection.Vector;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A jitted function owns its cache: keyed by value (structure, shapes, dtypes), a hit never retraces, two jitted
 * functions share nothing (but compiled loops, from the CPU device's program cache), and a dropped one leaves its executables and JVP splits unreachable.
 */
class JitOwnershipTest {
  private static final Array X = Array.of(new float[] {0.5f, -1f, 2f});

  @Test void aHitNeverRetraces() {
    AtomicInteger traces = new AtomicInteger();
    JittedArrayFn jf = Graft.jit(x -> { traces.incrementAndGet(); return x.sin().mul(x).sum(); });
    for (int i = 0; i < 3; i++) jf.apply(Array.of(new float[] {i, 1, 2}));   // new arrays, equal signature
    jf.lower(X);
    jf.stages(X);
    jf.stages(X);
    Graft.grad(jf).apply(X);
    Graft.grad(jf).apply(X);
    assertEquals(1, traces.get(), "one trace per signature, whatever asks for it");
    jf.apply(Array.of(new float[] {1, 2}));
    jf.apply(X);
    jf.apply(Array.of(new float[] {3, 4}));
    assertEquals(2, traces.get(), "a second shape traces once");
    assertEquals(2, jf.compiledSignatures());
  }

  @Test void vmapOfJitBatchesAndCompilesOncePerSignature() {
    JittedArrayFn jf = Graft.jit(x -> x.sin().mul(x.sum()));
    Array xs = Array.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    ArrayFn v = Graft.vmap(jf);
    Array first = v.apply(xs);
    JitGraph callee = jf.callee(X);
    var types = Vector.of(io.graft.trace.ShapedType.of(io.graft.numerics.DType.F32, 2, 3));
    JitGraph batched = callee.batched(types, t -> { throw new AssertionError("not cached: " + t); }).get();
    assertTrue(batched.isCompiled());
    for (int i = 0; i < 3; i++) org.junit.jupiter.api.Assertions.assertArrayEquals(first.toDoubleArray(), v.apply(xs).toDoubleArray(), 0);
    assertSame(batched, callee.batched(types, t -> { throw new AssertionError("not cached: " + t); }).get(),
        "later calls run the same compiled batched graph");
  }

  @Test void twoJittedFunctionsShareNothing() {
    ArrayFn f = x -> x.sin().mul(2.0).sum();
    JittedArrayFn a = Graft.jit(f), b = Graft.jit(f);
    Graft.grad(a).apply(X);
    Graft.grad(b).apply(X);
    JitGraph ca = a.callee(X), cb = b.callee(X);
    assertNotSame(ca, cb);
    assertNotSame(ca.executable(), cb.executable());
    assertNotSame(knownHalf(ca), knownHalf(cb));
    assertNotSame(knownHalf(ca).executable(), knownHalf(cb).executable());
    assertSame(ca, a.callee(Array.of(new float[] {7, 8, 9})), "keyed by value: equal signature, same entry");
  }

  @Test void aDroppedJittedFunctionLeavesNothingReachable() throws InterruptedException {
    List<WeakReference<Object>> refs = useAndDrop();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (refs.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
    }
    for (int i = 0; i < refs.size(); i++)
      assertEquals(null, refs.get(i).get(), "entry " + i + " (graph, executable, known half, its executable) is still reachable");
  }

  @Test void stagesPrintEachNamedPass() {
    JittedArrayFn jf = Graft.jit(x -> x.mul(1.0).sin().add(x.sin()).mul(2.0).exp());
    List<Passes.Stage> stages = jf.stages(X);
    assertEquals(List.of("traced", "inline", "constant_fold", "simplify", "cse", "dce", "scan_hoist", "fusion"),
        stages.stream().map(Passes.Stage::name).toList());
    assertEquals(2, count(stages.get(0).text(), "sin"), stages.get(0).toString());
    assertEquals(1, count(stages.get(4).text(), "sin"), "CSE merges sin(x*1) and sin(x) once simplify dropped *1:\n" + stages);
    assertTrue(stages.get(7).text().contains("fused"), stages.get(7).toString());
    assertTrue(stages.get(3).toString().startsWith("== simplify ==\n{ lambda"), stages.get(3).toString());
  }

  private static int count(String s, String word) { return s.split("\\b" + word + "\\b", -1).length - 1; }

  private static JitGraph knownHalf(JitGraph callee) {
    return callee.jvpSplit(Vector.of(true), m -> { throw new AssertionError("no split cached for " + m); }).known();
  }

  /** Jits, runs and differentiates a function, then drops it; weak references to what its signature owned. */
  private static List<WeakReference<Object>> useAndDrop() {
    JittedArrayFn jf = Graft.jit(x -> x.sin().mul(x).sum());
    jf.apply(X);
    Graft.grad(jf).apply(X);
    JitGraph callee = jf.callee(X);
    JitGraph known = knownHalf(callee);
    assertTrue(known.isCompiled());
    return List.of(new WeakReference<>(callee), new WeakReference<>(callee.executable()),
        new WeakReference<>(known), new WeakReference<>(known.executable()));
  }
}
