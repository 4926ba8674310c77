package io.graft.numerics;

import java.util.Objects;

/**
 * A dense, row-major n-d buffer with a {@link Shape} and a {@link DType}: the concrete value every kernel reads
 * and writes.
 *
 * <p>The backing store is one primitive array chosen by dtype: {@code float[]} (f32), {@code double[]} (f64),
 * {@code int[]} (i32, and u32's bits), {@code long[]} (i64), {@code boolean[]} (bool), {@code short[]} (the raw bits of bf16 and f16; see {@link Half}), {@code byte[]} (i8, and u8's bits). An {@code NdArray} is immutable by contract:
 * the {@code wrap} factories take ownership of the array they are given, the typed accessors ({@link #f32()}, ...)
 * return the internal store for kernels to read, and no kernel writes to an input. Code outside Graft
 * never sees an {@code NdArray}'s store: the user-facing {@code io.graft.Array} copies in and out.
 *
 * <pre>{@code NdArray a = NdArray.wrap(Shape.of(2), new float[] {1, 2}); a.getDouble(1) == 2.0}</pre>
 * NB: a future device-resident buffer will be a second implementation behind the same accessors.
 */
public final class NdArray {
  private final Shape shape;
  private final DType dtype;
  private final Object data;

  private NdArray(Shape shape, DType dtype, Object data) {
    this.shape = shape;
    this.dtype = dtype;
    this.data = data;
  }

  private static void checkLength(Shape shape, int length, DType dtype) {
    if (length != shape.size())
      throw new ShapeError("buffer of " + length + " " + dtype + " elements does not fill shape " + shape
          + " (" + shape.size() + " elements); pass exactly " + shape.size() + " values");
  }

  /** Wraps {@code data} (taken over, not copied) as an f32 array of {@code shape}. */
  public static NdArray wrap(Shape shape, float[] data) { checkLength(shape, data.length, DType.F32); return new NdArray(shape, DType.F32, data); }

  /** Wraps {@code data} (taken over, not copied) as an f64 array of {@code shape}. */
  public static NdArray wrap(Shape shape, double[] data) { checkLength(shape, data.length, DType.F64); return new NdArray(shape, DType.F64, data); }

  /** Wraps {@code data} (taken over, not copied) as an i32 array of {@code shape}. */
  public static NdArray wrap(Shape shape, int[] data) { checkLength(shape, data.length, DType.I32); return new NdArray(shape, DType.I32, data); }

  /** Wraps {@code bits} (taken over, not copied) as a u32 array of {@code shape}: each int's 32 bits, read unsigned. */
  public static NdArray wrapU32(Shape shape, int[] bits) { checkLength(shape, bits.length, DType.U32); return new NdArray(shape, DType.U32, bits); }

  /** Wraps {@code data} (taken over, not copied) as an i64 array of {@code shape}. */
  public static NdArray wrap(Shape shape, long[] data) { checkLength(shape, data.length, DType.I64); return new NdArray(shape, DType.I64, data); }

  /** Wraps {@code data} (taken over, not copied) as a bool array of {@code shape}. */
  public static NdArray wrap(Shape shape, boolean[] data) { checkLength(shape, data.length, DType.BOOL); return new NdArray(shape, DType.BOOL, data); }

  /** Wraps {@code bits} (taken over, not copied) as a bf16 or f16 array of {@code shape}: each short's 16 raw bits. */
  public static NdArray wrapHalf(DType dtype, Shape shape, short[] bits) {
    if (!dtype.isHalf()) throw new DTypeError("wrapHalf: a short[] store holds bf16 or f16 bits, not " + dtype + "; use wrap for other dtypes");
    checkLength(shape, bits.length, dtype);
    return new NdArray(shape, dtype, bits);
  }

  /** Wraps {@code bytes} (taken over, not copied) as an i8 or u8 array of {@code shape} (u8 reads each byte unsigned). */
  public static NdArray wrapBytes(DType dtype, Shape shape, byte[] bytes) {
    if (!dtype.isByte()) throw new DTypeError("wrapBytes: a byte[] store holds i8 or u8, not " + dtype + "; use wrap for other dtypes");
    checkLength(shape, bytes.length, dtype);
    return new NdArray(shape, dtype, bytes);
  }

