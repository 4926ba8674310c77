package io.graft.data;

import io.graft.Array;
import io.graft.io.FileFormatError;
import io.graft.numerics.DType;
import io.graft.numerics.ShapeError;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST: two zero bytes, a type byte ({@code 0x08} u8, {@code 0x09} i8,
 * {@code 0x0B} i16, {@code 0x0C} i32, {@code 0x0D} f32, {@code 0x0E} f64), the rank, one big-endian u32 per
 * dimension, then the elements, big-endian, in C order. Files may be gzipped ({@code .gz}; recognised by their
 * first bytes, not their name).
 * <pre>{@code
 * Array x = Idx.readImages(Path.of("train-images-idx3-ubyte.gz"), true);   // f32[60000, 28, 28] in [0, 1]
 * Array y = Idx.readLabels(Path.of("train-labels-idx1-ubyte.gz"));         // i32[60000]
 * }</pre>
 */
public final class Idx {
  private Idx() {}

  /**
   * The array in {@code file}: integer types as {@code i32}, {@code f32} and {@code f64} as they are.
   *
   * @throws FileFormatError      if the file is not IDX (bad magic, unknown type, shorter than its header says)
   * @throws UncheckedIOException if it cannot be read
   */
  public static Array read(Path file) {
    Raw r = raw(file);
    int n = r.size();
    ByteBuffer b = r.data;
    return switch (r.type) {
      case 0x08 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = Byte.toUnsignedInt(b.get()); yield own(a, r.dims); }
      case 0x09 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = b.get(); yield own(a, r.dims); }
      case 0x0B -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = b.getShort(); yield own(a, r.dims); }
      case 0x0C -> { int[] a = new int[n]; b.asIntBuffer().get(a); yield own(a, r.dims); }
      case 0x0D -> { float[] a = new float[n]; b.asFloatBuffer().get(a); yield own(a, r.dims); }
      default -> { double[] a = new double[n]; b.asDoubleBuffer().get(a); yield own(a, r.dims); }
    };
  }

  /**
   * The unsigned-byte images in {@code file} as {@code f32[n, rows, cols]}: {@code pixel / 255} (in [0, 1]) when
   * {@code scale}, else the pixel values 0..255.
   *
   * @throws FileFormatError if the file is not an IDX file of unsigned bytes of rank at least 2
   */
  public static Array readImages(Path file, boolean scale) {
    Raw r = raw(file);
    if (r.type != 0x08 || r.dims.length < 2)
      throw new FileFormatError("Idx.readImages(" + file + "): expected unsigned-byte images (type 0x08, rank >= 2), got type 0x"
          + Integer.toHexString(r.type) + " of shape " + Arrays.toString(r.dims) + "; use Idx.read for other IDX files");
    float[] a = new float[r.size()];
    ByteBuffer b = r.data;
    float k = scale ? 1f / 255f : 1f;
    for (int i = 0; i < a.length; i++) a[i] = Byte.toUnsignedInt(b.get()) * k;
    return own(a, r.dims);
  }

  /**
   * The labels in {@code file} as {@code i32[n]}.
   *
   * @throws FileFormatError if the file is not a rank-1 IDX file of integers
   */
  public static Array readLabels(Path file) {
    Array a = read(file);
    if (a.ndim() != 1 || a.dtype() != DType.I32)
      throw new FileFormatError("Idx.readLabels(" + file + "): expected a rank-1 IDX file of integers, got " + a.dtype()
          + Arrays.toString(a.shape()) + "; use Idx.read for other IDX files");
    return a;
  }

  /** A parsed header and its data, positioned at the first element, big-endian. */
  private record Raw(int type, int[] dims, ByteBuffer data) {
    int size() { return Math.toIntExact(Arrays.stream(dims).asLongStream().reduce(1, Math::multiplyExact)); }
  }

  private static Raw raw(Path file) {
    Objects.requireNonNull(file, "file is null");
    io.graft.Warmup.start();   // training usually follows: warm Graft's code beside the reading
    ByteBuffer b = ByteBuffer.wrap(bytes(file)).order(ByteOrder.BIG_ENDIAN);
    if (b.remaining() < 4 || b.get(0) != 0 || b.get(1) != 0)
      throw new FileFormatError(file + ": not an IDX file (it must start with two zero bytes, a type byte and the rank)");
    int type = b.get(2), rank = Byte.toUnsignedInt(b.get(3));
    int item = switch (type) {
      case 0x08, 0x09 -> 1;
      case 0x0B -> 2;
      case 0x0C, 0x0D -> 4;
      case 0x0E -> 8;
      default -> throw new FileFormatError(file + ": IDX type byte 0x" + Integer.toHexString(type & 0xFF)
          + " is not one of 08 (u8), 09 (i8), 0B (i16), 0C (i32), 0D (f32), 0E (f64)");
    };
    if (b.remaining() < 4 + 4L * rank) throw new FileFormatError(file + ": IDX header is truncated (rank " + rank + ")");
    int[] dims = new int[rank];
    b.position(4);
    for (int i = 0; i < rank; i++) {
      long d = Integer.toUnsignedLong(b.getInt());
      if (d > Integer.MAX_VALUE) throw new FileFormatError(file + ": IDX dimension " + i + " is " + d + ", too large");
      dims[i] = (int) d;
    }
    long need;
    try {
      need = Math.multiplyExact(new Raw(type, dims, b).size(), (long) item);
    } catch (ArithmeticException e) {
      throw new FileFormatError(file + ": IDX shape " + Arrays.toString(dims) + " has more elements than an array holds", e);
    }
    if (need > b.remaining())
      throw new FileFormatError(file + ": IDX data is truncated: shape " + Arrays.toString(dims) + " needs " + need
          + " bytes after the header, the file has " + b.remaining());
    try {
      io.graft.numerics.Shape.of(dims);
    } catch (ShapeError e) {
      throw new FileFormatError(file + ": IDX shape " + Arrays.toString(dims) + " is not a valid array shape", e);
    }
    return new Raw(type, dims, b.slice().order(ByteOrder.BIG_ENDIAN));
  }

  /** An array that takes over {@code store}, a fresh Java array nothing else holds (no copy, unlike {@code Array.of}). */
  static Array own(Object store, int... dims) {
    DType dtype = switch (store) {
      case float[] f -> DType.F32;
      case double[] d -> DType.F64;
      case int[] i -> DType.I32;
      default -> throw new IllegalArgumentException("Idx.own: unsupported store " + store.getClass());
    };
    return Array.wrap(io.graft.trace.Const.of(io.graft.numerics.NdArray.wrapStore(dtype, io.graft.numerics.Shape.of(dims), store)));
  }

  /** The file's bytes, gunzipped when it starts with the gzip magic {@code 1f 8b}. */
  static byte[] bytes(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(2);
      boolean gz = head.length == 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b;
      InputStream rest = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), in);
      return gz ? new GZIPInputStream(rest, 1 << 16).readAllBytes() : rest.readAllBytes();
    } catch (ZipException | EOFException e) {
      throw new FileFormatError(file + ": corrupt or truncated gzip data: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e, e);
    }
  }
}
