package io.graft.trace.prim;

import io.graft.numerics.DType;
import io.graft.numerics.NdArray;
import io.graft.numerics.Shape;
import io.graft.numerics.kernels.Domain;
import java.util.ArrayList;
import java.util.List;

/**
 * Specs for the elementwise family: every op-table row with an operand of a dtype it accepts, and every record; plus
 * variants for the rule checks: operands where a function's interesting branches are (negative values, both orders
 * of max/min, {@code acosh} above 1), rank-0 operands on either side, full-shape clamp bounds, more exponents.
 */
final class ElementwiseSpecs {
  private ElementwiseSpecs() {}

  /** A sample operand of shape [3] in {@code domain} (values inside every function's real domain). */
  static NdArray sample(Domain domain) {
    return switch (domain) {
      case FLOAT, NUMERIC, ANY -> NdArray.wrap(Shape.of(3), new float[] {0.5f, 0.25f, 0.75f});
      case INTEGRAL_OR_BOOL -> NdArray.wrap(Shape.of(3), new boolean[] {true, false, true});
      case INTEGER -> NdArray.wrap(Shape.of(3), new int[] {5, -3, 31});     // -3 is a shift count out of range
    };
  }

  static List<Spec> specs() {
    List<Spec> s = new ArrayList<>();
    for (UnaryOp op : UnaryOp.values()) s.add(Spec.of(new Unary(op), sample(op.domain())));
    for (BinaryOp op : BinaryOp.values()) {
      NdArray x = sample(op.domain());
      s.add(Spec.of(new Binary(op), x, x));
      s.add(Spec.of(new Binary(op), NdArray.full(x.dtype(), Shape.scalar(), 1), x));   // rank-0 broadcasts
    }
    NdArray f = NdArray.wrap(Shape.of(2, 2), new double[] {1, -2, 3, -4});
    for (CompareOp op : CompareOp.values()) s.add(Spec.of(new Compare(op), f, NdArray.scalar(DType.F64, 0)));
    s.add(Spec.of(new IntegerPow(3), NdArray.wrap(Shape.of(2), new int[] {2, -3})));
    s.add(Spec.of(new IntegerPow(-2), f));
    NdArray cond = NdArray.wrap(Shape.of(2, 2), new boolean[] {true, false, false, true});
    s.add(Spec.of(new SelectN(), cond, NdArray.scalar(DType.F64, 0), f));
    NdArray which = NdArray.wrap(Shape.of(2, 2), new int[] {0, 1, 2, 1});
    s.add(Spec.of(new SelectN(), which, f, NdArray.scalar(DType.F64, 7), f));
    s.add(Spec.of(new Clamp(), NdArray.scalar(DType.F64, -1), f, NdArray.scalar(DType.F64, 2)));
    s.add(Spec.of(new StopGradient(), f));
    s.add(Spec.of(new DebugPrint("spec"), f));
    s.add(Spec.of(new ConvertElementType(DType.BOOL, false), f));
    s.add(Spec.of(new BitcastConvertType(DType.U32), NdArray.wrap(Shape.of(3), new float[] {1f, -0f, 0.5f})));
    s.addAll(variants(f));
    s.addAll(unsigned());
    return s;
  }

