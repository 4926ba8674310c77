package io.graft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graft.trace.TracerLeakError;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Tracers and donated handles shared between threads fail loudly instead of racing. */
class ThreadMisuseTest {
  private static final Array X = Array.of(new double[] {0.3, -1.2, 2.0});

  @Test void aTracerUsedOnAnotherThreadWhileItsTraceRunsIsATracerLeakNamingBothThreads() throws Exception {
    AtomicReference<Array> handed = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(1), used = new CountDownLatch(1);
    Thread worker = new Thread(() -> {
      try {
        ready.await();
        handed.get().sin();
      } catch (Throwable e) {
        failure.set(e);
      } finally {
        used.countDown();
      }
    }, "graft-test-worker");
    worker.start();
    String me = Thread.currentThread().getName();
    Array g = Graft.grad((Array x) -> {
      handed.set(x);
      ready.countDown();
      try {
        assertTrue(used.await(30, TimeUnit.SECONDS)); // the trace is live while the worker uses x
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      return x.sin().sum();
    }).apply(X);
    worker.join();
    var e = assertInstanceOf(TracerLeakError.class, failure.get());
    String m = e.getMessage();
    assertTrue(m.contains("grad(fn @ ThreadMisuseTest.java:"), m);
    assertTrue(m.contains("still running on thread '" + me + "'"), m);
    assertTrue(m.contains("used on thread 'graft-test-worker'"), m);
    assertArrayEquals(X.cos().toDoubleArray(), g.toDoubleArray(), 1e-12); // the trace itself is unaffected
  }

  @Test void ofTwoThreadsDonatingOneHandleAtOnceExactlyOneWins() throws Exception {
    JittedArrayFn step = Graft.jit((Array x) -> x.mul(2.0)).donating(0);
    step.apply(X.mul(1.0)); // compiled once up front, so the race is on the donation itself
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int trial = 0; trial < 200; trial++) {
        Array x = X.mul(1.0);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Array> a = pool.submit(() -> { start.await(); return step.apply(x); });
        Future<Array> b = pool.submit(() -> { start.await(); return step.apply(x); });
        int wins = 0;
        for (Future<Array> f : java.util.List.of(a, b)) {
          try {
            assertArrayEquals(X.mul(2.0).toDoubleArray(), f.get(30, TimeUnit.SECONDS).toDoubleArray(), 0);
            wins++;
          } catch (java.util.concurrent.ExecutionException ex) {
            var loss = assertInstanceOf(DonatedArrayError.class, ex.getCause(), "trial " + trial);
            assertTrue(loss.getMessage().startsWith("argument leaf x (leaf 0) was donated to jit(fn @ ThreadMisuseTest.java:"),
                loss.getMessage());
          }
        }
        assertEquals(1, wins, "trial " + trial);
        assertTrue(x.isDonated());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test void aHandleAtTwoDonatedLeavesIsDonatedOnce() {
    Jitted<io.vavr.Tuple2<Array, Array>, Array> add = Graft.jit((io.vavr.Tuple2<Array, Array> t) -> t._1.add(t._2));
    Array x = X.mul(1.0);
    assertArrayEquals(X.mul(2.0).toDoubleArray(), add.donating(0, 1).apply(io.vavr.Tuple.of(x, x)).toDoubleArray(), 0);
    assertTrue(x.isDonated());
  }
}
