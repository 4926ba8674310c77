package io.graft.jit.kernel;

import io.graft.numerics.DType;
import io.graft.numerics.Ints;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import java.util.Objects;

/**
 * How a kernel reads one input: at index {@code (i_0, ..., i_{r-1})} of the kernel's iteration space it uses
 * {@code buf[Σ_a i_a * strides[a]]} of a flat row-major buffer of {@code dtype}, converted to the kernel's compute
 * dtype on load (bool reads as 0/1). A stride of 0 broadcasts along that axis; any non-negative strides are allowed
 * (e.g. a transposed read).
 * <pre>{@code
 * Access.contiguous(DType.F32, Shape.of(2, 3)).strides()                               == (3, 1)
 * Access.broadcast(DType.F32, Shape.of(3), Ints.of(1), Shape.of(2, 3)).strides()      == (0, 1)   // a bias row
 * new Access(DType.F32, Ints.of(1, 2))                                                  // [2,3] reading a [3,2] transposed
 * }</pre>
 *
 * @param dtype the input buffer's dtype (any)
 * @param strides one non-negative stride per axis of the iteration space
 */
public record Access(DType dtype, Ints strides) {
  public Access {
    Objects.requireNonNull(dtype, "dtype is null");
    Objects.requireNonNull(strides, "strides is null");
    for (int a = 0; a < strides.size(); a++) {
      if (strides.get(a) < 0) {
        throw new IllegalArgumentException("Access: stride " + a + " is " + strides.get(a) + " in " + strides
            + "; strides must be >= 0 (reverse a buffer with a copy first)");
      }
    }
  }

  /** Row-major strides over {@code space}: the input has exactly the space's shape. */
  public static Access contiguous(DType dtype, Shape space) {
    Objects.requireNonNull(space, "space is null");
    return new Access(dtype, Ints.of(space.strides()));
  }

  /**
   * The access of {@code broadcast_in_dim(in, space, dims)}: input axis {@code j} (of extent 1 or
   * {@code space.dim(dims[j])}) maps to space axis {@code dims[j]}; extent-1 input axes and space axes not in
   * {@code dims} get stride 0. {@code dims} must be strictly increasing and below {@code space.rank()}.
   */
  public static Access broadcast(DType dtype, Shape inShape, Ints dims, Shape space) {
    Objects.requireNonNull(inShape, "inShape is null");
    Objects.requireNonNull(dims, "dims is null");
    Objects.requireNonNull(space, "space is null");
    String what = "Access.broadcast(" + inShape + " -> " + space + ", dims " + dims + ")";
    if (dims.size() != inShape.rank()) {
      throw new ShapeError(what + ": dims has " + dims.size() + " entries but the input has rank " + inShape.rank()
          + "; give one space axis per input axis");
    }
    int[] rowMajor = inShape.strides();
    int[] s = new int[space.rank()];
    for (int j = 0; j < dims.size(); j++) {
      int d = dims.get(j);
      if (d < 0 || d >= space.rank() || (j > 0 && d <= dims.get(j - 1))) {
        throw new ShapeError(what + ": dims must be strictly increasing axes in [0, " + space.rank() + ")");
      }
      if (inShape.dim(j) != 1 && inShape.dim(j) != space.dim(d)) {
        throw new ShapeError(what + ": input axis " + j + " has extent " + inShape.dim(j) + " but space axis " + d
            + " has " + space.dim(d) + "; extents must match or be 1");
      }
      s[d] = inShape.dim(j) == 1 ? 0 : rowMajor[j];
    }
    return new Access(dtype, Ints.of(s));
  }

  /** The largest buffer index read over {@code space} ({@code Σ (dim_a - 1) * stride_a}); -1 when it is empty. */
  public long maxIndex(Shape space) {
    if (space.size() == 0) return -1;
    long m = 0;
    for (int a = 0; a < space.rank(); a++) m += (long) (space.dim(a) - 1) * strides.get(a);
    return m;
  }

  /** Whether this reads a buffer of exactly {@code space}'s shape in row-major order. */
  public boolean isContiguous(Shape space) {
    return strides.equals(Ints.of(space.strides()));
  }
}
