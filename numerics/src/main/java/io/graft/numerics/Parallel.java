package io.graft.numerics;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The kernel thread pool (one of Graft's four allowed globals) and a parallel-for over index ranges.
 *
 * <p>Kernels split work with {@link #range}: {@code body.run(lo, hi)} is called on disjoint sub-ranges that cover
 * {@code [0, n)}, in parallel when {@code n} is at least {@code 2 * grain}, else inline on the caller's thread (no
 * task is created, so small arrays pay nothing). The pool has one thread per core; set
 * {@code -Dgraft.threads=N} to change it (an integer {@code N >= 1}; 1 makes every kernel sequential). A bad value
 * fails the first kernel with an {@link IllegalArgumentException} from {@link #parseThreads} saying so.
 * <pre>{@code Parallel.range(rows, 16, (lo, hi) -> { for (int r = lo; r < hi; r++) ... });}</pre>
 */
public final class Parallel {
  /** A body over the half-open range {@code [lo, hi)}. */
  @FunctionalInterface
  public interface RangeBody { void run(int lo, int hi); }

  /** The system property that sets the number of kernel threads. */
  public static final String THREADS_PROPERTY = "graft.threads";

  private static final int THREADS = parseThreads(System.getProperty(THREADS_PROPERTY), Runtime.getRuntime().availableProcessors());
  private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS) : null;

  private Parallel() {}

  /**
   * The thread count that {@code -Dgraft.threads=value} asks for: {@code value} as an integer {@code >= 1}, or
   * {@code cores} when the property is unset ({@code null}).
   *
   * @throws IllegalArgumentException naming the property, the value given and the fix, when {@code value} is not an
   *                                  integer or is below 1
   */
  public static int parseThreads(String value, int cores) {
    if (value == null) return cores;
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      n = 0; // not an integer: rejected below with the same message
    }
    if (n < 1)
      throw new IllegalArgumentException("-D" + THREADS_PROPERTY + "=" + value + ": the number of kernel threads must be "
          + "an integer >= 1, got \"" + value + "\"; pass e.g. -D" + THREADS_PROPERTY + "=" + cores
          + " (1 runs every kernel sequentially), or leave it unset for one thread per core (" + cores + ")");
    return n;
  }

  /** Number of kernel threads. */
  public static int threads() { return THREADS; }

  /** Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} chunks of at least {@code grain}. */
  public static void range(int n, int grain, RangeBody body) {
    int chunks = POOL == null ? 1 : Math.min(THREADS, n / Math.max(1, grain));
    if (chunks <= 1) {
      if (n > 0) body.run(0, n);
      return;
    }
    RecursiveAction[] tasks = new RecursiveAction[chunks];
    for (int c = 0; c < chunks; c++) {
      int lo = (int) ((long) n * c / chunks), hi = (int) ((long) n * (c + 1) / chunks);
      tasks[c] = new RecursiveAction() { @Override protected void compute() { body.run(lo, hi); } };
    }
    if (Thread.currentThread() instanceof java.util.concurrent.ForkJoinWorkerThread w && w.getPool() == POOL) {
      RecursiveAction.invokeAll(tasks);        // already inside a kernel task: fork-join nests safely
    } else {
      POOL.invoke(new RecursiveAction() { @Override protected void compute() { invokeAll(tasks); } });
    }
  }
}
