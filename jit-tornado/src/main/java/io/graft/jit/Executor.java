package io.graft.jit;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.GemmPrepacked;
import io.graft.trace.Compiler;
import io.graft.trace.NanCheck;
import io.graft.trace.prim.WritesInto;
import io.vavr.Lazy;
import io.vavr.collection.Vector;
import java.util.ArrayDeque;
import java.lang.ref.SoftReference;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The CPU backend: runs a {@link Program}'s steps in order with one exhaustive switch over {@link Step}. Each run
 * has its own environment (so one executor serves any number of threads) and its own buffer pool, which it leaves
 * to the next run (see {@link #spare}): a buffer that a
 * fused step or a {@link WritesInto} primitive (f32/f64 products, convolutions, pooling, reversal) took goes back to the pool when its slot dies and no live slot shares it
 * (views made by {@code reshape} share buffers), and later steps of the same dtype and size take it instead of allocating;
 * a fused step writes in place over a dying operand when the plan allows it and the run owns that buffer. Argument,
 * constant and result buffers are never overwritten. A loop's body runs as a sub-run ({@link #runIn}) sharing the
 * enclosing run's pool, with the previous iteration's carry donated to it ({@link CarryLoops}), so a loop recycles
 * its carry's buffers instead of allocating a set per iteration.
 *
 * <p>With the NaN checker on ({@link NanCheck}) the unfused program runs instead, each equation checked, so the error
 * names the first primitive that produced a NaN.
 */
final class Executor implements Compiler.Executable {
  private final Program program;
  private final Lazy<Program> unfused;
  /**
   * The packed GEMM blocks of the graph's constants (closed-over weights, never written), kept for the executable's
   * life: a product reading one packs it on the first call only (null when the graph has none).
   */
  private final GemmPrepacked constants;

  Executor(Program program) {
    this.program = program;
    this.unfused = Lazy.of(() -> Program.of(program.graph, false));
    this.constants = GemmPrepacked.keeping(program.graph.consts().map(NdArray::store));
  }

  /** {@code run.go(args, donated)} with the constants' packed blocks in scope. */
  private NdArray[] go(ProgramRun run, NdArray[] args, boolean[] donated) {
    return constants == null ? run.go(args, donated) : constants.around(() -> run.go(args, donated));
  }

  @Override public Vector<NdArray> run(Vector<NdArray> args) { return execute(args, null, null, null, null); }

  /** Reports each result right after the step computing it ({@link Program#resultsAfter}). */
  @Override public Vector<NdArray> runReporting(Vector<NdArray> args, Compiler.ResultReady ready) {
    return execute(args, null, null, ready, null);
  }

  /**
   * Donated arguments become the run's ({@link ProgramRun#go}): each goes to the pool when its slot dies (or a fused step
   * writes its result over it), and the pool goes to the next run, whose results then take those buffers instead of
   * fresh ones. A result is fresh when the run owns its buffer and no other result shares it.
   */
  @Override public Vector<NdArray> runDonating(Vector<NdArray> args, boolean[] donated, boolean[] fresh) {
    return execute(args, flags(args, donated, fresh), fresh, null, null);
  }

  /** {@link #runDonating(Vector, boolean[], boolean[])} with each step timed, as a profiled {@link #run(Vector, Compiler.StepTimes)}. */
  @Override public Vector<NdArray> runDonating(Vector<NdArray> args, boolean[] donated, boolean[] fresh, Compiler.StepTimes times) {
    return execute(args, flags(args, donated, fresh), fresh, null, java.util.Objects.requireNonNull(times, "times is null"));
  }

  /** {@code donated}, checked: one flag per argument, and {@code fresh} one per result. */
  private boolean[] flags(Vector<NdArray> args, boolean[] donated, boolean[] fresh) {
    if (donated.length != args.size() || fresh.length != program.resultSlots.length)
      throw new IllegalArgumentException("jit: " + donated.length + " donation flag(s) for " + args.size() + " argument(s), "
          + fresh.length + " result flag(s) for " + program.resultSlots.length + " result(s)");
    return donated;
  }

  /**
   * One top-level run on the pool the last run left: {@code donated} (null: none) marks the arguments the run may
   * recycle, {@code fresh} (null: not asked) receives which results own their buffer, {@code ready} (null: none) hears
   * of each result as soon as it is computed, {@code times} (null: no clock read) receives each step's time.
   */
  private Vector<NdArray> execute(Vector<NdArray> args, boolean[] donated, boolean[] fresh, Compiler.ResultReady ready,
                                  Compiler.StepTimes times) {
    Program p = NanCheck.enabled() ? unfused.get() : program;
    if (args.size() != p.paramSlots.length)
      throw new IllegalArgumentException("jit: the executable takes " + p.paramSlots.length + " argument(s) "
          + p.graph.inTypes().mkString("(", ", ", ")") + ", got " + args.size());
    Map<Long, ArrayDeque<Object>> pool = takeSpare();
    ProgramRun run = new ProgramRun(p, pool, times);
    run.ready = ready;
    NdArray[] values = go(run, args.toJavaArray(NdArray[]::new), donated);
    if (fresh != null) {
      IdentityHashMap<Object, int[]> holders = new IdentityHashMap<>();
      for (NdArray v : values) holders.computeIfAbsent(v.store(), k -> new int[1])[0]++;
      for (int k = 0; k < values.length; k++)
        fresh[k] = run.owned.containsKey(values[k].store()) && holders.get(values[k].store())[0] == 1;
    }
    if (donated != null) run.recycleUnheld(values);   // a donated argument no step read
    spare.set(new SoftReference<>(pool));
    return Vector.of(values);
  }

  /**
   * The buffer pool the last finished run left (its intermediates' buffers, none a result holds), softly held: the
   * next run starts from it instead of allocating and zeroing its intermediates again, as PyTorch's caching
   * allocator keeps freed blocks; memory pressure clears it. Concurrent runs each take the spare or a fresh pool
   * (never one pool for two runs); a run that throws leaves none.
   */
  private final AtomicReference<SoftReference<Map<Long, ArrayDeque<Object>>>> spare = new AtomicReference<>();

  private Map<Long, ArrayDeque<Object>> takeSpare() {
    SoftReference<Map<Long, ArrayDeque<Object>>> r = spare.getAndSet(null);
    Map<Long, ArrayDeque<Object>> pool = r == null ? null : r.get();
    return pool != null ? pool : new HashMap<>();
  }

  /**
   * A profiled run: each step's time goes to {@code times} under its {@link #label}. A control-flow step (cond,
   * while, scan) is timed as a whole, its sub-programs' steps not broken down. It takes and leaves the buffer pool as
   * a call does, so its steps write recycled buffers as they do in calls (a fresh pool per profiled run made every
   * intermediate fresh memory: W10's step, not donating, profiled at 2.6 ms per run against 2.1 ms a call; now 2.0
   * against 2.2). Nothing is donated here; a donating function is profiled by
   * {@link #runDonating(Vector, boolean[], boolean[], Compiler.StepTimes)}. The unprofiled {@link #run(Vector)} reads
   * no clock.
   */
  @Override public Vector<NdArray> run(Vector<NdArray> args, Compiler.StepTimes times) {
    return execute(args, null, null, null, java.util.Objects.requireNonNull(times, "times is null"));
  }

  /** A sub-program's results, and per result whether its buffer is now the caller's alone (see {@link #runIn}). */
  record Out(NdArray[] values, boolean[] owned) {}

  /**
   * Runs as part of an enclosing run (a loop's body or condition, a branch): buffers come from and go back to
   * {@code pool}, the enclosing run's. The arguments marked in {@code donated} are buffers only the caller holds
   * (a previous iteration's carry, a copied slice of {@code xs}); this run recycles each once its slot dies (never
   * one that a non-donated argument also holds). A result is the caller's ({@link Out#owned}) when this run
   * allocated it or it was donated: nothing outside holds it, so the caller may donate it again or recycle it.
   */
  Out runIn(NdArray[] args, boolean[] donated, Map<Long, ArrayDeque<Object>> pool) {
    Program p = NanCheck.enabled() ? unfused.get() : program;
    if (args.length != p.paramSlots.length)
      throw new IllegalArgumentException("jit: a sub-program takes " + p.paramSlots.length + " argument(s) "
          + p.graph.inTypes().mkString("(", ", ", ")") + ", got " + args.length);
    ProgramRun run = new ProgramRun(p, pool, null);
    NdArray[] values = go(run, args, donated);
    boolean[] owned = new boolean[values.length];
    for (int k = 0; k < owned.length; k++) owned[k] = run.owned.containsKey(values[k].store());
    run.recycleUnheld(values);
    return new Out(values, owned);
  }

  /** A buffer of {@code dtype} and {@code size} elements from {@code pool}, or a fresh one. */
  static Object take(Map<Long, ArrayDeque<Object>> pool, DType dtype, int size) {
    ArrayDeque<Object> free = pool.get(key(dtype, size));
    return free == null || free.isEmpty() ? NdArray.newStore(dtype, size) : free.pop();
  }

  /**
   * Gives {@code a}'s buffer, which nothing live holds, to {@code pool}, which keeps at most {@link #POOLED} buffers of
   * one dtype and size: a run's own intermediates never come near it, but donated arguments come from outside the run,
   * and a function whose donated buffers are not all taken again by its next call would otherwise grow the pool
   * every call.
   */
  static void recycle(Map<Long, ArrayDeque<Object>> pool, NdArray a) {
    ArrayDeque<Object> free = pool.computeIfAbsent(key(a.dtype(), a.size()), k -> new ArrayDeque<>());
    if (free.size() < POOLED) free.push(a.store());
  }

  /** The most buffers of one dtype and size a pool keeps. */
  static final int POOLED = 64;

  static long key(DType dtype, int size) { return ((long) dtype.ordinal() << 32) | size; }

  /** The program that runs (for tests). */
  Program program() { return program; }

  @Override public String describe() { return program.graph + "\nsteps:" + ProgramText.steps(program); }
}
