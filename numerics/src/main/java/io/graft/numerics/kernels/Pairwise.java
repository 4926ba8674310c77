package io.graft.numerics.kernels;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;

/**
 * The iteration shared by the two-operand kernels ({@link BinaryKernels}, {@link CompareKernels}): operands of
 * one shape, or a rank-0 operand against any shape.
 *
 * <p>A rank-0 operand is not expanded to the output's size: its value is replicated once into a block of at most
 * {@value #BLOCK} elements (it stays in L1), and the output is processed block by block, so every operation needs
 * only one loop per dtype, over contiguous ranges ({@code o[oi+k] = x[xi+k] op y[yi+k]}), which the JIT (or
 * the Vector API) vectorises. Large outputs are split over the kernel threads.
 */
final class Pairwise {
  static final int BLOCK = 2048;

  /** A loop over {@code len} elements: operand x from {@code xi}, y from {@code yi}, output from {@code oi}. */
  @FunctionalInterface
  interface Segment { void run(int xi, int yi, int oi, int len); }

  private Pairwise() {}

  /**
   * The output shape of {@code x op y}; a {@link ShapeError}/{@link DTypeError} naming {@code op} otherwise. The op
   * is its table's constant, named in lower case only when an error needs it (not a string built per call).
   */
  static Shape shape(Enum<?> op, NdArray x, NdArray y) {
    if (x.dtype() != y.dtype())
      throw new DTypeError(label(op) + ": operands must share one dtype, got " + x.dtype() + x.shape() + " and " + y.dtype() + y.shape());
    if (x.rank() > 0 && y.rank() > 0 && !x.shape().equals(y.shape()))
      throw new ShapeError(label(op) + ": operand shapes must be equal (or one rank-0), got " + x.dtype() + x.shape()
          + " and " + y.dtype() + y.shape());
    return x.rank() == 0 ? y.shape() : x.shape();
  }

  /** True when {@code a} is a rank-0 operand broadcast over an output of {@code n != 1} elements. */
  static boolean replicated(NdArray a, int n) { return a.rank() == 0 && n != 1; }

  /** The store to read {@code a} from: its own, or a block holding its single value repeated. */
  static Object store(NdArray a, int n) {
    if (!replicated(a, n)) return a.store();
    int len = Math.min(n, BLOCK);
    Object block = NdArray.newStore(a.dtype(), len);
    Copy.repeat(a.store(), 0, 0, block, 0, len);
    return block;
  }

  /** Runs {@code s} over {@code [0, n)}: in parallel above two grains, in blocks when an operand is replicated. */
  static void run(int n, boolean xRep, boolean yRep, int grain, Segment s) {
    Parallel.range(n, grain, (lo, hi) -> {
      if (!xRep && !yRep) {
        s.run(lo, lo, lo, hi - lo);
        return;
      }
      for (int i = lo; i < hi; i += BLOCK) s.run(xRep ? 0 : i, yRep ? 0 : i, i, Math.min(BLOCK, hi - i));
    });
  }

  /** {@link #check(String, Domain, DType, Shape)} naming the table constant {@code op} in lower case. */
  static void check(Enum<?> op, Domain domain, DType d, Shape shape) {
    if (!domain.accepts(d)) check(label(op), domain, d, shape);
  }

  /** {@code op}'s name as errors print it ({@code ADD -> add}). */
  static String label(Enum<?> op) { return op.name().toLowerCase(java.util.Locale.ROOT); }

  /** Checks {@code d} against {@code domain}; a {@link DTypeError} naming {@code op}. */
  static void check(String op, Domain domain, DType d, Shape shape) {
    if (!domain.accepts(d))
      throw new DTypeError(op + ": no kernel for " + d + shape + "; it needs " + domain.description());
  }
}
