package io.graft.numerics;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * How many cores the JVM's JIT compilers are taking: their compile time over the last {@link #WINDOW_NANOS} of wall
 * time ({@link CompilationMXBean#getTotalCompilationTime}, summed over the compiler threads) divided by that wall
 * time, less {@link #IDLE}, rounded up. {@link Parallel} leaves them those cores: while they work, the global team runs
 * a kernel's chunks on {@code threads - cores()} threads (at least one); the chunks themselves stay those of all the
 * threads.
 *
 * <p>Why: in a fresh JVM the compilers are busy for seconds with the program's hot code (W10's first epoch on a 2-core
 * VM: 1-1.9 cores of compile time per second of wall time, read here every 100 ms). A kernel split over every core
 * then waits at its end for the chunk whose thread a compiler preempted, and the compiler waits for a core, so both the
 * steps and their compiled code arrive late. Giving the compilers a core while they take more than {@link #IDLE} of
 * one made W10's first epoch 2.39 s against 2.57 s (four alternating pairs of fresh JVMs, 2026-12-06) and its epochs
 * 2-5 0.738 against 0.708 s (later compiles still take a core now and then).
 *
 * <p>The chunks are the same whoever runs them, so this changes timing only, never a bit (a product split into
 * blocks of rows, for one, gives other bits for other blocks). The bean loads on a daemon thread ({@code graft-compiler-load}) the first time {@link #cores} is asked (the
 * management classes take a few tens of milliseconds); until then, where the JVM has no JIT or does not time it, and
 * with {@code -Dgraft.yieldToCompiler=false}, the answer is 0.
 * <pre>{@code int threads = Math.max(1, Parallel.globalThreads() - CompilerLoad.cores());}</pre>
 */
public final class CompilerLoad {
  private CompilerLoad() {}

  /** Whether kernels leave the compilers their cores ({@code -Dgraft.yieldToCompiler=false}: no). */
  public static final boolean ENABLED = !"false".equals(System.getProperty("graft.yieldToCompiler"));

  /** The wall time over which the load is measured. */
  static final long WINDOW_NANOS = 100_000_000L;
  /**
   * Compile time per wall time that does not count: compilers that took less than 0.9 of a core leave the kernels every
   * core (a lower bar, or holding the core for the next window too, also took it from the steady epochs, where a
   * compile now and then is normal: W10's epochs 2-5 0.78-0.80 s against 0.71).
   */
  static final double IDLE = 0.9;

  /** The bean, once loaded (null before, or where the JVM has no JIT). */
  private static volatile CompilationMXBean bean;
  private static volatile boolean loading;
  /** The current window's start (read without the lock to see whether a window has passed). */
  private static volatile long windowStart;
  /** The total compile time (ms) at the window's start; guarded by the class. */
  private static long compileMillisAtStart;
  private static volatile int cores;

  /**
   * The cores the compilers took over the last window (0 while they are idle, unknown or the feature is off). Cheap:
   * a volatile read and {@link System#nanoTime}, and once per window a read of the compile time.
   */
  public static int cores() {
    if (!ENABLED) return 0;
    CompilationMXBean b = bean;
    if (b == null) {
      if (!loading) load();
      return 0;
    }
    if (System.nanoTime() - windowStart >= WINDOW_NANOS) sample(b);
    return cores;
  }

  /** The cores a compile time of {@code compileMillis} over {@code elapsedNanos} of wall time takes. */
  static int coresFor(long compileMillis, long elapsedNanos) {
    return Math.max(0, (int) Math.ceil(compileMillis * 1e6 / Math.max(1, elapsedNanos) - IDLE));
  }

  private static synchronized void sample(CompilationMXBean b) {
    long now = System.nanoTime();
    if (now - windowStart < WINDOW_NANOS) return;      // another thread sampled this window
    long compiled = b.getTotalCompilationTime();
    cores = coresFor(compiled - compileMillisAtStart, now - windowStart);
    windowStart = now;
    compileMillisAtStart = compiled;
  }

  private static synchronized void load() {
    if (loading) return;
    loading = true;
    Thread.ofPlatform().daemon().name("graft-compiler-load").start(() -> {
      CompilationMXBean b;
      try {
        b = ManagementFactory.getCompilationMXBean();
      } catch (LinkageError | RuntimeException e) {   // a runtime image without java.management: kernels use every thread
        System.getLogger(CompilerLoad.class.getName()).log(System.Logger.Level.DEBUG, "graft: no JIT compile time to read", e);
        return;
      }
      if (b == null || !b.isCompilationTimeMonitoringSupported()) return;
      synchronized (CompilerLoad.class) {
        windowStart = System.nanoTime();
        compileMillisAtStart = b.getTotalCompilationTime();
        cores = 1;                                     // a program running kernels this early is being compiled
      }
      bean = b;
    });
  }
}
