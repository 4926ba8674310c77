package io.graft.jit;

import io.graft.jit.collective.DeviceCollectives;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.GemmAccumulate;
import io.graft.numerics.kernels.GemmEpilogue;
import io.graft.numerics.kernels.GemmPrepacked;
import io.graft.numerics.Shape;
import io.graft.trace.Compiler;
import io.graft.trace.Lit;
import io.graft.trace.NanCheck;
import io.graft.trace.prim.Collective;
import io.graft.trace.ShapedType;
import io.graft.trace.prim.Cond;
import io.graft.trace.prim.WritesInto;
import io.graft.trace.prim.ControlFlow;
import io.graft.trace.prim.Scan;
import io.graft.trace.prim.WhileLoop;
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
  private NdArray[] go(Run run, NdArray[] args, boolean[] donated) {
    return constants == null ? run.go(args, donated) : constants.around(() -> run.go(args, donated));
  }

  @Override public Vector<NdArray> run(Vector<NdArray> args) { return execute(args, null, null, null, null); }

  /** Reports each result right after the step computing it ({@link Program#resultsAfter}). */
  @Override public Vector<NdArray> runReporting(Vector<NdArray> args, Compiler.ResultReady ready) {
    return execute(args, null, null, ready, null);
  }

  /**
   * Donated arguments become the run's ({@link Run#go}): each goes to the pool when its slot dies (or a fused step
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
    Run run = new Run(p, pool, times);
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
    Run run = new Run(p, pool, null);
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

  /** The state of one run. */
  private static final class Run {
    final Program p;
    final NdArray[] env;
    /** Buffers this run allocated, with how many live slots hold each (views share buffers). */
    final IdentityHashMap<Object, int[]> owned;
    final Map<Long, ArrayDeque<Object>> pool;
    /** Where a profiled run reports step times; null (no clock read) otherwise. */
    final Compiler.StepTimes times;
    final String[] labels;
    /** Per step, whether it already ran as a product's epilogue ({@link #intoThen}); null when the program has none. */
    final boolean[] ranEarly;
    /** Per step, whether its product added itself to its epilogue's operand ({@link #accumulated}); null when none can. */
    final boolean[] added;
    /** Where results are reported as soon as computed; null: not reported. */
    Compiler.ResultReady ready;

    Run(Program p, Map<Long, ArrayDeque<Object>> pool, Compiler.StepTimes times) {
      this.p = p;
      this.ranEarly = p.epilogue == null ? null : new boolean[p.steps.size()];
      this.added = p.accumulate == null ? null : new boolean[p.steps.size()];
      this.env = new NdArray[p.slots];
      this.owned = new IdentityHashMap<>(p.slots);   // at most one buffer per slot
      this.pool = pool;
      this.times = times;
      this.labels = times == null ? null : new String[p.steps.size()];
      for (int i = 0; times != null && i < labels.length; i++) labels[i] = ProgramText.label(p, i);
    }

    /** Runs on {@code args}; those marked in {@code donated} (null: none) become the run's to recycle. */
    NdArray[] go(NdArray[] args, boolean[] donated) {
      for (int i = 0; i < p.graph.consts().size(); i++) env[i] = p.graph.consts().get(i);
      if (donated != null) {
        for (int i = 0; i < p.paramSlots.length; i++) if (donated[i]) owned.put(args[i].store(), new int[1]);
        for (int i = 0; i < p.paramSlots.length; i++) if (!donated[i]) owned.remove(args[i].store());   // held outside too
      }
      for (int i = 0; i < p.paramSlots.length; i++) set(p.paramSlots[i], args[i]);   // counted only when donated
      if (ready != null) report(p.resultsAtStart);
      for (int i = 0; i < p.steps.size(); i++) {
        Step step = p.steps.get(i);
        if (ranEarly != null && ranEarly[i]) {
          // computed as a product's epilogue
        } else if (times == null) {
          step(i, step);
        } else {
          long t0 = System.nanoTime();
          step(i, step);
          int e = p.epilogue == null ? -1 : p.epilogue[i];
          String label = e >= 0 && ranEarly[e] ? labels[i] + (added != null && added[i] ? " adding itself into " : " + ") + labels[e] : labels[i];
          times.record(label, System.nanoTime() - t0);
        }
        if (ready != null) report(p.resultsAfter[i]);
        for (int s : p.freeAfter[i]) release(s);
      }
      NdArray[] results = new NdArray[p.resultSlots.length];
      for (int k = 0; k < results.length; k++) results[k] = result(k);
      return results;
    }

    NdArray result(int k) { return p.resultSlots[k] < 0 ? ((Lit) p.graph.out().get(k)).value() : env[p.resultSlots[k]]; }

    /** Hands results {@code ks}, now final (results are never overwritten), to {@link #ready}. */
    void report(int[] ks) {
      for (int k : ks) ready.ready(k, result(k));
    }

    void step(int i, Step step) {
      NdArray[] in = operands(step);
      switch (step) {
        case Step.Call c -> {
          int e = p.epilogue == null ? -1 : p.epilogue[i];
          Vector<NdArray> args = e < 0 || NanCheck.enabled() ? null : Vector.of(in);
          if (args == null || !(c.eqn().prim() instanceof WritesInto op) || !op.writesInto(args)) call(c, in);
          else if (p.accumulate != null && p.accumulate[i] != null
              && accumulated(c, op, args, (Step.Fused) p.steps.get(e), p.accumulate[i])) ranEarly[e] = added[i] = true;
          else ranEarly[e] = intoThen(c, op, in, args, (Step.Fused) p.steps.get(e));
        }
        case Step.Fused f -> fused(f, in);
        case Step.MultiFused f -> multiFused(f, in);
        case Step.Control c -> control(c, in);
      }
    }

    NdArray[] operands(Step step) {
      NdArray[] in = new NdArray[step.inSlots().length];
      for (int k = 0; k < in.length; k++) in[k] = step.inSlots()[k] < 0 ? step.literals()[k] : env[step.inSlots()[k]];
      return in;
    }

    void call(Step.Call c, NdArray[] in) {
      if (c.eqn().prim() instanceof WritesInto op && c.outSlots().length == 1 && op.writesInto(Vector.of(in))) { into(c, op, in); return; }
      Vector<NdArray> out = c.eqn().prim() instanceof Collective col && DeviceCollectives.bound(col)
          ? Vector.of(DeviceCollectives.run(col, in))       // a pmap member: exchanged with the other devices
          : io.graft.trace.prim.HalfPrecision.impl(c.eqn().prim(), Vector.of(in));
      if (NanCheck.enabled())
        NanCheck.check(c.eqn().prim(), Vector.of(in), out, () -> "in the jit equation `" + ProgramText.equation(p, c.index()) + "` of\n" + p.graph);
      for (int k = 0; k < c.outSlots().length; k++) set(c.outSlots()[k], out.get(k));
    }

    /**
     * A primitive that writes a given buffer ({@link WritesInto}: f32/f64 products, convolutions, pooling, reversal) into one
     * from the pool, which becomes the run's (recycled when its slot dies): a recycled buffer is still in cache and
     * needs no zeroing. On the W3 step's eight products (2026-12-05, quiet 2-core AVX-512 Xeon, OpenBLAS from Java,
     * median of 60) fresh results took 13.7 ms, reused ones 11.1 ms; the demo CNN at batch 256 (2026-12-06) 26.7 ms
     * per call with fresh convolution results, 14.1 ms with recycled ones.
     */
    void into(Step.Call c, WritesInto op, NdArray[] in) {
      ShapedType t = c.eqn().out().get(0).type();
      Object store = take(t.dtype(), t.shape().size());
      Vector<NdArray> args = Vector.of(in);
      NdArray out = op.evalInto(args, store, plan(c, op, args));
      owned.putIfAbsent(store, new int[1]);
      if (NanCheck.enabled())
        NanCheck.check(c.eqn().prim(), Vector.of(in), Vector.of(out), () -> "in the jit equation `" + ProgramText.equation(p, c.index()) + "` of\n" + p.graph);
      set(c.outSlots()[0], out);
    }

    /** The plan {@code c}'s equation keeps across runs ({@link Program#plans}), made on first use. */
    Object plan(Step.Call c, WritesInto op, Vector<NdArray> args) {
      Object plan = p.plans[c.index()];
      if (plan == null && (plan = op.plan(args)) != null) p.plans[c.index()] = plan;
      return plan;
    }

    /**
     * {@link #into} with the fused step {@code f} that reads its result ({@link Program#epilogue}) bound as the product's
     * epilogue ({@link GemmEpilogue}): when the product takes it, {@code f}'s loop runs over each block of the result's
     * rows as they finish, into the product's own buffer when {@code f} may overwrite that operand, and this returns
     * true ({@code f} is done); else {@code f} runs as usual when its turn comes.
     */
    boolean intoThen(Step.Call c, WritesInto op, NdArray[] in, Vector<NdArray> args, Step.Fused f) {
      ShapedType t = c.eqn().out().get(0).type();
      int cs = c.outSlots()[0];
      Object store = take(t.dtype(), t.shape().size());
      NdArray product = NdArray.wrapStore(t.dtype(), t.shape(), store);
      NdArray[] fin = new NdArray[f.inSlots().length];
      boolean over = false;
      for (int q = 0; q < fin.length; q++) {
        int s = f.inSlots()[q];
        fin[q] = s == cs ? product : s < 0 ? f.literals()[q] : env[s];
      }
      for (int q : f.inPlace()) over |= f.inSlots()[q] == cs;
      Object fStore = over ? store : take(f.out().dtype(), f.out().shape().size());
      Object plan = plan(c, op, args);
      NdArray[] out = new NdArray[1];
      boolean done = GemmEpilogue.around(store, f.kernel().positions(fStore, fin), () -> out[0] = op.evalInto(args, store, plan));
      owned.putIfAbsent(store, new int[1]);
      set(cs, out[0]);
      NdArray result = NdArray.wrapStore(f.out().dtype(), f.out().shape(), fStore);
      if (!done) {
        if (!over) recycle(pool, result);
        return false;
      }
      owned.putIfAbsent(fStore, new int[1]);
      set(f.outSlots()[0], result);
      return true;
    }

    /**
     * The product of {@code c} added to the buffer of its epilogue {@code f}'s operand {@code x} ({@link Accumulate}:
     * {@code x ± s·p} in one BLAS call), when this run owns that buffer alone; {@code f}'s result is then that buffer and
     * the product's own slot is never set (only {@code f} reads it). False, touching nothing, when the buffer is not the
     * run's alone (an argument not donated, a buffer another slot shares).
     */
    boolean accumulated(Step.Call c, WritesInto op, Vector<NdArray> args, Step.Fused f, Accumulate a) {
      NdArray x = env[f.inSlots()[a.operand()]];
      int[] refs = owned.get(x.store());
      if (refs == null || refs[0] != 1) return false;
      for (NdArray operand : args) if (operand.store() == x.store()) return false;   // BLAS must not read what it writes
      Object store = x.store(), plan = plan(c, op, args);
      if (!GemmAccumulate.around(store, a.minus(), a.scale(), () -> op.evalInto(args, store, plan)))
        throw new IllegalStateException("jit: the product `" + ProgramText.equation(p, c.index()) + "` did not add itself to "
            + "its epilogue's operand; its buffer now holds the bare product");
      set(f.outSlots()[0], NdArray.wrapStore(f.out().dtype(), f.out().shape(), store));
      return true;
    }

    /**
     * Runs a cond / while / scan: each sub-graph by its compiled executable, per branch taken or iteration, sharing
     * this run's pool ({@link CarryLoops}: loops recycle their carries). Results the loop allocated become this run's.
     */
    void control(Step.Control c, NdArray[] in) {
      Vector<Executor> subs = c.subs().map(x -> (Executor) x);
      Out out = switch (c.prim()) {
        case Scan s -> CarryLoops.scan(s, subs.get(0), in, pool);
        case WhileLoop w -> CarryLoops.whileLoop(w, subs.get(0), subs.get(1), in, pool);
        case Cond k -> {
          Vector<NdArray> v = k.run(Vector.of(in), subs.map(x -> (ControlFlow.Runner) args ->
              Vector.of(x.runIn(args.toJavaArray(NdArray[]::new), null, pool).values())));
          yield new Out(v.toJavaArray(NdArray[]::new), new boolean[v.size()]);
        }
      };
      for (int k = 0; k < c.outSlots().length; k++) {
        if (out.owned()[k]) owned.putIfAbsent(out.values()[k].store(), new int[1]);
        set(c.outSlots()[k], out.values()[k]);
      }
    }

    /** Gives the pool every buffer the run still owns that no result holds (e.g. a donated argument never read). */
    void recycleUnheld(NdArray[] results) {
      for (NdArray r : results) owned.remove(r.store());
      for (int s = 0; s < env.length; s++) if (env[s] != null && owned.remove(env[s].store()) != null) recycle(pool, env[s]);
    }

    /** Stores {@code a} in slot {@code s}, counting the reference when the run owns its buffer. */
    void set(int s, NdArray a) {
      env[s] = a;
      int[] refs = owned.get(a.store());
      if (refs != null) refs[0]++;
    }

    void fused(Step.Fused f, NdArray[] in) {
      DType dtype = f.out().dtype();
      Shape shape = f.out().shape();
      Object store = null;
      for (int k : f.inPlace()) {
        int[] refs = owned.get(in[k].store());
        if (refs != null && refs[0] == 1) { store = in[k].store(); break; }   // only the dying operand holds it
      }
      if (store == null) store = take(dtype, shape.size());
      NdArray out = f.kernel().applyInto(store, in);
      owned.putIfAbsent(store, new int[1]);
      set(f.outSlots()[0], out.shape().equals(shape) ? out : NdArray.wrapStore(dtype, shape, store));
    }

    /**
     * Each output over a dying operand the plan allows ({@link Step.MultiFused#inPlace}) that only this step holds, else
     * in a buffer of its own from the pool. Over operands, the kernel computes a piece of every output before it writes
     * any ({@code CompiledMultiKernel#applyOver}): Adam's update then writes m, v and the parameter over the donated ones.
     */
    void multiFused(Step.MultiFused f, NdArray[] in) {
      Object[] stores = new Object[f.outs().size()];
      boolean over = false;
      boolean[] taken = new boolean[in.length];
      for (int k = 0; k < stores.length; k++) {
        ShapedType t = f.outs().get(k);
        for (int c : f.inPlace()[k]) {
          int[] refs = owned.get(in[c].store());
          if (!taken[c] && refs != null && refs[0] == 1 && in[c].dtype() == t.dtype() && in[c].size() == t.shape().size()) {
            stores[k] = in[c].store();
            taken[c] = over = true;
            break;
          }
        }
        if (stores[k] == null) stores[k] = take(t.dtype(), t.shape().size());
      }
      if (over) f.kernel().applyOver(stores, in);
      else f.kernel().applyInto(stores, in);
      for (int k = 0; k < stores.length; k++) {
        owned.putIfAbsent(stores[k], new int[1]);
        set(f.outSlots()[k], NdArray.wrapStore(f.outs().get(k).dtype(), f.outs().get(k).shape(), stores[k]));
      }
    }

    Object take(DType dtype, int size) { return Executor.take(pool, dtype, size); }

    void release(int s) {
      NdArray a = env[s];
      env[s] = null;
      int[] refs = a == null ? null : owned.get(a.store());
      if (refs == null || --refs[0] > 0) return;
      owned.remove(a.store());
      recycle(pool, a);
    }
  }

  /** The program that runs (for tests). */
  Program program() { return program; }

  @Override public String describe() { return program.graph + "\nsteps:" + ProgramText.steps(program); }
}