  /** u32 operands (values above 2^31 included) through the ops whose kernels read them unsigned, shifts, conversions. */
  private static List<Spec> unsigned() {
    List<Spec> s = new ArrayList<>();
    NdArray u = NdArray.wrapU32(Shape.of(4), new int[] {7, -1, 0x8000_0000, 3});
    NdArray v = NdArray.wrapU32(Shape.of(4), new int[] {2, 5, 1, 0});
    for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.REM, BinaryOp.MAX, BinaryOp.MIN,
        BinaryOp.XOR, BinaryOp.SHIFT_LEFT, BinaryOp.SHIFT_RIGHT_LOGICAL, BinaryOp.SHIFT_RIGHT_ARITHMETIC})
      s.add(Spec.of(new Binary(op), u, v));
    for (CompareOp op : CompareOp.values()) s.add(Spec.of(new Compare(op), u, v));
    s.add(Spec.of(new ConvertElementType(DType.F32, false), u));
    s.add(Spec.of(new ConvertElementType(DType.U32, false), NdArray.wrap(Shape.of(3), new float[] {-1.5f, 3e9f, Float.NaN})));
    s.add(Spec.of(new BitcastConvertType(DType.F32), u));
    s.add(Spec.of(new BitcastConvertType(DType.I64), NdArray.wrap(Shape.of(2), new double[] {1, -2.5})));
    return s;
  }

  /** Specs that reach the branches of the JVP, transpose and batching rules that the one-per-row specs miss. */
  private static List<Spec> variants(NdArray f) {
    List<Spec> s = new ArrayList<>();
    NdArray a = NdArray.wrap(Shape.of(4), new double[] {5.3, -2.7, 0.4, -1.9});
    NdArray b = NdArray.wrap(Shape.of(4), new double[] {2.1, 1.5, -3.2, -0.6});
    NdArray two = NdArray.scalar(DType.F64, 2);
    for (UnaryOp op : new UnaryOp[] {UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN, UnaryOp.SQUARE, UnaryOp.EXP, UnaryOp.SIN,
        UnaryOp.TANH, UnaryOp.LOGISTIC, UnaryOp.ATAN, UnaryOp.ASINH, UnaryOp.CBRT, UnaryOp.ERF, UnaryOp.FLOOR})
      s.add(Spec.of(new Unary(op), a));
    s.add(Spec.of(new Unary(UnaryOp.ACOSH), NdArray.wrap(Shape.of(3), new double[] {1.5, 2, 4})));
    s.add(Spec.of(new Unary(UnaryOp.EXP), two));
    for (BinaryOp op : new BinaryOp[] {BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.REM,
        BinaryOp.MAX, BinaryOp.MIN, BinaryOp.ATAN2}) {
      s.add(Spec.of(new Binary(op), a, b));
      s.add(Spec.of(new Binary(op), a, two));                                          // rank-0 on the right
      s.add(Spec.of(new Binary(op), two, NdArray.scalar(DType.F64, -0.7)));            // both rank-0
    }
    NdArray pos = NdArray.wrap(Shape.of(4), new double[] {0.3, 1.7, 2.5, 0.9});
    s.add(Spec.of(new Binary(BinaryOp.POW), pos, b));
    s.add(Spec.of(new Binary(BinaryOp.POW), pos, two));
    s.add(Spec.of(new Binary(BinaryOp.POW), two, b));
    for (int y : new int[] {0, 1, 2, 3, -1}) s.add(Spec.of(new IntegerPow(y), a));
    NdArray lo = NdArray.wrap(Shape.of(4), new double[] {1.1, -3, -3.2, -1.5}), hi = NdArray.wrap(Shape.of(4), new double[] {4, 3, 1, 2});
    s.add(Spec.of(new Clamp(), lo, a, hi));            // full-shape bounds; a hits hi, the middle twice, lo
    s.add(Spec.of(new Clamp(), lo, a, two));
    s.add(Spec.of(new SelectN(), NdArray.scalar(DType.BOOL, 1), a, b));                // rank-0 which
    s.add(Spec.of(new SelectN(), NdArray.wrap(Shape.of(4), new boolean[] {true, false, true, false}), two, a));
    s.add(Spec.of(new SelectN(), NdArray.wrap(Shape.of(4), new boolean[] {true, false, true, false}), a, two));
    s.add(Spec.of(new SelectN(), NdArray.wrap(Shape.of(4), new int[] {0, 1, 2, 5}), a, two, b));
    s.add(Spec.of(new ConvertElementType(DType.F64, false), a));
    s.add(Spec.of(new ConvertElementType(DType.I32, false), a));
    s.add(Spec.of(new Compare(CompareOp.LT), a, b));
    return s;
  }
}
