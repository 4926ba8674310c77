package io.graft.numerics;

/**
 * Element types of Graft arrays.
 *
 * <p>Promotion follows JAX's lattice restricted to these types: {@code bool < i32 < i64 < f32 < f64}
 * along kinds, so {@code i32 + f32 -> f32}, {@code i64 + f32 -> f32} (any integer meets any float at the float),
 * {@code f32 + f64 -> f64}. The unsigned {@code u32} sits above bool and below the floats, beside the signed
 * integers: {@code u32 + bool -> u32}, {@code u32 + f32 -> f32}, and a signed integer meeting it gives the signed
 * type wide enough for both, {@code u32 + i32 -> i64}, {@code u32 + i64 -> i64} (JAX's lattice; NB: JAX has no
 * wider signed type for the latter either and also answers i64). Weak types (Java literals) are handled one layer
 * up, in {@code io.graft.trace}: a Java integer literal meeting u32 takes u32.
 *
 * <p>The 16-bit floats bf16 and f16 sit between the integers and f32 as two incomparable rows, exactly as in
 * JAX's lattice ({@code i* -> f* -> {bf, f2} -> f4}): any integer or bool meeting either takes it
 * ({@code i32 + bf16 -> bf16}, {@code i64 + f16 -> f16}), each meeting a wider float takes the wider one
 * ({@code bf16 + f32 -> f32}), and the two meeting each other give their least upper bound {@code f32}
 * ({@code bf16 + f16 -> f32}). Both are stored as their raw bits in a {@code short[]} and computed in f32
 * (see {@link Half}).
 *
 * <p>The 8-bit integers i8 and u8 sit at the bottom of their rows, as in JAX's lattice ({@code b1 -> u8 -> u32},
 * {@code b1 -> i8 -> i32 -> i64}, {@code u8 -> i16}): {@code i8 + i32 -> i32}, {@code u8 + u32 -> u32},
 * {@code u8 + i32 -> i32}, {@code i8 + u32 -> i64}, and {@code i8 + u8 -> i32} (JAX answers i16, which Graft does not
 * have; i32 is the next signed type above it). Both are stored in a {@code byte[]} (u8 as its bits); data movement
 * moves the bytes and arithmetic on them computes in i32 and wraps back to 8 bits, as XLA's integer ops do.
 * <pre>{@code DType.promote(DType.I32, DType.F32) == DType.F32}</pre>
 */
public enum DType {
  /** Boolean, stored as {@code boolean[]}. */
  BOOL("bool", Kind.BOOL, 8),
  /** 32-bit signed integer, stored as {@code int[]}. */
  I32("i32", Kind.INT, 32),
  /** 64-bit signed integer, stored as {@code long[]}. */
  I64("i64", Kind.INT, 64),
  /** IEEE 754 binary32, stored as {@code float[]}; computed in f32. */
  F32("f32", Kind.FLOAT, 32),
  /** IEEE 754 binary64, stored as {@code double[]}. */
  F64("f64", Kind.FLOAT, 64),
  /**
   * 32-bit unsigned integer, stored as the bits of an {@code int[]} (values {@code 2^31..2^32-1} read as negative
   * Java ints): addition, subtraction, multiplication and the bitwise ops are the i32 loops; comparisons, division,
   * remainder, max/min and conversions read the unsigned value. The dtype of random keys and bits.
   */
  U32("u32", Kind.UINT, 32),
  /**
   * bfloat16 (1 sign, 8 exponent, 7 fraction bits: f32's range at 8 significant bits), stored as the raw bits in a
   * {@code short[]}; computed in f32 and rounded to nearest even once per op ({@link Half}).
   */
  BF16("bf16", Kind.FLOAT, 16),
  /**
   * IEEE 754 binary16 (1 sign, 5 exponent, 10 fraction bits; largest finite 65504), stored as the raw bits in a
   * {@code short[]}; computed in f32 and rounded to nearest even once per op ({@link Half}).
   */
  F16("f16", Kind.FLOAT, 16),
  /** 8-bit signed integer ({@code -128..127}), stored as {@code byte[]}; arithmetic computes in i32 and wraps. */
  I8("i8", Kind.INT, 8),
  /**
   * 8-bit unsigned integer ({@code 0..255}), stored as the bits of a {@code byte[]} (values {@code 128..255} read as
   * negative Java bytes); arithmetic computes in i32 on the unsigned value and wraps.
   */
  U8("u8", Kind.UINT, 8);

