package io.graft.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PrefetchTest {
  /** Counts 0, 1, 2, ... up to {@code n} (or forever when n < 0), recording how many were produced and by which thread. */
  static final class Counting implements Iterator<Integer> {
    final int n;
    final AtomicInteger produced = new AtomicInteger();
    final AtomicReference<Thread> thread = new AtomicReference<>();
    final int failAt;

    Counting(int n, int failAt) { this.n = n; this.failAt = failAt; }

    @Override public boolean hasNext() { return n < 0 || produced.get() < n; }

    @Override public Integer next() {
      thread.set(Thread.currentThread());
      int i = produced.getAndIncrement();
      if (i == failAt) throw new IllegalStateException("source failed at " + i);
      return i;
    }
  }

  static void awaitProduced(Counting c, int atLeast) throws InterruptedException {
    while (c.produced.get() < atLeast) Thread.sleep(1);
  }

  @Test void givesEveryElementInOrderOnAnotherThreadAndEnds() throws InterruptedException {
    Counting src = new Counting(100, -1);
    List<Integer> got = new ArrayList<>();
    try (Prefetch<Integer> p = Prefetch.of(src, 3)) {
      for (int x : p) got.add(x);
      assertFalse(p.hasNext());
      assertThrows(java.util.NoSuchElementException.class, p::next);
    }
    assertEquals(java.util.stream.IntStream.range(0, 100).boxed().toList(), got);
    assertNotSame(Thread.currentThread(), src.thread.get());
    src.thread.get().join(10_000);
    assertFalse(src.thread.get().isAlive(), "the producer ends with its source");
  }

  @Test void staysAtMostDepthAhead() throws InterruptedException {
    Counting src = new Counting(-1, -1);
    try (Prefetch<Integer> p = Prefetch.of(src, 2)) {
      for (int consumed = 0; consumed < 20; consumed++) {
        awaitProduced(src, consumed + 2);  // the producer fills the queue ...
        Thread.sleep(2);
        // ... and no further: 2 queued, 1 waiting for room (hasNext's look-ahead is consumed already)
        assertTrue(src.produced.get() <= consumed + 3, "produced " + src.produced.get() + " after consuming " + consumed);
        assertEquals(consumed, p.next());
      }
    }
  }

  @Test void rethrowsTheSourcesExceptionAfterTheElementsBeforeIt() throws InterruptedException {
    Counting src = new Counting(10, 3);
    Prefetch<Integer> p = Prefetch.of(src, 2);
    assertEquals(0, p.next());
    assertEquals(1, p.next());
    assertEquals(2, p.next());
    IllegalStateException e = assertThrows(IllegalStateException.class, p::next);
    assertEquals("source failed at 3", e.getMessage());
    assertFalse(p.hasNext(), "a failed prefetch is finished");
    src.thread.get().join(10_000);
    assertFalse(src.thread.get().isAlive(), "the producer ends after a failure");
    p.close();
  }

  @Test void closeStopsABlockedProducer() throws InterruptedException {
    Counting src = new Counting(-1, -1);
    Prefetch<Integer> p = Prefetch.of(src, 1);
    assertEquals(0, p.next());
    awaitProduced(src, 3); // queue full, producer blocked putting the next one
    Thread producer = src.thread.get();
    assertTrue(producer.isAlive());
    p.close();
    assertFalse(producer.isAlive(), "close returns once the producer thread has ended");
    assertFalse(p.hasNext());
    p.close(); // idempotent
  }

  @Test void closeWaitsForASlowElementThenStops() throws InterruptedException {
    AtomicReference<Thread> thread = new AtomicReference<>();
    Iterator<Integer> slow = new Iterator<>() {
      @Override public boolean hasNext() { return true; }

      @Override public Integer next() {
        thread.set(Thread.currentThread());
        long until = System.nanoTime() + 50_000_000; // busy for 50 ms, ignoring interrupts
        while (System.nanoTime() < until) Thread.onSpinWait();
        return 1;
      }
    };
    Prefetch<Integer> p = Prefetch.of(slow, 2);
    while (thread.get() == null) Thread.sleep(1);
    p.close();
    assertFalse(thread.get().isAlive());
  }

  @Test void nullElementsAndDepthChecks() {
    try (Prefetch<String> p = Prefetch.of(java.util.Arrays.asList("a", null, "b").iterator(), 1)) {
      assertEquals("a", p.next());
      assertSame(null, p.next());
      assertEquals("b", p.next());
      assertFalse(p.hasNext());
    }
    assertThrows(IllegalArgumentException.class, () -> Prefetch.of(List.of(1).iterator(), 0));
  }
}
