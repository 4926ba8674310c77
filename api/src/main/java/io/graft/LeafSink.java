package io.graft;

import java.util.List;

/**
 * Receives a jitted function's result leaves as the compiled program computes them ({@link Jitted#applyStreaming}):
 * the CPU jit hands over each leaf right after the step that computes it, on the calling thread, while later steps
 * have yet to run. Data-parallel training uses it to all-reduce a gradient's last layers while the backward pass is
 * still computing the first ones (PyTorch DDP's gradient hooks;
 * {@link io.graft.dist.Distributed#startAllReduceMean(Jitted2, Object, Object)}).
 * <pre>{@code
 * List<Integer> order = new ArrayList<>();
 * Mlp g = grad.applyStreaming(model, batch, (leaf, value) -> order.add(leaf));
 * // order: the output layer's gradients first, as the backward pass computes them
 * }</pre>
 * Leaves are numbered in the result's flattening order ({@link Tree#flatten}); each is reported exactly once. Where
 * the program cannot report early (a device backend, a call inside a transform) every leaf is reported, in order,
 * after the run. An exception thrown here stops the call and propagates.
 */
@FunctionalInterface
public interface LeafSink {
  /**
   * Called once before the program runs, with every result leaf's shape and dtype in flattening order; by default
   * does nothing.
   *
   * @param leaves the result leaves' types
   */
  default void begin(List<ShapeDtype> leaves) {}

  /**
   * Result leaf {@code leaf} is computed and final.
   *
   * @param leaf  its position in the result's flattening order
   * @param value its value (a concrete array outside transforms)
   */
  void ready(int leaf, Array value);

  /** Reports every leaf of {@code tree}, already computed, in order ({@link #begin} first) and returns {@code tree}. */
  default <T> T reportAll(T tree) {
    io.vavr.collection.Vector<Array> leaves = Tree.leaves(tree);
    begin(leaves.map(ShapeDtype::of).asJava());
    for (int k = 0; k < leaves.size(); k++) ready(k, leaves.get(k));
    return tree;
  }
}