  /** Wraps a store of the right Java type for {@code dtype} (taken over). Used by dtype-generic kernels. */
  public static NdArray wrapStore(DType dtype, Shape shape, Object store) {
    Objects.requireNonNull(store, "store is null");
    boolean ok = switch (dtype) {
      case F32 -> store instanceof float[];
      case F64 -> store instanceof double[];
      case I32, U32 -> store instanceof int[];
      case I64 -> store instanceof long[];
      case BOOL -> store instanceof boolean[];
      case BF16, F16 -> store instanceof short[];
      case I8, U8 -> store instanceof byte[];
    };
    if (!ok) throw new DTypeError("store of type " + store.getClass().getSimpleName() + " does not hold " + dtype);
    checkLength(shape, java.lang.reflect.Array.getLength(store), dtype);
    return new NdArray(shape, dtype, store);
  }

  /**
   * A fresh zero-filled store of {@code n} elements for {@code dtype}; {@code n} outside {@code [0, Shape.MAX_SIZE]}
   * is a {@link ShapeError} (a larger Java array cannot be allocated for any dtype's store).
   */
  public static Object newStore(DType dtype, int n) {
    if (n < 0 || n > Shape.MAX_SIZE)
      throw new ShapeError("cannot allocate a " + dtype + " store of " + n + " elements; an array holds 0 to " + Shape.MAX_SIZE
          + " elements");
    return switch (dtype) {
      case F32 -> new float[n];
      case F64 -> new double[n];
      case I32, U32 -> new int[n];
      case I64 -> new long[n];
      case BOOL -> new boolean[n];
      case BF16, F16 -> new short[n];
      case I8, U8 -> new byte[n];
    };
  }

  /** An array of {@code shape} filled with zeros (false for bool). */
  public static NdArray zeros(DType dtype, Shape shape) { return new NdArray(shape, dtype, newStore(dtype, shape.size())); }

  /** An array of {@code shape} with every element {@code value} converted to {@code dtype} (nonzero is true). */
  public static NdArray full(DType dtype, Shape shape, double value) {
    int n = shape.size();
    Object store = switch (dtype) {
      case F32 -> { float[] a = new float[n]; java.util.Arrays.fill(a, (float) value); yield a; }
      case F64 -> { double[] a = new double[n]; java.util.Arrays.fill(a, value); yield a; }
      case I32 -> { int[] a = new int[n]; java.util.Arrays.fill(a, (int) value); yield a; }
      case U32 -> { int[] a = new int[n]; java.util.Arrays.fill(a, (int) (long) value); yield a; }
      case I64 -> { long[] a = new long[n]; java.util.Arrays.fill(a, (long) value); yield a; }
      case BOOL -> { boolean[] a = new boolean[n]; java.util.Arrays.fill(a, value != 0); yield a; }
      case BF16, F16 -> { short[] a = new short[n]; java.util.Arrays.fill(a, Half.round(dtype, value)); yield a; }
      case I8, U8 -> { byte[] a = new byte[n]; java.util.Arrays.fill(a, (byte) (long) value); yield a; }
    };
    return new NdArray(shape, dtype, store);
  }

  /** A rank-0 array holding {@code value} as {@code dtype}. */
  public static NdArray scalar(DType dtype, double value) { return full(dtype, Shape.scalar(), value); }

  /** A rank-0 i64 array holding {@code value} exactly (no detour through double). */
  public static NdArray scalarLong(DType dtype, long value) {
    if (dtype == DType.I64) return wrap(Shape.scalar(), new long[] {value});
    if (dtype == DType.I32) return wrap(Shape.scalar(), new int[] {(int) value});
    if (dtype == DType.U32) return new NdArray(Shape.scalar(), DType.U32, new int[] {(int) value});
    if (dtype.isByte()) return new NdArray(Shape.scalar(), dtype, new byte[] {(byte) value});
    return scalar(dtype, value);
  }

  /** The shape. */
  public Shape shape() { return shape; }

  /** The dtype. */
  public DType dtype() { return dtype; }

  /** Number of elements. */
  public int size() { return shape.size(); }

  /** Rank. */
  public int rank() { return shape.rank(); }

  /** The internal store (a primitive array matching {@link #dtype()}); kernels read it and must not write it. */
  public Object store() { return data; }

  /** The internal f32 store; a {@link DTypeError} for other dtypes. Do not modify. */
  public float[] f32() { return (float[]) expect(DType.F32); }

  /** The internal f64 store. Do not modify. */
  public double[] f64() { return (double[]) expect(DType.F64); }

  /** The internal i32 store. Do not modify. */
  public int[] i32() { return (int[]) expect(DType.I32); }

  /** The internal u32 store (the bits of each element). Do not modify. */
  public int[] u32() { return (int[]) expect(DType.U32); }

  /** The internal i64 store. Do not modify. */
  public long[] i64() { return (long[]) expect(DType.I64); }

