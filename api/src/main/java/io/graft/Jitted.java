package io.graft;

import io.graft.jit.Passes;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A jitted pytree function ({@link Graft#jit(Function)}): calling it runs the compiled graph for the argument's
 * signature, tracing and compiling on the first call with that signature only.
 *
 * @param <P> the argument (a pytree of arrays)
 * @param <R> the result (a pytree of arrays)
 */
public final class Jitted<P, R> implements Function<P, R> {
  private final Jit<P, R> jit;
  private final int[] donated;   // null: every leaf (donatingArgs(0))
  private final Device on;

  Jitted(Jit<P, R> jit) { this(jit, new int[0], null); }

  private Jitted(Jit<P, R> jit, int[] donated, Device on) {
    this.jit = jit;
    this.donated = donated;
    this.on = on;
  }

  /**
   * {@code jax.jit(f, device=...)}: the same function (sharing its traces) that always runs on {@code device}: on an
   * OpenCL device its graph is compiled to OpenCL C kernels once per signature, host arguments are uploaded and the
   * results stay there ({@link Array#device()}); {@link Device#CPU} runs the CPU jit. Without {@code on}, a call runs
   * where its arguments live, else on {@code -Dgraft.backend}'s device. A primitive the device has no kernel for is
   * an {@code OpenClUnsupportedError} (an {@link UnsupportedOperationException}) naming it when the signature is compiled.
   * <pre>{@code Graft.jit(f).on(Graft.devices().get(1)).apply(x).device()   // the OpenCL device}</pre>
   */
  public Jitted<P, R> on(Device device) {
    return new Jitted<>(jit, donated, java.util.Objects.requireNonNull(device, "device is null"));
  }

  /**
   * {@code jax.jit(f, donate_argnums=...)} by leaf: the same function (sharing its compile cache) that consumes the
   * argument leaves at {@code leafIndices} (in pytree flattening order; {@code 0} for an array argument). After a
   * call on concrete arrays, those {@link Array} handles are invalidated: any later use (an op, a data accessor,
   * passing it to a transform) throws a {@link DonatedArrayError} naming this function and the leaf, and the handle
   * no longer references the buffer. A donated leaf that is a result of a jitted call not read since (the usual train
   * step: {@code state = step.apply(state, batch)}) was its buffer's only holder, so the CPU executable may write a
   * fused loop's result over it in place or recycle it once read, and the next call's results take it instead of
   * fresh memory (W10's steady step 1.6-1.7 to 1.2-1.3 ms; see {@code docs/architecture.md}, "Donation recycles"). Any other use of the array before
   * (an op, an accessor, another function, a view) gives that claim up, so nothing that may still hold the buffer
   * ever sees it change. Under a transform ({@code grad}, {@code vmap}, an enclosing jit) donation does nothing.
   */
  public Jitted<P, R> donating(int... leafIndices) {
    java.util.Objects.requireNonNull(leafIndices, "leafIndices is null");   // replaces any earlier donation
    return new Jitted<>(jit, leafIndices.clone(), on);
  }

  /** The flattening-order leaf indices of arguments {@code argnums} among {@code args} (a tuple's components). */
  static int[] leavesOf(int[] argnums, Object... args) {
    int[] start = new int[args.length + 1];
    for (int i = 0; i < args.length; i++) start[i + 1] = start[i] + Tree.leaves(args[i]).size();
    java.util.stream.IntStream.Builder out = java.util.stream.IntStream.builder();
    for (int k : java.util.Arrays.stream(argnums).distinct().toArray())
      for (int i = start[k]; i < start[k + 1]; i++) out.add(i);
    return out.build().toArray();
  }

  /**
   * {@code jax.jit(f, donate_argnums=0)}: the same function (sharing its compile cache) donating every leaf of its
   * argument on each call, as a train step donates the state it replaces ({@code state = step.apply(state)}); see
   * {@link #donating}. {@code argnums} must be {@code {0}} (the one argument); {@link Jitted2#donatingArgs} picks
   * among two.
   */
  public Jitted<P, R> donatingArgs(int... argnums) {
    return checkedArgnums(argnums, 1).length == 0 ? new Jitted<>(jit, new int[0], on) : new Jitted<>(jit, null, on);
  }

  /** A copy of {@code argnums} after checking each names one of {@code arity} arguments ({@code donatingArgs}). */
  static int[] checkedArgnums(int[] argnums, int arity) {
    Objects.requireNonNull(argnums, "argnums is null");
    for (int k : argnums)
      if (k < 0 || k >= arity)
        throw new IllegalArgumentException("donatingArgs: argument " + k + " does not exist; a jitted " + (arity == 1
            ? "one-argument function donates argument 0" : arity + "-argument function donates arguments 0.." + (arity - 1)));
    return argnums.clone();
  }

  @Override public R apply(P x) { return jit.apply(Objects.requireNonNull(x, "x is null"), donation(x), on); }

  /** The leaf indices this call donates. */
  private int[] donation(P x) {
    if (donated != null) return donated;
    int[] all = new int[Tree.leaves(x).size()];
    for (int i = 0; i < all.length; i++) all[i] = i;
    return all;
  }

  /**
   * {@link #apply} handing each result leaf to {@code sink} as soon as the compiled program has computed it, on this
   * thread, before the rest of the program runs ({@link LeafSink}); returns the same result.
   * <pre>{@code
   * Params g = grad.applyStreaming(params, (leaf, value) -> startAllReduce(leaf, value));
   * }</pre>
   */
  public R applyStreaming(P x, LeafSink sink) {
    return jit.apply(Objects.requireNonNull(x, "x is null"), donation(x), on, Objects.requireNonNull(sink, "sink is null"));
  }

  /**
   * {@code jax.jit(f).lower(x)}: the optimised graph for {@code x}'s signature and what each step runs (compiling
   * it if needed). {@code x} may hold abstract {@link ShapeDtype} arrays. For a function placed {@link #on} an OpenCL
   * device: each device step with the OpenCL C source it launches.
   */
  public String lower(P x) { return jit.lower(Objects.requireNonNull(x, "x is null"), on); }

  /**
   * The compilation of {@code x}'s signature stage by stage, each named and printable: {@code traced} (the graph as
   * traced), then the graph after each pass ({@code inline}, {@code constant_fold}, {@code simplify}, {@code cse},
   * {@code dce}), then {@code fusion} (the fused program's steps and loops). Traces only if the signature is not
   * cached; {@code x} may hold abstract {@link ShapeDtype} arrays. Print one with {@code stages(x).get(k)}.
   */
  public List<Passes.Stage> stages(P x) { return jit.stages(Objects.requireNonNull(x, "x is null")).asJava(); }

  /**
   * Profiles one call on {@code x}: {@link #profile(Object, int) profile(x, 1)}.
   *
   * @param x concrete arguments
   * @return the time per kernel
   */
  public Profile profile(P x) { return profile(x, 1); }

  /**
   * Where the time of a call goes: compiles {@code x}'s signature if needed (untimed), then runs the compiled
   * executable {@code runs} times on {@code x}, timing each primitive kernel, fused loop and control-flow step
   * ({@link Profile}; print it for the table). The results are dropped. A {@link #donating} function is profiled
   * donating, as its calls run (in-place updates into the donated buffers): each run donates copies of those leaves,
   * made untimed, and {@code x} stays usable. Ordinary calls read no clock, so profiling costs nothing when unused.
   *
   * @param x    concrete arguments (not inside a transform)
   * @param runs how many runs to time (warm the JVM first with ordinary calls: a first run includes JIT warm-up)
   * @return the time per kernel, summed over the runs
   * @throws IllegalStateException inside a transform or on abstract arguments
   */
  public Profile profile(P x, int runs) {
    Objects.requireNonNull(x, "x is null");
    return jit.profile(x, runs, donation(x));
  }

  /** The graph of {@code x}'s signature with the caches it owns (for tests). */
  io.graft.trace.prim.JitGraph callee(P x) { return jit.callee(x); }

  /** How many signatures have been compiled so far. */
  public int compiledSignatures() { return jit.compileCount(); }
}
