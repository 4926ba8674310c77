package io.graft.numerics;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * An immutable array shape: the extent of each axis, row-major.
 *
 * <pre>{@code Shape.of(2, 3).size() == 6; Shape.of(2, 3).toString().equals("[2,3]")}</pre>
 * Value equality; the dims are copied in and out.
 *
 * <p><b>Size limit.</b> Arrays are int-indexed Java arrays, one element per slot for every dtype's store, so a
 * shape holds at most {@link #MAX_SIZE} elements: the product of its nonzero extents must not exceed it. As in
 * NumPy, zero extents are left out of that product, so every stride and partial product of a valid shape fits an
 * {@code int}. Ops compute result extents in {@code long} and validate them once with {@link #checked}, which names
 * the op; a shape beyond the limit is a {@link ShapeError}, never a wrapped extent or an {@link OutOfMemoryError}.
 */
public final class Shape {
  /**
   * The most elements one array may hold: {@code Integer.MAX_VALUE - 8}, the largest length the JVM allocates for
   * every primitive array type (HotSpot reserves a few slots below {@code Integer.MAX_VALUE} for the array header).
   */
  public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  private static final Shape SCALAR = new Shape(new int[0]);
  private final int[] dims;
  private final long size;

  private Shape(int[] dims) {
    this.dims = dims;
    long s = 1, nonzero = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) throw new ShapeError("shape " + Arrays.toString(dims) + ": axis " + i + " has negative size " + dims[i]);
      s *= dims[i];                                              // <= MAX_SIZE * int: no long overflow
      if (dims[i] != 0) nonzero *= dims[i];
      if (nonzero > MAX_SIZE) throw tooBig("shape", toLongs(dims), null);
    }
    this.size = s;
  }

  /** A shape with these dims (copied). Negative dims and shapes beyond {@link #MAX_SIZE} are a {@link ShapeError}. */
  public static Shape of(int... dims) {
    if (dims == null) throw new NullPointerException("dims is null");
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
  }

  /**
   * The result shape of {@code op} from extents computed in {@code long}: a {@link ShapeError} naming {@code op},
   * the shape and the operands ({@code got}, only built on failure) when an extent is negative or the shape exceeds
   * {@link #MAX_SIZE} elements (see the class doc).
   *
   * <pre>{@code Shape.checked("concatenate", () -> "...", 0, 4_500_000_000L)  // ShapeError: ... 4500000000 ...}</pre>
   */
  public static Shape checked(String op, Supplier<String> got, long... dims) {
    if (dims == null) throw new NullPointerException("dims is null");
    int[] d = new int[dims.length];
    long nonzero = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0)
        throw new ShapeError(op + ": the shape " + Arrays.toString(dims).replace(" ", "") + " has a negative size " + dims[i]
            + " on axis " + i + "; got " + got.get());
      if (dims[i] != 0) {
        if (dims[i] > MAX_SIZE || nonzero > MAX_SIZE / dims[i]) throw tooBig(op, dims, got);
        nonzero *= dims[i];
      }
      d[i] = (int) dims[i];
    }
    return d.length == 0 ? SCALAR : new Shape(d);
  }

  /** {@link #checked(String, Supplier, long...)} for int extents. */
  public static Shape checked(String op, Supplier<String> got, int... dims) {
    if (dims == null) throw new NullPointerException("dims is null");
    return checked(op, got, toLongs(dims));
  }

  /**
   * The exact number of elements of {@code dims} when it is a valid shape (each extent {@code >= 0}, nonzero
   * extents multiplying to at most {@link #MAX_SIZE}); a {@link ShapeError} naming {@code op} otherwise.
   */
  public static long checkedSize(String op, long... dims) {
    return checked(op, () -> "extents " + Arrays.toString(dims), dims).size;
  }

  private static ShapeError tooBig(String op, long[] dims, Supplier<String> got) {
    BigInteger n = BigInteger.ONE, nonzero = BigInteger.ONE;
    for (long d : dims) {
      n = n.multiply(BigInteger.valueOf(d));
      if (d != 0) nonzero = nonzero.multiply(BigInteger.valueOf(d));
    }
    String what = n.signum() == 0
        ? "has zero elements but its nonzero extents multiply to " + nonzero + " (strides must fit an int)"
        : "has " + n + " elements";
    return new ShapeError(op + ": the shape " + Arrays.toString(dims).replace(" ", "") + " " + what + ", more than the limit of "
        + MAX_SIZE + " elements per array (Java arrays are int-indexed)" + (got == null ? "" : "; got " + got.get())
        + "; split the work into smaller arrays");
  }

  private static long[] toLongs(int[] dims) {
    long[] l = new long[dims.length];
    for (int i = 0; i < dims.length; i++) l[i] = dims[i];
    return l;
  }

  /** The rank-0 shape {@code []}. */
  public static Shape scalar() { return SCALAR; }

  /** Number of axes. */
  public int rank() { return dims.length; }

  /** Extent of axis {@code i} (0-based, no wrapping). */
  public int dim(int i) { return dims[i]; }

  /** Number of elements (product of dims; 1 for a scalar). */
  public int size() { return (int) size; }

  /** A copy of the dims. */
  public int[] dims() { return dims.clone(); }

  /** Row-major strides in elements: {@code strides[i] = prod(dims[i+1..])}. */
  public int[] strides() {
    int[] s = new int[dims.length];
    int acc = 1;
    for (int i = dims.length - 1; i >= 0; i--) { s[i] = acc; acc *= dims[i]; }
    return s;
  }

  /** Normalises a possibly negative axis against this rank; out of range is a {@link ShapeError} naming {@code op}. */
  public int axis(int axis, String op) {
    int a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length)
      throw new ShapeError(op + ": axis " + axis + " is out of range for rank " + dims.length + " shape " + this
          + "; use an axis in [" + (-dims.length) + ", " + dims.length + ")");
    return a;
  }

  /** This shape with axis {@code i} removed. */
  public Shape drop(int i) {
    int[] d = new int[dims.length - 1];
    for (int k = 0, j = 0; k < dims.length; k++) if (k != i) d[j++] = dims[k];
    return new Shape(d);
  }

  /** This shape with {@code extent} inserted at position {@code i}. */
  public Shape insert(int i, int extent) {
    int[] d = new int[dims.length + 1];
    for (int k = 0, j = 0; k < d.length; k++) d[k] = k == i ? extent : dims[j++];
    return new Shape(d);
  }

  @Override public boolean equals(Object o) { return o == this || o instanceof Shape s && Arrays.equals(dims, s.dims); }

  @Override public int hashCode() { return Arrays.hashCode(dims); }

  /** {@code [2,3]}; a scalar prints as {@code []}. */
  @Override public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) { if (i > 0) b.append(','); b.append(dims[i]); }
    return b.append(']').toString();
  }
}
