package io.graft.numerics;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * The kernel threads (one of Graft's four allowed globals: a {@link Team} per budget) and a parallel-for over index
 * ranges.
 *
 * <p>Kernels split work with {@link #range}: {@code body.run(lo, hi)} is called on disjoint sub-ranges that cover
 * {@code [0, n)}, in parallel when {@code n} is at least {@code 2 * grain}, else inline on the caller's thread (no
 * task is created, so small arrays pay nothing). The caller runs chunks too, beside {@code threads - 1} workers that
 * spin briefly between jobs ({@link Team}: waking a parked thread costs ~100 µs on these VMs); while the JIT compilers
 * are busy the global team leaves them the cores they take ({@link CompilerLoad}). One thread per core; set
 * {@code -Dgraft.threads=N} to change it (an integer {@code N >= 1}; 1 makes every kernel sequential). A bad value
 * fails the first kernel with an {@link IllegalArgumentException} from {@link #parseThreads} saying so.
 * <pre>{@code Parallel.range(rows, 16, (lo, hi) -> { for (int r = lo; r < hi; r++) ... });}</pre>
 *
 * <p><b>Budgets.</b> A {@link Budget} is a share of the machine's threads with its own team: the local CPU devices of
 * {@code -Dgraft.cpuDevices=N} each get one, so that N programs running at once do not all fork onto one team. A
 * thread made by {@link Budget#driver} (a device's driver thread) runs its kernels on its budget's team, and a
 * kernel nested there runs on its worker; every other thread uses the global team of {@link #threads()} threads. The budget
 * is a property of the thread, not scoped state.
 */
public final class Parallel {
  /** A body over the half-open range {@code [lo, hi)}. */
  @FunctionalInterface
  public interface RangeBody { void run(int lo, int hi); }

  /** The system property that sets the number of kernel threads. */
  public static final String THREADS_PROPERTY = "graft.threads";

  private static final int THREADS = parseThreads(System.getProperty(THREADS_PROPERTY), Runtime.getRuntime().availableProcessors());
  private static final Budget GLOBAL = new Budget("graft-kernel", THREADS);

  private Parallel() {}

  /**
   * A kernel thread budget: {@code threads} threads, with a {@link Team} of its own when {@code threads > 1} (one thread
   * runs every kernel sequentially on the caller).
   */
  public static final class Budget {
    private final String name;
    private final int threads;
    private final Team team;

    private Budget(String name, int threads) {
      this.name = name;
      this.threads = threads;
      this.team = threads > 1 ? new Team(name, threads, this) : null;
    }

    /** The number of threads kernels split their work over. */
    public int threads() { return threads; }

    /** The name its threads carry. */
    public String name() { return name; }

    /**
     * A daemon thread factory for threads that run their kernels on this budget (a device's driver threads).
     *
     * @param suffix appended to {@link #name()} in the threads' names
     */
    public ThreadFactory driver(String suffix) {
      return r -> {
        Thread t = new Driver(this, r);
        t.setName(name + "-" + suffix);
        t.setDaemon(true);
        return t;
      };
    }

    @Override public String toString() { return name + " (" + threads + " kernel thread" + (threads == 1 ? ")" : "s)"); }
  }

  /**
   * A budget of {@code threads} kernel threads named {@code name}.
   *
   * @throws IllegalArgumentException when {@code threads < 1}
   */
  public static Budget budget(String name, int threads) {
    Objects.requireNonNull(name, "name is null");
    if (threads < 1) throw new IllegalArgumentException("a kernel thread budget needs at least 1 thread, got " + threads);
    return new Budget(name, threads);
  }

  /** A thread that runs its kernels on a budget's team. */
  private static final class Driver extends Thread {
    final Budget budget;

    Driver(Budget budget, Runnable r) {
      super(r);
      this.budget = budget;
    }
  }

  /** The budget the current thread's kernels run on: its driver's or team worker's budget, else the global one. */
  private static Budget current() {
    return switch (Thread.currentThread()) {
      case Team.Worker w -> (Budget) w.owner;
      case Driver d -> d.budget;
      default -> GLOBAL;
    };
  }

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

  /**
   * Number of kernel threads of the current thread's budget: {@code -Dgraft.threads} (default one per core), or a
   * device's share of them on its driver thread.
   */
  public static int threads() { return current().threads; }

  /** Number of kernel threads of the global budget ({@code -Dgraft.threads}, default one per core). */
  public static int globalThreads() { return THREADS; }

  /**
   * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} chunks of at least {@code grain}, on the
   * budget's {@link Team} (the calling thread takes part); a kernel nested in a running one, or a second caller while
   * the team is busy, runs its chunks on its own thread, in order. While the JIT compilers are busy the global budget
   * runs the same chunks on fewer threads, leaving them their cores ({@link CompilerLoad}).
   */
  public static void range(int n, int grain, RangeBody body) {
    Budget b = current();
    int chunks = b.team == null ? 1 : Math.min(b.threads, n / Math.max(1, grain));
    if (chunks <= 1) {
      if (n > 0) body.run(0, n);
      return;
    }
    int helpers = Thread.currentThread() instanceof Team.Worker ? 0 : running(b) - 1;
    if (helpers == 0 || !b.team.run(n, chunks, carried(body), helpers))
      for (int c = 0; c < chunks; c++) body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
  }

  /**
   * Runs {@code body} over {@code [0, n)} cut into exactly {@code chunks} equal sub-ranges, which the budget's threads
   * claim one by one (more chunks than threads balance the load when a thread starts late); sequentially, in order,
   * where {@link #range} would or while the compilers take all but one core.
   * <pre>{@code Parallel.chunks(blocks, blocks, (lo, hi) -> { for (int b = lo; b < hi; b++) ... });}</pre>
   */
  public static void chunks(int n, int chunks, RangeBody body) {
    if (chunks < 1 || chunks > Math.max(1, n))
      throw new IllegalArgumentException("Parallel.chunks: " + chunks + " chunks of " + n + " elements; need 1 <= chunks <= n");
    Budget b = current();
    if (n == 0) return;
    int helpers = chunks == 1 || b.team == null || Thread.currentThread() instanceof Team.Worker ? 0 : running(b) - 1;
    if (helpers == 0 || !b.team.run(n, chunks, carried(body), helpers))
      for (int c = 0; c < chunks; c++) body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
  }

  /**
   * The threads a kernel of budget {@code b} runs on now: the global budget leaves the JIT compilers the cores they
   * are using ({@link CompilerLoad}), at least one thread; a device's budget runs on all of its own. Only who runs the
   * chunks depends on it, never the chunks: {@link #range} cuts {@code [0, n)} by the budget's thread count, so a body
   * sees the same sub-ranges whatever the load.
   */
  private static int running(Budget b) {
    return b == GLOBAL ? Math.max(1, b.threads - CompilerLoad.cores()) : b.threads;
  }

  /** The scoped values a job carries to the kernel threads ({@link #carry}). */
  private static final java.util.List<ScopedValue<Object>> CARRIED = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Makes the kernel threads see {@code value}'s binding of the thread that starts a job, as a structured task
   * scope's subtasks do: a {@link ScopedValue} bound around a parallel kernel (such as the GEMM's cache of packed
   * constant blocks) is otherwise unbound on the workers that run its chunks.
   * <pre>{@code private static final ScopedValue<Cache> CURRENT = Parallel.carry(ScopedValue.newInstance());}</pre>
   *
   * @param value a scoped value
   * @param <T>   its type
   * @return {@code value}
   */
  @SuppressWarnings("unchecked")
  public static <T> ScopedValue<T> carry(ScopedValue<T> value) {
    CARRIED.add((ScopedValue<Object>) java.util.Objects.requireNonNull(value, "value is null"));
    return value;
  }

  /** {@code body} run under the caller's bindings of the {@link #carry carried} values (itself when none is bound). */
  private static RangeBody carried(RangeBody body) {
    ScopedValue.Carrier c = null;
    for (ScopedValue<Object> v : CARRIED)
      if (v.isBound()) c = c == null ? ScopedValue.where(v, v.get()) : c.where(v, v.get());
    if (c == null) return body;
    ScopedValue.Carrier carrier = c;
    return (lo, hi) -> carrier.run(() -> body.run(lo, hi));
  }
}
