package io.graft;

import java.util.Objects;

/**
 * A jitted array function ({@link Graft#jit(ArrayFn)}): an {@link ArrayFn}, so every transform takes it, plus
 * {@link #lower}.
 */
public final class JittedArrayFn implements ArrayFn {
  private final Jit<Array, Array> jit;

  JittedArrayFn(Jit<Array, Array> jit) { this.jit = jit; }

  @Override public Array apply(Array x) { return jit.apply(Objects.requireNonNull(x, "x is null")); }

  /** The optimised graph for {@code x}'s shape and dtype and what each step runs. */
  public String lower(Array x) { return jit.lower(Objects.requireNonNull(x, "x is null")); }

  /** How many signatures have been compiled so far. */
  public int compiledSignatures() { return jit.compileCount(); }
}
