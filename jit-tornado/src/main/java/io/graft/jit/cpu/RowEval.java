package io.graft.jit.cpu;

/**
 * Evaluates a kernel's body along pieces {@code [lo, hi)} of rows of its {@link LoopNest}, over one set of input
 * stores; {@code base[k]} is input {@code k}'s offset of the row's element 0. One per chunk of work (it may hold
 * scratch buffers, so it is not shared between threads). Same contract as {@link FusedLoop}, without the stores.
 */
interface RowEval {
  /** {@code out[outBase + j] = convert(body(j))}. */
  void write(int[] base, Object out, int outBase, int lo, int hi);

  /** {@code acc[accBase + j] = acc[accBase + j] ⊕ body(j)} in f64. */
  void accumulate(int[] base, double[] acc, int accBase, int lo, int hi);

  /** {@code identity ⊕ body(lo) ⊕ ... ⊕ body(hi-1)}, in f64 (the order within a call is the evaluator's own). */
  double reduce(int[] base, int lo, int hi);

  /** The generated scalar loop alone. */
  record Scalar(FusedLoop loop, Object[] in) implements RowEval {
    @Override public void write(int[] base, Object out, int outBase, int lo, int hi) { loop.write(in, base, out, outBase, lo, hi); }

    @Override public void accumulate(int[] base, double[] acc, int accBase, int lo, int hi) {
      loop.accumulate(in, base, acc, accBase, lo, hi);
    }

    @Override public double reduce(int[] base, int lo, int hi) { return loop.reduce(in, base, lo, hi); }
  }

  /** Makes the evaluator of one chunk over the input stores {@code in}. */
  @FunctionalInterface
  interface Factory { RowEval create(Object[] in); }
}
