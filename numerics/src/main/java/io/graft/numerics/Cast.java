package io.graft.numerics;

/**
 * Element type conversion {@code y = (to) x}, the kernel behind {@code convert_element_type}.
 *
 * <p>C-style semantics as in XLA: float to int truncates toward zero (NaN becomes 0, out of range saturates as
 * Java's casts do), anything to bool is {@code x != 0}, bool to a number is 0/1. One loop per (from, to) pair.
 *
 * <p>u32 reads its unsigned value: to a float it is the nearest float of {@code 0..2^32-1}, to i64 it zero-extends,
 * to i32 it keeps the bits (wraps, as XLA). Into u32: i32 keeps the bits, i64 keeps the low 32 bits, floats
 * truncate toward zero and saturate to {@code [0, 2^32-1]} with NaN giving 0 (XLA's saturating float-to-int).
 *
 * <p>bf16 and f16 widen exactly to f32 and convert on from there; into them every value rounds once to nearest even
 * ({@link Half}). NB: an i64 beyond 2^53 reaches the 16-bit rounding through a double, so it is rounded twice (XLA
 * converts through f32 and rounds twice for all i64s).
 *
 * <p>i8 and u8 widen exactly to i32 (u8 zero-extends) and convert on from there. Into them, integers and bool keep
 * the low 8 bits (wrap, as NumPy's {@code astype} and XLA's convert: {@code 300 -> i8 44}, {@code -1 -> u8 255}),
 * and floats truncate toward zero and saturate to the type's range with NaN giving 0 ({@code 300.7 -> i8 127},
 * {@code -3.5 -> u8 0}): XLA's saturating float-to-int, where NumPy leaves out-of-range float casts undefined. Use
 * {@code io.graft.quant} for rounding quantization (round half to even, then saturate).
 */
public final class Cast {
  private Cast() {}

