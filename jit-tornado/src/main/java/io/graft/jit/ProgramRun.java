package io.graft.jit;

import io.graft.jit.collective.DeviceCollectives;
import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.kernels.GemmAccumulate;
import io.graft.numerics.kernels.GemmEpilogue;
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
import io.vavr.collection.Vector;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One run of a {@link Program} ({@link Executor} starts each): its slots ({@code env}), the buffers it owns with how
 * many live slots hold each, the buffer pool it takes from and gives back to, and each step's dispatch: a primitive's
 * evaluation, a product into a pooled buffer (with its epilogue bound, or adding itself to a weight), a fused loop
 * (over a dying operand where the plan allows), a multi-output loop, or a control-flow step. Not thread-safe: one
 * run, one thread.
 */
final class ProgramRun {
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

  ProgramRun(Program p, Map<Long, ArrayDeque<Object>> pool, Compiler.StepTimes times) {
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
      if (!over) Executor.recycle(pool, result);
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
    Executor.Out out = switch (c.prim()) {
      case Scan s -> CarryLoops.scan(s, subs.get(0), in, pool);
      case WhileLoop w -> CarryLoops.whileLoop(w, subs.get(0), subs.get(1), in, pool);
      case Cond k -> {
        Vector<NdArray> v = k.run(Vector.of(in), subs.map(x -> (ControlFlow.Runner) args ->
            Vector.of(x.runIn(args.toJavaArray(NdArray[]::new), null, pool).values())));
        yield new Executor.Out(v.toJavaArray(NdArray[]::new), new boolean[v.size()]);
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
    for (int s = 0; s < env.length; s++) if (env[s] != null && owned.remove(env[s].store()) != null) Executor.recycle(pool, env[s]);
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
    Executor.recycle(pool, a);
  }
}
