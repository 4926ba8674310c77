package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;

/**
 * A generated scalar row loop of one {@link Kernel}: the body evaluated at positions {@code j ∈ [lo, hi)} of one row
 * of the kernel's {@link LoopNest}. Input {@code k} is the store {@code in[k]} (of its access dtype), read at
 * {@code base[k] + j * innerStride_k} (the inner strides are constants of the generated code). Implemented by
 * generated hidden classes; public only so they can see it. {@code write} exists for {@code NONE} kernels, the two
 * folds for reductions; the others throw {@link IllegalStateException}.
 */
public interface FusedLoop {
  /** {@code out[outBase + j] = convert(body(j))} ({@code out} a store of the kernel's outDType). */
  default void write(Object[] in, int[] base, Object out, int outBase, int lo, int hi) {
    throw new IllegalStateException("fused loop: this kernel reduces; it has no write loop");
  }

  /** {@code acc[accBase + j] = acc[accBase + j] ⊕ body(j)} in f64 (a kept row under reduced outer axes). */
  default void accumulate(Object[] in, int[] base, double[] acc, int accBase, int lo, int hi) {
    throw new IllegalStateException("fused loop: this kernel does not reduce");
  }

  /** The fold {@code identity ⊕ body(lo) ⊕ ... ⊕ body(hi-1)} in f64, in index order (a reduced row). */
  default double reduce(Object[] in, int[] base, int lo, int hi) {
    throw new IllegalStateException("fused loop: this kernel does not reduce");
  }
}
