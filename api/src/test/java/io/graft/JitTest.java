package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.trace.TransformError;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@code Graft.jit}: equal to eager, cached per signature, thread-safe, composing with every transform. */
class JitTest {
  private static final Array W = Array.of(new double[] {0.3, -0.7, 1.1, 0.2, -0.4, 0.9}, 3, 2);
  private static final ArrayFn F = x -> x.matmul(W).tanh().sum().add(x.mul(x).sin().sum());
  private static final Array XS = Array.of(new double[] {0.1, 0.2, -0.3, 1.0, -0.5, 0.25, 0.7, 0.0, -1.2}, 3, 3);

  private static double[] d(Array a) { return a.toDoubleArray(); }

  private static Array random(Random r, int... shape) {
    int n = 1;
    for (int s : shape) n *= s;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = r.nextGaussian();
    return Array.of(v, shape);
  }

  private record Random(java.util.Random rnd) {
    double nextGaussian() { return rnd.nextGaussian(); }
  }

  @Test void jitEqualsEagerOnFamiliesOfOps() {
    List<ArrayFn> fns = List.of(
        F,
        x -> x.sin().mul(2.0).add(1.0).mul(1.0).sub(0.0),                  // simplifiable
        x -> x.exp().div(x.exp().sum(new int[] {1}, true)),                              // softmax rows (broadcast + reduce)
        x -> x.matmul(x.transpose()).max(0),                                 // matmul + reduce max
        x -> x.neg().neg().reshape(9).reshape(3, 3).astype(Np.float64),      // identities
        x -> x.mul(x).add(x.mul(x)).cumsum(0),                               // common subexpressions
        x -> x.add(Np.ones(Np.float64, 3, 3).mul(2.0).sum()),               // constant folding
        x -> x.abs().sqrt().mean(1));
    for (ArrayFn f : fns) assertArrayEquals(d(f.apply(XS)), d(Graft.jit(f).apply(XS)), 1e-12);
  }

  private static final List<String> OPS = List.of("sin", "tanh", "scale", "shift", "square", "rowsum", "colmax",
      "matmulT", "neg", "exp", "softmax");

  private static Array applyOp(String op, Array x) {
    return switch (op) {
      case "sin" -> x.sin();
      case "tanh" -> x.tanh();
      case "scale" -> x.mul(0.5);
      case "shift" -> x.add(1.0).sub(0.0);
      case "square" -> x.mul(x);
      case "rowsum" -> x.add(x.sum(new int[] {1}, true));
      case "colmax" -> x.sub(x.max(new int[] {0}, true));
      case "matmulT" -> x.matmul(x.transpose()).matmul(x).mul(0.1);
      case "neg" -> x.neg();
      case "exp" -> x.tanh().exp();
      case "softmax" -> x.exp().div(x.exp().sum(new int[] {1}, true));
      default -> throw new IllegalArgumentException(op);
    };
  }

  @Provide Arbitrary<List<String>> programs() { return Arbitraries.of(OPS).list().ofMinSize(0).ofMaxSize(8); }

  @Property(tries = 60)
  void jitEqualsEagerOnRandomPrograms(@ForAll("programs") List<String> program, @ForAll @IntRange(min = 1, max = 4) int m,
                                      @ForAll @IntRange(min = 1, max = 5) int n) {
    Array x = random(new Random(new java.util.Random(program.hashCode() * 31L + m * 7L + n)), m, n);
    ArrayFn f = a -> {
      Array y = a;
      for (String op : program) y = applyOp(op, y);
      return y;
    };
    assertArrayEquals(d(f.apply(x)), d(Graft.jit(f).apply(x)), 1e-10, () -> "program " + program + " on " + m + "x" + n);
  }

  @Test void aCacheHitNeverRetraces() {
    AtomicInteger runs = new AtomicInteger();
    JittedArrayFn f = Graft.jit(x -> { runs.incrementAndGet(); return x.sin().sum(); });
    f.apply(XS);
    f.apply(XS.mul(2.0));
    assertEquals(1, runs.get());
    f.apply(XS.get(0));
    f.apply(XS.get(1));
    assertEquals(2, runs.get());
    assertEquals(2, f.compiledSignatures());
    f.apply(XS.astype(Np.float32));
    assertEquals(3, runs.get());
    Graft.grad(f).apply(XS);                       // the traced graph is reused under grad too
    assertEquals(3, runs.get());
  }

