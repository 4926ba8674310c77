package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vavr.Function2;
import io.vavr.Function3;
import io.vavr.Tuple2;
import io.vavr.Tuple3;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** What a training loop hits: weak scalars, multi-argument jit and valueAndGrad, the dtype-change warning. */
class TrainingErgonomicsTest {
  record Params(Array w, Array b) {}

  private static final Params P = new Params(Array.of(new float[] {1, 2, 3}), Array.of(new float[] {0.5f}));
  private static final Array X = Array.of(new float[] {1, -1, 2});

  private static Array loss(Params p, Array x) { return p.w().mul(x).sum().add(p.b().sum()).square(); }

  @Test void adamsBiasCorrectionWithScalarsKeepsF32Weights() {
    Array b1 = Array.scalar(0.9), t = Array.scalar(3);
    Array corrected = P.w().div(Array.scalar(1.0).sub(b1.pow(t)));
    assertEquals(Np.float32, corrected.dtype());
    assertEquals(1f / (1 - 0.729f), corrected.toFloatArray()[0], 1e-5f);
  }

  @Test void aWeakScalarArgumentToJitStaysWeakInsideIt() {
    Jitted2<Array, Array, Array> scale = Graft.jit((Array w, Array lr) -> w.sub(w.mul(lr)));
    Array out = scale.apply(P.w(), Array.scalar(0.5));
    assertEquals(Np.float32, out.dtype());
    assertArrayEquals(new float[] {0.5f, 1f, 1.5f}, out.toFloatArray());
    scale.apply(P.w(), Array.scalar(0.25));
    assertEquals(1, scale.compiledSignatures());            // equal weak types: one signature
    assertEquals(Np.float64, scale.apply(P.w(), Array.of(new double[] {0.5}, new int[0])).dtype()); // strong f64 promotes
  }

  @Test void jitOfTwoAndThreeArgumentsMatchesEager() {
    Function2<Params, Array, Array> f = TrainingErgonomicsTest::loss;
    Jitted2<Params, Array, Array> jf = Graft.jit(f);
    assertEquals(f.apply(P, X).item().doubleValue(), jf.apply(P, X).item().doubleValue(), 1e-6);
    assertTrue(jf.lower(P, X).contains("jit("), jf.lower(P, X));
    Function3<Params, Array, Static<Integer>, Array> g = (p, x, k) -> loss(p, x).mul((double) k.value());
    Jitted3<Params, Array, Static<Integer>, Array> jg = Graft.jit(g);
    assertEquals(3 * loss(P, X).item().doubleValue(), jg.apply(P, X, Static.of(3)).item().doubleValue(), 1e-4);
    assertEquals(4 * loss(P, X).item().doubleValue(), jg.apply(P, X, Static.of(4)).item().doubleValue(), 1e-4);
    assertEquals(2, jg.compiledSignatures());
    assertThrows(NullPointerException.class, () -> jf.apply(null, X), "a is null");
  }

  @Test void valueAndGradTakesArgnums() {
    Function2<Params, Array, Array> f = TrainingErgonomicsTest::loss;
    Tuple2<Array, Params> first = Graft.valueAndGrad(f, Argnums.FIRST).apply(P, X);
    Tuple2<Array, Array> second = Graft.valueAndGrad(f, Argnums.SECOND).apply(P, X);
    Tuple2<Array, Tuple2<Params, Array>> all = Graft.valueAndGrad(f, Argnums.ALL).apply(P, X);
    // loss = (w.x + b)^2, w.x + b = 1 - 2 + 6 + 0.5 = 5.5: d/dw = 2*5.5*x, d/dx = 2*5.5*w
    assertEquals(30.25, first._1.item().doubleValue(), 1e-5);
    assertArrayEquals(new float[] {11, -11, 22}, first._2.w().toFloatArray(), 1e-5f);
    assertArrayEquals(new float[] {11, 22, 33}, second._2.toFloatArray(), 1e-5f);
    assertArrayEquals(first._2.w().toFloatArray(), all._2._1.w().toFloatArray());
    assertArrayEquals(second._2.toFloatArray(), all._2._2.toFloatArray());

    Function3<Params, Array, Array, Array> h = (p, x, s) -> loss(p, x).mul(s);
    Array s = Array.scalar(2f);
    Tuple2<Array, Params> h1 = Graft.valueAndGrad(h).apply(P, X, s);
    Tuple2<Array, Array> h2 = Graft.valueAndGrad(h, Argnums.SECOND).apply(P, X, s);
    Tuple2<Array, Array> h3 = Graft.valueAndGrad(h, Argnums.THIRD).apply(P, X, s);
    Tuple2<Array, Tuple3<Params, Array, Array>> hall = Graft.valueAndGrad(h, Argnums.ALL).apply(P, X, s);
    assertEquals(60.5, h1._1.sum().item().doubleValue(), 1e-4);
    assertArrayEquals(new float[] {22, -22, 44}, h1._2.w().toFloatArray(), 1e-4f);
    assertArrayEquals(new float[] {22, 44, 66}, h2._2.toFloatArray(), 1e-4f);
    assertEquals(30.25, h3._2.item().doubleValue(), 1e-4);
    assertArrayEquals(h3._2.toFloatArray(), hall._2._3.toFloatArray());
  }

  @Test void aStepThatChangesAParameterDtypeWarnsOnce() {
    List<LogRecord> records = capture(() -> {
      Array strong = Array.of(new double[] {0.1}, new int[0]);
      Jitted<Params, Tuple2<Params, Array>> step = Graft.jit(
          (Params p) -> new Tuple2<>(new Params(p.w().sub(strong), p.b()), loss(p, X)));
      Tuple2<Params, Array> r = step.apply(P);
      assertEquals(Np.float64, r._1.w().dtype());
      step.apply(P);
    });
    List<String> warnings = records.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage).toList();
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("result leaf [0].w is f64[3] but the argument leaf at that path is f32[3]"),
        warnings.get(0));
    assertTrue(warnings.get(0).contains("Array.scalar"), warnings.get(0));

    List<LogRecord> quiet = capture(() -> {
      Jitted<Params, Params> ok = Graft.jit((Params p) -> new Params(p.w().mul(Array.scalar(0.9)), p.b()));
      ok.apply(ok.apply(P));
      assertEquals(1, ok.compiledSignatures());
    });
    assertTrue(quiet.stream().noneMatch(r -> r.getLevel() == Level.WARNING), quiet.toString());
  }

  @Test void aTypedLambdaOrMethodReferenceSelectsThePytreeGrad() {
    Function<Params, Params> typed = Graft.grad((Params q) -> loss(q, X));
    Function<Params, Params> ref = Graft.grad(this::lossAtX);
    assertArrayEquals(typed.apply(P).w().toFloatArray(), ref.apply(P).w().toFloatArray());
  }

  private Array lossAtX(Params p) { return loss(p, X); }

  private static List<LogRecord> capture(Runnable r) {
    Logger log = Logger.getLogger("io.graft.jit");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler h = new Handler() {
      @Override public void publish(LogRecord rec) { records.add(rec); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    log.addHandler(h);
    log.setUseParentHandlers(false);
    try {
      r.run();
    } finally {
      log.removeHandler(h);
      log.setUseParentHandlers(true);
    }
    return records;
  }
}
