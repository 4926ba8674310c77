package io.graft.numerics.kernels;

import io.graft.numerics.DType;

/**
 * The elements of an f32 or f64 array that is never materialized whole — a fused kernel's body — read block by block,
 * in row-major order, by {@link Reductions#reduce(Reductions.Op, ElementSource, io.graft.numerics.Shape, int[])}. A
 * fused sum reads its body through this, so it adds exactly the elements, blocks and orders of the eager sum of the
 * materialized array: the same bits.
 */
public interface ElementSource {
  /** The elements' dtype, f32 or f64 (the stores given to {@link Reader#read} are of this dtype). */
  DType dtype();

  /** A reader for one task; a reader is used by one thread at a time. */
  Reader reader();

  /** Reads elements of the array into a scratch store. */
  @FunctionalInterface
  interface Reader {
    /** {@code dst[0, n) = elements [start, start + n)}; {@code dst} is a {@code float[]} or {@code double[]} of the dtype. */
    void read(int start, int n, Object dst);
  }
}
