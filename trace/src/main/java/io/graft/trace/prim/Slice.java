package io.graft.trace.prim;

import io.graft.numerics.Ints;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.ShapeError;
import io.graft.numerics.kernels.Layout;
import io.graft.trace.Bind;
import io.graft.trace.Const;
import io.graft.trace.ShapedType;
import io.graft.trace.Value;
import io.vavr.collection.Vector;
import io.vavr.control.Option;
import java.util.Objects;

/**
 * A static strided window: {@code y[i] = x[start + i * strides]}, with {@code ceil((limit - start) / strides)}
 * elements per axis ({@code lax.slice}). Bounds are strict: {@code 0 <= start <= limit <= dim}, {@code strides >= 1}.
 * Prints {@code strides=None} when every stride is 1, as JAX does. Linear: {@code jvp = slice(t)}; the transpose pads
 * {@code ct} with zeros back to the operand's shape (interior padding {@code strides - 1}).
 * <pre>{@code slice[start_indices=(1,) limit_indices=(3,) strides=None] [0 1 2 3] = [1 2]}</pre>
 *
 * @param startIndices  first index per axis
 * @param limitIndices  end (exclusive) per axis
 * @param strides       step per axis
 */
public record Slice(Ints startIndices, Ints limitIndices, Ints strides) implements Structural, Primitive.Linear {
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
      d[k] = l == s ? 0 : (l - s - 1) / st + 1;                   // ceil((l - s) / st) without overflowing int
    }
    return x.withShape(Shape.of(d));
  }

  @Override public NdArray eval(Vector<NdArray> in) {
    return Layout.slice(in.head(), startIndices.toArray(), limitIndices.toArray(), strides.toArray());
  }

  /**
   * {@code ct} padded with zeros: {@code start} before, interior {@code stride - 1}, and after it up to the operand's
   * extent from the last element actually read (JAX's {@code _slice_transpose_rule}).
   */
  @Override public Vector<Option<Value>> transpose(Value ct, Vector<LinearArg> args) {
    ShapedType x = args.head().type();
    int r = x.rank();
    int[] hi = new int[r], interior = new int[r];
    for (int k = 0; k < r; k++) {
      int n = ct.type().shape().dim(k), st = strides.get(k);
      long end = startIndices.get(k) + (n == 0 ? 0 : 1 + (long) (n - 1) * st);    // <= the extent: fits an int
      hi[k] = (int) (x.shape().dim(k) - end);
      interior[k] = st - 1;
    }
    PadConfig c = new PadConfig(startIndices, Ints.of(hi), Ints.of(interior));
    Value zero = Const.of(NdArray.scalar(ct.type().dtype(), 0));
    return Vector.of(Option.of(Bind.bind1(new Pad(c), ct, zero)));
  }

  /** The batch axis stays in place and is taken whole. */
  @Override public Batched batch(Vector<Value> args, Ints dims, int size) {
    int b = dims.get(0);
    Slice s = new Slice(StructuralRules.insert(startIndices, b, 0), StructuralRules.insert(limitIndices, b, size),
        StructuralRules.insert(strides, b, 1));
    return new Batched(Bind.bind1(s, args.head()), b);
  }
}