  @Test void theCacheIsBoundedAndEvictsTheLeastRecentlyUsed() {
    AtomicInteger runs = new AtomicInteger();
    JittedArrayFn f = Graft.jit(x -> { runs.incrementAndGet(); return x.sum(); });
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.graft.jit");
    log.setUseParentHandlers(false);                  // recompiles on purpose: keep the warning out of the build log
    try {
      for (int n = 1; n <= Jit.CAPACITY + 1; n++) f.apply(Np.ones(Np.float64, n));
      assertEquals(Jit.CAPACITY + 1, runs.get());
      f.apply(Np.ones(Np.float64, Jit.CAPACITY + 1));  // still cached
      assertEquals(Jit.CAPACITY + 1, runs.get());
      f.apply(Np.ones(Np.float64, 1));                  // evicted: traced again
      assertEquals(Jit.CAPACITY + 2, runs.get());
    } finally {
      log.setUseParentHandlers(true);
    }
  }

  @Test void eightThreadsCompileOncePerSignature() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    JittedArrayFn f = Graft.jit(x -> { runs.incrementAndGet(); return x.sin().mul(x).sum(0); });
    Array a = XS, b = XS.reshape(9);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Tuple2<Array, Array>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Array x = t % 2 == 0 ? a : b;
        futures.add(pool.submit(() -> Tuple.of(x, f.apply(x))));
      }
      for (var fut : futures) {
        Tuple2<Array, Array> r = fut.get();
        assertArrayEquals(d(r._1.sin().mul(r._1).sum(0)), d(r._2), 1e-12);
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(2, runs.get());
  }

  record Params(Array w, Array b) {}

  @Test void jitOfAPytreeFunction() {
    Params p = new Params(W, Array.of(new double[] {0.5, -0.5}));
    Function<Params, Tuple2<Array, Array>> f = q -> Tuple.of(XS.matmul(q.w()).add(q.b()), q.b().mul(2.0));
    Jitted<Params, Tuple2<Array, Array>> jf = Graft.jit(f);
    assertArrayEquals(d(f.apply(p)._1), d(jf.apply(p)._1), 1e-12);
    assertArrayEquals(d(f.apply(p)._2), d(jf.apply(p)._2), 1e-12);
    assertTrue(jf.lower(p).contains("dot_general"), jf.lower(p));
  }

  @Test void gradOfJitEqualsGrad() {
    assertArrayEquals(d(Graft.grad(F).apply(XS)), d(Graft.grad(Graft.jit(F)).apply(XS)), 1e-12);
  }

  @Test void gradOfJitRunsTheForwardAsOneCompiledCall() {
    AtomicInteger traces = new AtomicInteger();
    ArrayFn g = x -> { traces.incrementAndGet(); return F.apply(x); };
    JittedArrayFn jg = Graft.jit(g);
    ArrayFn dg = Graft.grad(jg);
    String graph = Graft.makeGraph(dg).apply(XS).toString();
    assertTrue(graph.contains("jit[name="), "the forward half stays a jit call:\n" + graph);
    String outside = graph.substring(graph.indexOf("}] "));   // the equations after the jit call's own graph
    assertTrue(!outside.contains("tanh") && !outside.contains("sin"), "the forward runs inside the jit call:\n" + graph);
    dg.apply(XS);
    io.graft.trace.prim.JitGraph callee = jg.callee(XS);
    var split = callee.jvpSplit(io.vavr.collection.Vector.of(true), m -> { throw new AssertionError("split again"); });
    assertTrue(split.known().isCompiled(), "the forward half ran compiled");
    for (int i = 0; i < 3; i++) assertArrayEquals(d(Graft.grad(F).apply(XS)), d(dg.apply(XS)), 1e-12);
    assertEquals(1, callee.splitCount(), "one JVP split for the signature's tangent pattern");
    assertSame(split, callee.jvpSplit(io.vavr.collection.Vector.of(true), m -> split), "later calls reuse the split");
    assertEquals(1, traces.get(), "one trace for the signature");
  }

  @Test void jitOfGradEqualsGrad() {
    assertArrayEquals(d(Graft.grad(F).apply(XS)), d(Graft.jit(Graft.grad(F)).apply(XS)), 1e-12);
  }

  @Test void vmapOfJitEqualsVmap() {
    ArrayFn g = x -> x.sin().mul(x.sum());
    assertArrayEquals(d(Graft.vmap(g).apply(XS)), d(Graft.vmap(Graft.jit(g)).apply(XS)), 1e-12);
  }

  @Test void jitOfVmapOfGradEqualsVmapOfGrad() {
    ArrayFn g = x -> x.sin().mul(x).sum();
    assertArrayEquals(d(Graft.vmap(Graft.grad(g)).apply(XS)), d(Graft.jit(Graft.vmap(Graft.grad(g))).apply(XS)), 1e-12);
  }

  @Test void secondOrderThroughJit() {
    ArrayFn g = x -> x.sin().mul(x).sum();
    Array x = XS.get(0);
    assertArrayEquals(d(Graft.hessian(g).apply(x)), d(Graft.hessian(Graft.jit(g)).apply(x)), 1e-10);
    assertArrayEquals(d(Graft.grad(x2 -> Graft.grad(g).apply(x2).sum()).apply(x)),
        d(Graft.jit(Graft.grad(x2 -> Graft.grad(Graft.jit(g)).apply(x2).sum())).apply(x)), 1e-10);
  }

  @Test void nestedJitIsInlined() {
    JittedArrayFn inner = Graft.jit(x -> x.sin().mul(2.0));
    JittedArrayFn outer = Graft.jit(x -> inner.apply(x).add(inner.apply(x.mul(1.0))).sum());
    assertArrayEquals(d(XS.sin().mul(2.0).mul(2.0).sum()), d(outer.apply(XS)), 1e-12);
    String lowered = outer.lower(XS);
    assertTrue(!lowered.contains("jit["), lowered);
    assertTrue(Graft.makeGraph(outer).apply(XS).toString().contains("jit[name=fn @ JitTest.java"));
  }

  @Test void jitClosingOverAnOuterTracer() {
    ArrayFn g = x -> Graft.jit((Array y) -> y.mul(x)).apply(x.sin()).sum();
    assertArrayEquals(d(Graft.grad(g).apply(XS)), d(Graft.grad(Graft.jit(g)).apply(XS)), 1e-12);
    assertArrayEquals(d(XS.sin().add(XS.mul(XS.cos()))), d(Graft.grad(g).apply(XS)), 1e-12);
  }

  @Test void lowerShowsTheOptimisedGraphAndItsSteps() {
    String s = Graft.jit((Array x) -> x.mul(1.0).neg().neg().sin().add(x.sin())).lower(XS);
    assertTrue(s.startsWith("jit(fn @ JitTest.java:"), s);
    assertTrue(s.contains("{ lambda ; a:f64[3,3]. let b:f64[3,3] = sin a; c:f64[3,3] = add b b in (c) }"), s);
    assertTrue(s.contains("0: b = sin <- Unary.impl"), s);
    assertTrue(s.contains("1: c = add <- Binary.impl; frees b"), s);
  }

  @Test void aNonArrayResultIsAClearError() {
    Function<Array, Object> f = x -> Tuple.of(x, 3);
    var e = assertThrows(TransformError.class, () -> Graft.jit(f).apply(XS));
    assertTrue(e.getMessage().startsWith("jit(fn @ JitTest.java:"), e.getMessage());
    assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
  }

  @Test void manyRecompilesWarnAndNameTheChangedLeaf() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.graft.jit");
    List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord r) { records.add(r); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    log.addHandler(h);
    log.setUseParentHandlers(false);                  // the records go to h only, not to the build log
    try {
      Jitted<Params, Array> f = Graft.jit((Params p) -> p.w().sum().add(p.b().sum()));
      for (int n = 1; n <= Jit.WARN_AFTER + 1; n++) f.apply(new Params(W, Np.ones(Np.float64, n)));
      assertTrue(records.stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.WARNING
          && r.getMessage().contains("9 signatures compiled; argument leaf x.b changed from f64[8] to f64[9]")),
          () -> records.stream().map(java.util.logging.LogRecord::getMessage).toList().toString());
    } finally {
      log.removeHandler(h);
      log.setUseParentHandlers(true);
    }
  }

  // ---------------------------------------------------------------- static arguments

  @Test void staticValuesKeyTheCacheAndReachTheFunctionUntraced() {
    AtomicInteger runs = new AtomicInteger();
    List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Jitted<Tuple2<Array, Static<Integer>>, Array> power = Graft.jit((Tuple2<Array, Static<Integer>> t) -> {
      runs.incrementAndGet();
      seen.add(t._2);
      Array y = Np.ones(Np.float64, 3, 3);
      for (int i = 0; i < t._2.value(); i++) y = y.mul(t._1);
      return y;
    });
    assertArrayEquals(d(XS.mul(XS)), d(power.apply(Tuple.of(XS, Static.of(2)))), 1e-12);
    assertArrayEquals(d(XS.mul(XS).mul(XS)), d(power.apply(Tuple.of(XS, Static.of(3)))), 1e-12);
    assertEquals(2, runs.get());
    assertArrayEquals(d(XS.mul(XS).mul(XS)), d(power.apply(Tuple.of(XS.mul(1.0), new Static<>(Integer.valueOf(3))))), 1e-12);
    assertEquals(2, runs.get());                      // an equal static value hits the cache
    assertEquals(List.of(Static.of(2), Static.of(3)), seen);
    assertTrue(power.lower(Tuple.of(XS, Static.of(4))).contains("mul"));
  }

  record Config(String activation, int layers) {}

  @Test void aStaticRecordInsideAParameterTree() {
    Jitted<Tuple2<Array, Static<Config>>, Array> f = Graft.jit((Tuple2<Array, Static<Config>> t) -> t._2.value().activation().equals("tanh") ? t._1.tanh() : t._1.sin());
    assertArrayEquals(d(XS.tanh()), d(f.apply(Tuple.of(XS, Static.of(new Config("tanh", 1))))), 1e-12);
    assertArrayEquals(d(XS.sin()), d(f.apply(Tuple.of(XS, Static.of(new Config("sin", 1))))), 1e-12);
    assertEquals(2, f.compiledSignatures());
  }

  @Test void staticPassesThroughGradAndVmap() {
    TreeFn<Tuple2<Array, Static<Double>>> loss = t -> t._1.mul(t._2.value()).sum();
    Tuple2<Array, Static<Double>> g = Graft.grad(loss).apply(Tuple.of(XS, Static.of(3.0)));
    assertArrayEquals(d(Np.ones(Np.float64, 3, 3).mul(3.0)), d(g._1), 1e-12);
    assertEquals(Static.of(3.0), g._2);
    Function<Tuple2<Array, Static<Double>>, Array> scale = t -> t._1.mul(t._2.value());
    assertArrayEquals(d(XS.mul(2.0)), d(Graft.vmap(scale).apply(Tuple.of(XS, Static.of(2.0)))), 1e-12);
  }

  @Test void aStaticValueWithoutValueEqualityIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> Static.of(new int[] {1}));
    assertTrue(e.getMessage().contains("compares by identity"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Static.of(XS));
  }

  // ---------------------------------------------------------------- donation

  @Test void aDonatedHandleFailsOnEveryUseAndTheResultIsRight() {
    JittedArrayFn step = Graft.jit((Array x) -> x.mul(2.0).add(1.0)).donating(0);
    Array x = XS.mul(1.0);
    Array y = step.apply(x);
    assertArrayEquals(d(XS.mul(2.0).add(1.0)), d(y), 1e-12);
    assertTrue(x.isDonated());
    List<org.junit.jupiter.api.function.Executable> uses = List.of(
        () -> x.sin(), () -> x.toDoubleArray(), () -> x.shape(), () -> y.add(x), () -> step.apply(x),
        () -> Graft.grad(a -> a.sum()).apply(x), () -> Graft.jit((Array a) -> a.sum()).apply(x), () -> Np.sum(x));
    for (var use : uses) {
      var e = assertThrows(DonatedArrayError.class, use);
      assertTrue(e.getMessage().startsWith("argument leaf x (leaf 0) was donated to jit(fn @ JitTest.java:"), e.getMessage());
    }
    assertTrue(x.toString().startsWith("<donated: "), x.toString());
    assertArrayEquals(d(XS.mul(2.0).add(1.0).mul(2.0).add(1.0)), d(step.apply(y)), 1e-12); // chained updates
    assertTrue(y.isDonated());
    assertTrue(!XS.isDonated());
  }

  @Test void donationNamesThePytreeLeafAndSharesTheCache() {
    AtomicInteger runs = new AtomicInteger();
    Jitted<Params, Params> update = Graft.jit((Params p) -> { runs.incrementAndGet(); return new Params(p.w().mul(0.5), p.b()); });
    Params p = new Params(W.mul(1.0), Array.of(new double[] {1, 2}));
    Params q = update.donating(0).apply(p);
    assertArrayEquals(d(W.mul(0.5)), d(q.w()), 1e-12);
    var e = assertThrows(DonatedArrayError.class, () -> p.w().sum());
    assertTrue(e.getMessage().startsWith("argument leaf x.w (leaf 0) was donated"), e.getMessage());
    assertArrayEquals(new double[] {1, 2}, d(p.b()), 0);       // not donated
    assertEquals(1, runs.get());
    update.apply(q);
    assertEquals(1, runs.get());
    var bad = assertThrows(IllegalArgumentException.class, () -> update.donating(2).apply(q));
    assertTrue(bad.getMessage().contains("cannot donate argument leaf 2; the argument has 2 array leaves"), bad.getMessage());
  }

  @Test void donationDoesNothingUnderATransform() {
    JittedArrayFn f = Graft.jit((Array x) -> x.sin().sum()).donating(0);
    Array x = XS.mul(1.0);
    assertArrayEquals(d(XS.cos()), d(Graft.grad(f).apply(x)), 1e-12);
    assertTrue(!x.isDonated());
  }

  // ---------------------------------------------------------------- debugPrint

  private static List<String> printed(Runnable r) {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    ScopedValue.where(io.graft.trace.prim.DebugPrint.SINK, lines::add).run(r);
    return lines;
  }

  @Test void debugPrintPrintsEagerlyAndInsideJitAtRunTime() {
    Array x = Array.of(new double[] {1, 2});
    assertEquals(List.of("x: [1. 2.]"), printed(() -> Graft.debugPrint("x", x)));
    JittedArrayFn f = Graft.jit((Array a) -> { Graft.debugPrint("unused", a.mul(3.0)); return Graft.debugPrint("a", a).sin(); });
    assertEquals(List.of("unused: [3. 6.]", "a: [1. 2.]"), printed(() -> f.apply(x)));          // traced and run
    assertEquals(List.of("unused: [ 6. 12.]", "a: [2. 4.]"), printed(() -> f.apply(x.mul(2.0)))); // a cache hit prints the new values
    assertTrue(f.lower(x).contains("debug_print[label=unused]"), f.lower(x));
  }

  @Test void debugPrintSurvivesFoldingAndCse() {
    Array c = Array.of(new double[] {5, 6});
    JittedArrayFn f = Graft.jit((Array a) -> Graft.debugPrint("c", c).add(Graft.debugPrint("a", a)).add(Graft.debugPrint("a", a)));
    List<String> lines = printed(() -> assertArrayEquals(new double[] {7, 10}, d(f.apply(Array.of(new double[] {1, 2}))), 0));
    assertEquals(List.of("c: [5. 6.]", "a: [1. 2.]", "a: [1. 2.]"), lines);
  }

  @Test void anUnusedCheckpointThatPrintsIsKept() {
    Function<Array, Array> ck = Graft.checkpoint((Array b) -> Graft.debugPrint("ck", b.mul(2.0)));
    JittedArrayFn f = Graft.jit((Array a) -> { ck.apply(a); return a.sin(); });
    assertEquals(List.of("ck: [2. 4.]"), printed(() -> f.apply(Array.of(new double[] {1, 2}))));
    assertTrue(f.lower(Array.of(new double[] {1, 2})).contains("= checkpoint["), f.lower(Array.of(new double[] {1, 2})));
  }

  @Test void debugPrintUnderTransforms() {
    ArrayFn g = a -> Graft.debugPrint("a", a).mul(a).sum();
    Array x = Array.of(new double[] {1, 2});
    List<String> lines = printed(() -> assertArrayEquals(new double[] {2, 4}, d(Graft.grad(g).apply(x)), 0));
    assertEquals(List.of("a: [1. 2.]"), lines);                                            // the primal, not the tangent
    ArrayFn h = a -> Graft.debugPrint("row", a).sum();
    assertEquals(List.of("row: [[1. 2.]\n [3. 4.]]").size(), printed(() -> Graft.vmap(h).apply(Array.of(new double[] {1, 2, 3, 4}, 2, 2))).size());
    assertEquals(1, printed(() -> Graft.jit(Graft.vmap(h)).apply(Array.of(new double[] {1, 2, 3, 4}, 2, 2))).size());
  }

  // ---------------------------------------------------------------- NaN checker

  @Test void theNanCheckerNamesTheFirstPrimitiveEagerlyAndInJit() {
    Array x = Array.of(new double[] {1, -1});
    assertTrue(Double.isNaN(x.log().toDoubleArray()[1]));                        // off by default
    var e = assertThrows(io.graft.trace.NanError.class, () -> io.graft.trace.NanCheck.withEnabled(() -> x.log().sin()));
    assertTrue(e.getMessage().startsWith("debugNans: log produced a NaN from operands (f64[2]) that held none"), e.getMessage());
    JittedArrayFn f = Graft.jit((Array a) -> a.mul(2.0).sqrt().sum());
    var j = assertThrows(io.graft.trace.NanError.class, () -> io.graft.trace.NanCheck.withEnabled(() -> f.apply(x)));
    assertTrue(j.getMessage().startsWith("debugNans: sqrt produced a NaN"), j.getMessage());
    assertTrue(j.getMessage().contains("in the jit equation `c:f64[2] = sqrt b` of"), j.getMessage());
    Array nan = Array.of(new double[] {Double.NaN, 1});
    assertTrue(Double.isNaN(io.graft.trace.NanCheck.withEnabled(() -> f.apply(nan)).item().doubleValue())); // NaN in, NaN out: fine
  }

  // ---------------------------------------------------------------- JFR

  @Test void compileAndExecuteEmitJfrEvents() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("graft-jit", ".jfr");
    try (jdk.jfr.Recording rec = new jdk.jfr.Recording()) {
      rec.enable("io.graft.jit.Compile").withoutThreshold();
      rec.enable("io.graft.jit.Execute").withoutThreshold();
      rec.start();
      JittedArrayFn f = Graft.jit((Array a) -> a.sin().sum());
      f.apply(XS);
      f.apply(XS);
      rec.stop();
      rec.dump(file);
      List<jdk.jfr.consumer.RecordedEvent> events = jdk.jfr.consumer.RecordingFile.readAllEvents(file);
      var compiles = events.stream().filter(ev -> ev.getEventType().getName().equals("io.graft.jit.Compile")
          && ev.getString("function").startsWith("fn @ JitTest.java:")).toList();
      var runs = events.stream().filter(ev -> ev.getEventType().getName().equals("io.graft.jit.Execute")
          && ev.getString("function").equals(compiles.isEmpty() ? "" : compiles.get(0).getString("function"))).toList();
      assertEquals(1, compiles.size(), events.toString());
      assertEquals("(f64[3,3]) as *", compiles.get(0).getString("signature"));
      assertTrue(!compiles.get(0).getDuration().isNegative());
      assertEquals(2, runs.size());
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }
}