  /** The internal store of a bf16 or f16 array: the raw bits. Do not modify. */
  public short[] half() {
    if (!dtype.isHalf()) throw new DTypeError("expected a bf16 or f16 buffer, got " + dtype + shape);
    return (short[]) data;
  }

  /** The internal store of an i8 or u8 array (u8 as its bits). Do not modify. */
  public byte[] bytes() {
    if (!dtype.isByte()) throw new DTypeError("expected an i8 or u8 buffer, got " + dtype + shape);
    return (byte[]) data;
  }

  /** The internal bool store. Do not modify. */
  public boolean[] bool() { return (boolean[]) expect(DType.BOOL); }

  private Object expect(DType d) {
    if (dtype != d) throw new DTypeError("expected a " + d + " buffer, got " + dtype + shape);
    return data;
  }

  /** Element {@code i} (flat, row-major) as a double; bool reads as 0/1. */
  public double getDouble(int i) {
    return switch (dtype) {
      case F32 -> ((float[]) data)[i];
      case F64 -> ((double[]) data)[i];
      case I32 -> ((int[]) data)[i];
      case U32 -> Integer.toUnsignedLong(((int[]) data)[i]);
      case I64 -> ((long[]) data)[i];
      case BOOL -> ((boolean[]) data)[i] ? 1 : 0;
      case BF16, F16 -> Half.value(dtype, ((short[]) data)[i]);
      case I8 -> ((byte[]) data)[i];
      case U8 -> ((byte[]) data)[i] & 0xFF;
    };
  }

  /** Element {@code i} (flat) as a long; floats truncate toward zero, bool reads as 0/1. */
  public long getLong(int i) {
    return switch (dtype) {
      case F32 -> (long) ((float[]) data)[i];
      case F64 -> (long) ((double[]) data)[i];
      case I32 -> ((int[]) data)[i];
      case U32 -> Integer.toUnsignedLong(((int[]) data)[i]);
      case I64 -> ((long[]) data)[i];
      case BOOL -> ((boolean[]) data)[i] ? 1 : 0;
      case BF16, F16 -> (long) Half.value(dtype, ((short[]) data)[i]);
      case I8 -> ((byte[]) data)[i];
      case U8 -> ((byte[]) data)[i] & 0xFF;
    };
  }

  /** Element {@code i} (flat) as a boolean: nonzero is true. */
  public boolean getBoolean(int i) {
    return dtype == DType.BOOL ? ((boolean[]) data)[i] : getDouble(i) != 0;
  }

  /** This array with a new shape of the same size, sharing the (immutable) store. */
  public NdArray reshape(Shape newShape) {
    if (newShape.size() != shape.size())
      throw new ShapeError("reshape: cannot reshape " + dtype + shape + " (" + shape.size() + " elements) to "
          + newShape + " (" + newShape.size() + " elements)");
    return new NdArray(newShape, dtype, data);
  }

  /** This array converted to {@code to} (C-style casts; float to int truncates; nonzero is true). */
  public NdArray astype(DType to) { return to == dtype ? this : Cast.cast(this, to); }

  /** Exact equality of shape, dtype and every element (NaN equals NaN). For tests and constant folding. */
  public boolean contentEquals(NdArray o) {
    if (!shape.equals(o.shape) || dtype != o.dtype) return false;
    return switch (dtype) {
      case F32 -> java.util.Arrays.equals((float[]) data, (float[]) o.data);
      case F64 -> java.util.Arrays.equals((double[]) data, (double[]) o.data);
      case I32, U32 -> java.util.Arrays.equals((int[]) data, (int[]) o.data);
      case I64 -> java.util.Arrays.equals((long[]) data, (long[]) o.data);
      case BOOL -> java.util.Arrays.equals((boolean[]) data, (boolean[]) o.data);
      case BF16, F16 -> halfEquals((short[]) data, (short[]) o.data);
      case I8, U8 -> java.util.Arrays.equals((byte[]) data, (byte[]) o.data);
    };
  }

  /** Bitwise equality, except that any two NaNs are equal (as {@code Arrays.equals} on floats). */
  private boolean halfEquals(short[] a, short[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) continue;
      float x = Half.value(dtype, a[i]), y = Half.value(dtype, b[i]);
      if (!(Float.isNaN(x) && Float.isNaN(y))) return false;
    }
    return true;
  }

  /** NumPy-style text, e.g. {@code [[1., 2.],\n [3., 4.]]}, truncated with {@code ...} past 1000 elements. */
  @Override public String toString() { return Format.format(this); }
}
