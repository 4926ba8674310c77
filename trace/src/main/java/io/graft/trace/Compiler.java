package io.graft.trace;

import io.graft.numerics.NdArray;
import io.vavr.collection.Vector;

/**
 * Turns a graph into something that runs on concrete arrays: the seam between tracing and code generation.
 * {@code trace} defines it; the {@code jit-tornado} module implements it ({@code io.graft.jit.GraphCompiler}) and
 * {@code api} passes that implementation in explicitly (no ServiceLoader, no reflection).
 *
 * <p>{@link #INTERPRETER} is the reference implementation: it evaluates the graph as it is, equation by equation,
 * as eager mode would. Tests below {@code api} use it.
 */
@FunctionalInterface
public interface Compiler {
  /** An executable computing {@code g}; {@code g} should have passed {@link Graphs#check}. */
  Executable compile(Graph g);

  /** No optimisation: runs the graph with {@link Graphs#eval} on concrete values. */
  Compiler INTERPRETER = g -> new Executable() {
    @Override public Vector<NdArray> run(Vector<NdArray> args) {
      return Graphs.eval(g, args.map(a -> (Value) Const.of(a))).map(v -> ((Const) v).array());
    }

    @Override public String describe() { return g + "\n(interpreted equation by equation)"; }
  };

  /** A compiled graph. */
  interface Executable {
    /** The graph's results for concrete {@code args} (one per parameter, in order). Arguments are never modified. */
    Vector<NdArray> run(Vector<NdArray> args);

    /** The graph that actually runs (after optimisation) and what each step executes, for {@code lower}. */
    String describe();

    /**
     * {@link #run(Vector)} reporting the time of each step it runs to {@code times} (a profiled run, for
     * {@code Jitted.profile}). A backend that cannot time its steps reports the whole run as one step named
     * {@link #WHOLE_RUN}, which is this default; the CPU backend reports each primitive call and fused kernel.
     *
     * @param args  one array per parameter
     * @param times receives {@code (step, nanoseconds)} per step run, on the calling thread
     * @return the results
     */
    default Vector<NdArray> run(Vector<NdArray> args, StepTimes times) {
      long t0 = System.nanoTime();
      Vector<NdArray> out = run(args);
      times.record(WHOLE_RUN, System.nanoTime() - t0);
      return out;
    }

    /** The step name of an executable that times its run as a whole. */
    String WHOLE_RUN = "(whole run, not broken down)";

    /**
     * {@link #run(Vector)} handing each result to {@code ready} as soon as it is final, on the calling thread and
     * while later steps have yet to run (the CPU backend reports a result right after the step computing it), so a
     * caller can start work on early results (a data-parallel gradient's all-reduce) while the rest is computed. Each
     * index is reported exactly once; this default, for backends that cannot tell, reports all of them in order
     * after the run.
     *
     * @param args  one array per parameter
     * @param ready receives {@code (index, value)} per result
     * @return the results, the same arrays {@code ready} received
     */
    default Vector<NdArray> runReporting(Vector<NdArray> args, ResultReady ready) {
      Vector<NdArray> out = run(args);
      for (int k = 0; k < out.size(); k++) ready.ready(k, out.get(k));
      return out;
    }

    /**
     * {@link #run(Vector)} where the arguments marked in {@code donated} are the caller's to give away: nothing else
     * holds their buffers, so the executable may recycle each once the program has read it, for this run's or a later
     * run's intermediates and results. On return {@code fresh[k]} says whether result {@code k}'s buffer is held by
     * nothing but that result (not an argument kept by the caller, a constant, another result or a view of one), so
     * the caller may donate it again. This default recycles nothing and reports no result fresh.
     *
     * @param args    one array per parameter
     * @param donated per argument, whether its buffer is given away
     * @param fresh   filled in: per result, whether its buffer is its own
     * @return the results
     */
    default Vector<NdArray> runDonating(Vector<NdArray> args, boolean[] donated, boolean[] fresh) {
      java.util.Arrays.fill(fresh, false);
      return run(args);
    }

    /**
     * {@link #runDonating(Vector, boolean[], boolean[])} reporting each step's time to {@code times}, as
     * {@link #run(Vector, StepTimes)} does: a profiled run of a donating function, its in-place updates included.
     * This default times the run as one {@link #WHOLE_RUN} step.
     */
    default Vector<NdArray> runDonating(Vector<NdArray> args, boolean[] donated, boolean[] fresh, StepTimes times) {
      long t0 = System.nanoTime();
      Vector<NdArray> out = runDonating(args, donated, fresh);
      times.record(WHOLE_RUN, System.nanoTime() - t0);
      return out;
    }
  }

  /** Where {@link Executable#runReporting} reports each result as soon as it is computed. */
  @FunctionalInterface
  interface ResultReady {
    /**
     * Result {@code index} is final: no later step writes it.
     *
     * @param index the result's position among the graph's outputs
     * @param value its value
     */
    void ready(int index, NdArray value);
  }

  /** Where a profiled run ({@link Executable#run(Vector, StepTimes)}) reports each step's time. */
  @FunctionalInterface
  interface StepTimes {
    /**
     * One step ran.
     *
     * @param step  what ran: a primitive's name, or {@code fused(...)} with its members' names
     * @param nanos how long it took, in nanoseconds
     */
    void record(String step, long nanos);
  }
}
