package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Layout;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;
import java.util.Objects;

/**
 * A static strided window: {@code y[i] = x[start + i * strides]}, with {@code ceil((limit - start) / strides)}
 * elements per axis ({@code lax.slice}). Bounds are strict: {@code 0 <= start <= limit <= dim}, {@code strides >= 1}.
 * Prints {@code strides=None} when every stride is 1, as JAX does.
 * <pre>{@code slice[start_indices=(1,) limit_indices=(3,) strides=None] [0 1 2 3] = [1 2]}</pre>
 *
 * @param startIndices  first index per axis
 * @param limitIndices  end (exclusive) per axis
 * @param strides       step per axis
 */
public record Slice(Ints startIndices, Ints limitIndices, Ints strides) implements Structural {
  /** Validates. */
  public Slice {
    Objects.requireNonNull(startIndices, "startIndices is null");
    Objects.requireNonNull(limitIndices, "limitIndices is null");
    Objects.requireNonNull(strides, "strides is null");
  }

  /** A slice with unit strides. */
  public static Slice of(Ints startIndices, Ints limitIndices) {
    int[] ones = new int[startIndices.size()];
    java.util.Arrays.fill(ones, 1);
    return new Slice(startIndices, limitIndices, Ints.of(ones));
  }

  @Override public String name() { return "slice"; }

  @Override public String params() {
    boolean unit = true;
    for (int i = 0; i < strides.size(); i++) unit &= strides.get(i) == 1;
    return "start_indices=" + startIndices + " limit_indices=" + limitIndices + " strides=" + (unit ? "None" : strides);
  }

  @Override public ShapedType type(Vector<ShapedType> in) {
    Rules.arity(name(), in, 1);
    ShapedType x = in.head();
    String what = "start_indices " + startIndices + ", limit_indices " + limitIndices + ", strides " + strides;
    if (startIndices.size() != x.rank() || limitIndices.size() != x.rank() || strides.size() != x.rank())
      throw new ShapeError(name() + ": operand " + x + " has rank " + x.rank() + " but got " + what + "; give one entry per axis");
    int[] d = new int[x.rank()];
    for (int k = 0; k < d.length; k++) {
      int s = startIndices.get(k), l = limitIndices.get(k), st = strides.get(k), e = x.shape().dim(k);
      if (s < 0 || s > l || l > e)
        throw new ShapeError(name() + ": axis " + k + " of operand " + x + " has extent " + e + " but " + what
            + " ask for [" + s + ", " + l + "); need 0 <= start <= limit <= " + e);
      if (st < 1)
        throw new ShapeError(name() + ": axis " + k + " of operand " + x + " has stride " + st + " (" + what + "); strides must be >= 1");
      d[k] = (l - s + st - 1) / st;
    }
    return x.withShape(Shape.of(d));
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Layout.slice(in.head(), startIndices.toArray(), limitIndices.toArray(), strides.toArray());
  }
}
