package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.Cast;
import io.graft.numerics.Half;
import io.graft.numerics.NdArray;
import io.graft.trace.ShapedType;
import io.vavr.collection.Vector;

/**
 * Eager evaluation of a primitive whose operands include bf16 or f16 values: {@code y = round16(p(widen32(x)))}.
 *
 * <p>The kernels in {@code io.graft.numerics} compute in f32 and f64 only (JDK 25 has no 16-bit float lanes). A
 * primitive that computes (elementwise math, dot_general, convolution, reductions, windows, scans, sorts, scatter-add)
 * therefore runs on its 16-bit operands widened exactly to f32, and each 16-bit result is rounded to nearest even
 * once, at the end: elementwise ops round once per op, matmul, convolution and reductions accumulate in f32 and round
 * the finished sum (XLA's CPU behaviour for bf16). Primitives that only move values ({@link #movesBits}) run their
 * kernels on the raw {@code short} bits, with no conversion at all. Operands that are not 16-bit are passed as they
 * are, and nothing changes for programs without 16-bit values (one dtype test per operand).
 *
 * <p>The 8-bit integers i8 and u8 take the same path: computing primitives run on them widened exactly to i32 (u8
 * zero-extends), and an 8-bit result keeps the low 8 bits of the i32 one ({@code y = wrap8(p(widen32(x)))}), which
 * is two's-complement 8-bit arithmetic for add, sub, mul, neg and the bitwise ops, and exact for comparisons,
 * division, remainder, max/min and reductions of values that fit. NB: logical right shifts see the sign-extended
 * i32, so {@code shift_right_logical} on a negative i8 gives the arithmetic shift's bits.
 */
public final class HalfPrecision {
  private HalfPrecision() {}

  /** {@code p.impl(in)}, widening 16-bit operands and rounding 16-bit results where {@code p} computes. */
  public static Vector<NdArray> impl(Primitive p, Vector<NdArray> in) {
    if (!(p instanceof Primitive.Single s) || !anyHalf(in)) return p.impl(in);
    return Vector.of(eval(s, in));
  }

  /** {@code p.eval(in)}, widening 16-bit operands and rounding a 16-bit result where {@code p} computes. */
  public static NdArray eval(Primitive.Single p, Vector<NdArray> in) {
    if (!anyHalf(in) || movesBits(p)) return p.eval(in);
    ShapedType out = p.type(in.map(a -> new ShapedType(a.shape(), a.dtype(), false)));
    NdArray y = p.eval(in.map(a -> a.dtype().isHalf() ? Half.widen(a) : a.dtype().isByte() ? Cast.widenByte(a) : a));
    if (out.dtype().isByte() && y.dtype() == DType.I32) return Cast.cast(y, out.dtype());   // keeps the low 8 bits
    return out.dtype().isHalf() && y.dtype() == DType.F32 ? Half.narrow(y, out.dtype()) : y;
  }

  /**
   * True for the primitives whose kernels copy elements without arithmetic (the shape and layout ops, gather,
   * select_n) or convert them themselves (convert_element_type, bitcast): these see the 16-bit bits directly.
   */
  static boolean movesBits(Primitive.Single p) {
    return p instanceof Structural || p instanceof Gather || p instanceof SelectN || p instanceof ConvertElementType
        || p instanceof BitcastConvertType || p instanceof StopGradient || p instanceof DebugPrint;
  }

  private static boolean anyHalf(Vector<NdArray> in) {
    for (int i = 0; i < in.size(); i++) {                  // indexed: no iterator per op
      DType d = in.get(i).dtype();
      if (d.isHalf() || d.isByte()) return true;
    }
    return false;
  }
}
