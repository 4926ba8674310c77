package io.graft;

import io.graft.jit.Passes;
import io.vavr.Function2;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import java.util.List;
import java.util.Objects;

/**
 * A jitted two-argument function ({@link Graft#jit(Function2)}): {@code jax.jit} of {@code f(a, b)}, traced and
 * compiled once per signature of the pair (both arguments' structures, leaf shapes and dtypes; {@link Static}
 * leaves by value). It is a Vavr {@code Function2}, so {@code grad}/{@code vmap} take it like any other.
 * <pre>{@code
 * Jitted2<Params, Batch, Tuple2<Params, Array>> step = Graft.jit((Params p, Batch b) -> update(p, b));
 * Tuple2<Params, Array> next = step.apply(params, batch);
 * }</pre>
 *
 * @param <A> the first argument (a pytree)
 * @param <B> the second argument (a pytree)
 * @param <R> the result (a pytree)
 */
public final class Jitted2<A, B, R> implements Function2<A, B, R> {
  private static final long serialVersionUID = 1L;
  private final transient Jitted<Tuple2<A, B>, R> jitted;

  /** Arguments whose every leaf each call donates ({@link #donatingArgs}); empty: none. */
  private final int[] donatedArgs;

  Jitted2(Jitted<Tuple2<A, B>, R> jitted) { this(jitted, new int[0]); }

  private Jitted2(Jitted<Tuple2<A, B>, R> jitted, int[] donatedArgs) {
    this.jitted = jitted;
    this.donatedArgs = donatedArgs;
  }

  @Override public R apply(A a, B b) {
    Tuple2<A, B> x = Tuple.of(Objects.requireNonNull(a, "a is null"), Objects.requireNonNull(b, "b is null"));
    return donatedArgs.length == 0 ? jitted.apply(x) : jitted.donating(Jitted.leavesOf(donatedArgs, a, b)).apply(x);
  }

  /** {@link #apply} reporting each result leaf to {@code sink} as soon as it is computed (see {@link Jitted#applyStreaming}). */
  public R applyStreaming(A a, B b, LeafSink sink) {
    Tuple2<A, B> x = Tuple.of(nn(a, "a"), nn(b, "b"));
    return (donatedArgs.length == 0 ? jitted : jitted.donating(Jitted.leavesOf(donatedArgs, a, b))).applyStreaming(x, sink);
  }

  /**
   * The same function (sharing its compile cache) donating the argument leaves at {@code leafIndices}, numbered in
   * the flattening order of the pair {@code (a, b)}: {@code a}'s leaves first. See {@link Jitted#donating}.
   */
  public Jitted2<A, B, R> donating(int... leafIndices) { return new Jitted2<>(jitted.donating(leafIndices)); }

  /**
   * {@code jax.jit(f, donate_argnums=...)}: the same function (sharing its compile cache) donating every leaf of the
   * arguments at {@code argnums} ({@code 0} for {@code a}, {@code 1} for {@code b}) on each call, as a train step
   * donates the state it replaces: {@code Graft.jit(step).donatingArgs(0)}. See {@link Jitted#donating}.
   */
  public Jitted2<A, B, R> donatingArgs(int... argnums) {
    return new Jitted2<>(jitted, Jitted.checkedArgnums(argnums, 2));
  }

  /** The same function run on {@code device} (see {@link Jitted#on}). */
  public Jitted2<A, B, R> on(Device device) { return new Jitted2<>(jitted.on(device), donatedArgs); }

  /** The optimised graph for the arguments' signature and what each step runs (see {@link Jitted#lower}). */
  public String lower(A a, B b) { return jitted.lower(Tuple.of(nn(a, "a"), nn(b, "b"))); }

  /** The compilation stage by stage (see {@link Jitted#stages}). */
  public List<Passes.Stage> stages(A a, B b) { return jitted.stages(Tuple.of(nn(a, "a"), nn(b, "b"))); }

  /** Profiles one call (see {@link Jitted#profile(Object, int)}); print the result for the table. */
  public Profile profile(A a, B b) { return profile(a, b, 1); }

  /** Profiles {@code runs} calls (see {@link Jitted#profile(Object, int)}); print the result for the table. */
  public Profile profile(A a, B b, int runs) {
    var x = Tuple.of(nn(a, "a"), nn(b, "b"));
    return (donatedArgs.length == 0 ? jitted : jitted.donating(Jitted.leavesOf(donatedArgs, a, b))).profile(x, runs);
  }

  /** How many signatures have been compiled so far. */
  public int compiledSignatures() { return jitted.compiledSignatures(); }

  private static <T> T nn(T x, String name) { return Objects.requireNonNull(x, () -> name + " is null"); }
}