  /** The kind of a dtype: what promotion and the kernels switch on. */
  public enum Kind {
    /** bool. */ BOOL,
    /** Signed integers: i8, i32, i64. */ INT,
    /** Unsigned integers: u8, u32. */ UINT,
    /** Floats: bf16, f16, f32, f64. */ FLOAT
  }

  private final String shortName;
  private final Kind kind;
  private final int bits;

  DType(String shortName, Kind kind, int bits) {
    this.shortName = shortName;
    this.kind = kind;
    this.bits = bits;
  }

  /** The short name used in printed graphs: {@code f32}, {@code i64}, {@code bool}. */
  public String shortName() { return shortName; }

  /** This dtype's kind. */
  public Kind kind() { return kind; }

  /** Width in bits (8 for bool, i8 and u8). */
  public int bits() { return bits; }

  /** True for the floats: bf16, f16, f32 and f64. */
  public boolean isFloating() { return kind == Kind.FLOAT; }

  /** True for the integers, signed or not: i8, u8, i32, i64, u32. */
  public boolean isInteger() { return kind == Kind.INT || kind == Kind.UINT; }

  /** True for the 16-bit floats bf16 and f16 (stored as bits in a {@code short[]}, computed in f32). */
  public boolean isHalf() { return this == BF16 || this == F16; }

  /** True for the 8-bit integers i8 and u8 (stored in a {@code byte[]}, computed in i32). */
  public boolean isByte() { return this == I8 || this == U8; }

  /** The largest finite value of a float dtype ({@code jnp.finfo(d).max}); a {@link DTypeError} for others. */
  public double maxFinite() {
    return switch (this) {
      case F32 -> Float.MAX_VALUE;
      case F64 -> Double.MAX_VALUE;
      case BF16 -> 0x1.fep127;
      case F16 -> 65504;
      case BOOL, I32, I64, U32, I8, U8 -> throw new DTypeError("maxFinite: " + this + " is not a float dtype");
    };
  }

  /** The smallest positive normal value of a float dtype ({@code jnp.finfo(d).tiny}); a {@link DTypeError} for others. */
  public double minNormal() {
    return switch (this) {
      case F32, BF16 -> Float.MIN_NORMAL;
      case F64 -> Double.MIN_NORMAL;
      case F16 -> 0x1p-14;
      case BOOL, I32, I64, U32, I8, U8 -> throw new DTypeError("minNormal: " + this + " is not a float dtype");
    };
  }

  /** Fraction bits of a float dtype (f32 23, f64 52, bf16 7, f16 10); a {@link DTypeError} for others. */
  public int fractionBits() {
    return switch (this) {
      case F32 -> 23;
      case F64 -> 52;
      case BF16 -> 7;
      case F16 -> 10;
      case BOOL, I32, I64, U32, I8, U8 -> throw new DTypeError("fractionBits: " + this + " is not a float dtype");
    };
  }

  /** True for u8 and u32. */
  public boolean isUnsigned() { return kind == Kind.UINT; }

  /** True for bool. */
  public boolean isBool() { return kind == Kind.BOOL; }

  /** Least upper bound of {@code a} and {@code b} in the promotion lattice (both strongly typed). */
  public static DType promote(DType a, DType b) {
    if (a == b) return a;
    if (a.kind == Kind.INT && b.kind == Kind.UINT) return signedAbove(b, a);
    if (a.kind == Kind.UINT && b.kind == Kind.INT) return signedAbove(a, b);
    if (a.kind != b.kind) {
      // bool < int < float: the higher kind wins, integers meeting floats take the float.
      return a.kind.ordinal() > b.kind.ordinal() ? a : b;
    }
    if (a.bits == 16 && b.bits == 16 && a.kind == Kind.FLOAT) return F32;   // bf16 + f16: neither holds the other
    return a.bits >= b.bits ? a : b;
  }

  /** The least signed type holding both unsigned {@code u} and signed {@code s}: {@code s} if wider, else the next signed width. */
  private static DType signedAbove(DType u, DType s) {
    if (s.bits > u.bits) return s;
    return u.bits < 32 ? I32 : I64;                      // u8 needs i16 (absent here): i32; u32 needs i64
  }

  /** The dtype named {@code name} ({@code "f32"}, ...), or a {@link DTypeError} listing the names. */
  public static DType fromShortName(String name) {
    for (DType d : values()) if (d.shortName.equals(name)) return d;
    throw new DTypeError("unknown dtype '" + name + "'; expected one of bool, i8, u8, i32, i64, u32, bf16, f16, f32, f64");
  }

  @Override public String toString() { return shortName; }
}
