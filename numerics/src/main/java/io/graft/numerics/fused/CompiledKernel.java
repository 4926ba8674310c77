package io.graft.numerics.fused;

import io.graft.numerics.DTypeError;
import io.graft.numerics.NdArray;
import io.graft.numerics.Parallel;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Kernel} ready to run: {@link #apply} for elementwise kernels, {@link #sum} for {@code SUM} kernels.
 * Inputs share one shape and the kernel dtype; a rank-0 input broadcasts against the others. Work is split over the
 * kernel threads in chunks of at least {@link #GRAIN} elements; sums add the per-chunk partials in chunk order, so
 * a result depends on the size and the thread count, never on scheduling.
 *
 * <p>Thread-safe. Loops are generated lazily per broadcast pattern (which inputs are rank-0 while the output is
 * not); at most {@code 2^inputs} patterns, in practice one or two.
 */
public final class CompiledKernel {
  /** Minimum elements per parallel chunk. */
  public static final int GRAIN = 1 << 15;

  private final Kernel kernel;
  private final Backend backend;
  private final ConcurrentHashMap<Long, FusedLoop> loops = new ConcurrentHashMap<>();

  /** How a chunk is run: by a generated loop alone, or by the SIMD evaluator with that loop for tails. */
  interface Backend {
    void run(Kernel k, FusedLoop scalar, Object[] in, long broadcast, Object out, int lo, int hi);
    double sum(Kernel k, FusedLoop scalar, Object[] in, long broadcast, int lo, int hi);
  }

  CompiledKernel(Kernel kernel, Backend backend) {
    this.kernel = kernel;
    this.backend = backend;
  }

  /** The kernel this was compiled from. */
  public Kernel kernel() { return kernel; }

  /** The elementwise values of the body (for a {@code SUM} kernel too: its values before summing). */
  public NdArray apply(NdArray... inputs) {
    Shape shape = check("apply", inputs);
    long bc = broadcast(inputs, shape);
    FusedLoop loop = loop(bc);
    Object[] stores = stores(inputs);
    Object out = NdArray.newStore(kernel.dtype(), shape.size());
    Parallel.range(shape.size(), GRAIN, (lo, hi) -> backend.run(kernel, loop, stores, bc, out, lo, hi));
    return NdArray.wrapStore(kernel.dtype(), shape, out);
  }

  /** Sum of the body's values over all elements (f32 kernels accumulate in f64); 0 for empty inputs. */
  public double sum(NdArray... inputs) {
    if (kernel.reduction() != Reduction.SUM) {
      throw new IllegalStateException("fused sum: kernel has reduction " + kernel.reduction() + "; use apply");
    }
    Shape shape = check("sum", inputs);
    long bc = broadcast(inputs, shape);
    FusedLoop loop = loop(bc);
    Object[] stores = stores(inputs);
    int n = shape.size();
    int chunks = Math.max(1, Math.min(Parallel.threads(), n / GRAIN));
    double[] partial = new double[chunks];
    Parallel.range(chunks, 1, (c0, c1) -> {
      for (int c = c0; c < c1; c++) {
        int lo = (int) ((long) n * c / chunks), hi = (int) ((long) n * (c + 1) / chunks);
        partial[c] = backend.sum(kernel, loop, stores, bc, lo, hi);
      }
    });
    double s = 0;
    for (double p : partial) s += p;   // in chunk order: deterministic
    return s;
  }

  /** The generated loop for a broadcast pattern (bit i set: input i is read at element 0 only). */
  FusedLoop loop(long broadcast) {
    return loops.computeIfAbsent(broadcast, b -> BytecodeBackend.load(kernel, b));
  }

  private Shape check(String what, NdArray[] inputs) {
    Objects.requireNonNull(inputs, "inputs is null");
    if (inputs.length != kernel.inputs()) {
      throw new IllegalArgumentException("fused " + what + ": kernel takes " + kernel.inputs() + " inputs, got " + inputs.length);
    }
    Shape shape = Shape.scalar();
    for (int i = 0; i < inputs.length; i++) {
      NdArray a = Objects.requireNonNull(inputs[i], "inputs[" + i + "] is null");
      if (a.dtype() != kernel.dtype()) {
        throw new DTypeError("fused " + what + ": input " + i + " is " + a.dtype() + ", kernel dtype is " + kernel.dtype());
      }
      if (a.rank() == 0) continue;
      if (shape.rank() == 0) shape = a.shape();
      else if (!shape.equals(a.shape())) {
        throw new ShapeError("fused " + what + ": input " + i + " has shape " + a.shape() + " but an earlier input has "
            + shape + "; inputs must share one shape or be rank-0");
      }
    }
    return shape;
  }

  private static long broadcast(NdArray[] inputs, Shape shape) {
    long bits = 0;
    if (shape.rank() == 0) return 0;
    for (int i = 0; i < inputs.length; i++) if (inputs[i].rank() == 0) bits |= 1L << i;
    return bits;
  }

  private static Object[] stores(NdArray[] inputs) {
    Object[] s = new Object[inputs.length];
    for (int i = 0; i < inputs.length; i++) s[i] = inputs[i].store();
    return s;
  }
}
