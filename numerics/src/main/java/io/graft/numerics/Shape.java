package io.graft.numerics;

import java.util.Arrays;

/**
 * An immutable array shape: the extent of each axis, row-major.
 *
 * <pre>{@code Shape.of(2, 3).size() == 6; Shape.of(2, 3).toString().equals("[2,3]")}</pre>
 * Value equality; the dims are copied in and out.
 */
public final class Shape {
  private static final Shape SCALAR = new Shape(new int[0]);
  private final int[] dims;
  private final long size;

  private Shape(int[] dims) {
    this.dims = dims;
    long s = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) throw new ShapeError("shape " + Arrays.toString(dims) + ": axis " + i + " has negative size " + dims[i]);
      s *= dims[i];
      if (s > Integer.MAX_VALUE) throw new ShapeError("shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
    }
    this.size = s;
  }

  /** A shape with these dims (copied). Negative dims are a {@link ShapeError}. */
  public static Shape of(int... dims) {
    if (dims == null) throw new NullPointerException("dims is null");
    return dims.length == 0 ? SCALAR : new Shape(dims.clone());
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

  @Override public boolean equals(Object o) { return o instanceof Shape s && Arrays.equals(dims, s.dims); }

  @Override public int hashCode() { return Arrays.hashCode(dims); }

  /** {@code [2,3]}; a scalar prints as {@code []}. */
  @Override public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) { if (i > 0) b.append(','); b.append(dims[i]); }
    return b.append(']').toString();
  }
}
