package io.graft.trace.prim;

import io.graft.numerics.NdArray;
import io.vavr.collection.Vector;

/**
 * A primitive whose kernel can write its result into a given buffer: the jit's executor hands it a recycled one from
 * its pool, still in cache and needing no zeroing, instead of the fresh array {@code eval} allocates (products,
 * convolutions, pooling, reversal).
 * <pre>{@code
 * if (prim instanceof WritesInto w && w.writesInto(in)) out = w.evalInto(in, pool.take(dtype, size));
 * }</pre>
 */
public interface WritesInto {
  /** Whether {@link #evalInto} can run on these operands (f32/f64 ones, typically, with no widening around the kernel). */
  boolean writesInto(Vector<NdArray> in);

  /**
   * The result written over {@code store}, a {@code float[]}/{@code double[]} of the result's dtype and exactly its
   * size, whose contents are overwritten (needs {@link #writesInto}).
   *
   * @return the result, wrapping {@code store}
   */
  NdArray evalInto(Vector<NdArray> in, Object store);

  /**
   * What {@link #evalInto} derives from these operands' shapes and dtypes alone (a convolution's offset tables), for a
   * caller that runs this equation again on operands of the same shapes: the jit keeps one per step. Null (the
   * default) when there is nothing worth keeping. Immutable, so threads may share it.
   */
  default Object plan(Vector<NdArray> in) { return null; }

  /** {@link #evalInto} with {@code plan}, made by {@link #plan} for operands of these shapes (null: none). */
  default NdArray evalInto(Vector<NdArray> in, Object store, Object plan) { return evalInto(in, store); }
}
