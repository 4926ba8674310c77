package io.graft.numerics.fused;

import io.graft.numerics.DType;
import io.graft.numerics.DTypeError;
import java.util.Objects;

/**
 * One fused loop: {@code body} over {@code inputs} buffers of {@code dtype}, then {@code reduction}. A value: two
 * equal kernels share one compiled form in {@link FusedKernels}' cache.
 *
 * @param dtype f32 or f64
 * @param inputs number of input buffers (at most 64); every {@code Input} index is below it
 */
public record Kernel(DType dtype, int inputs, Expr body, Reduction reduction) {
  public Kernel {
    Objects.requireNonNull(dtype, "dtype is null");
    Objects.requireNonNull(body, "body is null");
    Objects.requireNonNull(reduction, "reduction is null");
    if (!dtype.isFloating()) throw new DTypeError("Kernel: dtype must be f32 or f64, got " + dtype);
    if (inputs < 0 || inputs > 64) throw new IllegalArgumentException("Kernel: inputs must be in [0, 64], got " + inputs);
    if (Expr.arity(body) > inputs) {
      throw new IllegalArgumentException("Kernel: body reads input " + (Expr.arity(body) - 1) + " but inputs = " + inputs);
    }
  }
}
