package io.graft.numerics;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A budget's kernel threads: the caller of {@link #run} and {@code threads - 1} workers that, between jobs, spin on the
 * job counter for {@link #SPIN_NANOS} (offering the core to other threads now and then, {@link #YIELD}) and then park.
 * A job is {@code chunks} fixed sub-ranges of {@code [0, n)}; every
 * thread, the caller included, claims chunks one by one until none is left, so a worker that is slow to wake costs
 * nothing (the caller runs its chunk) and the results never depend on which thread ran which chunk.
 *
 * <p>Why not a {@link java.util.concurrent.ForkJoinPool}: its idle workers park at once, and waking a parked thread on
 * this workplace's 2-vCPU virtual machines takes about 100 µs (the idle vCPU halts and the host must reschedule it).
 * Measured 2026-12-05 ({@code Parallel.range} over a two-input elementwise body, µs per call, one thread / two on the
 * fork-join pool): 50,000 elements 11.5 / 95; 200,000 52 / 146; 1,000,000 311 / 393 — two threads lost at every size.
 * Workers that spin through the short gaps between a jitted program's kernels take the next job within a
 * microsecond. One job runs at a time; a second caller (another thread, or a kernel nested in a running one) runs its
 * chunks itself.
 * <pre>{@code
 * Team t = new Team("graft-kernel", 2);
 * if (!t.run(n, 2, (lo, hi) -> ...)) ...;   // false: busy, run the chunks on this thread
 * }</pre>
 */
final class Team {
  /**
   * How long an idle worker spins for the next job before it parks: {@code -Dgraft.spinMicros} (default 200 µs;
   * 0 parks at once).
   */
  static final long SPIN_NANOS = 1000L * Long.getLong("graft.spinMicros", 200);
  /**
   * Whether a spinning worker offers its core to other runnable threads (the JIT compilers, the collector, the
   * caller's own single-threaded work) every 256 spins, about every 10-20 µs: {@code Thread.yield()} returns at once
   * when no other thread waits for the core, so a job is still taken within microseconds. {@code -Dgraft.spinYield=false}
   * spins without yielding. On the 2-core reference machine (2026-12-06, W10's jitted training, 5 alternating pairs of
   * fresh JVMs) yielding took epoch 1 from 3.28 to 3.08 s and the mean of epochs 2-5 from 0.855 to 0.760 s: with two
   * cores, a worker spinning through the gaps between kernels took one of them from the compiler threads that were
   * still compiling the step's code, and from the collector.
   */
  static final boolean YIELD = !"false".equals(System.getProperty("graft.spinYield"));

  private final Worker[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();
  /** The current job's number (high 32 bits) and its next unclaimed chunk (low 32). */
  private final AtomicLong claim = new AtomicLong();
  /** Chunks of the current job not finished yet. */
  private final AtomicInteger pending = new AtomicInteger();
  /** The current job, written by the caller before it publishes the job's number in {@link #claim}. */
  private Parallel.RangeBody body;
  private int n, chunks;
  /** Workers that take part in the current job (those with a lower index), written before the job is published. */
  private int helpers;
  private volatile Throwable failure;
  private int jobs;

  /** A thread of a team; {@code owner} is what {@code Parallel} attaches (its budget). */
  static final class Worker extends Thread {
    final Object owner;
    final Team team;
    final int index;
    volatile boolean parked;

    Worker(Team team, Object owner, String name, int index) {
      this.team = team;
      this.owner = owner;
      this.index = index;
      setName(name);
      setDaemon(true);
    }

    @Override public void run() { team.serve(this); }
  }

  Team(String name, int threads, Object owner) {
    workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) workers[i] = new Worker(this, owner, name + "-worker-" + (i + 1), i);
    for (Worker w : workers) w.start();
  }

  /**
   * Runs {@code body} over {@code chunks} equal sub-ranges of {@code [0, n)} on this team, the calling thread and the
   * first {@code helpers} workers taking part (the chunks are the same whoever runs them); false, running nothing,
   * when the team is busy with another job. A chunk's exception is rethrown here after every chunk has finished.
   */
  boolean run(int n, int chunks, Parallel.RangeBody body, int helpers) {
    if (!busy.compareAndSet(false, true)) return false;
    try {
      this.body = body;
      this.n = n;
      this.chunks = chunks;
      this.helpers = helpers;
      failure = null;
      pending.set(chunks);
      int job = ++jobs;
      claim.set((long) job << 32);                    // publishes body, n, chunks and helpers
      for (Worker w : workers) if (w.parked && w.index < helpers) LockSupport.unpark(w);
      work(job);
      for (int spins = 0; pending.get() > 0; spins++) {
        if (spins < 1 << 16) Thread.onSpinWait();
        else Thread.yield();
      }
      Throwable f = failure;
      if (f instanceof RuntimeException e) throw e;
      if (f instanceof Error e) throw e;
      if (f != null) throw new IllegalStateException(f);
      return true;
    } finally {
      this.body = null;
      busy.set(false);
    }
  }

  /** Claims and runs chunks of job {@code job} until none is left (or another job has started). */
  private void work(int job) {
    for (;;) {
      long s = claim.get();
      if ((int) (s >>> 32) != job) return;
      int c = (int) s, k = chunks;
      if (c >= k) return;
      if (!claim.compareAndSet(s, s + 1)) continue;
      Parallel.RangeBody b = body;
      int total = n;
      try {
        b.run((int) ((long) total * c / k), (int) ((long) total * (c + 1) / k));
      } catch (Throwable t) {
        if (failure == null) failure = t;
      } finally {
        pending.decrementAndGet();
      }
    }
  }

  /** A worker's life: take each new job, spin for the next, park when none comes. */
  private void serve(Worker me) {
    int seen = 0;
    for (;;) {
      int job = (int) (claim.get() >>> 32);
      if (job != seen) {
        seen = job;
        if (me.index < helpers) work(job);
        continue;
      }
      if (spinFor(seen)) continue;
      me.parked = true;
      if ((int) (claim.get() >>> 32) == seen) LockSupport.park(this);
      me.parked = false;
    }
  }

  /** Spins up to {@link #SPIN_NANOS} for a job after {@code seen}; whether one came. */
  private boolean spinFor(int seen) {
    if (SPIN_NANOS <= 0) return false;
    long until = System.nanoTime() + SPIN_NANOS;
    for (int i = 1; ; i++) {
      if ((int) (claim.get() >>> 32) != seen) return true;
      Thread.onSpinWait();
      if ((i & 255) == 0) {
        if (System.nanoTime() - until > 0) return false;
        if (YIELD) Thread.yield();
      }
    }
  }
}
