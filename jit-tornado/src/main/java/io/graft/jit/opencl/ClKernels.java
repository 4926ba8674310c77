package io.graft.jit.opencl;

import io.graft.jit.kernel.Kernel;
import io.graft.numerics.DType;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs kernel IR and products on a device: generates the OpenCL C ({@link OpenClC}), builds it once per device
 * (the runtime's program cache) and enqueues it on device buffers, returning a new device buffer (its values are
 * there for any later command of the runtime's in-order queue, a download, or after {@link ClRuntime#finish}).
 * <pre>{@code ClBuffer y = ClKernels.apply(rt, kernel, List.of(x, b));   // same answer as FusedKernels.compile(kernel).apply(...)}</pre>
 */
public final class ClKernels {
  private ClKernels() {}

  /** {@code k} over {@code inputs} (one buffer per {@link Kernel#inputs()}, each holding what its access reads). */
  @SuppressWarnings("exports")   // the kernel IR is exported to the jit's own modules only
  public static ClBuffer apply(ClRuntime rt, Kernel k, List<ClBuffer> inputs) {
    OpenClC.Generated g = OpenClC.fused(k, rt.device());
    return apply(rt, k, g, rt.program(g.source()), inputs);
  }

  /**
   * {@link #apply} with the kernel's code {@code g} ({@link OpenClC#fused} of {@code k} for {@code rt}'s device) and
   * its built {@code program} prepared once: what a compiled executable does on every call.
   */
  @SuppressWarnings("exports")
  public static ClBuffer apply(ClRuntime rt, Kernel k, OpenClC.Generated g, ClProgram program, List<ClBuffer> inputs) {
    if (inputs.size() != k.inputs().size()) {
      throw new IllegalArgumentException("OpenCL kernel: " + k.inputs().size() + " inputs expected, got " + inputs.size());
    }
    for (int i = 0; i < inputs.size(); i++) {
      ClBuffer b = inputs.get(i);
      long need = k.inputs().get(i).maxIndex(k.space()) + 1;
      if (b.dtype() != k.inputs().get(i).dtype() || b.shape().size() < need) {
        throw new ShapeError("OpenCL kernel: input " + i + " is " + b.dtype() + b.shape() + " but the kernel reads "
            + k.inputs().get(i).dtype() + " up to element " + (need - 1));
      }
    }
    ClBuffer out = rt.allocate(k.outDType(), k.resultShape());
    if (k.resultShape().size() == 0) return out;
    OpenClC.Finish finish = g.finish();
    ClBuffer partial = finish == null ? out
        : rt.allocate(finish.accDType(), Shape.of((int) (Math.max(1, k.resultShape().size()) * (long) finish.parts())));
    List<Object> args = new ArrayList<>();
    args.add(partial);
    args.addAll(inputs);
    long[] local = g.local();
    rt.enqueue(program, g.name(), g.global(), local.length == 0 ? null : local, args.toArray());
    if (finish != null) {
      rt.enqueue(program, finish.name(), finish.global(), finish.local(), out, partial);
      partial.close();
    }
    return out;
  }

  /**
   * {@code out[b, i, j] = Σ_k a[b*aB + i*aM + k*aK] * b[b*bB + k*bK + j*bN]}, a new {@code [batch, m, n]} buffer
   * reshaped to {@code outShape} (of {@code batch*m*n} elements); see {@link OpenClMatmul#matmul}.
   */
  public static ClBuffer matmul(ClRuntime rt, ClBuffer a, ClBuffer b, Shape outShape, int batch, int m, int n, int depth,
                                long aB, long aM, long aK, long bB, long bK, long bN) {
    DType d = a.dtype();
    if (b.dtype() != d) throw new io.graft.numerics.DTypeError("OpenCL matmul: operands " + a + " and " + b + " differ in dtype");
    if ((long) batch * m * n != outShape.size()) {
      throw new ShapeError("OpenCL matmul: result " + outShape + " does not hold " + batch + "x" + m + "x" + n);
    }
    OpenClC.Generated g = OpenClMatmul.matmul(d, batch, m, n, depth, aB, aM, aK, bB, bK, bN, rt.device());
    return matmul(rt, g, rt.program(g.source()), a, b, outShape);
  }

  /**
   * A product whose code {@code g} ({@link OpenClMatmul#matmul}) and built {@code program} were prepared once; a packed
   * product ({@link OpenClC.Pack}) packs {@code b} into a scratch buffer first.
   */
  public static ClBuffer matmul(ClRuntime rt, OpenClC.Generated g, ClProgram program, ClBuffer a, ClBuffer b, Shape outShape) {
    if (b.dtype() != a.dtype()) throw new io.graft.numerics.DTypeError("OpenCL matmul: operands " + a + " and " + b + " differ in dtype");
    ClBuffer out = rt.allocate(a.dtype(), outShape);
    if (outShape.size() == 0) return out;
    OpenClC.Pack pack = g.pack();
    if (pack == null) {
      rt.enqueue(program, g.name(), g.global(), g.local(), out, a, b);
      return out;
    }
    try (ClBuffer packed = rt.allocate(a.dtype(), Shape.of((int) pack.elements()))) {   // reused after both, in queue order
      rt.enqueue(program, pack.name(), pack.global(), null, packed, b);
      rt.enqueue(program, g.name(), g.global(), g.local(), out, a, packed);
    }
    return out;
  }
}
