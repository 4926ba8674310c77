package io.graft;

import io.graft.jit.Passes;
import java.util.List;
import java.util.Objects;

/**
 * A jitted array function ({@link Graft#jit(ArrayFn)}): an {@link ArrayFn}, so every transform takes it, plus
 * {@link #lower}.
 */
public final class JittedArrayFn implements ArrayFn {
  private final Jit<Array, Array> jit;
  private final int[] donated;
  private final Device on;

  JittedArrayFn(Jit<Array, Array> jit) { this(jit, new int[0], null); }

  private JittedArrayFn(Jit<Array, Array> jit, int[] donated, Device on) {
    this.jit = jit;
    this.donated = donated;
    this.on = on;
  }

  /** The same function (sharing its traces) always run on {@code device} (see {@link Jitted#on}). */
  public JittedArrayFn on(Device device) {
    return new JittedArrayFn(jit, donated, Objects.requireNonNull(device, "device is null"));
  }

  /**
   * {@code jax.jit(f, donate_argnums=...)} by leaf: the same function (sharing its compile cache) that consumes the
   * argument leaves at {@code leafIndices} (in pytree flattening order; {@code 0} for an array argument). After a
   * call on concrete arrays, those {@link Array} handles are invalidated: any later use (an op, a data accessor,
   * passing it to a transform) throws a {@link DonatedArrayError} naming this function and the leaf, and the handle
   * no longer references the buffer. A donated array that is a jitted result not read since gives its buffer to the
   * call (written over in place or recycled for later results; see {@link Jitted#donating}); nothing that may still
   * hold a buffer ever sees it change. Under a transform ({@code grad}, {@code vmap}, an enclosing jit) donation does
   * nothing.
   */
  public JittedArrayFn donating(int... leafIndices) {
    java.util.Objects.requireNonNull(leafIndices, "leafIndices is null");
    return new JittedArrayFn(jit, leafIndices.clone(), on);
  }

  @Override public Array apply(Array x) { return jit.apply(Objects.requireNonNull(x, "x is null"), donated, on); }

  /** The optimised graph for {@code x}'s shape and dtype and what each step runs (on a device: its OpenCL C). */
  public String lower(Array x) { return jit.lower(Objects.requireNonNull(x, "x is null"), on); }

  /**
   * The compilation of {@code x}'s signature stage by stage, each named and printable: {@code traced} (the graph as
   * traced), then the graph after each pass ({@code inline}, {@code constant_fold}, {@code simplify}, {@code cse},
   * {@code dce}), then {@code fusion} (the fused program's steps and loops). Traces only if the signature is not
   * cached; {@code x} may hold abstract {@link ShapeDtype} arrays. Print one with {@code stages(x).get(k)}.
   */
  public List<Passes.Stage> stages(Array x) { return jit.stages(Objects.requireNonNull(x, "x is null")).asJava(); }

  /** Profiles one call (see {@link Jitted#profile(Object, int)}); print the result for the table. */
  public Profile profile(Array x) { return profile(x, 1); }

  /** Profiles {@code runs} calls (see {@link Jitted#profile(Object, int)}); print the result for the table. */
  public Profile profile(Array x, int runs) { return jit.profile(Objects.requireNonNull(x, "x is null"), runs, donated); }

  /** The graph of {@code x}'s signature with the caches it owns (for tests). */
  io.graft.trace.prim.JitGraph callee(Array x) { return jit.callee(x); }

  /** How many signatures have been compiled so far. */
  public int compiledSignatures() { return jit.compileCount(); }
}