  /** {@code x} converted to {@code to}; returns {@code x} itself when the dtype already matches. */
  public static NdArray cast(NdArray x, DType to) {
    if (x.dtype() == to) return x;
    if (x.dtype().isHalf()) return cast(Half.widen(x), to);         // exact, then one conversion
    if (to.isHalf()) return toHalf(x, to);
    if (x.dtype().isByte()) return cast(widenByte(x), to);         // exact, then one conversion
    if (to.isByte()) return toByte(x, to);
    if (x.dtype() == DType.U32) return fromU32(x.u32(), x.shape(), to);
    if (to == DType.U32) return toU32(x);
    int n = x.size();
    Object out = NdArray.newStore(to, n);
    switch (x.dtype()) {
      case F32 -> { float[] a = x.f32(); switch (to) {
        case F64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case I32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = (int) a[i]; }
        case I64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = (long) a[i]; }
        case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = a[i] != 0; }
        case F32, U32, BF16, F16, I8, U8 -> throw new AssertionError("same dtype, u32 or 16-bit, handled above");
      } }
      case F64 -> { double[] a = x.f64(); switch (to) {
        case F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = (float) a[i]; }
        case I32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = (int) a[i]; }
        case I64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = (long) a[i]; }
        case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = a[i] != 0; }
        case F64, U32, BF16, F16, I8, U8 -> throw new AssertionError("same dtype, u32 or 16-bit, handled above");
      } }
      case I32 -> { int[] a = x.i32(); switch (to) {
        case F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case F64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case I64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = a[i] != 0; }
        case I32, U32, BF16, F16, I8, U8 -> throw new AssertionError("same dtype, u32 or 16-bit, handled above");
      } }
      case I64 -> { long[] a = x.i64(); switch (to) {
        case F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case F64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = a[i]; }
        case I32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = (int) a[i]; }
        case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = a[i] != 0; }
        case I64, U32, BF16, F16, I8, U8 -> throw new AssertionError("same dtype, u32 or 16-bit, handled above");
      } }
      case U32, BF16, F16, I8, U8 -> throw new AssertionError("u32 and 16-bit handled above");
      case BOOL -> { boolean[] a = x.bool(); switch (to) {
        case F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = a[i] ? 1 : 0; }
        case F64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = a[i] ? 1 : 0; }
        case I32 -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = a[i] ? 1 : 0; }
        case I64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = a[i] ? 1 : 0; }
        case BOOL, U32, BF16, F16, I8, U8 -> throw new AssertionError("same dtype, u32 or 16-bit, handled above");
      } }
    }
    return NdArray.wrapStore(to, x.shape(), out);
  }

  /** {@code bits} read as unsigned values, converted to {@code to} (not u32). */
  private static NdArray fromU32(int[] bits, Shape shape, DType to) {
    int n = bits.length;
    Object out = NdArray.newStore(to, n);
    switch (to) {
      case F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = Integer.toUnsignedLong(bits[i]); }
      case F64 -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = Integer.toUnsignedLong(bits[i]); }
      case I32 -> System.arraycopy(bits, 0, out, 0, n);
      case I64 -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = Integer.toUnsignedLong(bits[i]); }
      case BOOL -> { boolean[] o = (boolean[]) out; for (int i = 0; i < n; i++) o[i] = bits[i] != 0; }
      case U32, BF16, F16, I8, U8 -> throw new AssertionError("same dtype and 16-bit handled above");
    }
    return NdArray.wrapStore(to, shape, out);
  }

  /** {@code x} (not u32) converted to u32 (see the class doc). */
  private static NdArray toU32(NdArray x) {
    int n = x.size();
    int[] o = new int[n];
    switch (x.dtype()) {
      case F32 -> { float[] a = x.f32(); for (int i = 0; i < n; i++) o[i] = saturateU32(a[i]); }
      case F64 -> { double[] a = x.f64(); for (int i = 0; i < n; i++) o[i] = saturateU32(a[i]); }
      case I32 -> System.arraycopy(x.i32(), 0, o, 0, n);
      case I64 -> { long[] a = x.i64(); for (int i = 0; i < n; i++) o[i] = (int) a[i]; }
      case BOOL -> { boolean[] a = x.bool(); for (int i = 0; i < n; i++) o[i] = a[i] ? 1 : 0; }
      case U32, BF16, F16, I8, U8 -> throw new AssertionError("same dtype and 16-bit handled above");
    }
    return NdArray.wrapU32(x.shape(), o);
  }

  /** {@code x} (not 16-bit) rounded once to nearest even into {@code to} (bf16 or f16). */
  private static NdArray toHalf(NdArray x, DType to) {
    if (x.dtype() == DType.F32) return Half.narrow(x, to);
    short[] o = new short[x.size()];
    for (int i = 0; i < o.length; i++) o[i] = Half.round(to, x.getDouble(i));
    return NdArray.wrapHalf(to, x.shape(), o);
  }

  /** {@code x} (i8 or u8) widened exactly to i32 (u8 zero-extends). */
  public static NdArray widenByte(NdArray x) {
    byte[] a = x.bytes();
    int[] o = new int[a.length];
    if (x.dtype() == DType.U8) for (int i = 0; i < a.length; i++) o[i] = a[i] & 0xFF;
    else for (int i = 0; i < a.length; i++) o[i] = a[i];
    return NdArray.wrap(x.shape(), o);
  }

  /** {@code x} (not 8-bit) converted to i8 or u8: integers keep the low 8 bits, floats truncate and saturate. */
  private static NdArray toByte(NdArray x, DType to) {
    int n = x.size();
    byte[] o = new byte[n];
    int lo = to == DType.I8 ? -128 : 0, hi = to == DType.I8 ? 127 : 255;
    switch (x.dtype()) {
      case I32, U32 -> { int[] a = (int[]) x.store(); for (int i = 0; i < n; i++) o[i] = (byte) a[i]; }
      case I64 -> { long[] a = x.i64(); for (int i = 0; i < n; i++) o[i] = (byte) a[i]; }
      case BOOL -> { boolean[] a = x.bool(); for (int i = 0; i < n; i++) o[i] = (byte) (a[i] ? 1 : 0); }
      case F32 -> { float[] a = x.f32(); for (int i = 0; i < n; i++) o[i] = saturateByte(a[i], lo, hi); }
      case F64 -> { double[] a = x.f64(); for (int i = 0; i < n; i++) o[i] = saturateByte(a[i], lo, hi); }
      case BF16, F16 -> { for (int i = 0; i < n; i++) o[i] = saturateByte(x.getDouble(i), lo, hi); }
      case I8, U8 -> throw new AssertionError("8-bit sources handled above");
    }
    return NdArray.wrapBytes(to, x.shape(), o);
  }

  /** {@code v} truncated toward zero and clamped to {@code [lo, hi]}, as a byte; NaN gives 0. */
  private static byte saturateByte(double v, int lo, int hi) {
    if (Double.isNaN(v)) return 0;
    return (byte) (int) Math.max(lo, Math.min(hi, (long) v));
  }

  /** The u32 bits of {@code v} truncated toward zero and clamped to {@code [0, 2^32-1]}; NaN gives 0. */
  private static int saturateU32(double v) {
    if (!(v > 0)) return 0;                                    // NaN, negatives and zeros
    return v >= 4294967295.0 ? -1 : (int) (long) v;
  }

  /**
   * {@code x}'s bits read as {@code to} ({@code lax.bitcast_convert_type}): f32, i32 and u32 among themselves, f64
   * and i64; a {@link DTypeError} for bool or a width change. Returns {@code x} itself when the dtype matches.
   */
  public static NdArray bitcast(NdArray x, DType to) {
    DType from = x.dtype();
    if (from == to) return x;
    if (from.isBool() || to.isBool() || from.bits() != to.bits())
      throw new DTypeError("bitcast_convert_type: cannot reinterpret " + from + x.shape() + " as " + to
          + "; both must be numeric dtypes of one width (f32/i32/u32, f64/i64, bf16/f16 or i8/u8)");
    int n = x.size();
    Object out = NdArray.newStore(to, n);
    switch (x.store()) {
      case float[] a -> { int[] o = (int[]) out; for (int i = 0; i < n; i++) o[i] = Float.floatToRawIntBits(a[i]); }
      case int[] a when to == DType.F32 -> { float[] o = (float[]) out; for (int i = 0; i < n; i++) o[i] = Float.intBitsToFloat(a[i]); }
      case int[] a -> System.arraycopy(a, 0, out, 0, n);                  // i32 <-> u32: the same bits
      case short[] a -> System.arraycopy(a, 0, out, 0, n);                // bf16 <-> f16: the same bits
      case byte[] a -> System.arraycopy(a, 0, out, 0, n);                 // i8 <-> u8: the same bits
      case double[] a -> { long[] o = (long[]) out; for (int i = 0; i < n; i++) o[i] = Double.doubleToRawLongBits(a[i]); }
      case long[] a -> { double[] o = (double[]) out; for (int i = 0; i < n; i++) o[i] = Double.longBitsToDouble(a[i]); }
      default -> throw new AssertionError("unexpected store " + x.store().getClass());
    }
    return NdArray.wrapStore(to, x.shape(), out);
  }
}
