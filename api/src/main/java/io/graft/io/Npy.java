package io.graft.io;

import io.graft.numerics.DType;
import io.graft.numerics.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code .npy} format (NumPy's {@code numpy.lib.format}): the magic {@code \x93NUMPY}, a version, a header
 * length, a header that is a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}
 * padded with spaces and a newline so that the data starts at a multiple of 64 bytes, then the elements.
 *
 * <p>Written: version 1.0 (2.0 only for a header over 65535 bytes), little-endian {@code <f4 <f8 <i4 <i8 <u4} (u32: a random key) and
 * {@code |b1}, C order. Read: versions 1.0, 2.0 and 3.0, either byte order, C or Fortran order, those six dtypes
 * and, widened to {@code i32}, {@code u2 i2} (the entry is then marked {@code widened}). i8 and u8 are NumPy's
 * {@code |i1} and {@code |u1} (read and written; {@code <i1} and {@code >u1} read too, byte order being moot).
 *
 * <p>16-bit floats: f16 is NumPy's {@code <f2} (read and written). bf16 has no NumPy type code; it is written as
 * {@code <V2}, two raw bytes per element holding the bfloat16 bits little-endian, which is exactly what
 * {@code np.save} writes for an {@code ml_dtypes.bfloat16} array (its dtype's kind is {@code 'V'}; ml_dtypes issue
 * 41). NumPy loads such a file as void; view it with {@code np.load(f).view(ml_dtypes.bfloat16)}. Graft reads
 * {@code <V2}, {@code |V2} and {@code bfloat16} (the descr of ml_dtypes' suggested header workaround) back as bf16.
 */
final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /**
   * A decoded array.
   *
   * @param descr   the dtype as the file spells it, e.g. {@code <f4}
   * @param dtype   the dtype it is held in
   * @param shape   the shape
   * @param store   the elements in C order, a Java array of {@code dtype}'s store type
   * @param widened true when {@code descr} is not exactly {@code dtype} (a narrower integer widened to i32)
   */
  record Decoded(String descr, DType dtype, Shape shape, Object store, boolean widened) {}

  /** The NumPy spelling of {@code dtype} as written: {@code <f4}, {@code <f8}, {@code <i4}, {@code <i8}, {@code <u4}, {@code |b1}, {@code <f2}, {@code <V2} (bf16). */
  static String descr(DType dtype) {
    return switch (dtype) {
      case F32 -> "<f4";
      case F64 -> "<f8";
      case I32 -> "<i4";
      case I64 -> "<i8";
      case U32 -> "<u4";
      case BOOL -> "|b1";
      case I8 -> "|i1";
      case U8 -> "|u1";
      case F16 -> "<f2";
      case BF16 -> "<V2";
    };
  }

  /** The header bytes (magic to the newline) of an array of {@code dtype} and {@code shape}. */
  static byte[] header(DType dtype, Shape shape) {
    int[] d = shape.dims();
    StringBuilder tuple = new StringBuilder("(");
    for (int i = 0; i < d.length; i++) tuple.append(i == 0 ? "" : ", ").append(d[i]);
    tuple.append(d.length == 1 ? ",)" : ")");
    String dict = "{'descr': '" + descr(dtype) + "', 'fortran_order': False, 'shape': " + tuple + ", }";
    boolean v1 = dict.length() + 1 + 10 <= 0xFFFF;
    int prefix = v1 ? 10 : 12;
    int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
    String padded = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
    if (v1) b.putShort((short) (total - prefix)); else b.putInt(total - prefix);
    b.put(padded.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  /** The elements of {@code store} (a Java array of {@code dtype}) as little-endian bytes. */
  static byte[] data(DType dtype, Object store) {
    int n = java.lang.reflect.Array.getLength(store);
    ByteBuffer b = ByteBuffer.allocate(n * (dtype == DType.BOOL ? 1 : dtype.bits() / 8)).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32 -> b.asFloatBuffer().put((float[]) store);
      case F64 -> b.asDoubleBuffer().put((double[]) store);
      case I32, U32 -> b.asIntBuffer().put((int[]) store);
      case I64 -> b.asLongBuffer().put((long[]) store);
      case BOOL -> { for (boolean v : (boolean[]) store) b.put((byte) (v ? 1 : 0)); }
      case BF16, F16 -> b.asShortBuffer().put((short[]) store);
      case I8, U8 -> b.put((byte[]) store);
    }
    return b.array();
  }

  /** Decodes a whole {@code .npy} file; {@code where} names it in errors. */
  static Decoded read(byte[] bytes, String where) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || !java.util.Arrays.equals(bytes, 0, 6, MAGIC, 0, 6))
      throw new FileFormatError(where + ": not a .npy file (no \\x93NUMPY magic at the start)");
    int major = bytes[6];
    if (major < 1 || major > 3) throw new FileFormatError(where + ": .npy version " + major + "." + bytes[7] + " is not one of 1.0, 2.0, 3.0");
    b.position(8);
    long len = major == 1 ? Short.toUnsignedInt(b.getShort()) : Integer.toUnsignedLong(b.getInt());
    if (len > b.remaining()) throw new FileFormatError(where + ": .npy header says " + len + " bytes but the file has " + b.remaining() + " after it");
    String header = new String(bytes, b.position(), (int) len, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    b.position(b.position() + (int) len);
    Matcher descr = DESCR.matcher(header), fortran = FORTRAN.matcher(header), shape = SHAPE.matcher(header);
    if (!header.strip().startsWith("{") || !descr.find() || !fortran.find() || !shape.find())
      throw new FileFormatError(where + ": .npy header is not a dict with 'descr', 'fortran_order' and 'shape': " + header.strip());
    Shape s = parseShape(shape.group(1), where);
    boolean fortranOrder = fortran.group(1).equals("True");
    Decoded d = decode(descr.group(1), fortranOrder ? reversed(s) : s, b.slice().order(ByteOrder.LITTLE_ENDIAN), where);
    return fortranOrder ? transposed(d, s) : d;
  }

  private static Shape parseShape(String tuple, String where) {
    String[] parts = tuple.split(",");
    java.util.List<Integer> dims = new java.util.ArrayList<>(); // parse-local
    for (String p : parts) {
      if (p.isBlank()) continue;
      try {
        dims.add(Integer.parseInt(p.strip().replace("L", "")));
      } catch (NumberFormatException e) {
        throw new FileFormatError(where + ": .npy shape (" + tuple + ") is not a tuple of integers", e);
      }
    }
    int[] d = dims.stream().mapToInt(Integer::intValue).toArray();
    long size = 1;
    for (int x : d) {
      if (x < 0) throw new FileFormatError(where + ": .npy shape (" + tuple + ") has a negative dimension");
      size *= x;
      if (size > Shape.MAX_SIZE) throw new FileFormatError(where + ": .npy shape (" + tuple + ") has more elements than a Graft array holds (" + Shape.MAX_SIZE + ")");
    }
    return Shape.of(d);
  }

  private static Decoded decode(String descr, Shape shape, ByteBuffer b, String where) {
    if (descr.equals("bfloat16")) descr = "<V2";
    if (descr.length() < 3) throw new FileFormatError(where + ": .npy dtype '" + descr + "' is not understood");
    char order = descr.charAt(0);
    String code = descr.substring(1);
    b.order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    int n = shape.size();
    int item = switch (code) {
      case "f8", "i8" -> 8;
      case "f4", "i4", "u4" -> 4;
      case "i2", "u2", "f2", "V2" -> 2;
      case "b1", "i1", "u1" -> 1;
      default -> throw new FileFormatError(where + ": .npy dtype '" + descr + "' is not supported; Graft reads f4, f8, i4, i8, u4, b1,"
          + " f2 (f16), V2 (bf16 bits, as ml_dtypes writes them) i1 (i8), u1 (u8) and u2, i2 (widened to i32)");
    };
    if ((long) n * item > b.remaining())
      throw new FileFormatError(where + ": .npy data is truncated: shape " + shape + " of " + descr + " needs " + (long) n * item
          + " bytes, the file has " + b.remaining());
    Object store = switch (code) {
      case "f4" -> { float[] a = new float[n]; b.asFloatBuffer().get(a); yield a; }
      case "f8" -> { double[] a = new double[n]; b.asDoubleBuffer().get(a); yield a; }
      case "i4", "u4" -> { int[] a = new int[n]; b.asIntBuffer().get(a); yield a; }
      case "i8" -> { long[] a = new long[n]; b.asLongBuffer().get(a); yield a; }
      case "b1" -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = b.get() != 0; yield a; }
      case "f2", "V2" -> { short[] a = new short[n]; b.asShortBuffer().get(a); yield a; }
      case "i1", "u1" -> { byte[] a = new byte[n]; b.get(a); yield a; }
      default -> widen(code, n, b);
    };
    DType dtype = switch (code) {
      case "f4" -> DType.F32;
      case "f8" -> DType.F64;
      case "i8" -> DType.I64;
      case "u4" -> DType.U32;
      case "b1" -> DType.BOOL;
      case "f2" -> DType.F16;
      case "V2" -> DType.BF16;
      case "i1" -> DType.I8;
      case "u1" -> DType.U8;
      default -> DType.I32;
    };
    return new Decoded(descr, dtype, shape, store, !code.equals(descr(dtype).substring(1)));
  }

  private static int[] widen(String code, int n, ByteBuffer b) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++)
      a[i] = switch (code) {
        case "u2" -> Short.toUnsignedInt(b.getShort());
        default -> b.getShort();
      };
    return a;
  }

  private static Shape reversed(Shape s) {
    int[] d = s.dims(), r = new int[d.length];
    for (int i = 0; i < d.length; i++) r[i] = d[d.length - 1 - i];
    return Shape.of(r);
  }

  /** A Fortran-order array read as its reversed-shape C-order transpose, put back into C order of {@code shape}. */
  private static Decoded transposed(Decoded f, Shape shape) {
    int[] d = shape.dims();
    int n = shape.size(), rank = d.length;
    Object out = java.lang.reflect.Array.newInstance(f.store().getClass().getComponentType(), n);
    int[] idx = new int[rank];
    for (int c = 0; c < n; c++) { // c walks C order of shape; the Fortran offset is sum idx[k] * prod(d[0..k))
      int off = 0;
      for (int k = rank - 1; k >= 0; k--) off = off * d[k] + idx[k];
      System.arraycopy(f.store(), off, out, c, 1);
      for (int k = rank - 1; k >= 0 && ++idx[k] == d[k]; k--) idx[k] = 0;
    }
    return new Decoded(f.descr(), f.dtype(), shape, out, f.widened());
  }
}
