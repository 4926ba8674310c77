package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.nn.Activation;
import io.graft.nn.Losses;
import io.graft.nn.Mlp;
import io.graft.optim.OptState;
import io.graft.optim.Optim;
import io.graft.optim.Update;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The background warm-up ({@link Warmup}): each of its programs trains (the loss falls), it is off when switched off
 * or on one processor, and a program that jits while it runs gets the bits it gets alone and stops it. The api test JVMs run with {@code -Dgraft.warmup=false}; this class starts the thread itself.
 */
class WarmupTest {
  @Test void everyKindOfProgramTrains() {
    for (int r = 0; r < 6; r++) {   // the three activations x the two losses x the two optimisers, as they rotate
      double[] loss = Warmup.program(r, () -> false);
      assertTrue(loss[1] < loss[0], "warm-up program " + r + ": loss " + loss[0] + " -> " + loss[1]);
    }
  }

  @Test void itIsOffWhenSwitchedOffOrOnOneProcessor() {
    assertFalse(Warmup.enabled("false", 8), "-Dgraft.warmup=false");
    assertFalse(Warmup.enabled(null, 1), "one processor: it would take the program's only core");
    assertTrue(Warmup.enabled(null, 2));
    assertTrue(Warmup.enabled("true", 2));
    assertEquals("false", System.getProperty("graft.warmup"), "the api test JVMs switch it off (api/pom.xml)");
  }

  /** A user's train step, jitted afresh for each call of this method (a new function object, a new cache). */
  private static List<float[]> userSteps(Array x, Array y) {
    var adam = Optim.adam(1e-2);
    Mlp m = Mlp.init(Random.key(7), Activation.RELU, 30, 40, 5);
    var step = Graft.jit((Tuple2<Mlp, OptState.Chain> s, Array xb) -> {
      Tuple2<Array, Mlp> lg = Graft.valueAndGrad((Mlp mm) -> Losses.softmaxCrossEntropyWithIntegerLabels(mm.apply(xb), y).mean())
          .apply(s._1);
      Update<Mlp, OptState.Chain> u = adam.update(lg._2, s._2, s._1);
      return Tuple.of(Optim.applyUpdates(s._1, u.updates()), u.state());
    });
    Tuple2<Mlp, OptState.Chain> s = Tuple.of(m, adam.init(m));
    for (int i = 0; i < 30; i++) s = step.apply(s, x);
    return List.of(s._1.layers().get(0).kernel().toFloatArray(), s._1.layers().get(1).kernel().toFloatArray(),
        s._1.layers().get(1).bias().toFloatArray());
  }

  @Test void aProgramBesideTheWarmupGetsItsOwnBitsAndStopsIt() throws InterruptedException {
    Array x = Random.normal(Random.key(1), 64, 30);
    Array y = Random.randint(Random.key(2), new int[] {64}, 0, 5);
    List<float[]> alone = userSteps(x, y);
    boolean started = Warmup.startThread();
    Thread t = Warmup.thread();
    assertNotNull(t);
    if (started) {
      long until = System.nanoTime() + 60_000_000_000L;
      while (Warmup.programsDone() < 1 && t.isAlive() && System.nanoTime() < until) Thread.sleep(5);
      assertTrue(Warmup.programsDone() >= 1, "the warm-up finished a program within 60 s");
    }
    List<float[]> beside = userSteps(x, y);   // its jit compilation asks the warm-up to stop
    for (int i = 0; i < alone.size(); i++) assertArrayEquals(alone.get(i), beside.get(i), "leaf " + i + " with the warm-up running");
    t.join(60_000);
    assertFalse(t.isAlive(), "the warm-up stops after the program's first compilation");
    assertTrue(Warmup.programsDone() < Warmup.PROGRAMS, "it stopped early: " + Warmup.programsDone() + " programs");
  }
}
