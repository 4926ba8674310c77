package io.graft.data;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;

/**
 * An iterator that runs another one ahead on a background thread, keeping up to {@code depth} elements ready in a
 * bounded queue: batch gathering and augmentation overlap the training step (as {@code tf.data}'s
 * {@code prefetch}). Use it in try-with-resources:
 * <pre>{@code
 * try (var batches = Prefetch.of(train.batches(128, seed, Dataset.Remainder.DROP), 2)) {
 *   for (Batch<Examples> b : batches) state = step.apply(state, b.data());
 * }
 * }</pre>
 * An exception thrown by the source (its {@code hasNext} or {@code next}) is rethrown by this iterator's
 * {@code next}/{@code hasNext} in the consumer's thread, after the elements produced before it; unchecked exceptions
 * and errors are rethrown as they are, anything else wrapped in a {@link RuntimeException}. {@link #close()} stops
 * the producer and returns once its thread has ended (waiting for an element being produced to be finished), so no
 * thread outlives the iterator; running the source to its end or to its failure ends the thread as well.
 *
 * <p>The producer is one platform daemon thread named {@code graft-prefetch}; the source is used only by it. An
 * iterator that is neither run to its end nor closed keeps that thread waiting for room in the queue: close it
 * (try-with-resources), also when leaving a loop early.
 *
 * @param <T> the element type
 */
public final class Prefetch<T> implements io.vavr.collection.Iterator<T>, AutoCloseable {
  private static final Object END = new Object();
  private static final Object NULL = new Object();

  private record Failure(Throwable error) {}

  private final BlockingQueue<Object> queue;
  private final Thread producer;
  private volatile boolean closed;
  /** The next element taken from the queue, not yet returned (consumer-side only). */
  private Object head;

  private Prefetch(java.util.Iterator<? extends T> source, int depth) {
    queue = new ArrayBlockingQueue<>(depth);
    producer = Thread.ofPlatform().name("graft-prefetch").daemon(true).unstarted(() -> produce(source));
  }

  /**
   * Starts running {@code source} ahead on a background thread, at most {@code depth} elements ahead.
   *
   * @param depth how many produced elements may wait (1 or more; 2 is usually enough)
   */
  public static <T> Prefetch<T> of(java.util.Iterator<? extends T> source, int depth) {
    Objects.requireNonNull(source, "source is null");
    if (depth < 1) throw new IllegalArgumentException("Prefetch.of: depth must be >= 1, got " + depth);
    Prefetch<T> p = new Prefetch<>(source, depth);
    p.producer.start();
    return p;
  }

  private void produce(java.util.Iterator<? extends T> source) {
    try {
      try {
        while (!closed && source.hasNext()) {
          T x = source.next();
          queue.put(x == null ? NULL : x);
        }
        queue.put(END);
      } catch (InterruptedException e) {
        throw e;
      } catch (Throwable t) {
        if (!closed) queue.put(new Failure(t));
      }
    } catch (InterruptedException e) {
      // closed while waiting for room in the queue: stop
    }
  }

  @Override public boolean hasNext() {
    if (head == null) {
      if (closed) return false;
      try {
        head = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("Prefetch: interrupted while waiting for the next element");
      }
    }
    if (head instanceof Failure f) {
      head = END;
      rethrow(f.error());
    }
    return head != END;
  }

  @Override @SuppressWarnings("unchecked") public T next() {
    if (!hasNext()) throw new NoSuchElementException("Prefetch: no more elements" + (closed ? " (closed)" : ""));
    Object x = head;
    head = null;
    return x == NULL ? null : (T) x;
  }

  /**
   * Stops the producer, drops the elements it had ready, and waits for its thread to end. Idempotent; afterwards
   * {@code hasNext()} is false.
   */
  @Override public void close() {
    closed = true;
    head = END;
    producer.interrupt();
    queue.clear();
    boolean interrupted = false;
    while (producer.isAlive()) {
      try {
        producer.join();
      } catch (InterruptedException e) {
        interrupted = true; // finish the join: a live producer would be a leaked thread
      }
    }
    queue.clear();
    if (interrupted) Thread.currentThread().interrupt();
  }

  private static void rethrow(Throwable t) {
    if (t instanceof RuntimeException r) throw r;
    if (t instanceof Error e) throw e;
    throw new RuntimeException("Prefetch: the source failed: " + t, t);
  }
}
