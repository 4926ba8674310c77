package io.graft;

import io.graft.jit.Passes;
import io.vavr.Function3;
import io.vavr.Tuple;
import io.vavr.Tuple3;
import java.util.List;
import java.util.Objects;

/**
 * A jitted three-argument function ({@link Graft#jit(Function3)}): {@code jax.jit} of {@code f(a, b, c)}, traced and
 * compiled once per signature of the triple (all three arguments' structures, leaf shapes and dtypes; {@link Static}
 * leaves by value). It is a Vavr {@code Function3}, so {@code grad}/{@code vmap} take it like any other.
 * <pre>{@code
 * Jitted3<Params, OptState, Batch, Tuple3<Params, OptState, Array>> step =
 *     Graft.jit((Params p, OptState s, Batch b) -> update(p, s, b));
 * }</pre>
 *
 * @param <A> the first argument (a pytree)
 * @param <B> the second argument (a pytree)
 * @param <C> the third argument (a pytree)
 * @param <R> the result (a pytree)
 */
public final class Jitted3<A, B, C, R> implements Function3<A, B, C, R> {
  private static final long serialVersionUID = 1L;
  private final transient Jitted<Tuple3<A, B, C>, R> jitted;

  /** Arguments whose every leaf each call donates ({@link #donatingArgs}); empty: none. */
  private final int[] donatedArgs;

  Jitted3(Jitted<Tuple3<A, B, C>, R> jitted) { this(jitted, new int[0]); }

  private Jitted3(Jitted<Tuple3<A, B, C>, R> jitted, int[] donatedArgs) {
    this.jitted = jitted;
    this.donatedArgs = donatedArgs;
  }

  @Override public R apply(A a, B b, C c) {
    Tuple3<A, B, C> x = Tuple.of(Objects.requireNonNull(a, "a is null"), Objects.requireNonNull(b, "b is null"),
        Objects.requireNonNull(c, "c is null"));
    return donatedArgs.length == 0 ? jitted.apply(x) : jitted.donating(Jitted.leavesOf(donatedArgs, a, b, c)).apply(x);
  }

  /** {@link #apply} reporting each result leaf to {@code sink} as soon as it is computed (see {@link Jitted#applyStreaming}). */
  public R applyStreaming(A a, B b, C c, LeafSink sink) {
    Tuple3<A, B, C> x = Tuple.of(nn(a, "a"), nn(b, "b"), nn(c, "c"));
    return (donatedArgs.length == 0 ? jitted : jitted.donating(Jitted.leavesOf(donatedArgs, a, b, c))).applyStreaming(x, sink);
  }

  /**
   * The same function (sharing its compile cache) donating the argument leaves at {@code leafIndices}, numbered in
   * the flattening order of the triple {@code (a, b, c)}: {@code a}'s leaves first. See {@link Jitted#donating}.
   */
  public Jitted3<A, B, C, R> donating(int... leafIndices) { return new Jitted3<>(jitted.donating(leafIndices)); }

  /**
   * {@code jax.jit(f, donate_argnums=...)}: the same function (sharing its compile cache) donating every leaf of the
   * arguments at {@code argnums} ({@code 0} for {@code a}, {@code 1} for {@code b}, {@code 2} for {@code c}) on each call, as a train step
   * donates the state it replaces: {@code Graft.jit(step).donatingArgs(0)}. See {@link Jitted#donating}.
   */
  public Jitted3<A, B, C, R> donatingArgs(int... argnums) {
    return new Jitted3<>(jitted, Jitted.checkedArgnums(argnums, 3));
  }

  /** The same function run on {@code device} (see {@link Jitted#on}). */
  public Jitted3<A, B, C, R> on(Device device) { return new Jitted3<>(jitted.on(device), donatedArgs); }

  /** The optimised graph for the arguments' signature and what each step runs (see {@link Jitted#lower}). */
  public String lower(A a, B b, C c) { return jitted.lower(Tuple.of(nn(a, "a"), nn(b, "b"), nn(c, "c"))); }

  /** The compilation stage by stage (see {@link Jitted#stages}). */
  public List<Passes.Stage> stages(A a, B b, C c) { return jitted.stages(Tuple.of(nn(a, "a"), nn(b, "b"), nn(c, "c"))); }

  /** Profiles one call (see {@link Jitted#profile(Object, int)}); print the result for the table. */
  public Profile profile(A a, B b, C c) { return profile(a, b, c, 1); }

  /** Profiles {@code runs} calls (see {@link Jitted#profile(Object, int)}); print the result for the table. */
  public Profile profile(A a, B b, C c, int runs) {
    var x = Tuple.of(nn(a, "a"), nn(b, "b"), nn(c, "c"));
    return (donatedArgs.length == 0 ? jitted : jitted.donating(Jitted.leavesOf(donatedArgs, a, b, c))).profile(x, runs);
  }

  /** How many signatures have been compiled so far. */
  public int compiledSignatures() { return jitted.compiledSignatures(); }

  private static <T> T nn(T x, String name) { return Objects.requireNonNull(x, () -> name + " is null"); }
}
