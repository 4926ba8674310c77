package io.graft.jit.cpu;

import io.graft.jit.kernel.Kernel;

/**
 * A kernel's generated scalar row loop ({@link BytecodeBackend}), generated when a row first needs it. With the Vector
 * API the scalar loop only runs the elements past a row's last whole vector, and many kernels have none (W10's Adam
 * update over 200,704 weights, its 256 biases, the 128×256 activations): those never generate it, which spares the
 * class generation in a program's first call and the JIT's work on the generator's own code.
 * <pre>{@code
 * FusedLoop tail = new LazyScalarLoop(k);              // nothing generated yet
 * tail.write(in, base, out, 0, 8, 13);                // generates the class (kept by LoopClasses), then runs it
 * }</pre>
 */
final class LazyScalarLoop implements FusedLoop {
  private final Kernel kernel;
  /** The loop once generated; a race generates two instances of the one class LoopClasses keeps, harmlessly. */
  private volatile FusedLoop loop;

  LazyScalarLoop(Kernel kernel) { this.kernel = kernel; }

  private FusedLoop loop() {
    FusedLoop l = loop;
    if (l == null) loop = l = BytecodeBackend.load(kernel);
    return l;
  }

  @Override public void write(Object[] in, int[] base, Object out, int outBase, int lo, int hi) {
    loop().write(in, base, out, outBase, lo, hi);
  }

  @Override public void accumulate(Object[] in, int[] base, double[] acc, int accBase, int lo, int hi) {
    loop().accumulate(in, base, acc, accBase, lo, hi);
  }

  @Override public double reduce(Object[] in, int[] base, int lo, int hi) { return loop().reduce(in, base, lo, hi); }

  /** Whether the loop has been generated (for tests). */
  boolean generated() { return loop != null; }
}
