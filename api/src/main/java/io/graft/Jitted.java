package io.graft;

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

  Jitted(Jit<P, R> jit) { this.jit = jit; }

  @Override public R apply(P x) { return jit.apply(Objects.requireNonNull(x, "x is null")); }

  /**
   * {@code jax.jit(f).lower(x)}: the optimised graph for {@code x}'s signature and what each step runs (compiling
   * it if needed). {@code x} may hold abstract {@link ShapeDtype} arrays.
   */
  public String lower(P x) { return jit.lower(Objects.requireNonNull(x, "x is null")); }

  /** How many signatures have been compiled so far. */
  public int compiledSignatures() { return jit.compileCount(); }
}
